"""A wall-clock budget for pure-Python work on untrusted input (markdown-it has pathological cases:
256 KB of `![` takes over ten seconds to parse).

Enforced with an interval timer, which only the main thread of a process can receive; elsewhere the
work runs unbounded, so batch grading parses in worker processes' main threads.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class BudgetExceeded(Exception):
    """The work did not finish within its time budget."""


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
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
