"""One catalogue of wording: `say(code, lang, **facts)` is how the grader turns codes into words.

Checks, fetch and batch report codes with language-free facts; renderers call `say`. Texts live in
`grader/words/<area>.yaml` (Vale's `message:`, ESLint's `meta.messages`): one place to read and
correct every sentence. An unknown code falls back to the code and its facts in production, so a
missing text never hides a grade; with `GRADER_STRICT_WORDS=1` (set by the tests) it raises.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Any

from grader.lang import Lang
from grader.words.catalogue import Entry, catalogue
from grader.words.numbers import number, plural_category

__all__ = ["UnknownCode", "has", "language", "number", "plain", "say", "texts"]


class UnknownCode(KeyError):
    """A code the catalogue lacks (raised only in strict mode: under tests)."""


def has(code: str) -> bool:
    return code in catalogue()


def texts(code: str) -> Entry:
    """The raw entry of a code (both languages), for callers that match on the words themselves."""
    return catalogue()[code]


def language(lang: str) -> Lang:
    """A language the catalogue speaks: Russian, else English (a stored report may name another)."""
    return "ru" if lang == "ru" else "en"


def say(code: str, lang: str, /, **facts: Any) -> str:
    """The text of a code in a language with its facts filled in (numbers and plurals by Babel)."""
    lang = language(lang)
    entry = catalogue().get(code)
    if entry is None:
        if os.environ.get("GRADER_STRICT_WORDS") == "1":
            raise UnknownCode(code)
        shown = ", ".join(f"{k}={plain(v, lang)}" for k, v in sorted(facts.items()))
        return f"{code}: {shown}" if shown else code
    text = entry[language(lang)]
    if isinstance(text, dict):  # forms by plural category, chosen by the count `n`
        text = text.get(plural_category(facts.get("n", 0), lang)) or text["other"]
    try:
        return _Formatter(language(lang)).vformat(text, (), facts)
    except (KeyError, IndexError, ValueError):
        if os.environ.get("GRADER_STRICT_WORDS") == "1":
            raise
        return text


def plain(value: Any, lang: str) -> str:
    """A fact as words: a {ru, en} pair in the language, a list joined, a number as written there."""
    if isinstance(value, Mapping) and value and set(value) <= {"ru", "en"}:
        # a fact given in both languages (e.g. metric names from a vocabulary's labels)
        return plain(value.get(lang, value.get("en", value.get("ru"))), lang)
    if isinstance(value, list | tuple):
        shown = [plain(v, lang) for v in value[:4]]
        return " / ".join(shown) + (" …" if len(value) > 4 else "")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value, language(lang))
    return str(value)


class _Formatter(string.Formatter):
    """`{n}` is a fact as words; `{n:unit.points}` is the count with its noun («2 балла»);
    `{kind:metric_kind}` is the name of a fact's value (`metric_kind.business` → «бизнес»)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            named = f"{format_spec}.{value}"
            if isinstance(value, str) and has(named):
                return say(named, self.lang)
            return say(format_spec, self.lang, n=value)
        return plain(value, self.lang)
