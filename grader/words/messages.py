"""The old lookup of finding texts, kept as a thin wrapper: every text now lives in `grader.words`."""

from __future__ import annotations

from typing import Any

from grader.lang import Lang
from grader.words import say


def render(code: str, args: dict[str, Any], lang: Lang) -> str:
    """The message for a code in a language (see `grader.words.say`)."""
    return say(code, lang, **args)
