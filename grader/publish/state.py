"""What was published, kept in gradebook.sqlite beside the grades: one record per (student, target).

Written right after each successful write, so a publish that was killed resumes where it stopped;
the body's sha256 makes an unchanged re-run write nothing. A row that could not be published keeps
its last published version and says why (`status`, `reason`) until a later run succeeds.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

SCHEMA = """
CREATE TABLE IF NOT EXISTS publications (
    student_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    target TEXT NOT NULL,
    repo TEXT,
    ref INTEGER,
    commit_sha TEXT,
    url TEXT,
    body_sha256 TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    published_at TEXT,
    attempted_at TEXT NOT NULL,
    PRIMARY KEY (student_key, row_key, target)
);
"""

_FIELDS = "repo, ref, commit_sha, url, body_sha256, status, reason, published_at, attempted_at"


@dataclass(frozen=True, slots=True)
class Published:
    repo: str | None
    ref: int | None  # the issue number, or the commit comment's id
    commit_sha: str | None
    url: str | None
    body_sha256: str | None
    status: str  # published | refused | pending
    reason: str | None
    published_at: str | None
    attempted_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PublishState:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.executescript(SCHEMA)

    def get(self, student_key: str, row_key: str, target: str) -> Published | None:
        found = self.db.execute(
            f"SELECT {_FIELDS} FROM publications WHERE student_key = ? AND row_key = ? AND target = ?",
            (student_key, row_key, target),
        ).fetchone()
        return Published(*found) if found else None

    def published(
        self, key: tuple[str, str, str], repo: str, ref: int, commit: str | None, url: str | None, sha: str
    ) -> None:
        now = _now()
        self.db.execute(
            f"INSERT OR REPLACE INTO publications (student_key, row_key, target, {_FIELDS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', NULL, ?, ?)",
            (*key, repo, ref, commit, url, sha, now, now),
        )

    def failed(self, key: tuple[str, str, str], repo: str | None, status: str, reason: str) -> None:
        """Not published this time: the last published version (if any) stays recorded."""
        now = _now()
        self.db.execute(
            "INSERT INTO publications (student_key, row_key, target, repo, status, reason, attempted_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student_key, row_key, target) DO UPDATE SET "
            "status = excluded.status, reason = excluded.reason, attempted_at = excluded.attempted_at",
            (*key, repo, status, reason, now),
        )
