"""The batch engine: every submission ref → one gradebook row, each student isolated from the others.

Worker threads ask the host for each repository's tip (one round trip), skip rows already graded
with the same tip and settings (a resumed or unchanged run), re-grade from cached files when only
the rubric changed, and fetch in memory otherwise. The main thread writes each row to SQLite as it
finishes, so a run killed at any point resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from grader.errors import InputError
from grader.fetch.failure import FetchFailure, redact
from grader.fetch.folder import read_folder
from grader.folder_lock import try_lock
from grader.lang import Lang
from grader.late import effective_deadline
from grader.links import Host
from grader.pipeline import grade
from grader.result import stored_json
from grader.rubric import LoadedRubric
from grader.snapshot import Snapshot
from grader.sources import SubmissionRef
from grader.store import FILENAME, Row, Store
from grader.submission import build_submission

if TYPE_CHECKING:
    from grader.batch_procs import GradingProcesses
    from grader.fetch.history import History
    from grader.fetch.remote import GitRemote

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


RESOURCE_KINDS = ("canvases", "vocabularies", "fingerprints")


def resources_digest(rubric_file: str) -> str:
    """The content of every resource the rubric may name (beside it, then bundled).

    The rubric's sha256 covers the names it uses, not what they hold: an edited vocabulary must
    re-grade too. Hashing every file of each kind (a few small YAML files) is simpler and safer
    than following each check's references; an unrelated edit only costs a re-grade from cache.
    """
    from grader.bundled import bundled_dir

    digest = hashlib.sha256()
    folders = [Path(rubric_file).resolve().parent, bundled_dir()]
    for base in dict.fromkeys(folders):
        for kind in RESOURCE_KINDS:
            folder = base / kind
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if path.suffix in (".yaml", ".yml") and path.is_file():
                    digest.update(f"{base.name}/{kind}/{path.name}\0".encode())
                    digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def settings_key(options: Options) -> str:
    """What a row's grade depends on besides the commit: the resolved rubric, the content of every
    resource it can name, the grader's version, language, deadline and late policy. A change
    re-grades (from the cached files, without fetching)."""
    import grader

    rubric = options.rubric.rubric
    deadline = effective_deadline(options)
    data = {
        "resources": resources_digest(options.rubric.source),
        "grader": grader.__version__,
        # 2: a `/tree/` link grades its folder inside the whole tree (rows graded before are re-graded)
        "snapshot_format": 2,
        "rubric": options.rubric.sha256,
        "lang": options.lang,
        "deadline": deadline.isoformat() if deadline else None,
        "policy": rubric.late_policy.model_dump() if rubric.late_policy else None,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


class Batch:
    def __init__(self, store: Store, options: Options) -> None:
        self.store = store
        self.options = options
        self.settings = settings_key(options)
        self._store_lock = threading.Lock()
        self._remote: GitRemote | None = None
        self._history: History | None = None
        self._lazy_lock = threading.Lock()
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
            from grader.batch_procs import start_pool

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
        with self._store_lock, self.store.db:
            self.store.db.execute("BEGIN")
            done.row = keep_grade(self.store.row(done.row.student_key, done.row.row_key), done.row)
            if done.snapshot is not None and done.row.repo_url and done.row.commit_sha:
                self.store.put_snapshot(
                    done.row.repo_url, done.row.commit_sha, done.snapshot, done.committed_at
                )
            self.store.put_row(done.row)

    def _job(self, ref: SubmissionRef, previous: Row | None) -> Done:
        # Isolation: whatever goes wrong with one student becomes that student's row.
        try:
            if ref.invalid is not None:
                reason = self.say("batch.invalid_link", detail=ref.invalid)
                return Done(ref, self._row(ref, "invalid_link", reason))
            if ref.folder is not None:
                return self._folder_job(ref, previous)
            return self._relabel(self._link_job(ref, previous), previous)
        except FetchFailure as failure:
            return Done(ref, self._row(ref, failure.status, failure.reason(self.options.lang)))
        except BaseException as exc:  # dulwich's Rust PanicException is a BaseException
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            detail = f"{exc.__class__.__name__}: {exc}"[:300]
            return Done(ref, self._row(ref, "fetch_error", self.say("batch.internal_error", detail=detail)))

    def _link_job(self, ref: SubmissionRef, previous: Row | None) -> Done:
        """The chosen link; when it is not found (deleted, private, a wrong branch), the student's
        other repository links in turn: a link that grades beats one that does not."""
        from grader.batch_links import link_job

        try:
            return link_job(self, ref, previous)
        except FetchFailure as failure:
            if failure.status != "not_found":
                raise
            for other in self._alternatives(ref):
                try:
                    done = link_job(self, other, previous)
                except FetchFailure:
                    continue
                if done.row is not None:
                    done.row.row_key = ref.row_key  # the row stays the one this student's key names
                    done.row.reason = done.row.reason or self.say("batch.graded_other_link", chosen=ref.shown)
                return done  # its ref is the link graded (what _relabel compares), its row keyed as `ref`
            raise

    def _alternatives(self, ref: SubmissionRef) -> list[SubmissionRef]:
        from grader.links import RepoLink, classify

        found = []
        for text in ref.others:
            link = classify(text, self.options.host)
            if isinstance(link, RepoLink) and link.repo_url(self.options.host) != ref.link_repo(
                self.options.host
            ):
                others = (ref.shown, *(t for t in ref.others if t != text))
                found.append(replace(ref, link=link, shown=text, others=others))
        return found

    def _relabel(self, done: Done, previous: Row | None) -> Done:
        """An unchanged row still shows the student's current name and other links."""
        if done.row is not None or previous is None:
            return done
        now = self._row(done.ref, previous.status, None)
        if (now.student_name, now.other_links) != (previous.student_name, previous.other_links):
            done.row = replace(previous, student_name=now.student_name, other_links=now.other_links)
        return done

    def _folder_job(self, ref: SubmissionRef, previous: Row | None) -> Done:
        assert ref.folder is not None
        snapshot = read_folder(ref.folder, label=ref.student_name)
        tip = content_hash(snapshot)
        if _unchanged(previous, tip, self.settings):
            return Done(ref, None)
        reason = None if snapshot.markdown else self.say("batch.no_markdown_folder")
        return Done(ref, self.graded_row(ref, snapshot, tip, snapshot.commit, reason=reason))

    def graded_row(
        self,
        ref: SubmissionRef,
        snapshot: Snapshot,
        tip: str | None,
        commit: str | None,
        reason: str | None = None,
        committed_at: str | None = None,
        later_commits: bool = False,
        penalty: float = 0.0,
        late: bool = False,
    ) -> Row:
        row = self._row(ref, "graded", reason)
        row.result = self._grade(snapshot)
        if self.options.token:  # a token is [A-Za-z0-9_]: replacing it keeps the JSON valid
            row.result = row.result.replace(self.options.token, "***")
        row.tip = tip
        row.commit_sha = commit
        row.repo_url = snapshot.repo
        row.committed_at = committed_at
        row.later_commits = later_commits
        row.late = late
        row.penalty = penalty
        return row

    def _grade(self, snapshot: Snapshot) -> str:
        procs = self._procs
        if procs is not None:  # a budgeted child process; an overrun is a `timeout` row
            return procs.grade(snapshot, self.options.lang)
        result = grade(build_submission(snapshot), self.options.rubric, self.options.lang)
        return stored_json(result)

    def say(self, code: str, **args: object) -> str:
        """A row's reason in the run's language (the settings key holds the language)."""
        from grader.messages import render

        return render(code, args, self.options.lang)

    def _row(self, ref: SubmissionRef, status: str, reason: str | None) -> Row:
        return Row(
            student_key=ref.student_key,
            row_key=ref.row_key,
            # a name or message may quote the operator's token: it never reaches a report
            student_name=redact(ref.student_name, self.options.token),
            link=redact(ref.shown, self.options.token),
            origin=ref.origin,
            submitted_at=ref.submitted_at.isoformat() if ref.submitted_at else None,
            status=status,
            reason=redact(reason, self.options.token) if reason else None,
            repo_url=None,
            tip=None,
            commit_sha=None,
            committed_at=None,
            rubric_sha256=self.options.rubric.sha256,
            settings=self.settings,
            late=False,
            later_commits=False,
            penalty=0.0,
            result=None,
            updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
            other_links=json.dumps([redact(o, self.options.token) for o in ref.others])
            if ref.others
            else None,
        )

    def cached_snapshot(
        self, source: str, commit: str, subpath: str | None
    ) -> tuple[Snapshot, str | None] | None:
        with self._store_lock:
            return self.store.snapshot(source, commit, subpath)

    def remote(self) -> GitRemote:
        # Imported on first use: dulwich and PyGithub stay out of runs that grade only folders.
        with self._lazy_lock:
            if self._remote is None:
                from grader.fetch.remote import GitRemote

                self._remote = GitRemote(self.options.host, self.options.token, self.options.timeout)
            return self._remote

    def history(self) -> History:
        with self._lazy_lock:
            if self._history is None:
                from grader.fetch.history import History

                o = self.options
                self._history = History(o.api_url, o.token, o.timeout, o.max_wait)
            return self._history


def keep_grade(previous: Row | None, new: Row) -> Row:
    """A grade once made is never destroyed by a later failure (CONVENTIONS.md, Batch).

    A row that could not be refreshed keeps the last graded result, commit and feedback; the failure
    is recorded beside it, so the gradebook says the grade is stale and why.
    """
    if new.status == "graded" or previous is None or previous.status != "graded" or not previous.result:
        return new
    return replace(previous, refresh=new.status, refresh_reason=new.reason, refresh_at=new.updated_at)


def _unchanged(previous: Row | None, tip: str | None, settings: str) -> bool:
    # A row whose last refresh failed is re-graded (from the cache) so the stale mark goes away.
    return (
        previous is not None
        and previous.status == "graded"
        and previous.refresh is None
        and previous.tip == tip
        and previous.settings == settings
    )


def unchanged(previous: Row | None, tip: str | None, settings: str) -> bool:
    return _unchanged(previous, tip, settings)


def content_hash(snapshot: Snapshot) -> str:
    """A folder has no commit: its identity is what it holds (paths and markdown bytes)."""
    digest = hashlib.sha256()
    for path in snapshot.files:
        digest.update(path.encode("utf-8", "replace") + b"\0")
    for path in sorted(snapshot.markdown):
        digest.update(path.encode("utf-8", "replace") + b"\0" + snapshot.markdown[path] + b"\0")
    return f"content:{digest.hexdigest()[:40]}"


def open_store(out: Path) -> Store:
    return Store(out / FILENAME)
