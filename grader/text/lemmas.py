"""Russian inflection from pymorphy3's dictionaries: every form of a word, so a vocabulary term
written once ("позволяет", "доля ложных срабатываний") matches «позволяют», «долю», «ложными».

Only Cyrillic words are expanded; English terms keep their `*` endings. A word's forms are those of
its most likely reading (pymorphy3's first parse), folded like the student's text (ё → е).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from grader.text.prose import fold

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

_CYRILLIC_WORD = re.compile(r"[а-яё]{3,}")
# Every word's forms, once computed or once given by `remember` (a rubric's cache entry brings its
# vocabularies' words: a run that knows all its words never loads the dictionaries). The words are
# those of terms (rubrics, vocabularies, the checks' own), never a student's: a bounded set.
_FORMS: dict[str, frozenset[str]] = {}
_MAX_FORMS = 65536


@cache
def _analyzer() -> MorphAnalyzer:
    # loaded on first use (about 0.15 s): a run whose rubric has no Russian term never pays it
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def forms(word: str) -> frozenset[str]:
    """All forms of a Russian word (itself included); a word of another script is only itself."""
    found = _FORMS.get(word)
    if found is None:
        found = _forms(word)
        if len(_FORMS) < _MAX_FORMS:
            _FORMS[word] = found
    return found


def known() -> dict[str, frozenset[str]]:
    """The forms of every word looked up or remembered so far."""
    return dict(_FORMS)


def remember(found: Mapping[str, frozenset[str]]) -> None:
    """Take words' forms computed elsewhere, by the same dictionary (`dictionary_id`)."""
    for word, word_forms in found.items():
        if len(_FORMS) < _MAX_FORMS:
            _FORMS.setdefault(word, word_forms)


def dictionary_id() -> str:
    """Which pymorphy3 and which dictionary the forms come from (their versions), read without
    importing them: forms kept from another dictionary are not this one's."""
    from importlib.util import find_spec

    parts = [os.environ.get("PYMORPHY3_DICT_PATH", "")]
    for package in ("pymorphy3", "pymorphy3_dicts_ru"):
        spec = find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        try:
            with open(os.path.join(folders[0], "version.py"), encoding="utf-8") as version:
                parts.append(f"{package} {version.read().strip()}")
        except (IndexError, OSError):
            parts.append(f"{package} unknown")
    return "; ".join(parts)


def _forms(word: str) -> frozenset[str]:
    if not _CYRILLIC_WORD.fullmatch(word):
        return frozenset((word,))
    parses = _analyzer().parse(word)
    if not parses:
        return frozenset((word,))
    return frozenset({word} | {fold(form.word) for form in parses[0].lexeme})
