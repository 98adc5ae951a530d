"""Text normalisation shared by checks: case, ё/е, punctuation and word counting (ru/en)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_MARK = re.compile(r"[.!?…;]\s")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """NFC, case-folded, ё→е: `normalize` before punctuation becomes spaces (its words are the same)."""
    return unicodedata.normalize("NFC", text).casefold().replace("ё", "е")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case, ё→е, punctuation and markup to single spaces: for comparing headings and labels."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def words(text: str) -> list[str]:
    """Words of a text: letters and digits, hyphenated compounds kept whole ("бизнес-метрики")."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))


def has_words(text: str) -> bool:
    """`word_count(text) > 0`, without counting them all."""
    return _WORD.search(text) is not None


def phrase_in(phrase: str, text: str) -> bool:
    """True when the normalised phrase occurs in the normalised text on word boundaries."""
    needle = normalize(phrase)
    if not needle:
        return False
    return f" {needle} " in f" {normalize(text)} "


def quote(text: str, limit: int = 120) -> str:
    """A short one-line quote of student text for evidence."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=16384)
def sentences(text: str) -> tuple[str, ...]:
    """The text's sentences, split by razdel, a segmenter made for Russian: «2 мес.», «10 млн. руб.»,
    «т.е.» end no sentence, as a split on every full stop would have them do. A `;` ends a clause
    the way it ends an item of a list written in one line."""
    if not _SENTENCE_MARK.search(text):
        return (text,)  # one sentence: most lines of a hand-in (razdel is the cost of a regex pass)
    from razdel import sentenize

    out: list[str] = []
    for sentence in sentenize(text):
        out.extend(part for part in re.split(r"(?<=;)\s+", sentence.text) if part)
    return tuple(out)
