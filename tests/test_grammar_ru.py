"""Russian as students read it: plural forms by CLDR, decimal commas and local times in every renderer."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from grader.authoring.explain import explain
from grader.engine.pipeline import grade_folder
from grader.report.github import items, render_summary
from grader.report.markdown import render_markdown
from grader.report.text import render_text
from grader.rubric.load import load_rubric
from grader.words import say
from grader.words.numbers import moment

from .conftest import SAMPLES

# 0.8 of 1 point and 11.8 of 12: a sample whose points are fractions
FRACTIONAL = SAMPLES / "layout-hw-folder"


@pytest.fixture(scope="module")
def result_ru():  # type: ignore[no-untyped-def]
    return grade_folder(FRACTIONAL, load_rubric("otus-mlops-hw1"), "ru", label="layout-hw-folder")


@pytest.mark.parametrize(
    ("n", "said"),
    [(1, "1 балл"), (2, "2 балла"), (5, "5 баллов"), (11, "11 баллов"), (21, "21 балл"), (0.5, "0,5 балла")],
)
def test_plural_forms_of_points(n: float, said: str) -> None:
    assert say("unit.points", "ru", n=n) == said


def test_explain_says_points_in_their_plural_forms() -> None:
    text = explain(load_rubric("otus-mlops-hw1"), "ru")
    assert "Максимум: 12 баллов." in text
    assert "— 2 балла" in text and "— 1 балл" in text
    assert not re.search(r"(?<![\d,])[1-4] баллов|(?<![\d,])1 балла", text)


def test_markdown_has_decimal_commas(result_ru) -> None:  # type: ignore[no-untyped-def]
    text = render_markdown(result_ru)
    assert "0,8 / 1" in text and "11,8 / 12 (98,3%)" in text
    assert "0.8 / 1" not in text


def test_terminal_has_decimal_commas(result_ru) -> None:  # type: ignore[no-untyped-def]
    text = render_text(result_ru, width=200)
    assert "0,8/1" in text and "11,8 / 12 (98,3%)" in text


def test_job_summary_has_decimal_commas(result_ru) -> None:  # type: ignore[no-untyped-def]
    text = render_summary(result_ru, items(result_ru), 0, None, "")
    assert "11,8 / 12 (98,3%)" in text and "0,8 / 1" in text
    assert "до 0,2 б." in text


def test_local_times_in_the_deadline_zone() -> None:
    when = datetime(2026, 12, 1, 20, 59, tzinfo=UTC)
    moscow = ZoneInfo("Europe/Moscow")
    assert moment(when, moscow, "ru") == "1 декабря 2026, 23:59 +03:00"
    assert moment(when, moscow, "en") == "December 1, 2026, 23:59 +03:00"
    # the batch summary and the late notes say it so: tests/batch/test_deadlines.py
