"""`grader check` through click's CliRunner: formats, languages, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from grader import __version__
from grader.cli import main

from .conftest import SAMPLES, MakeSubmission

STRONG = str(SAMPLES / "strong-ru")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    assert invoke("--version")[1].strip() == f"grader, version {__version__}"
    code, out, _ = invoke("check", "--help")
    assert code == 0
    assert "Exit codes" in out and "Examples" in out


def test_json_report_has_the_contract_keys() -> None:
    code, out, _ = invoke("check", STRONG, "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert {"schema_version", "rubric", "submission", "score", "max_score", "percent", "passed"} <= set(
        report
    )
    assert {"id", "version", "sha256"} <= set(report["rubric"])
    assert {"path", "repo", "commit", "status", "located"} <= set(report["submission"])
    for criterion in report["criteria"]:
        assert {"id", "title", "points", "max_points", "status", "evidence", "feedback"} <= set(criterion)
        for evidence in criterion["evidence"]:
            assert set(evidence) == {"file", "line", "text"}
    assert out == json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_text_report_in_both_languages() -> None:
    code, ru, _ = invoke("check", str(SAMPLES / "partial-ru"))
    assert code == 1
    assert "Итог" in ru and "не зачтено" in ru
    _, en, _ = invoke("check", str(SAMPLES / "partial-ru"), "--lang", "en")
    assert "Score" in en and "not passed" in en


def test_markdown_report_quotes_evidence_with_file_and_line(tmp_path: Path) -> None:
    target = tmp_path / "out" / "feedback.md"
    code, out, _ = invoke("check", STRONG, "-f", "markdown", "-o", str(target))
    assert (code, out) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Результат проверки:")
    assert "`README.md:13`" in text


def test_no_markdown_is_graded_zero_with_a_warning() -> None:
    code, out, _ = invoke("check", str(SAMPLES / "no-markdown"), "-f", "json")
    assert code == 1
    report = json.loads(out)
    assert report["score"] == 0
    assert [w["code"] for w in report["warnings"]] == ["no_markdown"]


def test_undecodable_file_is_a_warning_not_an_error(make_submission: MakeSubmission) -> None:
    folder = make_submission({"README.md": "# Цели\n\nСнизить ущерб\n".encode("cp1251")})
    code, out, _ = invoke("check", str(folder), "-f", "json", "--lang", "en")
    assert code == 1
    warning = json.loads(out)["warnings"][0]
    assert (warning["code"], warning["file"]) == ("decoded_cp1251", "README.md")
    assert "cp1251" in warning["message"]


def test_missing_path_file_path_and_bad_rubric_are_one_line_exit_2(tmp_path: Path) -> None:
    code, out, err = invoke("check", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err.strip() == f"error: {tmp_path / 'nope'}: no such folder (give the path of a submission folder)"
    file_path = tmp_path / "file.md"
    file_path.write_text("x")
    code, _, err = invoke("check", str(file_path))
    assert code == 2 and "is a file, not a folder" in err and len(err.strip().splitlines()) == 1

    rubric = tmp_path / "bad.yaml"
    rubric.write_text("id: x\n  bad: [\n", encoding="utf-8")
    code, _, err = invoke("check", STRONG, "--rubric", str(rubric))
    assert code == 2
    assert err.startswith(f"error: {rubric}:2:") and "not valid YAML" in err
    assert "Traceback" not in err


def test_unknown_check_type_and_wrong_parameter_name_the_place(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "id: r\ntitle: R\nversion: '1'\npass_threshold: 50\ncriteria:\n"
        "  - {id: a, title: A, points: 1, check: sectoin, params: {}}\n"
        "  - {id: b, title: B, points: 1, check: section, params: {synonyms: [x], min_words: many}}\n",
        encoding="utf-8",
    )
    code, _, err = invoke("check", STRONG, "--rubric", str(rubric))
    assert code == 2
    assert err.splitlines() == [
        f"error: {rubric}:6:41: criteria[0].check: unknown check type 'sectoin' "
        "(did you mean 'section'? `grader checks` lists them)",
        f"error: {rubric}:7:85: criteria[1].params.min_words: "
        "Input should be a valid integer, unable to parse string as an integer",
    ]


def test_required_criterion_fails_the_submission_whatever_the_total(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "id: r\ntitle: R\nversion: '1'\npass_threshold: 10\ncriteria:\n"
        "  - {id: readme, title: R, points: 9, check: file-exists, params: {patterns: [README.md]}}\n"
        "  - {id: canvas, title: C, points: 1, required: true, check: section, params: {synonyms: [zzz]}}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("check", STRONG, "--rubric", str(rubric), "-f", "json")
    report = json.loads(out)
    assert (code, report["percent"], report["passed"]) == (1, 90.0, False)


def test_a_crashing_check_is_an_error_on_its_criterion_only(make_submission: MakeSubmission) -> None:
    from grader.checks import get_check
    from grader.document.snapshot import Snapshot
    from grader.document.submission import build_submission
    from grader.engine.pipeline import grade
    from grader.rubric.load import load_rubric

    loaded = load_rubric("otus-mlops-hw1")
    submission = build_submission(Snapshot(label="x", files=["README.md"], markdown={"README.md": b"# x"}))
    section = get_check("section")
    assert section is not None
    broken = [c for c in loaded.criteria]
    # a params object of the wrong type makes the check raise inside its own code
    broken[0] = type(broken[0])(broken[0].criterion, section, object())  # type: ignore[arg-type]
    result = grade(submission, type(loaded)(loaded.rubric, broken, loaded.source, loaded.sha256), "en")
    assert result.criteria[0].status == "error"
    assert "review this criterion by hand" in result.criteria[0].feedback
    assert all(c.status != "error" for c in result.criteria[1:])


def test_metric_names_in_feedback_follow_the_language() -> None:
    _, ru, _ = invoke("check", str(SAMPLES / "partial-ru"), "-f", "json")
    _, en, _ = invoke("check", str(SAMPLES / "partial-ru"), "-f", "json", "--lang", "en")
    business_ru = json.loads(ru)["criteria"][0]["feedback"]
    business_en = json.loads(en)["criteria"][0]["feedback"]
    assert "ущерб" in business_ru and "losses" not in business_ru
    assert "losses" in business_en
