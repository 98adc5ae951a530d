"""Renderers: one per output format, all from the one Result model.

`RENDERERS` is the one list of formats: `grader check --format` offers its keys, and the injection
tests render hostile text through every one of them. A new format is a module with a
`render_<name>(result) -> str` function plus one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.scoring.result import Result

Renderer = Callable[["Result"], str]

# format -> (module, function): imported only when that format is asked for, so `check` pays only
# for what it prints and `grader --help` for none of them
RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("grader.report.text", "render_text"),
    "json": ("grader.report.json_report", "render_json"),
    "markdown": ("grader.report.markdown", "render_markdown"),
    "github": ("grader.report.github", "render_annotation_text"),
    "sarif": ("grader.report.sarif", "render_sarif"),
}
FORMATS = tuple(RENDERERS)


def renderer(fmt: str) -> Renderer:
    """The renderer for a format name."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")
    module, function = RENDERERS[fmt]
    found: Renderer = getattr(importlib.import_module(module), function)
    return found
