"""One repository link → one gradebook row: tip, deadline pin, cache or fetch, grade, late policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from grader.snapshot import Snapshot
from grader.sources import SubmissionRef
from grader.store import Row

if TYPE_CHECKING:
    from grader.batch import Batch, Done


def link_job(batch: Batch, ref: SubmissionRef, previous: Row | None) -> Done:
    from grader.batch import Done, unchanged
    from grader.late import effective_deadline, late_penalty

    assert ref.link is not None
    options = batch.options
    remote = batch.remote()
    repo_url = ref.link.repo_url(options.host)
    tip = remote.tip(ref.link)
    if unchanged(previous, tip.sha, batch.settings):
        return Done(ref, None)
    if tip.sha is None:
        empty = Snapshot(label=ref.shown, repo=repo_url, subpath=tip.subpath)
        row = batch.graded_row(ref, empty, None, None, reason=batch.say(tip.why_empty))
        return Done(ref, row)
    deadline = effective_deadline(options)
    policy = options.rubric.rubric.late_policy
    commit, later = tip.sha, False
    if deadline is not None and (policy is None or policy.mode == "pin_to_deadline"):
        pinned = batch.history().pinned(ref.link.owner, ref.link.name, tip.sha, deadline)
        if pinned.sha is None:
            empty = Snapshot(label=ref.shown, repo=repo_url, subpath=tip.subpath)
            row = batch.graded_row(
                ref,
                empty,
                tip.sha,
                None,
                reason=batch.say("batch.no_commit_before_deadline"),
                later_commits=True,
                late=True,
            )
            return Done(ref, row)
        commit, later = pinned.sha, pinned.later_commits
    # The whole tree is fetched (and cached) even for a `/tree/<branch>/<folder>` link; the folder only
    # tells locate where the answer is. Grading the folder alone would miss the root README and grade
    # the same hand-in lower than `grader check` of the repository (the student's view, the Action).
    fresh: Snapshot | None = None
    cached = batch.cached_snapshot(repo_url, commit, None)
    if cached is not None:
        whole, committed_iso = cached
    else:
        whole, when = remote.snapshot(ref.link, commit, None, ref.shown)
        committed_iso = when.isoformat()
        fresh = whole
    snapshot = replace(whole, label=ref.shown, subpath=tip.subpath)
    committed_at = datetime.fromisoformat(committed_iso) if committed_iso else None
    late, penalty = late_penalty(options, committed_at, ref.submitted_at)
    inside = [p for p in snapshot.markdown if not tip.subpath or p.startswith(tip.subpath.strip("/") + "/")]
    reason = None if inside else batch.say("batch.no_markdown")
    row = batch.graded_row(
        ref,
        snapshot,
        tip.sha,
        commit,
        reason=reason,
        committed_at=committed_iso,
        later_commits=later,
        penalty=penalty,
        # Later commits ignored are not lateness (CONVENTIONS.md): only the message time can be late here.
        late=late,
    )
    return Done(ref, row, fresh, committed_iso)
