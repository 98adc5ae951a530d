"""What an HTML page says about a student, in plain values: the templates only lay them out.

Links go only to the repository the batch graded (its host came through the link allowlist), to the
exact commit: `<repo>/blob/<sha>/<path>#L<n>`. Every string here is the student's or the grader's
text and is escaped by the templates (Jinja2 autoescape), never marked safe.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from grader.report.graded import GradedRow

_SHA = re.compile(r"^[0-9a-f]{40}$")


def student_id(g: GradedRow) -> str:
    """A stable, URL-safe id of a row (names are untrusted and may repeat; keys may hold anything)."""
    raw = f"{g.row.student_key}\0{g.row.row_key}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def blob_base(g: GradedRow) -> str | None:
    """`<repo>/blob/<sha>` of the graded commit, or None (a folder hand-in, no commit)."""
    repo, sha = g.row.repo_url, g.row.commit_sha
    if repo and sha and _SHA.match(sha) and repo.startswith(("https://", "http://")):
        return f"{repo}/blob/{sha}"
    return None


def line_link(g: GradedRow, file: str | None, line: int | None) -> str | None:
    base = blob_base(g)
    if base is None or not file:
        return None
    return f"{base}/{quote(file, safe='/')}" + (f"#L{line}" if line else "")


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    where: str  # "file:line" or ""
    link: str | None


def places(g: GradedRow, items: list[dict[str, Any]], key: str) -> list[Place]:
    out = []
    for item in items:
        file, line = item.get("file"), item.get("line")
        where = f"{file}:{line}" if file and line else (file or "")
        out.append(Place(str(item.get(key) or ""), where, line_link(g, file, line)))
    return out


def status_of(g: GradedRow) -> str:
    """The row's one-word state for tables and filters."""
    if g.result is None:
        return g.row.status
    return "passed" if g.result.get("passed") else "not_passed"


def points_of(g: GradedRow) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in (g.result or {}).get("criteria", [])}
