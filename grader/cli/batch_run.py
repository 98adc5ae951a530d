"""What `grader batch` and `grader merge` do once their options are checked (imported only by them)."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader import decisions
from grader.errors import InputError
from grader.report.gradebook_live import LiveOutputs
from grader.store import FILENAME, Store, describe_failure
from grader.words import say

if TYPE_CHECKING:
    from grader.report.gradebook import Decisions, View
    from grader.rubric import Rubric
    from grader.sources import Unrecognized
    from grader.store import Row

PROCESS_POOL_MIN_ROWS = 40
INTERRUPTED = 130  # the shell's code for a run stopped by SIGINT


def run_batch(**kw: Any) -> int:
    from grader.batch import Batch, Options, default_workers, locked, open_store, shard_of
    from grader.cli.batch import _host, make_rules, parse_shard, read_token
    from grader.rubric import load_rubric
    from grader.sources.gather import gather

    host = _host(kw["github_url"])
    _host(kw["api_url"], "--api-url")
    shard = parse_shard(kw["shard"])
    rubric = load_rubric(kw["rubric_ref"])
    deadline, zone = resolve_deadline(kw["deadline"], kw["tz"], rubric.rubric)
    options = Options(
        rubric=rubric,
        lang=kw["lang"],
        host=host,
        api_url=kw["api_url"].strip().rstrip("/"),
        token=read_token(kw["token_file"]),
        workers=kw["workers"] or default_workers(),
        timeout=kw["timeout"],
        max_wait=kw["max_wait"],
        deadline=deadline,
        zone=zone,
        rubric_ref=kw["rubric_ref"],
        budget=kw["budget"],
    )
    rules = make_rules(kw["ignore_owner"], kw["roster"], rubric.rubric.ignore_repos)
    rules.zone = zone
    collected = gather(list(kw["sources"]), host, keep_all=kw["keep"] == "all", rules=rules)
    refs = collected.refs
    if shard is not None:
        refs = [r for r in refs if shard_of(r.student_key, shard[1]) == shard[0]]
    # Starting worker processes costs ~0.5 s: worth it only when there is much to grade.
    cores = os.cpu_count() or 1
    if cores > 1 and len(refs) >= PROCESS_POOL_MIN_ROWS:
        options = dataclasses.replace(options, grade_processes=cores)
    out: Path = kw["out"]
    quiet: bool = kw["quiet"]
    with locked(out):
        try:
            store = open_store(out)
        except sqlite3.Error as exc:
            raise InputError(describe_failure(out / FILENAME, exc)) from None
        try:
            _write_unrecognized(out, collected.unrecognized)
            _remember_view(store, deadline, zone, kw["csv_dialect"])
            view = dataclasses.replace(_view(store), missing=tuple(collected.missing))
            live = LiveOutputs(out, store, view)
            try:
                with _progress(len(refs), quiet, options.lang) as advance, _sigterm_interrupts():

                    def finished(done: object) -> None:
                        advance()
                        live.changed()

                    Batch(store, options).run(refs, finished, live.tick)
            except KeyboardInterrupt:
                return _interrupted(out, store, live)
            rows = store.member_rows()
            _warn_skipped(out / FILENAME, store.skipped, regraded=True)
            unrecognized = len(collected.unrecognized)
            return _finish(out, rows, options.lang, unrecognized, quiet, view, store.decisions())
        except sqlite3.Error as exc:
            raise InputError(describe_failure(out / FILENAME, exc)) from None
        except OSError as exc:
            # A full disk or a read-only folder: what is written so far stays, a re-run resumes.
            raise InputError(f"{out}: cannot write the results ({exc}); free space and run again") from None
        finally:
            store.close()


def _interrupted(out: Path, store: Store, live: LiveOutputs) -> int:
    """Ctrl-C or SIGTERM: the outputs of every row finished so far, one line, and a prompt exit."""
    live.write()
    done = len(store.member_rows())
    click.echo(f"interrupted: {done} rows written to {out}; run the same command again to resume", err=True)
    store.close()
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
    from grader.batch import locked

    with locked(out):
        try:
            return _merge(dirs, out, lang, quiet)
        except sqlite3.Error as exc:  # the target's database (a source's is named in _merge)
            raise InputError(describe_failure(out / FILENAME, exc)) from None


def _merge(dirs: list[Path], out: Path, lang: str, quiet: bool) -> int:
    from grader.batch import open_store

    target = open_store(out)
    try:
        keys: list[tuple[str, str]] = []
        for folder in dirs:
            if not (folder / FILENAME).is_file():
                raise InputError(f"{folder}: no {FILENAME} here (give the --out folders of batch runs)")
            try:
                source = Store(folder / FILENAME)
            except sqlite3.Error as exc:
                raise InputError(describe_failure(folder / FILENAME, exc)) from None
            try:
                rows = source.member_rows()
                source_view = _view(source)
                made = decisions.history(source.db)
                _warn_skipped(folder / FILENAME, source.skipped, regraded=False)
            except sqlite3.Error as exc:
                raise InputError(describe_failure(folder / FILENAME, exc)) from None
            finally:
                source.close()
            with target.db:
                target.db.execute("BEGIN")
                for row in rows:
                    target.put_row(row)
                known = set(decisions.history(target.db))
                for decision in made:  # a shard's decisions join the merged gradebook, none twice
                    if decision not in known:
                        decisions.record(target.db, decision)
                if folder == dirs[0]:
                    _copy_view(source_view, target)
            keys.extend((r.student_key, r.row_key) for r in rows)
        target.set_members(keys)
        return _finish(out, target.member_rows(), lang, 0, quiet, _view(target), target.decisions())
    finally:
        target.close()


def _warn_skipped(path: Path, keys: list[str], regraded: bool) -> None:
    """A stored row that cannot be read is skipped with a warning, never a traceback for everyone."""
    from grader.report.escape import log_line

    then = "graded again" if regraded else "left out of this gradebook; run the batch again to re-grade it"
    for key in keys:
        click.echo(f"warning: {path}: the stored row of {log_line(key)!r} is damaged; {then}", err=True)


def _finish(
    out: Path, rows: list[Row], lang: str, unrecognized: int, quiet: bool, view: View, decisions: Decisions
) -> int:
    from grader.report.gradebook import write_outputs
    from grader.report.gradebook_summary import summary

    graded = write_outputs(out, rows, view, decisions)
    if not quiet:
        click.echo(summary(graded, lang, unrecognized, out, view), nl=False)
    # 3: some rows not graded, or not refreshed (their last grade is kept, marked stale).
    return 0 if all(g.row.status == "graded" and not g.row.refresh for g in graded) else 3


def resolve_deadline(
    text: str | None, tz: str | None, rubric: Rubric
) -> tuple[datetime | None, tzinfo | None]:
    """(deadline, zone of shown times): --deadline or the rubric's, zoned by its offset, --tz or
    deadline_tz; a zone-less one is refused (late.in_zone)."""
    from grader.late import parse_deadline, parse_zone, rubric_deadline

    zone = parse_zone(tz) if tz else None
    if zone is None and rubric.deadline_tz:
        zone = parse_zone(rubric.deadline_tz, "deadline_tz")
    deadline = parse_deadline(text, zone) if text is not None else rubric_deadline(rubric.deadline, zone)
    if zone is None and deadline is not None:
        zone = deadline.tzinfo
    return deadline, zone


def _remember_view(store: Store, deadline: datetime | None, zone: tzinfo | None, dialect: str) -> None:
    from grader.late import zone_name

    with store.db:
        store.db.execute("BEGIN")
        store.set_meta("deadline", deadline.isoformat() if deadline else None)
        store.set_meta("zone", zone_name(zone) if zone else None)
        store.set_meta("csv_dialect", dialect)


def _view(store: Store) -> View:
    """How outputs show this gradebook, from what the run stored (so `merge` shows the same)."""
    from grader.late import parse_zone
    from grader.report.gradebook import View

    deadline, zone = store.meta("deadline"), store.meta("zone")
    return View(
        zone=parse_zone(zone) if zone else None,
        deadline=datetime.fromisoformat(deadline) if deadline else None,
        csv_dialect=store.meta("csv_dialect") or "excel",
    )


def _copy_view(view: View, target: Store) -> None:
    from grader.late import zone_name

    target.set_meta("deadline", view.deadline.isoformat() if view.deadline else None)
    target.set_meta("zone", zone_name(view.zone) if view.zone else None)
    target.set_meta("csv_dialect", view.csv_dialect)


def _write_unrecognized(out: Path, items: list[Unrecognized]) -> None:
    from grader.report.escape import one_line

    lines = [f"{i.origin}\t{one_line(i.student_name)}\t{one_line(i.text)[:300]}\t{i.reason}" for i in items]
    (out / "unrecognized.txt").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


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
