"""Read a submission from a local folder or git work tree without following anything out of it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from grader.document.snapshot import (
    MAX_DEPTH,
    MAX_FILES,
    MAX_MARKDOWN_BYTES,
    Note,
    Snapshot,
    is_document,
)
from grader.errors import InputError

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}
_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
# A sample case's expected grades sit beside its files and are never content (CONVENTIONS.md).
_CASE_FILES = {"expected.json"}


def read_folder(path: Path, label: str | None = None) -> Snapshot:
    """Snapshot a folder: every regular file's path, and the bytes of each markdown file.

    Symlinks are reported and never followed, so a submission cannot make the grader read outside
    itself (a `README.md -> /etc/passwd` link is a finding, not content).
    """
    if not path.exists():
        raise InputError(f"{path}: no such folder (give the path of a submission folder)")
    if not path.is_dir():
        raise InputError(f"{path}: is a file, not a folder (give the folder that holds the submission)")
    snapshot = Snapshot(label=label if label is not None else str(path))
    snapshot.commit = head_commit(path)
    _walk(path, snapshot)
    snapshot.files.sort()
    return snapshot


def _walk(root: Path, snapshot: Snapshot) -> None:
    # An explicit stack, not recursion: a 2,000-level tree must not raise RecursionError.
    stack: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            if not prefix and entry.name in _CASE_FILES:
                continue
            if entry.is_symlink():
                snapshot.notes.append(Note("symlink_skipped", rel))
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name in _SKIP_DIRS:
                    continue
                if depth + 1 >= MAX_DEPTH:
                    snapshot.notes.append(Note("nesting_truncated", rel, args={"depth": MAX_DEPTH}))
                    continue
                stack.append((entry.path, f"{rel}/", depth + 1))
                continue
            if len(snapshot.files) >= MAX_FILES:
                snapshot.notes.append(Note("too_many_files", None, args={"limit": MAX_FILES}))
                return
            _add_file(entry, rel, snapshot)


def _add_file(entry: os.DirEntry[str], rel: str, snapshot: Snapshot) -> None:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        return
    snapshot.files.append(rel)
    if not is_document(rel):
        return
    if info.st_size > MAX_MARKDOWN_BYTES:
        snapshot.notes.append(
            Note("file_too_large", rel, args={"size": info.st_size, "limit": MAX_MARKDOWN_BYTES})
        )
        return
    # O_NOFOLLOW: the entry was checked above, but it could be swapped for a link before open().
    try:
        fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_MARKDOWN_BYTES + 1)
    except OSError:
        return
    if data.startswith(_LFS_POINTER):
        snapshot.notes.append(Note("lfs_pointer", rel))
        return
    snapshot.markdown[rel] = data


def head_commit(path: Path) -> str | None:
    """The HEAD commit sha of a git work tree, read from files: running git in it could run hooks.

    `HEAD`, the ref file and `packed-refs` are opened without following links (`O_NOFOLLOW`), must be
    regular files (a FIFO would block, `/dev/zero` never ends) and are read up to a size cap: an LMS
    zip restores symlinks, and a student controls every byte of `.git`.
    """
    git_dir = path / ".git"
    try:
        if git_dir.is_symlink() or not git_dir.is_dir():
            return None
        head = _read_git_file(git_dir / "HEAD", _MAX_HEAD_BYTES)
        if head is None:
            return None
        head = head.strip()
        if not head.startswith("ref: "):
            return head if _is_sha(head) else None
        ref = head[5:].strip()
        if ".." in ref or ref.startswith("/") or not ref.startswith("refs/"):
            return None
        loose = _read_git_file(git_dir / ref, _MAX_HEAD_BYTES)
        if loose is not None:
            sha = loose.strip()
            return sha if _is_sha(sha) else None
        packed = _read_git_file(git_dir / "packed-refs", _MAX_PACKED_REFS_BYTES)
        for line in (packed or "").splitlines():
            sha, _, name = line.partition(" ")
            if name.strip() == ref and _is_sha(sha):
                return sha
    except OSError:
        return None
    return None


_MAX_HEAD_BYTES = 4096  # HEAD or a loose ref: one line
_MAX_PACKED_REFS_BYTES = 1024 * 1024


def _read_git_file(path: Path, cap: int) -> str | None:
    """A small regular file's text, or None: never a link, a FIFO, a device or a folder, never past `cap`.

    Every component below `.git` is checked: a ref path such as `refs/heads/x` could pass through a
    symlinked folder, which O_NOFOLLOW (last component only) would not see."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    nonblock = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    base = path.parent
    while base.name != ".git" and base != base.parent:
        if base.is_symlink():
            return None
        base = base.parent
    try:
        fd = os.open(path, os.O_RDONLY | nofollow | nonblock)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > cap:
            return None
        data = os.read(fd, cap + 1)
    finally:
        os.close(fd)
    if len(data) > cap:
        return None
    return data.decode("ascii", errors="replace")


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)
