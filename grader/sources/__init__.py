"""Where submissions come from: chat text, a Telegram export, CSV, stdin, or a folder of folders.

Every source yields `Entry`s (who, when, what they posted); `collect` turns them into typed
`SubmissionRef`s — one per student (the latest wins) or all of them — plus the lines that held no
repository link, which are listed, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from grader.links import Classified, Host, Invalid, NotRepo, RepoLink, classify, find_candidates


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


def collect(entries: Iterable[Entry], host: Host, keep_all: bool = False) -> Collected:
    """Classify every link; per student keep the latest repository link (or every one with keep_all)."""
    out = Collected()
    candidates: list[tuple[Entry, Classified, str]] = []
    for entry in entries:
        texts = [entry.text.strip()] if entry.explicit_link else find_candidates(entry.text, host)
        found = [(classify(t, host), t) for t in texts if t]
        useful = [(c, t) for c, t in found if not isinstance(c, NotRepo)]
        if not useful:
            reason = found[0][0].reason if found else "no repository link"  # type: ignore[union-attr]
            out.unrecognized.append(Unrecognized(entry.origin, entry.student_name, entry.text, reason))
            continue
        candidates.extend((entry, c, t) for c, t in useful)
    chosen: dict[tuple[str, str], SubmissionRef] = {}
    for entry, item, text in sorted(candidates, key=lambda x: (_when(x[0]), x[0].order)):
        ref = _to_ref(entry, item, text)
        student = entry.student_key
        if keep_all:
            chosen[(student, ref.row_key)] = ref
            continue
        previous = chosen.get((student, ""))
        # A working link is never replaced by a later broken one; otherwise the latest wins.
        if previous is None or ref.invalid is None or previous.invalid is not None:
            chosen[(student, "")] = ref
    out.refs = sorted(chosen.values(), key=lambda r: (r.student_key, r.row_key))
    return out


def _when(entry: Entry) -> float:
    return entry.at.timestamp() if entry.at is not None else float("-inf")


def _to_ref(entry: Entry, item: Classified, text: str) -> SubmissionRef:
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
