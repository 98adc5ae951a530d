"""Student text is data in every report: no markup, HTML, links or terminal escapes get through."""

from __future__ import annotations

import json
import re

import pytest

from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.report import FORMATS, renderer
from grader.report.json_report import render_json
from grader.report.markdown import render_markdown
from grader.report.text import render_text
from grader.rubric.load import parse_rubric

HOSTILE_TITLE = (
    "Цели [/bold] <img src=x onerror=alert(1)> [клик](javascript:alert(1)) \x1b]8;;http://e\x07 \u202e"
)
RUBRIC = """\
id: t
title: T
version: "1"
pass_threshold: 50
criteria:
  - id: goals
    title: Goals
    points: 1
    check: section
    params: {synonyms: [цели], min_words: 50}
"""


def hostile_result(lang: str = "en"):  # type: ignore[no-untyped-def]
    text = f"# {HOSTILE_TITLE}\n\n| a | b |\n|---|---|\n| =HYPERLINK(1) | </script> |\n\nтекст\n"
    snapshot = Snapshot(label="evil\x1b[31m", files=["README.md"], markdown={"README.md": text.encode()})
    return grade(build_submission(snapshot), parse_rubric(RUBRIC, "t.yaml"), lang)  # type: ignore[arg-type]


def test_markdown_report_escapes_student_text() -> None:
    out = render_markdown(hostile_result())
    assert "<img" not in out and "</script>" not in out
    assert not re.search(r"(?<!\\)\]\(", out)  # no link survives: every bracket is escaped
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\[клик\\](javascript:alert(1))" in out


def test_text_report_survives_rich_markup_and_strips_escapes() -> None:
    out = render_text(hostile_result(), color=True)
    assert "[/bold]" in out  # shown as text, not parsed as markup
    assert "\x1b]8" not in out and "evil[31m" in out  # the student's escapes are stripped
    assert "\u202e" not in out
    plain = render_text(hostile_result(), color=False)
    assert "\x1b" not in plain


def test_json_report_keeps_text_as_data() -> None:
    result = hostile_result()
    data = json.loads(render_json(result))
    assert data["criteria"][0]["evidence"][0]["text"].startswith("Цели [/bold]")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_keeps_terminal_escapes_and_bidi_controls_out(fmt: str) -> None:
    """Whatever format a new renderer adds to RENDERERS, student text cannot drive a terminal or
    reorder what a reader sees."""
    out = renderer(fmt)(hostile_result())
    assert "\x1b" not in out and "\u202e" not in out, fmt
