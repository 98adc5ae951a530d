"""The role model: which parts of the graded documents answer which part of the homework.

The document model says what a hand-in is made of (sections, paragraphs, tables); the units view
(`_units.py`) turns it into headings, lines and rows, with pasted task items kept as anchors. Here
each part gets its role from what heads it: a heading, a bold or `Label:` line standing for one, a
pasted task item the student answered right below ("what follows answers task 2"), or the file's own
name (`2-Выбор метрики.docx`). A criterion's role is named by its terms (a rubric's `sections`,
`synonyms`…); its check reads the blocks of that role, and the report says where they are (`where`),
so an instructor sees the very text a grade was given for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from grader.checks._units import BOLD_LEVEL, HEADINGS, Unit, units
from grader.document.submission import Submission
from grader.text.terms import has_term, normalize, term_regex

_HEADINGS = HEADINGS


class Span(NamedTuple):
    """Lines `line`..`end_line` of `file` (1-based, inclusive); line 0: the whole file, named for it."""

    file: str
    line: int
    end_line: int


def regions(all_units: Sequence[Unit], synonyms: Sequence[str]) -> list[tuple[Unit, list[Unit]]]:
    """Units under each heading or pseudo-heading whose title matches a synonym.

    A heading's region runs to the next heading of the same or a higher level; a bold line's (a
    `**Задачи**` line standing for a heading) to the next heading or bold line; a `Задачи:` line's
    to the next heading, bold line or label line.
    """
    found: list[tuple[Unit, list[Unit]]] = []
    regex = term_regex(tuple(synonyms))
    if regex is None:
        return found
    # a document named for the part is that part whole, its own headings inside it included
    titled = _titled_files(all_units, regex)
    whole = {head.file for head, _ in titled}
    for i, head in enumerate(all_units):
        if head.file in whole or head.kind not in _HEADINGS or not regex.search(normalize(head.text)):
            continue
        # a numbered step written as a bold line ("**Шаг 2: метрика**") runs to the next step of
        # its kind, past the bold lines under it, as a `## Шаг 2` heading would past its `###`
        step = _step(head.text) if head.kind == "pseudo" and head.level == BOLD_LEVEL else None
        body: list[Unit] = []
        for j in range(i + 1, len(all_units)):
            unit = all_units[j]
            if unit.file != head.file:
                break
            if (
                unit.kind in _HEADINGS
                and unit.level <= head.level
                and (step is None or unit.kind == "heading" or _next_step(step, _step(unit.text)))
            ):
                break
            body.append(unit)
        found.append((head, body))
    return found + titled


_STEM_NOISE = re.compile(r"[_\-.]+")


def _titled_files(all_units: Sequence[Unit], regex: re.Pattern[str]) -> list[tuple[Unit, list[Unit]]]:
    """Documents whose file name is the title (`2-Выбор метрики.docx`, `docs/smart.md`): an answer split
    into files is sectioned by their names. Each is one region under a heading made of its name (line
    0: no line of the file is the heading)."""
    by_file: dict[str, list[Unit]] = {}
    for unit in all_units:
        by_file.setdefault(unit.file, []).append(unit)
    found: list[tuple[Unit, list[Unit]]] = []
    for file, body in by_file.items():
        stem = _STEM_NOISE.sub(" ", file.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip()
        if stem and regex.search(normalize(stem)):
            found.append((Unit(file, 0, "heading", stem, level=0), body))
    return found


_STEP = re.compile(r"\s*(?:([^\W\d_]+)\s+)?№?\s*(\d{1,2})(?:[.):]|\s|$)")


def _step(text: str) -> tuple[str, int] | None:
    """The kind and number of the step a heading starts (("шаг", 2) for "Шаг 2: …", ("", 2) for
    "2. …"), or None."""
    match = _STEP.match(text.casefold())
    return None if match is None else (match.group(1) or "", int(match.group(2)))


def _next_step(head: tuple[str, int], other: tuple[str, int] | None) -> bool:
    """`other` is a later step of the same list as `head`: "**5. …**" after "**4. …**" ends step 4,
    "**1. Точка входа**" under it starts a list of its own and does not."""
    return other is not None and other[0] == head[0] and other[1] > head[1]


def spans(found: Sequence[tuple[Unit, Sequence[Unit]]]) -> list[Span]:
    """The line spans of regions, sorted, overlapping ones merged."""
    raw = sorted(
        (Span(head.file, head.line, max([head.line, *(u.last_line for u in body)])) for head, body in found),
        key=lambda s: (s.file, s.line),
    )
    merged: list[Span] = []
    for span in raw:
        if merged and merged[-1].file == span.file and span.line <= merged[-1].end_line + 1:
            last = merged.pop()
            span = Span(last.file, last.line, max(last.end_line, span.end_line))
        merged.append(span)
    return merged


def where(submission: Submission, terms: Sequence[str], excluded: Sequence[str] = ()) -> list[Span]:
    """Where the parts headed by any of `terms` (and none of `excluded`) lie in the graded documents."""
    if not terms:
        return []
    key = "roles:" + "|".join(terms) + "!" + "|".join(excluded)
    if key not in submission.memo:
        found = regions(units(submission), terms)
        if excluded:
            found = [(head, body) for head, body in found if not has_term(excluded, head.text)]
        submission.memo[key] = spans(found)
    cached: list[Span] = submission.memo[key]
    return list(cached)
