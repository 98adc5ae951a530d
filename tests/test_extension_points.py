"""The three ways the grader grows (docs/architecture.md): a check, an output format, a chat source
(tests/batch/test_source_readers.py) — each one new module plus one registry line, nothing else."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from grader import report
from grader.checks import base, registry
from grader.cli.check import check_command
from grader.engine.pipeline import grade_folder
from grader.rubric.load import parse_rubric

CHECK_MODULE = '''
from pydantic import Field

from grader.checks.base import CheckOutcome, Evidence, Params, check
from grader.document.submission import Submission


class HeadingCountParams(Params):
    min_headings: int = Field(ge=1, description="Headings the documents need in all.")


@check("heading-count", HeadingCountParams)
def heading_count(submission: Submission, params: HeadingCountParams) -> CheckOutcome:
    """At least `min_headings` headings across the documents."""
    found = [(d.path, s.line) for d in submission.documents for s in d.sections if s.title]
    evidence = [Evidence(path, line, "") for path, line in found[:3]]
    return CheckOutcome.graded(len(found) / params.min_headings, evidence, [])
'''

FORMAT_MODULE = """
from grader.scoring.result import Result


def render_score_only(result: Result) -> str:
    return f"{result.score:g}/{result.max_score:g}\\n"
"""

RUBRIC = """\
id: demo
title: Demo
version: "1"
pass_threshold: 50
criteria:
  - id: headings
    title: Headings
    points: 2
    check: heading-count
    params: {min_headings: 2}
"""


@pytest.fixture
def plugin_dir(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("grader_new_check", "grader_new_format"):
        sys.modules.pop(name, None)


def test_a_new_check_is_one_module_and_one_import(
    plugin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry()  # the listed modules first, as the rubric loader does
    monkeypatch.setitem(base._REGISTRY, "heading-count", None)  # so the key is removed after the test
    del base._REGISTRY["heading-count"]  # and free for the module's own registration
    (plugin_dir / "grader_new_check.py").write_text(CHECK_MODULE, "utf-8")
    importlib.import_module("grader_new_check")  # what its line in checks/__init__.py:_load_checks does
    assert "heading-count" in registry()
    loaded = parse_rubric(RUBRIC, "demo.yaml")
    folder = tmp_path / "hand-in"
    folder.mkdir()
    (folder / "README.md").write_text("# Проект\n\nТекст.\n\n## Метрики\n\nТекст.\n", "utf-8")
    result = grade_folder(folder, loaded, "ru")
    assert (result.score, result.max_score) == (2, 2)
    assert result.criteria[0].evidence[0].file == "README.md"


def test_a_new_format_is_one_module_and_one_registry_line(
    plugin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plugin_dir / "grader_new_format.py").write_text(FORMAT_MODULE, "utf-8")
    formats = {**report.RENDERERS, "score-only": ("grader_new_format", "render_score_only")}
    monkeypatch.setattr(report, "RENDERERS", formats)
    loaded = parse_rubric(
        RUBRIC.replace("heading-count", "min-words").replace("min_headings", "min_words"), "r.yaml"
    )
    sample = Path(__file__).resolve().parents[1] / "sample_submissions" / "strong-ru"
    result = grade_folder(sample, loaded, "ru")
    assert report.renderer("score-only")(result) == "2/2\n"


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    option = next(p for p in check_command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == tuple(report.RENDERERS)
