"""A wall-clock bound on one network call, whatever the server does.

Socket timeouts only catch silence: a server that sends a byte a second never trips them, and neither
requests (PyGithub) nor urllib3 (dulwich) bound a whole answer. The call runs in a daemon thread; when
the bound passes the caller gets a `timeout` row at once and the thread is abandoned (it ends when the
server does, and never keeps the process alive).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from grader.fetch.failure import FetchFailure

T = TypeVar("T")


def bounded(call: Callable[[], T], seconds: float) -> T:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the caller's thread as is
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="grader-bounded-fetch")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        # not transient: a server this slow would only spend the budget again
        raise FetchFailure("timeout", "batch.timeout")
    if "error" in box:
        error = box["error"]
        assert isinstance(error, BaseException)
        raise error
    return box["value"]  # type: ignore[return-value]
