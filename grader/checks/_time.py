"""When a task is due: the time grammar of the SMART check's T, in Russian and English.

A task is time-bound by a deadline ("до 20.03", "к концу Q2", "by March 1", "Дедлайн: 20.03",
"срок — 01.04") or a duration of the work ("за 3 недели", "в течение квартала", "2 sprints"). Not
every number next to a time word is one: "бюджет до 10 млн ₽" and "до 50 транзакций в секунду" are
limits, "хранить логи 3 месяца" and "данные за последние 12 месяцев" are periods of data, a bare
year ("ФЗ-152 от 2006") is a date of something else.
"""

from __future__ import annotations

import re
from functools import cache

_UNIT = (
    r"(?:дн(?:я|ей|и)?\b|день|сут\w*|недел\w*|нед\b|месяц\w*|мес\b|квартал\w*|кв\b|полугоди\w*|год\w*|лет\b"
    r"|час\w*|спринт\w*|итераци\w*|day|days|week|weeks|month|months|quarter|quarters|year|years|hour|hours"
    r"|sprint|sprints)"
)
_NUM_WORD = (
    r"(?:одн\w*|дв[аеу]\w*|двух|три|тр[её]х|четыр\w*|пят\w*|шест\w*|сем\w*|восьм\w*|девят\w*|десят\w*"
    r"|нескольк\w*|one|two|three|four|five|six|eight|ten|several)"
)
_ORDINAL = (
    r"(?:перв\w*|втор\w*|трет\w*|четв[её]рт\w*|пят\w*|шест\w*|последн\w*|first|second|third|fourth|last)"
)
_MONTH = (
    r"(?:январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\b|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*"
    r"|декабр\w*|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_DATE = r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b"
_YEAR = r"20\d\d\s*(?:г\b|г\.|год\w*)?"
_QUARTER = r"(?:q[1-4]\b(?:\s*20\d\d)?|[1-4]\s*(?:-?[а-я]{1,2}\s*)?(?:кв\b|квартал\w*))"
_DURATION = (
    rf"(?:\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?\s*(?:-?[а-яa-z]{{1,3}}\s*)?{_UNIT}|{_NUM_WORD}\s+{_UNIT}"
    rf"|полгода|полугод\w*|half\s+a\s+year)"
)
# What a deadline preposition may be followed by: a date, a month, a quarter, a year, an end.
_POINT = (
    rf"(?:the\s+)?(?:{_DATE}|\d{{1,2}}\s+{_MONTH}|{_MONTH}(?:\s+\d{{1,4}})?|{_QUARTER}|{_YEAR}"
    rf"|(?:конц\w*|начал\w*|середин\w*|end|start|beginning|middle)\b(?:\s+\S+){{0,3}}"
    rf"|{_ORDINAL}\s+{_UNIT}|{_DURATION})"
)
_PATTERNS = [
    # a deadline: до 20.03, к 1 марта, к концу Q2, не позднее 2026 г., by March 1, until the end of May
    rf"\b(?:до|к|ко|by|until|till|before|not\s+later\s+than|не\s+позднее|не\s+позже)\s+{_POINT}",
    # a labelled one: Дедлайн: 20.03, срок — 01.04, Срок: 2 недели, Deadline - Q2, Due: May
    rf"\b(?:дедлайн\w*|срок\w*|deadline\w*|due)\s*(?:[:—–-]\s*|\s)(?:{_POINT}|{_DATE})",
    # in a period: в течение квартала (в течении — a common misspelling), within 2 weeks, in Q3
    rf"\bв\s+течени[еи]\s+(?:{_DURATION}|{_ORDINAL}\s+{_UNIT}|{_UNIT})",
    rf"\b(?:within|in|during)\s+(?:the\s+)?(?:{_DURATION}|(?:a|an)\s+{_UNIT}|{_QUARTER}|{_MONTH}|{_ORDINAL}\s+{_UNIT}"
    rf"|{_YEAR}|next\s+{_UNIT})",
    rf"\bв\s+(?:{_QUARTER}|{_ORDINAL}\s+{_UNIT}|{_MONTH}|{_YEAR})",
    # the work's own duration: за 3 недели, 2 спринта, (2 недели), неделя 1–2, 1-я неделя
    rf"(?:\bза\s+)?{_DURATION}",
    rf"\bза\s+{_UNIT}",
    r"\b(?:недел\w*|week|sprint|спринт\w*|месяц\w*|month)\s*№?\s*\d{1,2}(?:\s*[-–]\s*\d{1,2})?\b",
    rf"\b{_QUARTER}",
]


@cache
def _time() -> re.Pattern[str]:
    """The whole grammar as one pattern, compiled on first use (about 15 ms: a run whose rubric has no
    SMART check, or whose texts hold no time, never pays it)."""
    return re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


# A duration right after these words is a period of data or storage, not when the work is due.
_PERIOD_BEFORE = re.compile(
    r"(?:хран\w*|retention|retain\w*|keep|kept|stored?|за\s+последн\w*|за\s+прошл\w*|последн\w*|прошл\w*"
    r"|past|last|previous|истори\w*|history|historical|данн\w*\s+за|data\s+(?:for|from|of))\s*(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)


def strip_times(text: str) -> tuple[str, int]:
    """The text with every time expression blanked out, and how many there were.

    The numbers of a deadline or duration then no longer look like a task's measure ("3 недели" is
    not a target of 3).
    """
    if not any(ch.isdigit() for ch in text) and not _HAS_TIME_WORD.search(text):
        return text, 0
    count = 0
    parts: list[str] = []
    last = 0
    for match in _time().finditer(text):
        if _PERIOD_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        parts.append(text[last : match.start()])
        parts.append(" ")
        last = match.end()
        count += 1
    parts.append(text[last:])
    return "".join(parts), count


# A text without a digit can still be due "в течение квартала" or "by the end of May".
_HAS_TIME_WORD = re.compile(
    rf"{_UNIT}|{_MONTH}|\bq[1-4]\b|полгода|полугод|конц|\bend\b|квартал|дедлайн|deadline|срок", re.IGNORECASE
)
