"""Every broken rubric in broken/ produces exactly the error lines its `# expect:` comments give."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

BROKEN = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


def expected_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def test_there_is_a_broken_rubric_per_kind_of_mistake() -> None:
    assert len(BROKEN) >= 12


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_rubric_reports_its_exact_lines(path: Path) -> None:
    result = CliRunner().invoke(main, ["rubric", "validate", str(path)])
    assert result.exit_code == 1  # problems found; 2 is for usage errors and unreadable files
    assert result.stdout.splitlines() == [f"{path}:{line}" for line in expected_lines(path)]
    assert "Traceback" not in result.output


def test_one_run_reports_structural_and_semantic_problems_together() -> None:
    path = Path(__file__).parent / "broken" / "many-mistakes.yaml"
    lines = CliRunner().invoke(main, ["rubric", "validate", str(path)]).stdout.splitlines()
    assert len(lines) == len(expected_lines(path)) == 9
    for planted in ("id:", "total_points:", "title: missing the `en`", "check: unknown", "params.min_words"):
        assert any(planted in line for line in lines), planted
    # in file order, whichever pass found them
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", BROKEN[:3], ids=[p.stem for p in BROKEN[:3]])
def test_check_refuses_a_broken_rubric_with_the_same_lines(path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--rubric", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {path}:{line}" for line in expected_lines(path)]
