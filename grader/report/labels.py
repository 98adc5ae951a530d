"""Words of the reports themselves (not of findings), in Russian and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "report_title": {"ru": "Результат проверки", "en": "Grading result"},
    "score": {"ru": "Итог", "en": "Score"},
    "threshold": {"ru": "порог", "en": "threshold"},
    "passed": {"ru": "зачтено", "en": "passed"},
    "not_passed": {"ru": "не зачтено", "en": "not passed"},
    "criterion": {"ru": "Критерий", "en": "Criterion"},
    "points": {"ru": "Баллы", "en": "Points"},
    "status": {"ru": "Статус", "en": "Status"},
    "what_to_fix": {"ru": "Что исправить", "en": "What to fix"},
    "details": {"ru": "Подробно по критериям", "en": "Criteria in detail"},
    "evidence": {"ru": "Найдено", "en": "Found"},
    "warnings": {"ru": "Предупреждения", "en": "Warnings"},
    "required": {"ru": "обязательный", "en": "required"},
    "submission": {"ru": "Сдача", "en": "Submission"},
    "commit": {"ru": "коммит", "en": "commit"},
    "located": {"ru": "Проверена часть", "en": "Graded part"},
    "rubric": {"ru": "Рубрика", "en": "Rubric"},
    "nothing_to_fix": {"ru": "Всё в порядке.", "en": "Nothing to fix."},
    "pass": {"ru": "выполнено", "en": "pass"},
    "partial": {"ru": "частично", "en": "partial"},
    "fail": {"ru": "не выполнено", "en": "fail"},
    "needs_review": {"ru": "нужна ручная проверка", "en": "needs review"},
    "error": {"ru": "ошибка проверки", "en": "error"},
}


def label(key: str, lang: str) -> str:
    entry = LABELS.get(key, {})
    return entry.get(lang) or entry.get("en") or key


def location(file: str | None, line: int | None) -> str:
    if not file:
        return ""
    return f"{file}:{line}" if line else file


def fmt_points(value: float) -> str:
    return f"{value:g}"
