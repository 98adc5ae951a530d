"""The terminal summary of `grader batch` / `grader merge`: what happened, and what needs a person.

Every piece of student text goes through `log_line`: in the documented Actions workflow this
summary is a runner log, where a line starting with `::` or holding `##[` would be a command.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from grader.late import shown_time
from grader.report.escape import log_line
from grader.report.gradebook_table import needs_review

if TYPE_CHECKING:
    from grader.report.gradebook import GradedRow, View

STATUSES = ("graded", "not_found", "invalid_link", "timeout", "rate_limited", "fetch_error")

_WORDS: dict[str, dict[str, str]] = {
    "rows": {"ru": "Строк", "en": "Rows"},
    "deadline": {"ru": "Дедлайн", "en": "Deadline"},
    "not_graded": {"ru": "Не проверены", "en": "Not graded"},
    "stale": {
        "ru": "Не обновлены (оставлена последняя оценка)",
        "en": "Not refreshed (the last grade is kept)",
    },
    "late": {"ru": "Сданы после дедлайна", "en": "Late"},
    "review": {"ru": "Ждут проверки преподавателем", "en": "Need the instructor's review"},
    "missing": {"ru": "Не сдали", "en": "No hand-in"},
    "scores": {"ru": "Баллы (% от максимума)", "en": "Scores (% of the maximum)"},
    "unrecognized": {"ru": "Сообщений без ссылки на репозиторий", "en": "Messages without a repo link"},
    "written": {"ru": "Результаты", "en": "Results"},
}


def _who(g: GradedRow) -> str:
    return f"  {log_line(g.row.student_name)[:40]}  {log_line(g.row.link)[:80]}"


def summary(graded: Sequence[GradedRow], lang: str, unrecognized: int, out: Path, view: View) -> str:
    """Counts by status, the deadline used, scores, and every row that needs attention with why."""
    words = {k: v[lang] for k, v in _WORDS.items()}
    counts = Counter(g.row.status for g in graded)
    shown = ", ".join(f"{s} {counts[s]}" for s in STATUSES if counts[s])
    lines = [f"{words['rows']}: {len(graded)} — {shown}"]
    if view.deadline is not None:
        utc = view.deadline.astimezone(UTC).isoformat()
        lines.append(f"{words['deadline']}: {shown_time(view.deadline.isoformat(), view.zone)} (UTC {utc})")
    percents = [g.final_percent for g in graded if g.final_percent is not None]
    if percents:
        bands = Counter(min(int(p // 20), 4) for p in percents)
        shown = ", ".join(f"{b * 20}–{b * 20 + 20 if b < 4 else 100}%: {bands[b]}" for b in range(5))
        lines.append(f"{words['scores']}: {shown}")
    sections: list[tuple[str, list[GradedRow], Callable[[GradedRow], str]]] = [
        ("not_graded", [g for g in graded if g.row.status != "graded"],
         lambda g: f"{g.row.status}: {log_line(g.row.reason or '')[:160]}"),
        ("stale", [g for g in graded if g.row.refresh],
         lambda g: f"{g.row.refresh}: {log_line(g.row.refresh_reason or '')[:160]}"),
        ("late", [g for g in graded if g.row.late],
         lambda g: shown_time(g.row.submitted_at, view.zone) or log_line(g.row.reason or "")),
        ("review", [g for g in graded if needs_review(g.result)],
         lambda g: log_line(needs_review(g.result))[:160]),
    ]  # fmt: skip
    for word, rows, detail in sections:
        if rows:
            lines.append(f"{words[word]} ({len(rows)}):")
            lines.extend(f"{_who(g)}  {detail(g)}" for g in rows)
    if view.missing:
        names = ", ".join(log_line(name)[:40] for name in view.missing)
        lines.append(f"{words['missing']} ({len(view.missing)}): {names}")
    if unrecognized:
        lines.append(f"{words['unrecognized']}: {unrecognized} ({out / 'unrecognized.txt'})")
    files = ", ".join(str(out / f"gradebook.{ext}") for ext in ("csv", "xlsx", "json"))
    lines.append(f"{words['written']}: {files}, {out / 'feedback'}/")
    return "\n".join(lines) + "\n"
