"""Every sample case grades as its expected.json says (CONVENTIONS.md, "Sample cases")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

from .conftest import SAMPLES

CASES = sorted(p.parent for p in SAMPLES.rglob("expected.json"))


def test_there_are_sample_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(SAMPLES)) for c in CASES])
def test_sample_grades_as_expected(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["check", str(case), "--rubric", expected["rubric"], "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    points = {c["id"]: c["points"] for c in report["criteria"]}
    mismatches = []
    for criterion, want in expected.get("criteria", {}).items():
        got = points.get(criterion)
        low, high = (want, want) if isinstance(want, int | float) else want
        if got is None or not low <= got <= high:
            mismatches.append(f"{criterion}: expected {want}, got {got}")
    assert not mismatches, "; ".join(mismatches)
    if "exit_code" in expected:
        assert result.exit_code == expected["exit_code"]
