"""The batch engine: every submission ref → one gradebook row, each student isolated from the others.

Worker threads ask the host for each repository's tip (one round trip), skip rows already graded
with the same tip and settings (a resumed or unchanged run), re-grade from cached files when only
the rubric changed, and fetch in memory otherwise. The main thread writes each row to SQLite as it
finishes, so a run killed at any point resumes where it stopped.

A job (grader.engine.link_job for a link, `_folder_job` for a folder) finds a `HandIn`; only this module
grades it and makes it a row, so no job calls back up into the batch.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.engine.clients import Clients
from grader.engine.folder_lock import try_lock
from grader.engine.link_job import HandIn, LinkTools, link_job
from grader.engine.pipeline import grade
from grader.engine.rows import RowMaker
from grader.engine.state import content_hash, keep_grade, settings_key, unchanged
from grader.errors import InputError
from grader.fetch.failure import FetchFailure
from grader.fetch.folder import read_folder
from grader.lang import Lang
from grader.rubric.model import LoadedRubric
from grader.scoring.late import effective_deadline
from grader.scoring.result import stored_json
from grader.sources.links import Host
from grader.sources.refs import SubmissionRef
from grader.store.database import FILENAME, Row, Store

if TYPE_CHECKING:
    from grader.engine.processes import GradingProcesses

TICK = 0.5  # seconds between the main thread's looks at the outputs while rows are graded


@dataclass(frozen=True, slots=True)
class Options:
    rubric: LoadedRubric
    lang: Lang
    host: Host
    api_url: str
    token: str | None = None
    workers: int = 8
    timeout: float = 30.0
    max_wait: float = 60.0
    deadline: datetime | None = None  # aware: resolved by the CLI (late.parse_deadline)
    zone: tzinfo | None = None  # the zone times are shown in (the deadline's, or --tz)
    rubric_ref: str | None = None  # how worker processes load the same rubric
    grade_processes: int = 0  # grading processes at once (0: one per core)
    budget: float = 20.0  # seconds per submission, parse and checks, in a process killed past them


@dataclass(slots=True)
class Done:
    """A finished job: the row to write (None: unchanged, nothing to write) and files to cache."""

    ref: SubmissionRef
    row: Row | None
    snapshot: Snapshot | None = None
    committed_at: str | None = None


def shard_of(student_key: str, count: int) -> int:
    """A stable 1-based shard for a student: the same on every machine and every run."""
    digest = hashlib.sha256(student_key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def default_workers() -> int:
    # Fetching waits on the network, not the CPU: a few threads per core keep the pipe full.
    return min(16, 4 * (os.cpu_count() or 2))


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """An exclusive lock on the output folder: a second run on it stops at once (exit 2)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot use the output folder ({exc.strerror})") from None
    with try_lock(out) as free:
        if not free:
            raise InputError(
                f"{out}: another grader run is using this output folder; wait for it or choose another --out"
            )
        yield


def open_store(out: Path) -> Store:
    return Store(out / FILENAME)


@dataclass(frozen=True, slots=True)
class _SnapshotCache:
    """The store's snapshot cache as worker threads read it: under the lock the writer takes too."""

    store: Store
    lock: threading.Lock

    def __call__(self, source: str, commit: str) -> tuple[Snapshot, str | None] | None:
        with self.lock:
            return self.store.snapshot(source, commit, None)


class Batch:
    def __init__(self, store: Store, options: Options) -> None:
        self.store = store
        self.options = options
        rubric = options.rubric.rubric
        deadline = effective_deadline(options.deadline, rubric.deadline, rubric.deadline_tz)
        self.settings = settings_key(options.rubric, options.lang, deadline)
        self._store_lock = threading.Lock()
        self._rows = RowMaker(options.rubric.sha256, self.settings, options.lang, options.token)
        o = options
        clients = Clients(o.host, o.api_url, o.token, o.timeout, o.max_wait)
        self._links = LinkTools(
            host=o.host,
            fetcher=clients.remote,
            pinner=clients.history,
            cached=_SnapshotCache(store, self._store_lock),
            settings=self.settings,
            deadline=deadline,
            policy=rubric.late_policy,
        )
        self._procs: GradingProcesses | None = None

    def run(
        self,
        refs: list[SubmissionRef],
        on_done: Callable[[Done], None] | None = None,
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        """Grade every ref, each row written to SQLite as it finishes; `on_tick` runs in this thread
        about every TICK seconds (the CLI writes the outputs from it, so they exist mid-run)."""
        self.store.set_members([(r.student_key, r.row_key) for r in refs])
        previous = {(r.student_key, r.row_key): self.store.row(r.student_key, r.row_key) for r in refs}
        if refs:  # whatever the row count: every submission graded within its budget
            from grader.engine.processes import start_pool

            o = self.options
            self._procs = start_pool(o.rubric, o.grade_processes, o.budget)
        try:
            self._run(refs, previous, on_done, on_tick)
        finally:
            if self._procs is not None:
                self._procs.shutdown(cancel_futures=True)

    def _run(
        self,
        refs: list[SubmissionRef],
        previous: dict[tuple[str, str], Row | None],
        on_done: Callable[[Done], None] | None,
        on_tick: Callable[[], None] | None,
    ) -> None:
        pool = ThreadPoolExecutor(max_workers=max(1, self.options.workers))
        try:
            pending = {pool.submit(self._job, r, previous[(r.student_key, r.row_key)]) for r in refs}
            while pending:
                finished, pending = wait(pending, timeout=TICK, return_when=FIRST_COMPLETED)
                for future in finished:
                    done = future.result()
                    self._write(done)
                    if on_done is not None:
                        on_done(done)
                if on_tick is not None:
                    on_tick()
        except BaseException:
            # Ctrl-C or SIGTERM: drop the queued jobs and do not wait for the running ones (a fetch
            # may take 4 × --timeout); every finished row is already in SQLite.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def _write(self, done: Done) -> None:
        if done.row is None:
            return
        with self._store_lock, self.store.transaction():
            done.row = keep_grade(self.store.row(done.row.student_key, done.row.row_key), done.row)
            if done.snapshot is not None and done.row.repo_url and done.row.commit_sha:
                self.store.put_snapshot(
                    done.row.repo_url, done.row.commit_sha, done.snapshot, done.committed_at
                )
            self.store.put_row(done.row)

    def _job(self, ref: SubmissionRef, previous: Row | None) -> Done:
        # Isolation: whatever goes wrong with one student becomes that student's row.
        rows = self._rows
        try:
            if ref.invalid is not None:
                reason = rows.say("batch.invalid_link", detail=ref.invalid)
                return Done(ref, rows.row(ref, "invalid_link", reason))
            if ref.folder is not None:
                return self._folder_job(ref, previous)
            return self._relabel(self._link_job(ref, previous), previous)
        except FetchFailure as failure:
            return Done(ref, rows.row(ref, failure.status, failure.reason(self.options.lang)))
        except BaseException as exc:  # dulwich's Rust PanicException is a BaseException
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            detail = f"{exc.__class__.__name__}: {exc}"[:300]
            return Done(ref, rows.row(ref, "fetch_error", rows.say("batch.internal_error", detail=detail)))

    def _link_job(self, ref: SubmissionRef, previous: Row | None) -> Done:
        """The chosen link; when it is not found (deleted, private, a wrong branch), the student's
        other repository links in turn: a link that grades beats one that does not."""
        try:
            return self._graded_link(ref, previous)
        except FetchFailure as failure:
            if failure.status != "not_found":
                raise
            for other in self._alternatives(ref):
                try:
                    done = self._graded_link(other, previous)
                except FetchFailure:
                    continue  # not found, or its grading overran the budget: the next link
                if done.row is not None:
                    done.row.row_key = ref.row_key  # the row stays the one this student's key names
                    chosen = self._rows.say("batch.graded_other_link", chosen=ref.shown)
                    done.row.reason = done.row.reason or chosen
                return done  # its ref is the link graded (what _relabel compares), its row keyed as `ref`
            raise

    def _graded_link(self, ref: SubmissionRef, previous: Row | None) -> Done:
        # Fetched and graded together: a link whose grading fails lets the next link be tried.
        hand_in = link_job(self._links, ref, previous)
        if hand_in is None:
            return Done(ref, None)
        return Done(ref, self._graded(ref, hand_in), hand_in.fetched, hand_in.committed_at)

    def _alternatives(self, ref: SubmissionRef) -> list[SubmissionRef]:
        from grader.sources.links import RepoLink, classify

        host = self.options.host
        found = []
        for text in ref.others:
            link = classify(text, host)
            if isinstance(link, RepoLink) and link.repo_url(host) != ref.link_repo(host):
                others = (ref.shown, *(t for t in ref.others if t != text))
                found.append(replace(ref, link=link, shown=text, others=others))
        return found

    def _relabel(self, done: Done, previous: Row | None) -> Done:
        """An unchanged row still shows the student's current name and other links."""
        if done.row is not None or previous is None:
            return done
        now = self._rows.row(done.ref, previous.status, None)
        if (now.student_name, now.other_links) != (previous.student_name, previous.other_links):
            done.row = replace(previous, student_name=now.student_name, other_links=now.other_links)
        return done

    def _folder_job(self, ref: SubmissionRef, previous: Row | None) -> Done:
        assert ref.folder is not None
        snapshot = read_folder(ref.folder, label=ref.student_name)
        tip = content_hash(snapshot)
        if unchanged(previous, tip, self.settings):
            return Done(ref, None)
        reason = None if snapshot.markdown else "batch.no_markdown_folder"
        return Done(ref, self._graded(ref, HandIn(snapshot, tip, snapshot.commit, reason=reason)))

    def _graded(self, ref: SubmissionRef, hand_in: HandIn) -> Row:
        return self._rows.graded(ref, hand_in, self._grade(hand_in.snapshot))

    def _grade(self, snapshot: Snapshot) -> str:
        procs = self._procs
        if procs is not None:  # a budgeted child process; an overrun is a `timeout` row
            return procs.grade(snapshot, self.options.lang)
        result = grade(build_submission(snapshot), self.options.rubric, self.options.lang)
        return stored_json(result)
