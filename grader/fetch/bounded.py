"""A wall-clock bound on one network call, whatever the server does.

Socket timeouts only catch silence: a server that sends a byte a second never trips them, and neither
requests (PyGithub) nor urllib3 (dulwich) bound a whole answer. The call runs in a daemon thread; when
the bound passes the caller gets a `timeout` row at once and the call is cancelled: its answers are read
through a `Guard`, whose next read raises, so the abandoned thread stops reading within one read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from grader.fetch.failure import FetchFailure

T = TypeVar("T")


class Guard:
    """Shared by one call's readers: a byte ceiling per answer and a cancellation flag."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()

    def check(self) -> None:
        if self.cancelled.is_set():
            raise FetchFailure("timeout", "batch.timeout")

    def capped(self, read: Callable[..., bytes], cap: int) -> Callable[..., bytes]:
        """`read`, counting: past `cap` bytes in all, or once cancelled, the next read raises."""
        seen = 0
        step = 64 * 1024

        def capped_read(size: int | None = -1) -> bytes:
            nonlocal seen
            self.check()
            if size is None or size < 0:
                parts: list[bytes] = []
                while True:
                    chunk = read(step)
                    if not chunk:
                        return b"".join(parts)
                    seen += len(chunk)
                    _over(seen, cap)
                    self.check()
                    parts.append(chunk)
            chunk = read(min(size, cap - seen + 1))
            seen += len(chunk)
            _over(seen, cap)
            return chunk

        return capped_read


def _over(seen: int, cap: int) -> None:
    if seen > cap:
        raise FetchFailure("fetch_error", "batch.answer_too_large", {"limit": cap // (1024 * 1024)})


def bounded(call: Callable[[], T], seconds: float, guard: Guard | None = None) -> T:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the caller's thread as is
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="grader-bounded-fetch")
    worker.start()
    worker.join(max(0.0, seconds))
    if worker.is_alive():
        if guard is not None:
            guard.cancelled.set()  # the reader stops at its next read
        # not transient: a server this slow would only spend the budget again
        raise FetchFailure("timeout", "batch.timeout")
    if "error" in box:
        error = box["error"]
        assert isinstance(error, BaseException)
        raise error
    return box["value"]  # type: ignore[return-value]


class Deadline:
    """One budget for a call and all its retries: each attempt gets what is left."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()
