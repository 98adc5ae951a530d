"""A wall-clock budget for pure-Python work on untrusted input (markdown-it has pathological cases:
256 KB of `![` takes over ten seconds to parse).

Enforced with an interval timer, which only the main thread of a process can receive; elsewhere the
work runs unbounded, so batch grading parses in worker processes' main threads.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# After expiry the timer keeps firing at this interval: an exception raised while a garbage-collector
# callback or a __del__ runs is swallowed by Python, so one signal alone may be lost.
_REFIRE_SECONDS = 0.05


class BudgetExceeded(BaseException):
    """The work did not finish within its time budget.

    A BaseException, so that library code catching `Exception` cannot swallow it.
    """


def _expire(signum: int, frame: FrameType | None) -> None:
    raise BudgetExceeded


@contextmanager
def time_budget(seconds: float) -> Iterator[bool]:
    """Raise BudgetExceeded inside the block after `seconds`; yields whether the budget is enforced."""
    enforce = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # never clobber someone else's timer
    )
    if not enforce:
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE_SECONDS)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing allocates many short-lived objects and runs about
    40% faster without it (PERF.md); nothing parsed holds reference cycles worth collecting mid-way."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
