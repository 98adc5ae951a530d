"""`grader check --format github` under a simulated Actions run: annotations, summary, outputs."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

from .conftest import (
    ActionsRun,
    actions_env,
    build_workspace,
    installed_grader,
    runner_commands,
    unescape_property,
)

SHA = "0123456789abcdef0123456789abcdef01234567"


def run_cli(run: ActionsRun, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=run.env, catch_exceptions=False)
    return result.exit_code, result.stdout


def run_script(run: ActionsRun, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed_grader()), *args],
        capture_output=True,
        text=True,
        env=run.env,
        cwd=run.workspace,
        timeout=120,
    )


@pytest.fixture
def partial(tmp_path: Path) -> ActionsRun:
    """A partial answer in a `hw1/` subfolder of the student's repository."""
    return actions_env(tmp_path, build_workspace(tmp_path, "partial-ru", sub="hw1"))


def test_partial_answer_annotations_point_at_lines(partial: ActionsRun) -> None:
    report = partial.temp / "report.json"
    code, stdout = run_cli(
        partial, "check", str(partial.workspace / "hw1"), "--format", "github", "--json-report", str(report)
    )
    assert code == 1
    annotations = [c for c in runner_commands(stdout) if c.name in ("error", "warning", "notice")]
    assert annotations, stdout
    files = {unescape_property(a.props["file"]) for a in annotations}
    assert files == {"hw1/README.md"}  # relative to the repository root, not the graded folder
    lined = [a for a in annotations if "line" in a.props]
    assert lined and all(int(a.props["line"]) >= 1 for a in lined)
    readme = (partial.workspace / "hw1" / "README.md").read_text(encoding="utf-8").splitlines()
    data = json.loads(report.read_text(encoding="utf-8"))
    located = {(f["file"], f["line"]) for c in data["criteria"] for f in c["findings"] if f["line"]}
    assert {("README.md", int(a.props["line"])) for a in lined} <= located
    assert all(int(a.props["line"]) <= len(readme) for a in lined)
    # ranked: every error (a failed criterion) comes before any lower-stake warning of a partial one
    levels = [a.name for a in annotations]
    assert levels.index("error") < levels.index("warning")


def test_partial_answer_summary_and_outputs(partial: ActionsRun) -> None:
    report = partial.temp / "report.json"
    code, _ = run_cli(
        partial,
        "check",
        str(partial.workspace / "hw1"),
        "-f",
        "github",
        "--json-report",
        str(report),
        "-l",
        "en",
    )
    assert code == 1
    summary = partial.summary.read_text(encoding="utf-8")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (
        f"**Score: {data['score']:g} / {data['max_score']:g} ({data['percent']:g}%) — not passed" in summary
    )
    assert "| Criterion | Points | Status |" in summary
    for criterion in data["criteria"]:
        assert criterion["title"] in summary
    assert "### What to fix" in summary
    base = f"https://github.example/student/homework/blob/{SHA}/hw1/README.md"
    assert f"]({base}#L" in summary and f"]({base})" in summary
    outputs = partial.outputs()
    assert outputs == {
        "score": f"{data['score']:g}",
        "max-score": f"{data['max_score']:g}",
        "percent": f"{data['percent']:g}",
        "passed": "false",
        "report-json": str(report.resolve()),
    }


def test_strong_answer_passes_through_the_installed_script(tmp_path: Path) -> None:
    run = actions_env(tmp_path, build_workspace(tmp_path, "strong-ru"))
    sarif = run.workspace / "grader.sarif"
    done = run_script(
        run, "check", ".", "--format", "github", "--sarif", "grader.sarif", "--json-report", "r.json"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert run.outputs()["passed"] == "true"
    assert run.summary.read_text(encoding="utf-8").startswith("## ✅ ")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (run.workspace / "r.json").is_file()
    for command in runner_commands(done.stdout):
        if "file" in command.props:
            assert not unescape_property(command.props["file"]).startswith(("/", ".."))


def test_threshold_and_fail_below_override_the_verdict(tmp_path: Path) -> None:
    run = actions_env(tmp_path, build_workspace(tmp_path, "strong-ru"))
    folder = str(run.workspace)
    code, _ = run_cli(run, "check", folder, "-f", "github", "--threshold", "100")
    assert code == 1 and run.outputs()["passed"] == "false"
    assert "(порог 100%)" in run.summary.read_text(encoding="utf-8")
    run.output.write_text("", encoding="utf-8")
    code, _ = run_cli(run, "check", folder, "-f", "github", "--threshold", "100", "--no-fail-below")
    assert code == 0 and run.outputs()["passed"] == "false"
    code, _ = run_cli(run, "check", folder, "-f", "github", "--threshold", "101")
    assert code == 2


def test_a_required_criterion_still_fails_under_a_zero_threshold(partial: ActionsRun) -> None:
    code, _ = run_cli(partial, "check", str(partial.workspace / "hw1"), "-f", "github", "--threshold", "0")
    assert code == 1 and partial.outputs()["passed"] == "false"
    assert "(порог 0%)" in partial.summary.read_text(encoding="utf-8")


def test_no_markdown_scores_zero_with_a_clear_summary(tmp_path: Path) -> None:
    run = actions_env(tmp_path, build_workspace(tmp_path, "no-markdown"))
    code, stdout = run_cli(run, "check", str(run.workspace), "-f", "github", "--lang", "en")
    assert code == 1
    assert run.outputs()["score"] == "0"
    summary = run.summary.read_text(encoding="utf-8")
    assert r"> ⚠️ The submission has no markdown file (\*.md): there is nothing to grade." in summary
    assert any(c.name == "error" for c in runner_commands(stdout))


def test_at_most_ten_annotations_per_level_and_the_rest_counted(tmp_path: Path) -> None:
    criteria = "".join(
        f"  - {{id: c{i}, title: C{i}, points: {i + 1}, check: section, params: {{synonyms: [absent{i}]}}}}\n"
        for i in range(14)
    )
    rubric = tmp_path / "many.yaml"
    rubric.write_text(f'id: many\ntitle: Many\nversion: "1"\npass_threshold: 50\ncriteria:\n{criteria}')
    run = actions_env(tmp_path, build_workspace(tmp_path, "strong-en"))
    code, stdout = run_cli(run, "check", str(run.workspace), "-f", "github", "-r", str(rubric), "-l", "en")
    assert code == 1
    errors = [c for c in runner_commands(stdout) if c.name == "error"]
    assert len(errors) == 10
    # the ten worth most points: C13 (14 points) down to C4 (5 points)
    assert [unescape_property(e.props["title"]) for e in errors] == [
        f"C{i} (0/{i + 1})" for i in range(13, 3, -1)
    ]
    summary = run.summary.read_text(encoding="utf-8")
    assert "4 more findings are not shown as annotations" in summary
    assert summary.count("**C") == 14  # the summary still lists every one


def test_outside_actions_it_only_prints_annotations(tmp_path: Path) -> None:
    run = actions_env(tmp_path, build_workspace(tmp_path, "partial-ru"))
    env = {k: v for k, v in run.env.items() if k not in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT")}
    result = CliRunner().invoke(main, ["check", str(run.workspace), "-f", "github"], env=env)
    assert result.exit_code == 1
    assert result.stdout.startswith("::")
    assert run.summary.read_text() == "" and run.output.read_text() == ""


def test_bad_rubric_is_an_error_annotation(tmp_path: Path) -> None:
    run = actions_env(tmp_path, build_workspace(tmp_path, "partial-ru"))
    code, stdout = run_cli(run, "check", str(run.workspace), "-f", "github", "-r", "missing/rubric.yaml")
    assert code == 2
    (command,) = runner_commands(stdout)
    assert command.name == "error" and "missing/rubric.yaml: rubric file not found" in command.data


def test_summary_stays_under_one_mebibyte_and_says_what_was_cut(tmp_path: Path) -> None:
    from grader.report.github import Item, render_summary
    from grader.scoring.result import Result

    run = actions_env(tmp_path, build_workspace(tmp_path, "partial-ru"))
    report = tmp_path / "r.json"
    run_cli(run, "check", str(run.workspace), "-f", "json", "-o", str(report), "-l", "en")
    result = Result.model_validate_json(report.read_text(encoding="utf-8"))
    many = [Item("warning", "Т" * 20, "слово " * 30, "README.md", n, 1.0) for n in range(1, 20001)]
    summary = render_summary(result, many, len(many) - 10, None, "")
    assert len(summary.encode("utf-8")) <= 1024 * 1024
    cut = re.search(r"…and (\d+) more findings did not fit in the summary", summary)
    assert cut
    shown = len(re.findall(r"^\d+\. ", summary, re.M))
    assert shown + int(cut.group(1)) == len(many)


def test_registered_renderers_render_the_new_formats(tmp_path: Path) -> None:
    from grader.report import FORMATS, renderer
    from grader.scoring.result import Result

    run = actions_env(tmp_path, build_workspace(tmp_path, "partial-ru"))
    report = tmp_path / "r.json"
    run_cli(run, "check", str(run.workspace), "-f", "json", "-o", str(report))
    result = Result.model_validate_json(report.read_text(encoding="utf-8"))
    assert {"github", "sarif"} <= set(FORMATS)
    assert all(c.name in ("error", "warning") for c in runner_commands(renderer("github")(result)))
    assert json.loads(renderer("sarif")(result))["version"] == "2.1.0"
