"""A wall-clock budget for pure-Python work on untrusted input (markdown-it has pathological cases:
256 KB of `![` takes over ten seconds to parse).

Enforced with an interval timer, which only the main thread of a process can receive; elsewhere the
work runs unbounded, so batch grading parses in worker processes' main threads.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

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


# --- one wall-clock budget per submission, parse and checks, in a process killed on overrun ----------

DEFAULT_SUBMISSION_BUDGET = 20.0  # seconds for a whole submission: parsing every file and every check
_CPU_SLACK = 2  # the worker's own CPU limit (RLIMIT_CPU): budget + this, should its parent vanish


class BudgetOverrun(Exception):
    """A submission's grading ran past its budget; the worker process was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"grading took over {seconds:g} s")
        self.seconds = seconds


class WorkerFailed(Exception):
    """The grading worker died (a signal, a memory limit) or raised; `detail` says how."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def run_budgeted(call: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
    """`call(*args)` in a child process given `seconds` of wall clock; killed when it overruns.

    The child is forked directly when this process runs one thread (`grader check`: nothing to
    pickle, a fork costs milliseconds), else started by a `forkserver` (forking a process whose other
    threads hold locks can deadlock). The child dies with its parent: it watches its end of the pipe
    (the parent's death closes it) and carries an RLIMIT_CPU of the budget plus a margin.
    """
    import multiprocessing

    method = "fork" if threading.active_count() == 1 else "forkserver"
    context: Any = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    parent_end, child_end = context.Pipe(duplex=True)
    inherited = parent_end if method == "fork" else None
    process = context.Process(
        target=_child,
        args=(child_end, inherited, call, args, seconds),
        daemon=True,
        name="grader-grade",
    )
    process.start()
    child_end.close()
    try:
        if not parent_end.poll(seconds):
            raise BudgetOverrun(seconds)
        try:
            ok, value = parent_end.recv()
        except (EOFError, OSError):
            process.join(1)
            raise WorkerFailed(f"the grading process ended (exit code {process.exitcode})") from None
        if not ok:
            raise value  # the child's own exception (an InputError stays an InputError)
        return value  # type: ignore[no-any-return]
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent_end.close()
        if process.exitcode is not None:
            process.close()


# What a forkserver imports once, so that each grading child starts warm.
_PRELOAD = [
    "grader.cli",
    "grader.engine.pipeline",
    "grader.rubric.load",
    "grader.document.submission",
    "grader.engine.processes",
]
T = TypeVar("T")


def _child(
    conn: Connection,
    inherited: Connection | None,
    call: Callable[..., Any],
    args: tuple[Any, ...],
    seconds: float,
) -> None:
    import os
    import resource

    if inherited is not None:
        inherited.close()  # a forked child holds the parent's end too: without this it never sees EOF
    # Ctrl-C reaches the whole process group: the parent decides (and kills this child), so a child
    # never answers it with a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cpu = int(seconds) + 1 + _CPU_SLACK
    with suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    def watch() -> None:
        # The parent never writes: the pipe becomes readable only when the parent's end closes.
        with suppress(OSError):
            conn.poll(None)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="grader-parent-watch").start()
    try:
        value = call(*args)
    except BaseException as exc:  # every failure goes back to the parent, as itself if it can
        try:
            conn.send((False, exc))
        except Exception:
            conn.send((False, WorkerFailed(f"{exc.__class__.__name__}: {exc}"[:300])))
    else:
        conn.send((True, value))
    conn.close()
    os._exit(0)


class BudgetedWorker:
    """A long-lived child process (started by a `forkserver`) that runs one call at a time, each
    within its own wall-clock budget: a call that overruns gets the worker killed (make another).

    Warm after its first call (imports, compiled patterns, vocabularies), so a batch pays start-up
    once per worker, not once per row. It dies with its parent: a thread watches a lifeline pipe the
    parent never writes to (the parent's death closes it), and each call raises the CPU limit
    (RLIMIT_CPU) only to what that call's budget allows."""

    def __init__(self) -> None:
        import multiprocessing

        context: Any = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        self._jobs, jobs_end = context.Pipe(duplex=True)
        # the child gets the lifeline's read end; the parent keeps the write end, open and silent
        reader, self._lifeline = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_serve, args=(jobs_end, reader), daemon=True, name="grader-grade-worker"
        )
        self._process.start()
        jobs_end.close()
        reader.close()

    def run(self, call: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
        try:
            self._jobs.send((call, args, seconds))
        except OSError:
            self.kill()
            raise WorkerFailed("the grading process had ended") from None
        if not self._jobs.poll(seconds):
            self.kill()
            raise BudgetOverrun(seconds)
        try:
            ok, value = self._jobs.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerFailed(f"the grading process ended (exit code {self._process.exitcode})") from None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def kill(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)
        self.close()

    def close(self) -> None:
        """Ask the worker to end (its job pipe closes); it exits at once when idle."""
        for conn in (self._jobs, self._lifeline):
            with suppress(OSError):
                conn.close()


def _serve(jobs: Connection, lifeline: Connection) -> None:
    import os
    import resource

    def watch() -> None:
        with suppress(OSError):
            lifeline.poll(None)  # readable only when the parent's end closes: the parent is gone
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="grader-parent-watch").start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer (see _child)
    while True:
        try:
            call, args, seconds = jobs.recv()
        except (EOFError, OSError):
            os._exit(0)
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(used.ru_utime + used.ru_stime + seconds) + 1 + _CPU_SLACK
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
        try:
            value = call(*args)
        except BaseException as exc:
            try:
                jobs.send((False, exc))
            except Exception:
                jobs.send((False, WorkerFailed(f"{exc.__class__.__name__}: {exc}"[:300])))
        else:
            jobs.send((True, value))
