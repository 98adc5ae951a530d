"""Russian inflection from pymorphy3's dictionaries: every form of a word, so a vocabulary term
written once ("позволяет", "доля ложных срабатываний") matches «позволяют», «долю», «ложными».

Only Cyrillic words are expanded; English terms keep their `*` endings. A word's forms are those of
its most likely reading (pymorphy3's first parse), folded like the student's text (ё → е).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from grader.text import fold

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

_CYRILLIC_WORD = re.compile(r"[а-яё]{3,}")


@cache
def _analyzer() -> MorphAnalyzer:
    # loaded on first use (about 0.15 s): a run whose rubric has no Russian term never pays it
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=8192)
def forms(word: str) -> frozenset[str]:
    """All forms of a Russian word (itself included); a word of another script is only itself."""
    if not _CYRILLIC_WORD.fullmatch(word):
        return frozenset((word,))
    parses = _analyzer().parse(word)
    if not parses:
        return frozenset((word,))
    return frozenset({word} | {fold(form.word) for form in parses[0].lexeme})
