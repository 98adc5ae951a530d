"""`grader publish --to github`: per student, create or update one issue (or commit comment).

For each row: the state table says what was published last; when the body is the same nothing is
called at all. Otherwise the issue is found again (by the number stored, else by its marker among
the repository's issues), and created, updated, or left alone when GitHub already shows this body.
A dry run does the same reads and no write, and shows a diff for each update.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from grader.publish.compose import Delivery
from grader.publish.github_api import GitHubApi, Pending, Posted, Refused
from grader.publish.marker import content_sha256
from grader.publish.state import PublishState

ISSUE, COMMENT = "github-issue", "github-commit-comment"


@dataclass(slots=True)
class Outcome:
    delivery: Delivery
    action: str  # create | update | unchanged | refused | pending (dry run: what would be done)
    where: str  # owner/name#number, owner/name@sha, or owner/name
    reason: str = ""
    diff: list[str] = field(default_factory=list)
    url: str | None = None

    @property
    def done(self) -> bool:
        return self.action in ("create", "update", "unchanged")


def publish(
    deliveries: Sequence[Delivery],
    api: GitHubApi,
    state: PublishState,
    as_comment: bool,
    write: bool,
    report: Callable[[Outcome], None],
) -> list[Outcome]:
    target = COMMENT if as_comment else ISSUE
    outcomes = []
    for d in deliveries:
        assert d.repo is not None
        key = (d.student_key, d.graded.row.row_key, target)
        try:
            outcome = _one(d, api, state, key, as_comment, write)
        except Refused as exc:
            outcome = Outcome(d, "refused", d.repo, str(exc))
            if write:
                state.failed(key, d.repo, "refused", str(exc))
        except Pending as exc:
            outcome = Outcome(d, "pending", d.repo, str(exc))
            if write:
                state.failed(key, d.repo, "pending", str(exc))
        outcomes.append(outcome)
        report(outcome)
    return outcomes


def _one(
    d: Delivery, api: GitHubApi, state: PublishState, key: tuple[str, str, str], as_comment: bool, write: bool
) -> Outcome:
    assert d.repo is not None
    commit = d.graded.row.commit_sha
    if as_comment and not commit:
        raise Refused("no graded commit to comment on")
    title = None if as_comment else d.title
    body = d.comment if as_comment else d.body
    want = content_sha256(title, body)
    last = state.get(*key)
    same_place = last is not None and last.repo == d.repo and (not as_comment or last.commit_sha == commit)
    if last is not None and same_place and last.ref is not None and last.body_sha256 == want:
        where = _where(d.repo, last.ref, commit, as_comment)
        if write and last.status != "published":
            state.published(key, d.repo, last.ref, commit, last.url, want)
        return Outcome(d, "unchanged", where, url=last.url)
    api.check_repo(d.repo, issues=not as_comment)
    found = _existing(d, api, last.ref if last and same_place else None, commit, as_comment)
    if found is not None:
        where = _where(d.repo, found.ref, commit, as_comment)
        if content_sha256(found.title if not as_comment else None, found.body) == want:
            if write:
                state.published(key, d.repo, found.ref, commit, found.url, want)
            return Outcome(d, "unchanged", where, url=found.url)
        diff = _diff(found, title, body)
        if write:
            if as_comment:
                done = api.update_comment(d.repo, found.ref, body)
            else:
                done = api.update_issue(d.repo, found.ref, d.title, body)
            state.published(key, d.repo, done.ref, commit, done.url, want)
            return Outcome(d, "update", where, diff=diff, url=done.url)
        return Outcome(d, "update", where, diff=diff, url=found.url)
    if not write:
        return Outcome(d, "create", d.repo if not as_comment else f"{d.repo}@{(commit or '')[:12]}")
    done = (
        api.create_comment(d.repo, commit or "", body)
        if as_comment
        else api.create_issue(d.repo, d.title, body)
    )
    state.published(key, d.repo, done.ref, commit, done.url, want)
    return Outcome(d, "create", _where(d.repo, done.ref, commit, as_comment), url=done.url)


def _existing(
    d: Delivery, api: GitHubApi, ref: int | None, commit: str | None, as_comment: bool
) -> Posted | None:
    assert d.repo is not None
    if ref is not None:
        known = api.get_comment(d.repo, ref) if as_comment else api.get_issue(d.repo, ref)
        if known is not None and d.marker in known.body:
            return known
    if as_comment:
        return api.find_comment(d.repo, commit or "", d.marker)
    return api.find_issue(d.repo, d.marker)


def _where(repo: str, ref: int, commit: str | None, as_comment: bool) -> str:
    return f"{repo}@{(commit or '')[:12]} comment {ref}" if as_comment else f"{repo}#{ref}"


def _diff(found: Posted, title: str | None, body: str) -> list[str]:
    old = ([f"title: {found.title}"] if title is not None else []) + found.body.splitlines()
    new = ([f"title: {title}"] if title is not None else []) + body.splitlines()
    return list(difflib.unified_diff(old, new, "published", "new", lineterm="", n=2))
