"""The gradebook as one typed table: the columns CSV and XLSX both write, in the same order.

Values keep their types (numbers are floats, flags bools, missing values None); each writer decides
how a type looks in its format. Times are ISO 8601 in the run's zone (the deadline's), with offset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from grader.scoring.late import shown_time
from grader.store.decisions import summary_cell

if TYPE_CHECKING:
    from grader.report.graded import GradedRow

Value = str | float | bool | None


@dataclass(frozen=True, slots=True)
class Table:
    header: list[str]
    maxima: dict[str, float]  # criterion column → its maximum points (XLSX shows it in the header)
    rows: list[list[Value]]
    feedback_column: int  # index of the feedback path (XLSX makes it a hyperlink)


def criterion_ids(rows: Sequence[GradedRow]) -> list[str]:
    ids: list[str] = []
    for g in rows:
        for c in (g.result or {}).get("criteria", []):
            if c["id"] not in ids:
                ids.append(c["id"])
    return ids


def needs_review(result: dict[str, Any] | None) -> str:
    """Which criteria wait for the instructor, and why (the first finding, else the rubric's words)."""
    items = []
    for c in (result or {}).get("criteria", []):
        if c.get("status") != "needs_review":
            continue
        findings = c.get("findings") or []
        why = findings[0].get("message", "") if findings else c.get("summary") or c.get("feedback") or ""
        items.append(f"{c['id']}: {why}".strip().rstrip(":"))
    return "; ".join(items)


def other_links(raw: str | None) -> str:
    try:
        links = json.loads(raw) if raw else []
    except ValueError:
        return ""
    return " ".join(str(link) for link in links) if isinstance(links, list) else ""


def build_table(graded: Sequence[GradedRow], zone: tzinfo | None) -> Table:
    ids = criterion_ids(graded)
    header = ["student", "link", "commit", "status", "reason", "refresh", "refresh_at", *ids]
    header += [
        "total",
        "max",
        "percent",
        "needs_review",
        "checked_by_instructor",
        "late",
        "later_commits",
        "penalty_percent",
    ]
    header += ["submitted_at", "committed_at", "other_links", "feedback"]
    maxima: dict[str, float] = {}
    table: list[list[Value]] = []
    for g in graded:
        criteria = (g.result or {}).get("criteria", [])
        points = {c["id"]: float(c["points"]) for c in criteria}
        for c in criteria:
            maxima.setdefault(c["id"], float(c["max_points"]))
        r = g.row
        refresh = f"{r.refresh}: {r.refresh_reason or ''}".rstrip(": ") if r.refresh else None
        max_score = (g.result or {}).get("max_score")
        table.append(
            [
                r.student_name, r.link, r.commit_sha, r.status, r.reason, refresh,
                shown_time(r.refresh_at, zone), *[points.get(i) for i in ids],
                g.final_score, float(max_score) if max_score is not None else None, g.final_percent,
                needs_review(g.result) or None, summary_cell(g.result) or None, r.late, r.later_commits,
                r.penalty,
                shown_time(r.submitted_at, zone), shown_time(r.committed_at, zone),
                other_links(r.other_links) or None, f"feedback/{g.feedback}" if g.feedback else None,
            ]
        )  # fmt: skip
    return Table(header, maxima, table, len(header) - 1)
