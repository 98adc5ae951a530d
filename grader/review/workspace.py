"""A batch folder opened for review: its rows with decisions applied, and the one way to decide.

Every decision — from the browser, `grader override` or an imported CSV — goes through `decide` or
`decide_many`: validated against the result, appended to gradebook.sqlite, and the folder's outputs
(gradebook.csv/xlsx/json, feedback/) written again so that no file shows the grader's points instead.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.engine.folder_lock import try_lock
from grader.errors import InputError
from grader.report.gradebook import write_outputs
from grader.report.graded import GradedRow, View, build
from grader.store import decisions
from grader.store.database import FILENAME, Row, Store, describe_failure
from grader.store.decisions import Decision, DecisionError


@dataclass(frozen=True, slots=True)
class Pending:
    """A decision asked for, before it is checked: the student as given, the points as a number."""

    student: str
    criterion: str
    points: float | None  # None: withdraw the decision in force
    note_student: str = ""
    note_self: str = ""
    commit: str | None = None  # None: the commit graded now
    who: str = ""
    decided_at: str = ""


def default_who() -> str:
    """Who decides, when not told: the login name (decisions record who changed a grade)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "instructor"


class Workspace:
    """One batch output folder. Thread-safe: the review server calls it from its worker threads."""

    def __init__(self, out: Path) -> None:
        self.out = out
        path = out / FILENAME
        if not path.is_file():
            raise InputError(f"{out}: no {FILENAME} here (give the --out folder of a `grader batch` run)")
        try:
            self.store = Store(path)
        except sqlite3.Error as exc:
            raise InputError(describe_failure(path, exc)) from None
        self.lock = threading.RLock()
        # False after a decision while a batch run held the folder: that run writes the outputs.
        self.written = True

    def close(self) -> None:
        self.store.close()

    def rows(self) -> list[Row]:
        with self.lock:
            return self.store.member_rows()

    def graded(self) -> list[GradedRow]:
        """Every row of the last run, its result as the outputs show it (decisions applied)."""
        with self.lock:
            return build(self.store.member_rows(), self.store.decisions())

    def view(self) -> View:
        """How the last run showed times, and its roster's missing students (kept in gradebook.json)."""
        from grader.engine.gradebook_view import stored_view

        with self.lock:
            view = stored_view(self.store)
        # The roster's missing students are not in SQLite (the batch knows them from its sources):
        # the last gradebook.json has them, and writing the outputs again must not drop them.
        return dataclasses.replace(view, missing=tuple(self._not_submitted()))

    def _not_submitted(self) -> list[str]:
        try:
            data = json.loads((self.out / "gradebook.json").read_text("utf-8"))
        except (OSError, ValueError):
            return []
        names = data.get("not_submitted") if isinstance(data, dict) else None
        return [str(n) for n in names] if isinstance(names, list) else []

    def unrecognized(self) -> list[list[str]]:
        """The chat lines the last run could not read a link from: origin, name, text, reason."""
        try:
            text = (self.out / "unrecognized.txt").read_text("utf-8", errors="replace")
        except OSError:
            return []
        return [[*line.split("\t"), "", "", ""][:4] for line in text.splitlines() if line.strip()]

    def history(self, student_key: str | None = None) -> list[Decision]:
        with self.lock:
            return decisions.history(self.store.db, student_key)

    def text_at(self, student_key: str, criterion: str, commit: str | None) -> str | None:
        with self.lock:
            return decisions.text_at(self.store.db, student_key, criterion, commit)

    def resolve(self, student: str, rows: Sequence[Row] | None = None) -> Row:
        """A row by its student key, else by a unique name (case and spaces ignored)."""
        rows = list(rows) if rows is not None else self.rows()
        by_key = [r for r in rows if r.student_key == student]
        if by_key:
            return by_key[0]
        wanted = " ".join(student.split()).casefold()
        named = [r for r in rows if " ".join(r.student_name.split()).casefold() == wanted]
        if len(named) == 1:
            return named[0]
        if named:
            keys = ", ".join(r.student_key for r in named)
            raise DecisionError(f"{len(named)} students are named {student!r}: give the key ({keys})")
        raise DecisionError(
            f"no student {student!r} in {self.out} (give a student key or name from gradebook.csv)"
        )

    def check(self, pending: Pending, rows: Sequence[Row]) -> tuple[Decision, str | None]:
        """The decision to store for `pending` and the criterion's text now, or DecisionError."""
        from grader.review.sources import criterion_text

        row = self.resolve(pending.student, rows)
        result = row.result_json()
        if result is None:
            raise DecisionError(
                f"{row.student_name!r} has no graded result ({row.status}): nothing to decide"
            )
        if pending.points is not None:
            decisions.validate(result, pending.criterion, pending.points)
        elif pending.criterion not in {c["id"] for c in result.get("criteria", [])}:
            decisions.validate(result, pending.criterion, 0.0)  # the unknown-criterion message
        decision = Decision(
            student_key=row.student_key,
            criterion=pending.criterion,
            points=pending.points,
            commit_sha=pending.commit or row.commit_sha or row.tip,
            note_student=pending.note_student.strip(),
            note_self=pending.note_self.strip(),
            who=pending.who or default_who(),
            decided_at=pending.decided_at,
        )
        text = criterion_text(self.out, row, pending.criterion) if decision.commit_sha else None
        return decision, text

    def decide(self, pending: Pending) -> Decision:
        return self.decide_many([pending])[0]

    def decide_many(self, many: Sequence[Pending]) -> list[Decision]:
        """Check every decision first, store them all in one transaction (or none), write the outputs."""
        with self.lock:
            rows = self.store.member_rows()
            checked = [self.check(p, rows) for p in many]
            stored = []
            with self.store.transaction():
                for decision, text in checked:
                    stored.append(decisions.record(self.store.db, decision, text))
            self.written = self.write()
            return stored

    def write(self) -> bool:
        """Write the folder's outputs again; False when a batch run holds the folder (it writes them)."""
        with self.lock, try_lock(self.out) as free:
            if not free:
                return False
            write_outputs(self.out, self.store.member_rows(), self.view(), self.store.decisions())
            return True
