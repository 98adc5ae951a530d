"""benchmarks/accuracy.py's second rater, within-both share, draft/final pairs and disagreement list.

A tiny corpus is written into tmp_path (invented texts, two raters). Most tests replace the grader by a
table of grades, so the figures asserted are the benchmark's arithmetic, not today's checks; the last
one runs the real grader on a draft that is a copy of its final.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from grader.document.submission import Submission
from grader.rubric.model import LoadedRubric
from grader.scoring.result import CriterionResult, EvidenceOut, Result, RubricInfo, SubmissionInfo

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ("business-metrics", "smart")

# folder -> (first rater, second rater or None (no row), the fake grader), each (business-metrics, smart)
# on 0–2; a blank second-rater cell is None.
TABLE: dict[str, tuple[tuple[int, int], tuple[int, int | None] | None, tuple[int, int]]] = {
    "alpha": ((2, 2), (2, 1), (2, 1)),
    "beta": ((1, 0), (2, None), (2, 0)),
    "gamma": ((0, 1), None, (1, 1)),
    "alpha@1111111": ((1, 0), (1, 1), (1, 1)),
    "beta@2222222": ((1, 0), (0, 0), (2, 0)),
    "gamma@3333333": ((0, 0), None, (1, 1)),
}
CORPUS = {
    folder: (
        dict(zip(CRITERIA, first, strict=True)),
        None if second is None else dict(zip(CRITERIA, second, strict=True)),
        dict(zip(CRITERIA, mine, strict=True)),
    )
    for folder, (first, second, mine) in TABLE.items()
}


def _accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module
    spec.loader.exec_module(module)
    return module


def _csv(rows: dict[str, dict[str, int | None]]) -> str:
    head = "folder,business_metrics,smart,total\n"
    body = ""
    for folder, grades in rows.items():
        cells = ["" if grades[c] is None else str(grades[c]) for c in CRITERIA]
        total = sum(g for g in grades.values() if g is not None)
        body += f"{folder},{','.join(cells)},{total}\n"
    return head + body


def _corpus(root: Path, second: bool = True) -> Path:
    for number, folder in enumerate(CORPUS, 1):
        (root / folder).mkdir(parents=True)
        text = f"# Домашнее задание {number}\n\nЦель: снизить потери клиентов от мошенничества.\n"
        (root / folder / "README.md").write_text(text, encoding="utf-8")
    first = {f: dict[str, int | None](grades) for f, (grades, _, _) in CORPUS.items()}
    (root / "grades.csv").write_text(_csv(first), encoding="utf-8")
    if second:
        rows = {f: theirs for f, (_, theirs, _) in CORPUS.items() if theirs is not None}
        (root / "grades_second_rater.csv").write_text(_csv(rows), encoding="utf-8")
    return root


def _fake_grade(submission: Submission, loaded: LoadedRubric, lang: str) -> Result:
    """The table's grades as a Result: points = grade × max / 2, percent = 10 × the grades' sum."""
    mine = CORPUS[Path(submission.label).name][2]
    criteria = []
    for c in loaded.rubric.criteria:
        grade = mine.get(c.id, 0)
        criteria.append(
            CriterionResult(
                id=c.id,
                title=c.id,
                points=grade * c.points / 2,
                max_points=c.points,
                status=("fail", "partial", "pass")[grade],
                required=False,
                met=grade / 2,
                evidence=[EvidenceOut(file="README.md", line=3, text=f"evidence of {c.id}")],
                findings=[],
                summary=f"summary of {c.id}",
                feedback=f"summary of {c.id}",
            )
        )
    return Result(
        lang=lang,
        rubric=RubricInfo(id=loaded.rubric.id, title="t", version="1", sha256="0" * 64),
        submission=SubmissionInfo(
            path=submission.label, repo=None, commit=None, status="graded", located="README.md"
        ),
        score=0.0,
        max_score=loaded.rubric.max_score,
        percent=10.0 * sum(mine.values()),
        pass_threshold=0.0,
        passed=True,
        criteria=criteria,
        warnings=[],
    )


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]) -> list[str]:
    module = _accuracy()
    monkeypatch.setattr(module, "grade", _fake_grade)
    assert module.main(args) == 0
    return capsys.readouterr().out.splitlines()


def test_first_rater_lines_keep_the_format_a_hook_greps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _run(monkeypatch, capsys, [str(_corpus(tmp_path))])
    grepped = [line for line in lines if line.startswith(("exact agreement", "within-one", "Spearman"))]
    assert grepped[:2] == [
        "exact agreement (pooled): 5/12 = 41.7%",
        "within-one agreement:     12/12 = 100.0%",
    ]
    assert len(grepped) == 4 and grepped[2].startswith("Spearman (grader percent vs instructor total): ")
    # the percent counts criteria the instructors did not grade; the same sum over the compared ones
    assert grepped[3].startswith("Spearman over the compared criteria (grader 0-2 sum vs instructor total): ")


def test_second_rater_is_compared_only_where_it_graded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _run(monkeypatch, capsys, [str(_corpus(tmp_path))])
    # gamma and gamma@… have no second-rater row, beta's smart cell is blank: 7 cells remain.
    assert "second rater: submissions: 4  compared cells: 7" in lines
    assert "second rater: exact agreement (pooled): 6/7 = 85.7%" in lines
    assert "second rater: within-one agreement:     6/7 = 85.7%" in lines
    assert "  business-metrics   exact 3/4 = 75.0%" in lines
    assert "  smart              exact 3/3 = 100.0%" in lines


def test_within_both_is_between_the_two_grades_or_equal_to_the_only_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _run(monkeypatch, capsys, [str(_corpus(tmp_path))])
    # Outside: gamma's and gamma@…'s business-metrics and gamma@…'s smart (one rater, grader differs),
    # beta@…'s business-metrics (2 where the two raters gave 1 and 0).
    assert "within both instructors (pooled): 8/12 = 66.7%" in lines
    assert "  business-metrics   within both 3/6 = 50.0%" in lines
    assert "  smart              within both 5/6 = 83.3%" in lines


def test_a_draft_must_rank_below_its_final_unless_the_instructors_tied_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _run(monkeypatch, capsys, [str(_corpus(tmp_path))])
    # alpha@ 20% < alpha 30%; beta@ 20% = beta 20% but the instructor tied them (1 = 1); gamma@ 20% =
    # gamma 20% while the instructor put the draft lower (0 < 1): the one breach.
    at = lines.index("drafts below finals: 2/3 pairs hold")
    assert lines[at + 1] == "  gamma@3333333: grader 20.0% vs final 20.0% (instructor 0 vs 1)"
    assert not lines[at + 2 :] or not lines[at + 2].startswith("  ")


def test_verbose_lists_every_disagreement_with_the_graders_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _run(monkeypatch, capsys, [str(_corpus(tmp_path)), "-v"])
    listed = lines[lines.index("disagreements:") + 1 :]
    heads = [line.strip() for line in listed if not line.startswith("    ")]
    assert len(heads) == 7  # the 12 cells less the 5 exact ones
    assert "beta business-metrics: grader 2 (pass), instructor [1], second rater 2 (within both)" in heads
    assert "gamma business-metrics: grader 1 (partial), instructor [0]" in heads
    after = listed[[line.strip() for line in listed].index(heads[0]) + 1 :]
    assert after[:3] == [
        "      located: README.md",
        "      summary: summary of smart",
        "      evidence: README.md:3 «evidence of smart»",
    ]


def test_without_a_second_rater_file_the_first_alone_bounds_within_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _run(monkeypatch, capsys, [str(_corpus(tmp_path, second=False))])
    assert "second rater: none (no grades_second_rater.csv rows for these folders)" in lines
    assert "within both instructors (pooled): 5/12 = 41.7%" in lines  # = exact agreement with the first
    assert "drafts below finals: 2/3 pairs hold" in lines  # the first rater alone tied beta (1 = 1)


def test_the_real_grader_cannot_rank_a_copied_draft_below_its_final(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = (
        "# ДЗ 1: система, которая ловит мошеннические платежи\n\n"
        "## Цели и бизнес-метрики\n\n"
        "- Потери клиентов от мошенничества: не более 400 тыс. рублей в месяц.\n"
        "- Доля честных платежей, ошибочно отклонённых системой: не более 4%.\n"
    )
    for folder, text in {
        "owner__hw": answer,
        "owner__hw@abcdef1": answer,
        "owner__hw@0000000": "TODO\n",
    }.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "README.md").write_text(text, encoding="utf-8")
    (tmp_path / "grades.csv").write_text(
        "folder,business_metrics\nowner__hw,2\nowner__hw@abcdef1,1\nowner__hw@0000000,0\n", encoding="utf-8"
    )
    assert _accuracy().main([str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("drafts below finals: 1/2 pairs hold")
    assert lines[at + 1].startswith("  owner__hw@abcdef1: grader ")
    assert lines[at + 1].endswith("(instructor 1 vs 2)")
