"""The words of the HTML pages (review app and `grader report --html`): `html.<key>`, else a report
label (statuses), else the key itself — templates ask for words by short keys."""

from __future__ import annotations

from grader.words import has, language, say
from grader.words.numbers import spoken_time


class Words:
    """`t(key)` for templates: a page word (`html.<key>`), else a report label (statuses), else the key;
    `t.when(iso)`: a stored time as the page's language writes it, with its offset. One object, so
    the macros that are handed `t` can say both."""

    def __init__(self, lang: str) -> None:
        self.lang = language(lang)

    def __call__(self, key: str) -> str:
        for code in (f"html.{key}", f"report.{key}"):
            if has(code):
                return say(code, self.lang)
        return key

    def when(self, iso: str | None) -> str:
        return spoken_time(iso, None, self.lang) or ""


def words(lang: str) -> Words:
    return Words(lang)
