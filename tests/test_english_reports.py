"""An English report holds no Cyrillic but the student's own: quotes, evidence and file paths."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.engine.pipeline import grade_folder
from grader.report.text import render_text
from grader.rubric.load import load_rubric

from .conftest import SAMPLES

CASES = sorted(p.parent for p in SAMPLES.rglob("expected.json"))
CYRILLIC = re.compile("[А-Яа-яЁё]")
# What is the student's and may be in any language: a quote (“…”, the catalogue's English quotes),
# a code span (paths, links), and an evidence line (`Found: file:line — the student's words`).
QUOTES = re.compile(r"“[^”]*”|`[^`]*`")
EVIDENCE = re.compile(r"^\s*(- )?Found: .*$", re.MULTILINE)


def _student_paths(case: Path) -> list[str]:
    """The submission's own file and folder names (a located part names them, `ДЗ №1/`)."""
    names = {part for p in case.rglob("*") for part in p.relative_to(case).parts}
    return sorted(names, key=len, reverse=True)


def _ours(report: str, case: Path) -> list[str]:
    """Lines of the report with Cyrillic left after the student's text is masked."""
    masked = EVIDENCE.sub("", QUOTES.sub("", report))
    for name in _student_paths(case):
        masked = masked.replace(name, "")
    return [line for line in masked.splitlines() if CYRILLIC.search(line)]


def _rubric(case: Path) -> str:
    return str(json.loads((case / "expected.json").read_text(encoding="utf-8"))["rubric"])


@pytest.mark.parametrize("case", CASES, ids=[c.relative_to(SAMPLES).as_posix() for c in CASES])
def test_english_markdown_has_no_cyrillic_of_ours(case: Path) -> None:
    args = ["check", str(case), "--rubric", _rubric(case), "--lang", "en", "--format", "markdown"]
    result = CliRunner().invoke(main, [*args, "--no-fail-below"])
    assert result.exit_code == 0, result.output
    assert _ours(result.stdout, case) == []


@pytest.mark.parametrize("case", CASES, ids=[c.relative_to(SAMPLES).as_posix() for c in CASES])
def test_english_terminal_report_has_no_cyrillic_of_ours(case: Path) -> None:
    result = grade_folder(case, load_rubric(_rubric(case)), "en")
    # a wide table: no quote or path is wrapped across the table's lines
    assert _ours(render_text(result, width=4000), case) == []
