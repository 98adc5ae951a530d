"""Words of the reports themselves (not of findings): `report.<key>` in grader/words/report.yaml."""

from __future__ import annotations

from grader.words import say


def label(key: str, lang: str) -> str:
    """A report word (`score`, `details`, …) or a criterion status (`pass`, `needs_review`, …)."""
    return say(f"report.{key}", lang)


def location(file: str | None, line: int | None) -> str:
    if not file:
        return ""
    return f"{file}:{line}" if line else file


def fmt_points(value: float) -> str:
    return f"{value:g}"
