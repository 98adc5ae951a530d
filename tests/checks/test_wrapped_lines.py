"""A sentence an editor broke over several lines is read as one line; lines the student laid out
one by one stay apart (the domain checks read a metric, its target and a deadline within one line)."""

from __future__ import annotations

import pytest

from grader.checks._units import doc_units
from grader.document.markdown import parse_markdown

LONG = "Основной метрикой выбираем полноту на классе мошеннических операций, которая должна быть"


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [
        (u.line, u.last_line, u.text) for u in doc_units(parse_markdown("a.md", text)) if u.kind != "heading"
    ]


@pytest.mark.parametrize("rest", ["не ниже 0,9 при FPR ≤ 5 %.", "0,9 и выше при FPR ≤ 5 %."])
def test_a_long_line_stopped_inside_a_sentence_goes_on_below(rest: str) -> None:
    assert _lines(f"# ДЗ 1\n\n{LONG}\n{rest}\n") == [(3, 4, f"{LONG} {rest}")]


def test_a_sentence_wrapped_over_three_lines_is_one_line_from_its_first_to_its_last() -> None:
    middle = "не ниже 0,9: пропущенное мошенничество напрямую становится ущербом, и поэтому"
    text = f"{LONG}\n{middle}\nпорог выбираем по кривой precision–recall.\n"
    [(first, last, joined)] = _lines(text)
    assert (first, last) == (1, 3)
    assert joined.endswith("по кривой precision–recall.")


@pytest.mark.parametrize(
    "above, below",
    [
        ("recall ≥ 0,9", "precision ≥ 0,5"),  # short lines: a list written without markers
        (LONG + ".", "не ниже 0,9."),  # the sentence ended
        (LONG + ":", "не ниже 0,9."),  # a label ends with its colon
        (LONG + "  ", "не ниже 0,9."),  # two trailing spaces: a line break the student asked for
        (LONG, "- не ниже 0,9."),  # a list item
        (LONG, "**Цель:** не ниже 0,9."),  # a bold label opens a line of its own
        (LONG, "Recall не ниже 0,9."),  # a capital: a new line of its own
        (LONG, "| recall | 0,9 |"),  # a table row
    ],
)
def test_lines_the_student_laid_out_stay_apart(above: str, below: str) -> None:
    assert len(_lines(f"{above}\n{below}\n")) == 2


def test_a_blank_line_or_a_heading_between_keeps_them_apart() -> None:
    assert len(_lines(f"{LONG}\n\nне ниже 0,9.\n")) == 2
    assert len(_lines(f"{LONG}\n## Цели\nне ниже 0,9.\n")) == 2
