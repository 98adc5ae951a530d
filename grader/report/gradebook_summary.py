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

from grader.report.escape import log_line
from grader.report.gradebook_table import needs_review
from grader.words import has, language, say
from grader.words.numbers import spoken_time

if TYPE_CHECKING:
    from grader.report.graded import GradedRow, View

STATUSES = ("graded", "not_found", "invalid_link", "timeout", "rate_limited", "fetch_error")


def status_word(status: str, lang: str) -> str:
    """A batch row's status in words (`status.<status>`); a status of a newer grader shown as is."""
    return say(f"status.{status}", lang) if has(f"status.{status}") else status


def _when(g: GradedRow, view: View, lang: str) -> str:
    return spoken_time(g.row.submitted_at, view.zone, language(lang)) or log_line(g.row.reason or "")


def _who(g: GradedRow) -> str:
    return f"  {log_line(g.row.student_name)[:40]}  {log_line(g.row.link)[:80]}"


def summary(graded: Sequence[GradedRow], lang: str, unrecognized: int, out: Path, view: View) -> str:
    """Counts by status, the deadline used, scores, and every row that needs attention with why."""
    counts = Counter(g.row.status for g in graded)
    shown = ", ".join(f"{status_word(s, lang)} {counts[s]}" for s in STATUSES if counts[s])
    lines = [f"{say('summary.rows', lang)}: {len(graded)} — {shown}"]
    if view.deadline is not None:
        utc = view.deadline.astimezone(UTC).isoformat()
        local = spoken_time(view.deadline.isoformat(), view.zone, language(lang))
        lines.append(f"{say('summary.deadline', lang)}: {local} (UTC {utc})")
    percents = [g.final_percent for g in graded if g.final_percent is not None]
    if percents:
        bands = Counter(min(int(p // 20), 4) for p in percents)
        shown = ", ".join(f"{b * 20}–{b * 20 + 20 if b < 4 else 100}%: {bands[b]}" for b in range(5))
        lines.append(f"{say('summary.scores', lang)}: {shown}")
    sections: list[tuple[str, list[GradedRow], Callable[[GradedRow], str]]] = [
        ("not_graded", [g for g in graded if g.row.status != "graded"],
         lambda g: f"{status_word(g.row.status, lang)}: {log_line(g.row.reason or '')[:160]}"),
        ("stale", [g for g in graded if g.row.refresh],
         lambda g: f"{status_word(g.row.refresh or '', lang)}: {log_line(g.row.refresh_reason or '')[:160]}"),
        ("late", [g for g in graded if g.row.late],
         lambda g: _when(g, view, lang)),
        ("review", [g for g in graded if needs_review(g.result)],
         lambda g: log_line(needs_review(g.result))[:160]),
    ]  # fmt: skip
    for word, rows, detail in sections:
        if rows:
            lines.append(f"{say(f'summary.{word}', lang)} ({len(rows)}):")
            lines.extend(f"{_who(g)}  {detail(g)}" for g in rows)
    if view.missing:
        names = ", ".join(log_line(name)[:40] for name in view.missing)
        lines.append(f"{say('summary.missing', lang)} ({len(view.missing)}): {names}")
    if unrecognized:
        lines.append(f"{say('summary.unrecognized', lang)}: {unrecognized} ({out / 'unrecognized.txt'})")
    files = ", ".join(str(out / f"gradebook.{ext}") for ext in ("csv", "xlsx", "json"))
    lines.append(f"{say('summary.written', lang)}: {files}, {out / 'feedback'}/")
    return "\n".join(lines) + "\n"
