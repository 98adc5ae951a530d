"""The student's files of a graded row, for the reviewer's eyes: document texts, images, excerpts.

Read once per (row, commit) and kept in memory, so no request of the review server ever opens a path
it was given. A repository's documents come from the batch's snapshot cache in gradebook.sqlite, with
its small images (up to 256 KB each, cached at fetch time from the same pack; larger ones are linked to
on the host). A folder hand-in has no cache: its files
are read from the folder the batch graded, with the batch's own reader (symlinks never followed), and
only when the folder still holds what was graded (its content hash is the row's tip).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from grader.document.decode import decode
from grader.store.database import Row, Store

IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".svg": "image/svg+xml",
}  # fmt: skip
MAX_IMAGE_BYTES = 2 * 1024 * 1024  # a canvas photo fits; a 50 MB "image" is linked, not served
MAX_IMAGES = 30  # per hand-in
CONVERT_SECONDS = 10.0  # a Word or PDF hand-in converted again for the reviewer's eyes
MAX_EXCERPT_LINES = 80  # the criterion's section as shown; longer ones are cut with a mark
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")


@dataclass(slots=True)
class Files:
    """What the reviewer can see of one hand-in: each document's lines, and its small images."""

    where: str  # "cache", "folder", or "" when nothing could be read
    texts: dict[str, list[str]] = field(default_factory=dict)
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (mime, bytes)
    all_files: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Excerpt:
    file: str
    lines: list[tuple[int, str]]  # (1-based line number, text)
    cut: bool = False


_cache: dict[tuple[str, str, str], Files] = {}


def files_of(out: Path, row: Row) -> Files:
    """The row's files at its graded commit (cached per process: a commit never changes)."""
    key = (str(out), f"{row.student_key}\0{row.row_key}", row.commit_sha or row.tip or "")
    if key not in _cache:
        _cache[key] = _read(out, row)
    return _cache[key]


def _read(out: Path, row: Row) -> Files:
    if row.repo_url and row.commit_sha:
        store = Store(out / "gradebook.sqlite")
        try:
            snapshots = store.snapshots_of(row.repo_url, row.commit_sha)
        finally:
            store.close()
        if snapshots:
            files = Files("cache", all_files=snapshots[0].files)
            for snap in snapshots:
                for path, body in snap.markdown.items():
                    files.texts.setdefault(path, _text(path, body))
                for path, data in snap.images.items():
                    mime = IMAGE_TYPES.get(os.path.splitext(path)[1].lower())
                    if mime and len(files.images) < MAX_IMAGES and len(data) <= MAX_IMAGE_BYTES:
                        files.images.setdefault(path, (mime, data))
            return files
        return Files("")
    folder = Path(row.link)
    if row.repo_url is None and row.tip and row.tip.startswith("content:") and folder.is_dir():
        return _read_folder(folder, row.tip)
    return Files("")


def _read_folder(folder: Path, tip: str) -> Files:
    from grader.engine.state import content_hash
    from grader.fetch.folder import read_folder

    snapshot = read_folder(folder)
    if content_hash(snapshot) != tip:
        return Files("")  # changed since it was graded: showing it would mislead
    files = Files("folder", all_files=snapshot.files)
    for path, body in snapshot.markdown.items():
        files.texts[path] = _text(path, body)
    for path in snapshot.files:
        mime = IMAGE_TYPES.get(os.path.splitext(path)[1].lower())
        if mime and len(files.images) < MAX_IMAGES:
            data = _small_file(folder, path)
            if data is not None:
                files.images[path] = (mime, data)
    return files


def _small_file(folder: Path, rel: str) -> bytes | None:
    # read_folder listed only regular files, never through a link; O_NOFOLLOW keeps it so for the
    # last component, and the size cap keeps a huge "image" out of memory.
    try:
        fd = os.open(folder / rel, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_IMAGE_BYTES else None


def _text(path: str, body: bytes) -> list[str]:
    """A document's lines as the checks read them (Word and PDF converted, within a time budget)."""
    from grader.budget import BudgetExceeded, time_budget
    from grader.document.office import UnreadableDocument, docx_to_markdown, pdf_to_markdown
    from grader.document.submission import document_source

    convert = {"docx": docx_to_markdown, "pdf": pdf_to_markdown}.get(document_source(path) or "")
    if convert is None:
        return decode(body).text.split("\n")
    try:
        with time_budget(CONVERT_SECONDS):
            return convert(body).split("\n")
    except (UnreadableDocument, BudgetExceeded):
        return []


def excerpts(files: Files, criterion: dict[str, object]) -> list[Excerpt]:
    """The student's text a criterion was judged on: the parts the grader read as this criterion's
    (its `where`: the role model's spans), then the section around evidence and findings elsewhere."""
    shown: list[Excerpt] = []
    covered: dict[str, list[tuple[int, int]]] = {}
    for part in _items(criterion, "where"):
        path, first, last = part.get("file"), part.get("line"), part.get("end_line")
        if isinstance(path, str) and path in files.texts and isinstance(first, int) and isinstance(last, int):
            text = files.texts[path]
            first, last = max(1, first), min(len(text), last if first else len(text))
            covered.setdefault(path, []).append((first, last))
            shown.append(_lines(path, text, first, last))
    wanted: dict[str, list[int]] = {}
    for item in [*_items(criterion, "evidence"), *_items(criterion, "findings")]:
        path, line = item.get("file"), item.get("line")
        if isinstance(path, str) and path in files.texts:
            if isinstance(line, int) and any(a <= line <= b for a, b in covered.get(path, [])):
                continue  # already shown in its part
            lines = wanted.setdefault(path, [])
            if isinstance(line, int):
                lines.append(line)
    shown.extend(
        _section(path, files.texts[path], lines)
        for path, lines in wanted.items()
        if lines or path not in covered
    )
    return shown


def _lines(path: str, text: list[str], start: int, end: int) -> Excerpt:
    while end > start and not text[end - 1].strip():
        end -= 1
    cut = end - start + 1 > MAX_EXCERPT_LINES
    end = min(end, start + MAX_EXCERPT_LINES - 1)
    return Excerpt(path, [(n, text[n - 1]) for n in range(start, end + 1)], cut)


def _items(criterion: dict[str, object], key: str) -> list[dict[str, object]]:
    value = criterion.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _section(path: str, text: list[str], lines: list[int]) -> Excerpt:
    """From the heading above the first line to the next heading of its level after the last one."""
    if not text:
        return Excerpt(path, [])
    if not lines:
        start, end = 1, min(len(text), 20)
    else:
        # Clamped: a line past the end (a file converted differently) must not break the page.
        last = max(1, min(len(text), max(lines)))
        first = min(max(1, min(lines)), last)
        start, level = first, 7
        for n in range(first, 0, -1):
            found = _HEADING.match(text[n - 1])
            if found:
                start, level = n, len(found.group(1))
                break
        end = len(text)
        for n in range(last + 1, len(text) + 1):
            found = _HEADING.match(text[n - 1])
            if found and len(found.group(1)) <= level:
                end = n - 1
                break
    return _lines(path, text, start, end)


def plain(excerpts_: list[Excerpt]) -> str:
    """Excerpts as one text (kept with a decision, compared on a re-check)."""
    parts = []
    for e in excerpts_:
        parts.append(f"== {e.file}")
        parts.extend(text for _, text in e.lines)
    return "\n".join(parts)


def criterion_text(out: Path, row: Row, criterion_id: str) -> str:
    """The criterion's text at the row's graded commit: its excerpts, else its evidence lines."""
    result = row.result_json() or {}
    criterion = next((c for c in result.get("criteria", []) if c.get("id") == criterion_id), None)
    if criterion is None:
        return ""
    found = excerpts(files_of(out, row), criterion)
    if found:
        return plain(found)
    evidence = [f"{e.get('file')}:{e.get('line')}: {e.get('text')}" for e in _items(criterion, "evidence")]
    return "\n".join(evidence)


def images_for(files: Files, criterion: dict[str, object], shown: list[Excerpt]) -> list[str]:
    """The hand-in's images this criterion is about: named in its evidence, findings or text.

    Served inline when `files.images` holds them, else linked to on the repository's host.
    """
    said = " ".join(f"{v.get('text', '')} {v.get('message', '')}" for v in _items(criterion, "evidence"))
    said += " ".join(str(v.get("message", "")) for v in _items(criterion, "findings"))
    said += " ".join(text for e in shown for _, text in e.lines)
    pictures = [p for p in files.all_files if os.path.splitext(p)[1].lower() in IMAGE_TYPES]
    return [p for p in pictures if p in said or os.path.basename(p) in said][:MAX_IMAGES]
