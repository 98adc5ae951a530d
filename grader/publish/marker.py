"""The hidden marker that finds a student's issue or comment again: `<!-- grader:<rubric>:<hash> -->`.

The student key (a Telegram id, a name) is hashed: the marker sits in a public repository.
"""

from __future__ import annotations

import hashlib
import re

_RUBRIC = re.compile(r"[^a-z0-9-]")


def student_hash(student_key: str) -> str:
    return hashlib.sha256(student_key.encode("utf-8")).hexdigest()[:16]


def marker(rubric_id: str, student_key: str) -> str:
    return f"<!-- grader:{_RUBRIC.sub('-', rubric_id.lower())}:{student_hash(student_key)} -->"


def with_marker(body: str, mark: str) -> str:
    """The body ending in its marker (added by code, so no template can drop it)."""
    return f"{body.rstrip()}\n\n{mark}\n"


def content_sha256(title: str | None, body: str) -> str:
    """What was published, as one digest: a changed title or body is an update."""
    return hashlib.sha256(f"{title or ''}\0{body}".encode()).hexdigest()
