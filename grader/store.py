"""The batch's state: a SQLite gradebook (WAL) in the output folder, written as each submission finishes.

`rows` holds one record per (student, link): status, the graded commit, the tip it came from, the
rubric's sha256 and the other settings it was graded with, and the Result JSON. `snapshots` caches
fetched files per (repo, commit, subpath), so a changed rubric re-grades without fetching. `members`
is the set of rows the last run was asked for; reports render from it, so they can always be
regenerated from this file alone.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.snapshot import Note, Snapshot

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
    PRIMARY KEY (student_key, row_key)
);
CREATE TABLE IF NOT EXISTS snapshots (
    source TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    subpath TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (source, commit_sha, subpath)
);
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

    def result_json(self) -> dict[str, Any] | None:
        return json.loads(self.result) if self.result else None


_COLUMNS = list(Row.__dataclass_fields__)


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        # One connection, used only by the thread that writes results (the batch's main thread).
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process (not a power cut), at a fraction of FULL's cost.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def set_members(self, keys: list[tuple[str, str]]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM members")
            self.db.executemany("INSERT OR IGNORE INTO members VALUES (?, ?)", keys)

    def row(self, student_key: str, row_key: str) -> Row | None:
        cursor = self.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM rows WHERE student_key = ? AND row_key = ?",
            (student_key, row_key),
        )
        found = cursor.fetchone()
        return Row(*found) if found else None

    def put_row(self, row: Row) -> None:
        values = asdict(row)
        values["late"] = int(row.late)
        values["later_commits"] = int(row.later_commits)
        marks = ", ".join("?" for _ in _COLUMNS)
        self.db.execute(
            f"INSERT OR REPLACE INTO rows ({', '.join(_COLUMNS)}) VALUES ({marks})",
            [values[c] for c in _COLUMNS],
        )

    def member_rows(self) -> list[Row]:
        cursor = self.db.execute(
            f"SELECT {', '.join('r.' + c for c in _COLUMNS)} FROM rows r JOIN members m "
            "ON r.student_key = m.student_key AND r.row_key = m.row_key "
            "ORDER BY r.student_key, r.row_key"
        )
        return [_row(values) for values in cursor.fetchall()]

    def snapshot(self, source: str, commit: str, subpath: str | None) -> tuple[Snapshot, str | None] | None:
        cursor = self.db.execute(
            "SELECT data FROM snapshots WHERE source = ? AND commit_sha = ? AND subpath = ?",
            (source, commit, subpath or ""),
        )
        found = cursor.fetchone()
        return _decode_snapshot(found[0]) if found else None

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
    )
    return snapshot, data.get("committed_at")
