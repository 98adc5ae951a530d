"""Instructors' decisions: points set by hand for one criterion of one student, kept in gradebook.sqlite.

Decisions are appended, never updated: the newest one per (student, criterion) is in force, the older
ones are the history (who changed what, when). A decision records the commit it was made on; when the
student's graded commit moves, the decision stays in force and is flagged `recheck` until someone
decides again. `points = NULL` withdraws a decision (the grader's points are back).

`apply` is the one place a decision changes a result: every output (gradebook tables, feedback files,
HTML, publishing) renders from the applied result, so none of them can show the grader's points instead.
"""

from __future__ import annotations

import copy
import dataclasses
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from grader.words import say

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_key TEXT NOT NULL,
    criterion TEXT NOT NULL,
    commit_sha TEXT,
    points REAL,
    note_student TEXT NOT NULL DEFAULT '',
    note_self TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_student ON decisions (student_key, criterion, id);
CREATE TABLE IF NOT EXISTS decision_texts (
    student_key TEXT NOT NULL,
    criterion TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (student_key, criterion, commit_sha)
);
"""
# decision_texts: the student's text for a criterion as it stood when a decision was made on a commit,
# so that after a new commit the re-check can show what changed (the snapshot of the old commit may
# be gone from the cache, and folder hand-ins are not cached at all).

_FIELDS = "student_key, criterion, commit_sha, points, note_student, note_self, who, decided_at"


@dataclass(frozen=True, slots=True)
class Decision:
    student_key: str
    criterion: str
    points: float | None  # None: withdrawn, the grader's points stand
    commit_sha: str | None = None
    note_student: str = ""
    note_self: str = ""
    who: str = ""
    decided_at: str = ""


class DecisionError(ValueError):
    """A decision that cannot be applied: an unknown criterion, or points out of range."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ensure(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def record(db: sqlite3.Connection, decision: Decision, text: str | None = None) -> Decision:
    """Store one decision (stamped now when it has no time) and return what was stored.

    `text`: the criterion's text in the student's hand-in on the decision's commit (kept once per
    commit: the first decision on a commit saw the text every later one on it sees).
    """
    ensure(db)
    stamped = decision if decision.decided_at else _with_time(decision)
    db.execute(
        f"INSERT INTO decisions ({_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (stamped.student_key, stamped.criterion, stamped.commit_sha, stamped.points,
         stamped.note_student, stamped.note_self, stamped.who, stamped.decided_at),
    )  # fmt: skip
    if text is not None and stamped.commit_sha:
        db.execute(
            "INSERT OR IGNORE INTO decision_texts VALUES (?, ?, ?, ?)",
            (stamped.student_key, stamped.criterion, stamped.commit_sha, text),
        )
    return stamped


def text_at(db: sqlite3.Connection, student_key: str, criterion: str, commit: str | None) -> str | None:
    """The criterion's text as it was when a decision was made on `commit` (None: not kept)."""
    if not commit:
        return None
    ensure(db)
    found = db.execute(
        "SELECT text FROM decision_texts WHERE student_key = ? AND criterion = ? AND commit_sha = ?",
        (student_key, criterion, commit),
    ).fetchone()
    return str(found[0]) if found else None


def _with_time(d: Decision) -> Decision:
    return dataclasses.replace(d, decided_at=now())


def history(db: sqlite3.Connection, student_key: str | None = None) -> list[Decision]:
    """Every decision ever made (for one student, or all), oldest first."""
    ensure(db)
    where, args = ("WHERE student_key = ?", (student_key,)) if student_key is not None else ("", ())
    rows = db.execute(f"SELECT {_FIELDS} FROM decisions {where} ORDER BY id", args).fetchall()
    return [Decision(k, c, p, sha, ns or "", nm or "", w, at) for k, c, sha, p, ns, nm, w, at in rows]


def in_force(db: sqlite3.Connection) -> dict[str, dict[str, Decision]]:
    """student key → criterion id → the newest decision, leaving out withdrawn ones."""
    latest: dict[tuple[str, str], Decision] = {}
    for d in history(db):
        latest[(d.student_key, d.criterion)] = d
    out: dict[str, dict[str, Decision]] = {}
    for (student, criterion), d in latest.items():
        if d.points is not None:
            out.setdefault(student, {})[criterion] = d
    return out


def validate(result: Mapping[str, Any], criterion: str, points: float) -> None:
    """Refuse a decision the result cannot take: the message says what is allowed."""
    ids = {c["id"]: c for c in result.get("criteria", [])}
    if criterion not in ids:
        known = ", ".join(sorted(ids)) or "none"
        raise DecisionError(f"criterion {criterion!r} is not in this rubric (its criteria: {known})")
    top = float(ids[criterion]["max_points"])
    if not 0 <= points <= top:
        raise DecisionError(f"points for {criterion!r} must be between 0 and {top:g}, not {points:g}")


def apply(
    result: Mapping[str, Any] | None, decisions: Mapping[str, Decision], commit: str | None
) -> dict[str, Any] | None:
    """The result with each decided criterion's points, status and `decision` set; totals recomputed.

    A decision made on another commit than `commit` still counts, marked `recheck: true`.
    """
    if result is None:
        return None
    if not decisions:
        return dict(result)  # nothing to change: no copy of every criterion on each write
    out = copy.deepcopy(dict(result))
    for criterion in out.get("criteria", []):
        d = decisions.get(criterion["id"])
        if d is None or d.points is None:
            continue
        top = float(criterion["max_points"])
        points = round(min(max(float(d.points), 0.0), top), 2)
        criterion["decision"] = {
            "points": points, "grader_points": criterion["points"], "grader_status": criterion["status"],
            "note": d.note_student, "by": d.who, "at": d.decided_at, "commit": d.commit_sha,
            "recheck": bool(commit and d.commit_sha and d.commit_sha != commit),
        }  # fmt: skip
        criterion["points"] = points
        criterion["status"] = "pass" if points >= top else ("fail" if points <= 0 else "partial")
    _retotal(out)
    return out


def _retotal(result: dict[str, Any]) -> None:
    criteria = result.get("criteria", [])
    score = round(sum(float(c["points"]) for c in criteria), 2)
    top = float(result.get("max_score") or 0)
    result["score"] = score
    result["percent"] = round(100.0 * score / top, 1) if top else 0.0
    met = ("pass", "partial", "needs_review")
    required_met = all(c["status"] in met for c in criteria if c.get("required"))
    result["passed"] = result["percent"] >= float(result.get("pass_threshold", 0)) and required_met


def decided(result: Mapping[str, Any] | None) -> list[str]:
    """Ids of the criteria an instructor decided in this (applied) result."""
    return [c["id"] for c in (result or {}).get("criteria", []) if c.get("decision")]


def to_recheck(result: Mapping[str, Any] | None) -> list[str]:
    """Ids of decided criteria whose decision was made on another commit than the graded one."""
    return [c["id"] for c in (result or {}).get("criteria", []) if (c.get("decision") or {}).get("recheck")]


def words(key: str, lang: str) -> str:
    """A word of the decision marks in `lang` (`mark` — what every output marks a decided criterion
    with, CONVENTIONS.md's "marked as such" —, `grader`, `note`, `recheck`): `decision.<key>`."""
    return say(f"decision.{key}", lang)


def summary_cell(result: Mapping[str, Any] | None) -> str:
    """The gradebook's `checked_by_instructor` cell: each decided criterion, its points and the grader's."""
    items = []
    for c in (result or {}).get("criteria", []):
        d = c.get("decision")
        if not d:
            continue
        recheck = ", re-check" if d.get("recheck") else ""
        items.append(f"{c['id']}: {d['points']:g} (grader {float(d['grader_points']):g}{recheck})")
    return "; ".join(items)
