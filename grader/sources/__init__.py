"""Where submissions come from: chat text, a Telegram export, CSV, stdin, or a folder of folders.

Every source yields `Entry`s (who, when, what they posted); `collect` turns them into typed
`SubmissionRef`s — one per student (their own repository, else the latest link; the other links
kept beside it) or all of them — plus the lines that held no repository link, listed, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from grader.links import Classified, Host, Invalid, NotRepo, RepoLink, classify, find_candidates
from grader.sources.rules import Rules


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


def collect(
    entries: Iterable[Entry], host: Host, keep_all: bool = False, rules: Rules | None = None
) -> Collected:
    """Classify every link; per student choose the hand-in (see `choose`), or keep every one."""
    from grader.sources.choose import choose

    rules = rules or Rules()
    out = Collected()
    candidates: list[tuple[Entry, Classified, str]] = []
    for entry in rules.map_students(list(entries)):
        texts = [entry.text.strip()] if entry.explicit_link else find_candidates(entry.text, host)
        found = [(classify(t, host), t) for t in texts if t]
        ignored = [t for c, t in found if isinstance(c, RepoLink) and rules.ignores(c)]
        useful = [(c, t) for c, t in found if not isinstance(c, NotRepo) and t not in ignored]
        if not useful:
            reason = "a course repository (ignored)" if ignored else "no repository link"
            if found and not ignored:
                reason = found[0][0].reason  # type: ignore[union-attr]
            out.unrecognized.append(Unrecognized(entry.origin, entry.student_name, entry.text, reason))
            continue
        candidates.extend((entry, c, t) for c, t in useful)
    out.refs = choose(candidates, keep_all, rules)
    out.missing = rules.missing(out.refs)
    return out


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


def _is_case_group(folder: Path) -> bool:
    """A folder of sample cases for another rubric (sample_submissions/<rubric>/<case>/), not a student:
    no files of its own, and sub-folders that are cases (each with an expected.json)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    subfolders = [e for e in entries if e.is_dir() and not e.is_symlink()]
    files = [e for e in entries if not e.is_dir() and e.name.lower() not in ("readme.md", "expected.json")]
    return (
        bool(subfolders)
        and not files
        and not (folder / "expected.json").exists()
        and all((sub / "expected.json").is_file() for sub in subfolders)
    )


def folder_refs(root: Path) -> list[SubmissionRef]:
    """A folder of submission folders (LMS downloads, sample_submissions/): each sub-folder a student."""
    refs = []
    for child in sorted(root.iterdir(), key=lambda p: p.name):
        if child.name.startswith(".") or child.is_symlink() or not child.is_dir():
            continue
        if _is_case_group(child):
            continue
        refs.append(
            SubmissionRef(
                student_key=f"folder:{child.name}",
                student_name=child.name,
                origin=str(child),
                submitted_at=None,
                folder=child,
                shown=str(child),
            )
        )
    return refs
