"""The words of the HTML pages (review app and `grader report --html`): `html.<key>`, else a report
label (statuses), else the key itself — templates ask for words by short keys."""

from __future__ import annotations

from collections.abc import Callable

from grader.words import has, say


def words(lang: str) -> Callable[[str], str]:
    """`t(key)` for templates."""

    def t(key: str) -> str:
        for code in (f"html.{key}", f"report.{key}"):
            if has(code):
                return say(code, lang)
        return key

    return t
