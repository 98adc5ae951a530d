"""What a student claims about a metric: its name however written, and the bound set on it.

Students write metrics as formulas ("FN / (TP + FN) ≤ 0,03", "\\frac{FP}{FP+TN}") or with a cut-off
("MAP@5"); `readable` rewrites those into the names a vocabulary knows. `bounds` reads the
comparators bound to numbers ("recall ≥ 0,98", "FPR не более 5 %", "precision at least 0.9"), so a
bound that points the wrong way ("Precision ≤ 0.05": a quality metric capped from above) can be told
from a target.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from grader.text.terms import term_words

_CELL = r"(TP|FP|TN|FN)"
_FORMULA = re.compile(
    rf"(?:\\[dt]?frac\s*\{{\s*{_CELL}\s*\}}\s*\{{\s*\(?\s*{_CELL}\s*\+\s*{_CELL}\s*\)?\s*\}}"
    rf"|\b{_CELL}\s*/\s*\(\s*{_CELL}\s*\+\s*{_CELL}\s*\))",
    re.IGNORECASE,
)
# numerator, the two cells of the denominator -> the metric's usual name
_RATIOS = {
    ("TP", frozenset({"TP", "FN"})): "recall",
    ("FN", frozenset({"TP", "FN"})): "FNR",
    ("TP", frozenset({"TP", "FP"})): "precision",
    ("FP", frozenset({"FP", "TN"})): "FPR",
    ("TN", frozenset({"TN", "FP"})): "specificity",
}
_CUT_OFF = re.compile(r"@\s*\d{1,3}\b")

Direction = Literal["at_least", "at_most"]
_COMPARATOR = re.compile(
    r"(?P<least>≥|>=|>|не\s+(?:ниже|менее|меньше)|как\s+минимум|минимум|at\s+least|no\s+less\s+than|above|over)"
    r"|(?P<most>≤|<=|<|не\s+(?:выше|более|больше|превыша\w*)|не\s+долж(?:ен|н\w*)\s+превыша\w*|как\s+максимум"
    r"|максимум|at\s+most|no\s+more\s+than|below|under)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\s*(?:[:=≈~]\s*)?(\d+(?:[.,]\d+)?)\s*(%|процент\w*)?")


class Bound(NamedTuple):
    direction: Direction
    value: float  # as a share: 98 % and 0.98 are both 0.98
    start: int


def readable(text: str) -> str:
    """The text with formulas of the confusion matrix named and `@5` cut-offs written `@k`."""
    if "/" in text or "frac" in text:
        text = _FORMULA.sub(_named, text)
    if "@" in text:
        text = _CUT_OFF.sub("@k", text)
    return text


def _named(match: re.Match[str]) -> str:
    cells = [c.upper() for c in match.groups() if c]
    numerator, denominator = cells[0], frozenset(cells[1:])
    name = _RATIOS.get((numerator, denominator))
    return f" {name} " if name else match.group(0)


def bounds(text: str) -> list[Bound]:
    """Every comparator in the text followed by a number, with the number as a share."""
    found: list[Bound] = []
    for match in _COMPARATOR.finditer(text):
        number = _NUMBER.match(text, match.end())
        if number is None:
            continue
        value = float(number.group(1).replace(",", "."))
        if number.group(2) or value > 1:
            value /= 100
        direction: Direction = "at_least" if match.group("least") else "at_most"
        found.append(Bound(direction, value, match.start()))
    return found


def points_wrong_way(bound: Bound, higher_is_better: bool) -> bool:
    """A cap on a quality metric ("precision ≤ 0.05") or a floor on an error rate ("FPR ≥ 0.95")."""
    return bound.direction == ("at_most" if higher_is_better else "at_least")


@lru_cache(maxsize=256)
def name_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """A metric's names as they stand in the student's text (any punctuation between the words)."""
    parts = []
    for term in terms:
        words = []
        for word, star, variants in term_words(term):
            if star:
                words.append(re.escape(word) + r"\w*")
            else:
                words.append("(?:" + "|".join(map(re.escape, sorted(variants, key=len, reverse=True))) + ")")
        if words:
            parts.append(r"[\W_]+".join(words))
    if not parts:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
    )


# What may stand between a metric's name and its comparator: "Recall должен быть не ниже 0,9".
_FILLERS = re.compile(
    r"[\W_]*(?:(?:долж(?:ен|н\w*)|быть|будет|около|примерно|на|уровне|уровень|should|must|be|is|of|at|k)\b[\W_]*){0,3}",
    re.IGNORECASE,
)


_CONDITION = re.compile(r"(?<!\w)(?:при|если|когда|if|when|once|whenever)\s+(?:\S+\s+)?$", re.IGNORECASE)


def bound_on(text: str, terms: Sequence[str]) -> Bound | None:
    """The bound set right after one of the metric's names ("Precision ≤ 0.05"), if any."""
    pattern = name_pattern(tuple(terms))
    if pattern is None:
        return None
    for name in pattern.finditer(text):
        if _CONDITION.search(text[max(0, name.start() - 30) : name.start()]):
            continue  # "при FPR > 5 % начнётся отток" states a consequence, not a target
        comparator = _COMPARATOR.search(text, name.end())
        if comparator is None or not _FILLERS.fullmatch(text, name.end(), comparator.start()):
            continue
        found = bounds(text[comparator.start() :])
        if found:
            return found[0]
    return None
