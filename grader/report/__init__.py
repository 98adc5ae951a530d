"""Renderers: one per output format, all from the one Result model."""

from __future__ import annotations

from collections.abc import Callable

from grader.result import Result

Renderer = Callable[[Result], str]


def renderer(fmt: str) -> Renderer:
    """The renderer for a format name; imported lazily so `check` pays only for what it prints."""
    if fmt == "json":
        from grader.report.json_report import render_json

        return render_json
    if fmt == "markdown":
        from grader.report.markdown import render_markdown

        return render_markdown
    if fmt == "text":
        from grader.report.text import render_text

        return render_text
    if fmt == "sarif":
        from grader.report.sarif import render_sarif

        return render_sarif
    if fmt == "github":
        from grader.report.github import render_annotation_text

        return render_annotation_text
    raise ValueError(f"unknown report format {fmt!r}")


FORMATS = ("text", "json", "markdown", "github", "sarif")
