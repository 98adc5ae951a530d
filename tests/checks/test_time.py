"""The SMART check's time grammar: what makes a task time-bound, and what only looks like it."""

from __future__ import annotations

import pytest

from grader.checks._time import strip_times

DUE = [
    "Дедлайн: 20.03",
    "срок — 01.04",
    "Срок: 2 недели",
    "к концу Q2",
    "до конца второго месяца",
    "в течение квартала",
    "в течении двух недель",  # the common misspelling
    "за 3 недели",
    "за неделю",
    "сделать MVP до 1 марта",
    "не позднее 15.05.2026",
    "в первом квартале",
    "2-3 спринта",
    "1-я неделя",
    "неделя 1–2",
    "выпустить в 2026 году",
    "полгода",
    "by March 1",
    "by the end of Q2",
    "within 2 weeks",
    "in a month",
    "Deadline: 20.03",
    "in Q3 2026",
    "due in 3 sprints",
]
NOT_DUE = [
    "бюджет до 10 млн ₽",
    "до 50 транзакций в секунду",
    "хранить логи 3 месяца",
    "обучить на данных за последние 12 месяцев",
    "соответствие ФЗ-152 от 2006",
    "recall не ниже 0,95",
    "задержка до 200 мс",
    "не более 2 мошеннических операций на 100",
    "keep logs for 3 months",
    "trained on the last 12 months of data",
    "precision 0.98 and recall 0.95",
]


@pytest.mark.parametrize("text", DUE)
def test_a_deadline_or_a_duration_makes_a_task_time_bound(text: str) -> None:
    _, times = strip_times(text)
    assert times >= 1, text


@pytest.mark.parametrize("text", NOT_DUE)
def test_a_limit_a_period_of_data_or_a_bare_year_is_not_a_deadline(text: str) -> None:
    _, times = strip_times(text)
    assert times == 0, text


def test_a_deadline_s_numbers_are_taken_out_of_the_text() -> None:
    text, times = strip_times("Recall ≥ 0,9 за 3 недели")
    assert times == 1
    assert "3" not in text and "0,9" in text
