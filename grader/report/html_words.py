"""The words of the HTML pages (review app and `grader report --html`), in Russian and English."""

from __future__ import annotations

from collections.abc import Callable

from grader.report.labels import LABELS

_WORDS: dict[str, tuple[str, str]] = {  # key: (ru, en)
    "overview": ("Обзор группы", "Class overview"),
    "queue": ("Очередь", "Queue"),
    "students": ("Студенты", "Students"),
    "student": ("Студент", "Student"),
    "rows": ("Сдач", "Hand-ins"),
    "graded_rows": ("Проверено", "Graded"),
    "passed_rows": ("Зачтено", "Passed"),
    "mean": ("Средний балл", "Mean"),
    "mean_percent": ("Средний процент", "Mean percent"),
    "pass_rate": ("Выполнили", "Pass rate"),
    "histogram": ("Распределение итогов, %", "Scores, %"),
    "by_criterion": ("Критерии: средний балл от максимума", "Criteria: mean as a share of the maximum"),
    "criteria_table": ("По критериям", "By criterion"),
    "fail_count": ("Не выполнили", "Failed"),
    "review_count": ("Ждут проверки", "Need review"),
    "late": ("Сдано после дедлайна", "Late"),
    "not_graded": ("Не проверено", "Not graded"),
    "refresh_failed": ("Не обновлено (оценка сохранена)", "Not refreshed (grade kept)"),
    "unrecognized": ("Нераспознанные строки чата", "Unrecognised chat lines"),
    "missing": ("В списке группы, но не сдали", "In the roster, no hand-in"),
    "decided": ("Решений преподавателя", "Instructor's decisions"),
    "to_recheck": ("Перепроверить", "To re-check"),
    "filter": ("Фильтр: имя, статус, критерий…", "Filter: name, status, criterion…"),
    "score": ("Итог", "Score"),
    "percent": ("%", "%"),
    "status": ("Статус", "Status"),
    "commit": ("Коммит", "Commit"),
    "submitted": ("Сдано", "Submitted"),
    "reason": ("Причина", "Reason"),
    "none": ("нет", "none"),
    "text": ("Текст студента", "Student's text"),
    "no_text": (
        "Текст для этого критерия не найден в сохранённых файлах.",
        "No text of this criterion in the stored files.",
    ),
    "evidence": ("Найдено", "Evidence"),
    "findings": ("Что не так", "Findings"),
    "images": ("Изображения", "Images"),
    "image_link": ("открыть на хостинге", "open on the host"),
    "grader_gave": ("Программа", "Grader"),
    "decide": ("Решение", "Decision"),
    "points": ("Баллы", "Points"),
    "note_student": ("Комментарий студенту", "Note for the student"),
    "note_self": ("Заметка для себя", "Private note"),
    "save": ("Сохранить (Enter)", "Save (Enter)"),
    "accept": ("Согласиться с программой (a)", "Accept the grader's (a)"),
    "withdraw": ("Отменить решение", "Withdraw the decision"),
    "saved": ("Сохранено", "Saved"),
    "keys": (
        "j/k — следующий/предыдущий, 0/1/2 — оценка, Enter — сохранить, a — согласиться, "
        "n — комментарий, Esc — выйти из поля",
        "j/k — next/previous, 0/1/2 — grade, Enter — save, a — accept, n — note, Esc — leave a field",
    ),
    "empty_queue": ("Очередь пуста: всё проверено.", "The queue is empty: everything is decided."),
    "hide_done": ("Скрыть решённые", "Hide decided"),
    "done": ("решено", "decided"),
    "diff": ("Что изменилось с решения", "What changed since the decision"),
    "no_diff": ("Текст критерия не изменился.", "The criterion's text did not change."),
    "old_unknown": (
        "Текст на момент решения не сохранён.",
        "The text at the time of the decision was not kept.",
    ),
    "history": ("История решений", "Decision history"),
    "withdrawn": ("отменено", "withdrawn"),
    "by": ("кто", "by"),
    "at": ("когда", "at"),
    "feedback": ("Отзыв", "Feedback"),
    "repo": ("Репозиторий", "Repository"),
    "located": ("Проверена часть", "Graded part"),
    "generated": ("Отчёт по папке", "Report of the folder"),
    "all_students": ("Все студенты", "Every student"),
    "reason.recheck": ("новый коммит после решения", "new commit since the decision"),
    "reason.needs_review": ("нужна ручная проверка", "needs review"),
    "reason.error": ("ошибка проверки", "check error"),
    "reason.unsure": ("программа не уверена", "grader unsure"),
    "reason.located": ("та ли часть проверена?", "right part graded?"),
    "reason.not_graded": ("не проверено", "not graded"),
    "open_student": ("Страница студента (Enter)", "Student page (Enter)"),
    "late_mark": ("опоздание", "late"),
    "checked": ("проверено преподавателем", "checked by the instructor"),
}


def words(lang: str) -> Callable[[str], str]:
    """`t(key)` for templates: a page word, else a report label (statuses), else the key itself."""
    index = 0 if lang == "ru" else 1

    def t(key: str) -> str:
        if key in _WORDS:
            return _WORDS[key][index]
        entry = LABELS.get(key)
        return (entry.get(lang) or entry.get("en") or key) if entry else key

    return t
