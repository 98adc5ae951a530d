"""The batch's state: a SQLite gradebook (WAL) in the output folder, written as each submission finishes.

`rows` holds one record per (student, link): status, the graded commit, the tip it came from, the
rubric's sha256 and the other settings it was graded with, and the Result JSON. `snapshots` caches
fetched files per (repo, commit, subpath), so a changed rubric re-grades without fetching. `members`
is the set of rows the last run was asked for; reports render from it, so they can always be
regenerated from this file alone.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.document.snapshot import Note, Snapshot
from grader.store.decisions import SCHEMA as _DECISIONS_SCHEMA
from grader.store.decisions import Decision, in_force

FILENAME = "gradebook.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    student_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    student_name TEXT NOT NULL,
    link TEXT NOT NULL,
    origin TEXT NOT NULL,
    submitted_at TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    repo_url TEXT,
    tip TEXT,
    commit_sha TEXT,
    committed_at TEXT,
    rubric_sha256 TEXT,
    settings TEXT NOT NULL,
    late INTEGER NOT NULL DEFAULT 0,
    later_commits INTEGER NOT NULL DEFAULT 0,
    penalty REAL NOT NULL DEFAULT 0,
    result TEXT,
    updated_at TEXT NOT NULL,
    refresh TEXT,
    refresh_reason TEXT,
    refresh_at TEXT,
    other_links TEXT,
    PRIMARY KEY (student_key, row_key)
);
CREATE TABLE IF NOT EXISTS grades (
    student_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    rubric_sha256 TEXT NOT NULL,
    settings TEXT NOT NULL,
    score REAL,
    max_score REAL,
    first_graded_at TEXT NOT NULL,
    PRIMARY KEY (student_key, row_key, commit_sha, rubric_sha256, settings)
);
CREATE TABLE IF NOT EXISTS snapshots (
    source TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    subpath TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (source, commit_sha, subpath)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
    student_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    PRIMARY KEY (student_key, row_key)
);
"""


@dataclass(slots=True)
class Row:
    student_key: str
    row_key: str
    student_name: str
    link: str
    origin: str
    submitted_at: str | None
    status: str
    reason: str | None
    repo_url: str | None
    tip: str | None
    commit_sha: str | None
    committed_at: str | None
    rubric_sha256: str | None
    settings: str
    late: bool
    later_commits: bool
    penalty: float
    result: str | None
    updated_at: str
    # A failed refresh of a graded row: the status it would have had, why, and when. The grade stays.
    refresh: str | None = None
    refresh_reason: str | None = None
    refresh_at: str | None = None
    # The student's other candidate links (JSON list of strings): kept so no hand-in is lost silently.
    other_links: str | None = None

    def result_json(self) -> dict[str, Any] | None:
        return json.loads(self.result) if self.result else None


_COLUMNS = list(Row.__dataclass_fields__)


_NO_SPACE = ("disk I/O error", "database or disk is full", "readonly", "unable to open")


def describe_failure(path: Path, exc: sqlite3.Error) -> str:
    """One line for a gradebook SQLite cannot use: a full or read-only disk, or a damaged file."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and any(s in text for s in _NO_SPACE):
        return f"{path.parent}: cannot write the results ({text}); free space and run again"
    return (
        f"{path}: the gradebook is damaged or not a grader gradebook ({text}); move it away "
        f"(mv {path} {path}.damaged) and run again: every repository is fetched and graded anew"
    )


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        # Rows whose stored result is unreadable: skipped (graded again by a batch run) and reported.
        self.skipped: list[str] = []
        # One connection, used only by the thread that writes results (the batch's main thread).
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process (not a power cut), at a fraction of FULL's cost.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA + _DECISIONS_SCHEMA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        # A gradebook written by an older grader lacks the refresh columns: add them, keep the rows.
        have = {r[1] for r in self.db.execute("PRAGMA table_info(rows)").fetchall()}
        for column in ("refresh", "refresh_reason", "refresh_at", "other_links"):
            if column not in have:
                self.db.execute(f"ALTER TABLE rows ADD COLUMN {column} TEXT")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside is committed together or none is: in autocommit mode (isolation_level
        None) a row and its cached snapshot would otherwise be half-written by a kill between them."""
        with self.db:
            self.db.execute("BEGIN")
            yield

    def set_meta(self, key: str, value: str | None) -> None:
        """Run settings the outputs need again (the deadline, its zone), so merge renders the same."""
        if value is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(found[0]) if found else None

    def decisions(self) -> dict[str, dict[str, Decision]]:
        """The instructors' decisions in force (grader.store.decisions): every output applies them."""
        return in_force(self.db)

    def set_members(self, keys: list[tuple[str, str]]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM members")
            self.db.executemany("INSERT OR IGNORE INTO members VALUES (?, ?)", keys)

    def row(self, student_key: str, row_key: str) -> Row | None:
        cursor = self.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM rows WHERE student_key = ? AND row_key = ?",
            (student_key, row_key),
        )
        found = cursor.fetchone()
        return self._readable(_row(found)) if found else None

    def _readable(self, row: Row) -> Row | None:
        try:
            if row.result is not None:
                json.loads(row.result)
            if row.other_links is not None:
                json.loads(row.other_links)
        except ValueError:
            if row.student_key not in self.skipped:
                self.skipped.append(row.student_key)
            return None
        return row

    def put_row(self, row: Row) -> None:
        values = asdict(row)
        values["late"] = int(row.late)
        values["later_commits"] = int(row.later_commits)
        marks = ", ".join("?" for _ in _COLUMNS)
        self.db.execute(
            f"INSERT OR REPLACE INTO rows ({', '.join(_COLUMNS)}) VALUES ({marks})",
            [values[c] for c in _COLUMNS],
        )
        if row.status == "graded" and row.commit_sha and row.rubric_sha256 and row.refresh is None:
            self._put_grade(row)

    def _put_grade(self, row: Row) -> None:
        """Every (commit, rubric, settings) a row was ever graded with: what changed between runs."""
        result = row.result_json() or {}
        self.db.execute(
            "INSERT OR IGNORE INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row.student_key, row.row_key, row.commit_sha, row.rubric_sha256, row.settings,
             result.get("score"), result.get("max_score"), row.updated_at),
        )  # fmt: skip

    def grades(self, student_key: str, row_key: str) -> list[tuple[str, str, float | None]]:
        """(commit, rubric sha256, score) of every grade this row has had, oldest first."""
        cursor = self.db.execute(
            "SELECT commit_sha, rubric_sha256, score FROM grades WHERE student_key = ? AND row_key = ? "
            "ORDER BY first_graded_at, rowid",
            (student_key, row_key),
        )
        return [(c, r, s) for c, r, s in cursor.fetchall()]

    def member_rows(self) -> list[Row]:
        cursor = self.db.execute(
            f"SELECT {', '.join('r.' + c for c in _COLUMNS)} FROM rows r JOIN members m "
            "ON r.student_key = m.student_key AND r.row_key = m.row_key "
            "ORDER BY r.student_key, r.row_key"
        )
        rows = (self._readable(_row(values)) for values in cursor.fetchall())
        return [row for row in rows if row is not None]

    def snapshot(self, source: str, commit: str, subpath: str | None) -> tuple[Snapshot, str | None] | None:
        cursor = self.db.execute(
            "SELECT data FROM snapshots WHERE source = ? AND commit_sha = ? AND subpath = ?",
            (source, commit, subpath or ""),
        )
        found = cursor.fetchone()
        if not found:
            return None
        try:
            return _decode_snapshot(found[0])
        except (zlib.error, ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged cache entry: fetched again, and the new snapshot replaces it

    def snapshots_of(self, source: str, commit: str) -> list[Snapshot]:
        """Every cached snapshot of a commit (the whole tree and any `/tree/` folders), readable ones."""
        cursor = self.db.execute(
            "SELECT data FROM snapshots WHERE source = ? AND commit_sha = ? ORDER BY subpath",
            (source, commit),
        )
        out = []
        for (blob,) in cursor.fetchall():
            try:
                out.append(_decode_snapshot(blob)[0])
            except (zlib.error, ValueError, KeyError, TypeError, AttributeError):
                continue
        return out

    def put_snapshot(self, source: str, commit: str, snapshot: Snapshot, committed_at: str | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?)",
            (source, commit, snapshot.subpath or "", _encode_snapshot(snapshot, committed_at)),
        )


def _row(values: tuple[Any, ...]) -> Row:
    row = Row(*values)
    row.late = bool(row.late)
    row.later_commits = bool(row.later_commits)
    return row


def _encode_snapshot(snapshot: Snapshot, committed_at: str | None) -> bytes:
    data = {
        "committed_at": committed_at,
        "label": snapshot.label,
        "files": snapshot.files,
        "markdown": {path: body.decode("latin-1") for path, body in snapshot.markdown.items()},
        "commit": snapshot.commit,
        "repo": snapshot.repo,
        "subpath": snapshot.subpath,
        "notes": [asdict(n) for n in snapshot.notes],
        "images": {path: base64.b64encode(body).decode("ascii") for path, body in snapshot.images.items()},
    }
    return zlib.compress(json.dumps(data).encode("utf-8"), 3)


def _decode_snapshot(blob: bytes) -> tuple[Snapshot, str | None]:
    data = json.loads(zlib.decompress(blob))
    snapshot = Snapshot(
        label=data["label"],
        files=data["files"],
        markdown={path: body.encode("latin-1") for path, body in data["markdown"].items()},
        commit=data["commit"],
        repo=data["repo"],
        subpath=data["subpath"],
        notes=[Note(**n) for n in data["notes"]],
        images={path: base64.b64decode(body) for path, body in (data.get("images") or {}).items()},
    )
    return snapshot, data.get("committed_at")
