"""What fetching produces and parsing consumes: a submission's files, before any markdown is parsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Pictures a hand-in shows (a canvas as a screenshot): kept for the review workspace, never graded.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
# Hand-ins not written in markdown that are still read: plain text as markdown, Word via python-docx,
# PDF via pypdf.
OTHER_DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")

# Per-file and per-submission limits; untrusted repositories must not exhaust the grader.
MAX_MARKDOWN_BYTES = 256 * 1024
MAX_FILES = 20_000
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Note:
    """A warning about the submission (grading goes on): a code from CONVENTIONS.md plus facts."""

    code: str
    file: str | None = None
    line: int | None = None
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Snapshot:
    """A submission's tree as fetched: every file's path, and the bytes of its documents.

    Paths are relative, POSIX-style, in sorted order; nothing here has been decoded or parsed.
    """

    label: str  # how the submission is named in reports (the path or link as the user gave it)
    files: list[str] = field(default_factory=list)
    markdown: dict[str, bytes] = field(default_factory=dict)  # markdown, and text/DOCX (is_document)
    commit: str | None = None
    repo: str | None = None
    notes: list[Note] = field(default_factory=list)
    # Small images of the fetched tree (path -> bytes), for an instructor's eyes only.
    images: dict[str, bytes] = field(default_factory=dict)
    # The folder a link pointed at (`/tree/<branch>/<folder>`): only it is graded.
    subpath: str | None = None


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def is_image(path: str) -> bool:
    return path.lower().endswith(IMAGE_SUFFIXES)


def is_document(path: str) -> bool:
    """A file whose bytes are fetched and read: markdown, plain text, DOCX or PDF."""
    return path.lower().endswith(MARKDOWN_SUFFIXES + OTHER_DOCUMENT_SUFFIXES)
