"""The lock on a batch's output folder: one run writes it at a time; the review app writes the
outputs itself only while no batch holds it (a running batch writes them, decisions included)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grader.errors import InputError

LOCK_NAME = ".grader.lock"


@contextmanager
def try_lock(out: Path) -> Iterator[bool]:
    """The folder's exclusive lock if it is free (True), else False at once; released on exit."""
    try:
        handle = (out / LOCK_NAME).open("a+")
    except OSError as exc:
        raise InputError(f"{out}: cannot use the output folder ({exc.strerror})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        yield False
        return
    try:
        yield True
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
