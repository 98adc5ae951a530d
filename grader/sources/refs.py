"""What sources produce: an `Entry` per message or row, a `SubmissionRef` per hand-in to grade, and
the lines that held no repository link (`Unrecognized`), kept, never dropped."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from grader.sources.links import Classified, Host, Invalid, RepoLink


@dataclass(frozen=True, slots=True)
class Entry:
    """One message or row: who posted, when, and the text or link they posted."""

    student_key: str
    student_name: str
    text: str
    at: datetime | None
    origin: str  # "file:line" or "file#message-id": where an instructor finds it
    order: int = 0
    explicit_link: bool = False  # a CSV url cell: the whole cell is the link, good or bad


@dataclass(frozen=True, slots=True)
class SubmissionRef:
    """What one row of the gradebook grades."""

    student_key: str
    student_name: str
    origin: str
    submitted_at: datetime | None
    link: RepoLink | None = None
    folder: Path | None = None
    invalid: str | None = None  # why a link was refused (the row is `invalid_link`)
    shown: str = ""  # the link or folder as the instructor gave it
    others: tuple[str, ...] = ()  # the student's other candidate links, not graded (never lost)

    def link_repo(self, host: Host) -> str | None:
        return self.link.repo_url(host) if self.link is not None else None

    @property
    def row_key(self) -> str:
        if self.link is not None:
            return self.link.key
        if self.folder is not None:
            return f"folder:{self.folder.name}"
        return f"invalid:{hashlib.sha256(self.shown.encode()).hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class Unrecognized:
    origin: str
    student_name: str
    text: str
    reason: str


@dataclass(slots=True)
class Collected:
    refs: list[SubmissionRef] = field(default_factory=list)
    unrecognized: list[Unrecognized] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # roster students with no hand-in


def to_ref(entry: Entry, item: Classified, text: str) -> SubmissionRef:
    common = {
        "student_key": entry.student_key,
        "student_name": entry.student_name,
        "origin": entry.origin,
        "submitted_at": entry.at,
    }
    if isinstance(item, RepoLink):
        return SubmissionRef(**common, link=item, shown=text)  # type: ignore[arg-type]
    assert isinstance(item, Invalid)
    return SubmissionRef(**common, invalid=item.reason, shown=item.text)  # type: ignore[arg-type]
