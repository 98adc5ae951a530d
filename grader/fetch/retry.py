"""One retry policy for every fetch (git packs, the commits API): transient failures are tried again
with backoff, a rate limit is waited out when short enough, and all of it within one deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from grader.fetch.bounded import Deadline, Guard, bounded
from grader.fetch.failure import FetchFailure

T = TypeVar("T")
RETRIES = 2


def backoff(attempt: int) -> float:
    """Seconds before try `attempt + 1`: 0.3, 0.9, …"""
    return 0.3 * 3.0**attempt


def with_retries(
    call: Callable[[Guard], T],
    classify: Callable[[Exception], FetchFailure],
    deadline: Deadline,
    max_wait: float = 0.0,
) -> T:
    """`call(guard)` until it returns, or until its failure is final: not transient, the last try, or
    no time left for the pause. A server that trickles cannot spend the deadline three times; waiting
    out a rate limit (at most `max_wait` seconds) is the one pause it does not count."""
    for attempt in range(RETRIES + 1):
        guard = Guard()
        try:
            return bounded(lambda g=guard: call(g), deadline.left(), guard)  # type: ignore[misc]
        except FetchFailure as failure:
            final = failure
        except Exception as exc:
            final = classify(exc)
        if final.wait is not None and final.wait <= max_wait and attempt < RETRIES:
            time.sleep(final.wait)
            deadline.end += final.wait
            continue
        pause = backoff(attempt)
        if not final.transient or attempt == RETRIES or deadline.left() <= pause:
            raise final from None
        time.sleep(pause)
    raise AssertionError("unreachable")
