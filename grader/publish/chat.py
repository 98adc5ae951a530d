"""`grader publish --to telegram-text`: one plain-text message per student, for the course chat.

A hand-in that could not be graded gets a message saying why (not_graded.txt.j2). Written to
DIR/messages/<student>.txt and, all of them in the chat's order (when each hand-in was
posted), to DIR/messages.txt, ready to paste as replies. Nothing leaves the machine, so there is no
dry run: the files are the preview.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from grader.files import write_atomic
from grader.publish.compose import Delivery
from grader.publish.marker import student_hash
from grader.publish.plaintext import fit, to_text
from grader.publish.templates import Inert, Templates
from grader.report.escape import one_line
from grader.report.graded import GradedRow, feedback_name
from grader.words import say


def message(d: Delivery, templates: Templates, issue_url: str | None) -> str:
    context = {**d.context, "feedback": Inert(to_text(d.feedback_md)), "issue_url": issue_url}
    text = templates.render("telegram.txt.j2", context)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    where = (
        say("chat.where_url", d.lang, url=issue_url) if issue_url else say("chat.where_instructor", d.lang)
    )
    return fit(text, say("chat.shortened", d.lang, where=where))


def not_graded_message(g: GradedRow, templates: Templates, lang: str | None) -> str:
    """For a hand-in that could not be graded (a link that does not open, an empty repository): why."""
    row = g.row
    student = {"name": row.student_name, "id": student_hash(row.student_key)}
    context = {"lang": lang or "ru", "student": student, "status": row.status,
               "reason": row.reason or row.status, "link": row.link}  # fmt: skip
    text = templates.render("not_graded.txt.j2", context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def chat_order(rows: Sequence[GradedRow]) -> list[GradedRow]:
    """When each hand-in was posted, then where it was found (file and line): the chat's order."""

    def key(g: GradedRow) -> tuple[int, float, str, int, str]:
        row = g.row
        when = _timestamp(row.submitted_at)
        origin, _, line = row.origin.rpartition(":")
        number = int(line) if line.isdigit() else 0
        return (when is None, when or 0.0, origin if line.isdigit() else row.origin, number, row.student_key)

    return sorted(rows, key=key)


def _timestamp(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def write_messages(out: Path, items: Sequence[tuple[GradedRow, str]]) -> list[Path]:
    folder = out / "messages"
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, str] = {}
    for g, text in items:
        stem = feedback_name(g.row.student_name, g.row.student_key).removesuffix(".md")
        wanted[f"{stem}.txt"] = text
    for stale in folder.glob("*.txt"):
        if stale.name not in wanted:
            stale.unlink()
    paths = []
    for name, text in wanted.items():
        paths.append(folder / name)
        write_atomic(folder / name, text)
    # messages.txt: a header line per message (whom to reply to, when they posted) the chat never sees
    write_atomic(out / "messages.txt", "\n".join(f"{_header(d)}\n\n{text}" for d, text in items))
    return paths


def _header(g: GradedRow) -> str:
    row = g.row
    when = f", {row.submitted_at}" if row.submitted_at else ""
    who = f"{one_line(row.student_name)[:60]}{one_line(when)} ({one_line(row.origin)[:80]})"
    return f"======== → {who} ========"
