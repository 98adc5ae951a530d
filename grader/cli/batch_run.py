"""What `grader batch` and `grader merge` do once their options are checked (imported only by them).

The engine (grader.engine.setup, grader.engine.folder_batch, grader.engine.merge) does the work; this module
is the terminal's side of it: the progress bar, Ctrl-C and SIGTERM, warnings and the summary.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader.store.database import FILENAME
from grader.words import say

if TYPE_CHECKING:
    from grader.report.graded import GradedRow, View

INTERRUPTED = 130  # the shell's code for a run stopped by SIGINT


def run_batch(out: Path, quiet: bool, csv_dialect: str, **given: Any) -> int:
    from grader.engine.folder_batch import folder_run
    from grader.engine.setup import Request, plan_batch

    plan = plan_batch(Request(**given))
    lang = plan.options.lang
    with folder_run(out, plan, csv_dialect) as run:
        try:
            with _progress(len(plan.refs), quiet, lang) as advance, _sigterm_interrupts():
                run.grade(advance)
        except KeyboardInterrupt:
            return _interrupted(out, run.stop())
        graded = run.finish()
        _warn_skipped(out / FILENAME, run.store.skipped, regraded=True)
        return _report(out, graded, lang, len(plan.unrecognized), quiet, run.view)


def _interrupted(out: Path, done: int) -> int:
    """Ctrl-C or SIGTERM: one line and a prompt exit (the outputs of every finished row are written)."""
    click.echo(f"interrupted: {done} rows written to {out}; run the same command again to resume", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    busy = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if any(t.is_alive() for t in busy):
        # Fetch threads blocked on the network would hold the exit for up to 4 × --timeout; every
        # row and output is on disk already.
        os._exit(INTERRUPTED)
    return INTERRUPTED


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, `kill`) stops the run like Ctrl-C: outputs written first."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_merge(dirs: list[Path], out: Path, lang: str, quiet: bool) -> int:
    from grader.engine.merge import merge_gradebooks

    def warn(path: Path, keys: list[str]) -> None:
        _warn_skipped(path, keys, regraded=False)

    graded, view = merge_gradebooks(dirs, out, warn)
    return _report(out, graded, lang, 0, quiet, view)


def _warn_skipped(path: Path, keys: list[str], regraded: bool) -> None:
    """A stored row that cannot be read is skipped with a warning, never a traceback for everyone."""
    from grader.report.escape import log_line

    then = "graded again" if regraded else "left out of this gradebook; run the batch again to re-grade it"
    for key in keys:
        click.echo(f"warning: {path}: the stored row of {log_line(key)!r} is damaged; {then}", err=True)


def _report(out: Path, graded: list[GradedRow], lang: str, unrecognized: int, quiet: bool, view: View) -> int:
    from grader.report.gradebook_summary import summary

    if not quiet:
        click.echo(summary(graded, lang, unrecognized, out, view), nl=False)
    # 3: some rows not graded, or not refreshed (their last grade is kept, marked stale).
    return 0 if all(g.row.status == "graded" and not g.row.refresh for g in graded) else 3


class _progress:
    """A rich progress bar on a terminal; nothing when quiet or when output is piped (CI logs)."""

    def __init__(self, total: int, quiet: bool, lang: str) -> None:
        self.total = total
        self.label = say("progress.grading", lang)
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        columns = (self.label, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        self.bar = Progress(*columns, transient=True, console=Console(stderr=True))
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
