"""How the `metrics` check judges what it found: framed as metrics, explained, tied to the business,
bounds that point the wrong way, the customer's constraints listed alone. Facts in, facts out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grader.checks._claims import bound_on, bounds, name_pattern, points_wrong_way, readable
from grader.checks._units import Unit
from grader.checks._vocab import groups, terms
from grader.checks.base import CheckOutcome, Evidence, Finding
from grader.document.submission import Submission
from grader.text.prose import normalize, quote, word_count
from grader.text.terms import has_term

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    unit: Unit
    target: bool
    numbers: frozenset[str]


def labels(vocabulary: dict[str, Any], names: list[str]) -> dict[str, list[str]]:
    """Metric names as a student reads them, per language (the vocabulary's `labels:`, else the id)."""
    shown = vocabulary.get("labels") or {}
    out: dict[str, list[str]] = {}
    for lang in ("ru", "en"):
        out[lang] = [str((shown.get(name) or {}).get(lang) or name) for name in names]
    return out


# A label that says "business" before the metrics («**Бизнес:** ущерб…», «Бизнесовая: …»), or a
# table column of business indicators, calls them business metrics as the phrase does.
_BUSINESS_LABELS = frozenset({"бизнес", "business", "бизнесовая", "бизнесовые", "бизнесовый", "для бизнеса"})


_LEADING_LABEL = re.compile(r"\s*([^:：—–\n]{1,30}?)\s*[:：—–]")


def business_labelled(unit: Unit) -> bool:
    """The line says it is about the business: «**Бизнес:** ущерб…», «Бизнесовая: …»."""
    label = _LEADING_LABEL.match(unit.text)
    return label is not None and normalize(label.group(1)) in _BUSINESS_LABELS


def framed(all_units: list[Unit], framing: list[str]) -> bool:
    for unit in all_units:
        label = _LEADING_LABEL.match(unit.text)
        if (
            has_term(framing, unit.text)
            or (label is not None and normalize(label.group(1)) in _BUSINESS_LABELS)
            or any(has_term(framing, cell) for cell in unit.cells)
        ):
            return True
    return False


def reasoned(found: list[Mention], vocabulary: dict[str, Any], kind: str, all_units: list[Unit]) -> bool:
    """The metrics are argued: a reason word in an item that names one ("…, чтобы не начался отток"),
    in the paragraph right after it ("Выбранные метрики позволяют оценить …"), or a table column that
    explains each row ("| Ущерб | ≤ 500 тыс. ₽ | уровень конкурентов |").

    An ML metric's choice is argued at length too (30 words about it); a business metric's long
    restatement of the customer's numbers is not an explanation.
    """
    explanation = terms(vocabulary, "explanation")
    reason_headers = terms(vocabulary, "reason_headers")
    units = {(m.unit.file, m.unit.line): m.unit for m in found if m.unit.kind != "heading"}
    named = {id(u) for u in units.values()}
    header: Unit | None = None
    for index, unit in enumerate(all_units):
        if unit.kind == "header":
            header = unit
        elif unit.kind != "row":
            header = None
        if id(unit) not in named:
            continue
        if unit.kind == "row" and explained_row(unit, header, reason_headers):
            return True
        after = all_units[index + 1] if index + 1 < len(all_units) else None
        if after is not None and after.kind == "block" and after.file == unit.file:
            units.setdefault((after.file, after.line), after)
    if kind == "ml":
        words = 0
        for unit in units.values():  # counting stops at 30
            words += word_count(unit.text)
            if words >= 30:
                return True
    # "Почему важна: …" in an item reads like a "why" column of a table
    return any(has_term(explanation, u.text) or has_term(reason_headers, u.text) for u in units.values())


_DEFINITION = re.compile(r"[\s*_`]*(?:\([^)]{0,60}\))?[\s*_`]*[—–:=-]")


def defines(text: str, terms_of_metric: list[str]) -> bool:
    """The item opens with the metric's name and a dash or a colon: "FPR — доля ложных срабатываний"."""
    pattern = name_pattern(tuple(terms_of_metric))
    match = pattern.match(_LEAD.sub("", text)) if pattern is not None else None
    return match is not None and _DEFINITION.match(_LEAD.sub("", text), match.end()) is not None


_LEAD = re.compile(r"^[\s\-*•+\d.)]*")


def constraints_only(
    all_units: list[Unit], vocabulary: dict[str, Any], submission: Submission, partial: float, kind: str
) -> CheckOutcome:
    """No business metric, but the customer's constraints listed (a budget, a deadline, with numbers):
    the definitions' "constraints merely listed" earn partial credit, not nothing."""
    constraints = terms(vocabulary, "constraints")
    ignored = submission.ignored_lines
    listed = [
        u
        for u in all_units
        if u.kind != "heading"
        and u.line not in ignored.get(u.file, ())
        and _DIGIT.search(u.text)
        and has_term(constraints, u.text)
    ]
    if not listed:
        return CheckOutcome.graded(0.0, [], [Finding("metrics.none", {"kind": kind})])
    evidence = [Evidence(u.file, u.line, quote(u.text, 100)) for u in listed[:4]]
    return CheckOutcome.graded(partial, evidence, [Finding("metrics.only_constraints", {})])


def wrong_way(found: list[Mention], vocabulary: dict[str, Any]) -> list[Finding]:
    """Bounds that point the wrong way ("Precision ≤ 0.05", "FPR ≥ 0.9"): the thresholds contradict
    what the metric measures, which the definitions grade as "partly" at best."""
    directions = {name: True for name in terms(vocabulary, "higher_is_better")}
    directions.update({name: False for name in terms(vocabulary, "lower_is_better")})
    ml = groups(vocabulary, "ml")
    out: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    for mention in found:
        unit, name = mention.unit, mention.name
        if (unit.file, unit.line, name) in seen or name not in directions or name not in ml:
            continue
        seen.add((unit.file, unit.line, name))
        bound = bound_on(readable(unit.text), ml[name])
        if bound is not None and points_wrong_way(bound, directions[name]):
            args = {"name": labels(vocabulary, [name]), "text": quote(unit.text, 80)}
            out.append(Finding("metrics.wrong_way", args, unit.file, unit.line))
    return out


# How far back from a precision target its premise may stand: the same item, or the lines just above
# it under one heading ("доля корректных … не более 5 %" → "т.е. … больше 95 %" → "precision > 95 %").
_PREMISE_UNITS = 3
_FALSE_POSITIVES = ("fpr", "false-alarms")


def contradictions(found: list[Mention], all_units: list[Unit], vocabulary: dict[str, Any]) -> list[Finding]:
    """Thresholds that contradict the customer's requirement, which the definitions grade "partly".

    Precision set to one minus the false-positive share ("Precision не менее 95 % (доля ложных
    срабатываний не более 5 %)"): the customer's limit is on honest transactions declined, FP/(FP+TN),
    while 1 − precision is FP/(TP+FP) — a classic confusion, graded "partly" by both instructors in
    every hand-in of the dev set that made it. (A metric capped the wrong way is `wrong_way`.)
    """
    ml = groups(vocabulary, "ml")
    if "precision" not in ml:
        return []
    fp_terms = [t for name in _FALSE_POSITIVES for group in ("ml", "business")
                for t in groups(vocabulary, group).get(name, [])]  # fmt: skip
    position = {id(u): i for i, u in enumerate(all_units)}
    for mention in found:
        if mention.name != "precision":
            continue
        bound = bound_on(readable(mention.unit.text), ml["precision"])
        if bound is None or bound.direction != "at_least":
            continue
        if _false_positive_premise(mention.unit, 1 - bound.value, all_units, position, fp_terms):
            args = {"text": quote(mention.unit.text, 80)}
            return [Finding("metrics.precision_from_fp_share", args, mention.unit.file, mention.unit.line)]
    return []


def _false_positive_premise(
    unit: Unit, share: float, all_units: list[Unit], position: dict[int, int], fp_terms: list[str]
) -> Unit | None:
    """The unit at or just above `unit` (same file) that caps a share at `share`, when that unit or
    the ones between them (a heading «Ошибка I рода») speak of false positives."""
    at = position.get(id(unit))
    if at is None or share <= 0:
        return None
    window = [u for u in all_units[max(0, at - _PREMISE_UNITS) : at + 1] if u.file == unit.file]
    texts = [readable(u.text) for u in window]
    if not any(has_term(fp_terms, text) for text in texts):
        return None
    for candidate, text in zip(window[::-1], texts[::-1], strict=True):
        if any(b.direction == "at_most" and abs(b.value - share) < 1e-6 for b in bounds(text)):
            return candidate
    return None


def explained_row(row: Unit, header: Unit | None, reason_headers: list[str]) -> bool:
    """A table row whose cell under a "why" column, or past its name and target, has words of its own."""
    cells = [c for c in row.cells if c.strip()]
    if header is not None and header.file == row.file:
        for index, title in enumerate(header.cells):
            if (
                has_term(reason_headers, title)
                and index < len(row.cells)
                and word_count(row.cells[index]) >= 2
            ):
                return True
    return len(cells) >= 3 and any(word_count(c) >= 2 and not _DIGIT.search(c) for c in cells[2:])


def linked(found: list[Mention], business: list[Mention]) -> bool:
    """A targeted ML metric shares its item with a business term or with a business threshold."""
    thresholds = {v for m in business for n in m.numbers for v in threshold_forms(n)}
    business_lines = {(m.unit.file, m.unit.line) for m in business}
    for mention in found:
        if not mention.target:
            continue
        if (mention.unit.file, mention.unit.line) in business_lines:
            return True
        if any(v in thresholds for n in mention.numbers for v in value_forms(n)):
            return True
    return False


def value_forms(number: str) -> set[float]:
    """0.95 and 95 (%) are the same target."""
    value = float(number)
    return {round(value, 4), round(value * 100, 4)} if value < 1 else {round(value, 4)}


def threshold_forms(number: str) -> set[float]:
    """A business limit of 2 % fraud is met by recall 98 %; 5 % false alarms by precision 95 %."""
    value = float(number)
    forms = {round(value, 4)}
    if 0 < value < 100:
        forms.add(round(100 - value, 4))
    return forms
