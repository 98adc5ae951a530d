"""`grader rubric test`: grade sample cases and compare with their expected.json, like a test runner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from grader.engine.pipeline import grade_folder
from grader.errors import InputError
from grader.resources.bundled import bundled_dir
from grader.rubric.model import LoadedRubric


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: str
    mismatches: list[str]
    summary: str

    @property
    def ok(self) -> bool:
        return not self.mismatches


def default_cases_dir() -> Path:
    """The bundled rubrics' sample cases: packaged into the wheel, or the checkout's `sample_submissions/`."""
    packaged = Path(__file__).resolve().parent.parent / "_bundled_samples"
    return packaged if packaged.is_dir() else bundled_dir().parent / "sample_submissions"


def find_cases(folder: Path, rubric_id: str) -> list[Path]:
    """Case folders under `folder` whose expected.json names this rubric (sorted)."""
    cases = []
    for expected in sorted(folder.rglob("expected.json")):
        try:
            data = json.loads(expected.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{expected}: not readable JSON ({exc})") from None
        if isinstance(data, dict) and data.get("rubric") == rubric_id:
            cases.append(expected.parent)
    return cases


def run_case(case: Path, loaded: LoadedRubric, root: Path) -> CaseResult:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = grade_folder(case, loaded, "en")
    points = {c.id: c.points for c in result.criteria}
    mismatches = []
    for criterion, want in expected.get("criteria", {}).items():
        got = points.get(criterion)
        low, high = (want, want) if isinstance(want, int | float) else want
        if got is None or not low <= got <= high:
            shown = "no such criterion" if got is None else f"{got:g}"
            mismatches.append(f"{criterion}: expected {_show(want)}, got {shown}")
    exit_code = 0 if result.passed else 1
    if "exit_code" in expected and expected["exit_code"] != exit_code:
        mismatches.append(f"exit code: expected {expected['exit_code']}, got {exit_code}")
    summary = f"{result.score:g}/{result.max_score:g} ({result.percent:g}%)"
    return CaseResult(
        str(case.relative_to(root)) if case.is_relative_to(root) else str(case), mismatches, summary
    )


def _show(value: object) -> str:
    return f"{value[0]}–{value[1]}" if isinstance(value, list) else str(value)
