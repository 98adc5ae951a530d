"""One repository link → what to grade: the tip, the commit the deadline pins, its files, lateness.

The job knows nothing of the batch: it is handed its collaborators (`LinkTools`) and returns a value
(`HandIn`, or None when the stored row is still current) that only the batch grades and turns into
a gradebook row. Following one submission therefore reads top to bottom, in this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeAlias

from grader.document.snapshot import Snapshot
from grader.engine.state import unchanged
from grader.scoring.late import PenaltyRule, late_penalty, pins_to_deadline
from grader.sources.links import Host, RepoLink
from grader.sources.refs import SubmissionRef
from grader.store.database import Row

if TYPE_CHECKING:
    from grader.fetch.history import Pinned
    from grader.fetch.remote import Tip


class Fetcher(Protocol):
    """The git host (grader.fetch.remote.GitRemote)."""

    def tip(self, link: RepoLink) -> Tip: ...

    def snapshot(
        self, link: RepoLink, sha: str, subpath: str | None, label: str
    ) -> tuple[Snapshot, datetime]: ...


class Pinner(Protocol):
    """The host's commit history (grader.fetch.history.History)."""

    def pinned(self, owner: str, name: str, tip: str, deadline: datetime) -> Pinned: ...


# (repository URL, commit) → the cached whole tree and its commit time (ISO), or None
CacheReader: TypeAlias = Callable[[str, str], tuple[Snapshot, str | None] | None]


@dataclass(frozen=True, slots=True)
class LinkTools:
    """Everything a link job uses, the same for every link of one run."""

    host: Host
    # Callables, not clients: a client is made on first use (grader.engine.clients), so a run whose
    # rows are all folders never imports dulwich or PyGithub.
    fetcher: Callable[[], Fetcher]
    pinner: Callable[[], Pinner]
    cached: CacheReader
    settings: str  # the run's settings key (grader.engine.state.settings_key)
    deadline: datetime | None  # the one in force (grader.scoring.late.effective_deadline)
    policy: PenaltyRule | None


@dataclass(frozen=True, slots=True)
class HandIn:
    """What one job found to grade, and everything its row says besides the grade."""

    snapshot: Snapshot  # what is graded: the link's label and subpath on the whole tree
    tip: str | None
    commit: str | None
    reason: str | None = None  # a message code: the batch says it in the run's language
    committed_at: str | None = None  # ISO, as the cache stores it
    later_commits: bool = False
    late: bool = False
    penalty: float = 0.0
    fetched: Snapshot | None = None  # the whole tree fetched now (not from the cache): to cache


def link_job(tools: LinkTools, ref: SubmissionRef, previous: Row | None) -> HandIn | None:
    """The hand-in behind `ref`'s link; None when `previous` already holds its grade.

    Raises FetchFailure (not found, timeout, rate limit...): the batch makes it the row's status.
    """
    assert ref.link is not None
    remote = tools.fetcher()
    repo_url = ref.link.repo_url(tools.host)
    tip = remote.tip(ref.link)
    if unchanged(previous, tip.sha, tools.settings):
        return None
    if tip.sha is None:
        empty = Snapshot(label=ref.shown, repo=repo_url, subpath=tip.subpath)
        return HandIn(empty, None, None, reason=tip.why_empty)
    commit, later = tip.sha, False
    if tools.deadline is not None and pins_to_deadline(tools.policy):
        pinned = tools.pinner().pinned(ref.link.owner, ref.link.name, tip.sha, tools.deadline)
        if pinned.sha is None:
            empty = Snapshot(label=ref.shown, repo=repo_url, subpath=tip.subpath)
            reason = "batch.no_commit_before_deadline"
            return HandIn(empty, tip.sha, None, reason=reason, later_commits=True, late=True)
        commit, later = pinned.sha, pinned.later_commits
    # The whole tree is fetched (and cached) even for a `/tree/<branch>/<folder>` link; the folder only
    # tells locate where the answer is. Grading the folder alone would miss the root README and grade
    # the same hand-in lower than `grader check` of the repository (the student's view, the Action).
    fetched: Snapshot | None = None
    cached = tools.cached(repo_url, commit)
    if cached is not None:
        whole, committed_iso = cached
    else:
        whole, when = remote.snapshot(ref.link, commit, None, ref.shown)
        committed_iso = when.isoformat()
        fetched = whole
    snapshot = replace(whole, label=ref.shown, subpath=tip.subpath)
    committed_at = datetime.fromisoformat(committed_iso) if committed_iso else None
    # Later commits ignored are not lateness (CONVENTIONS.md): only the message time can be late here.
    late, penalty = late_penalty(tools.deadline, tools.policy, committed_at, ref.submitted_at)
    inside = [p for p in snapshot.markdown if not tip.subpath or p.startswith(tip.subpath.strip("/") + "/")]
    return HandIn(
        snapshot,
        tip.sha,
        commit,
        reason=None if inside else "batch.no_markdown",
        committed_at=committed_iso,
        later_commits=later,
        late=late,
        penalty=penalty,
        fetched=fetched,
    )
