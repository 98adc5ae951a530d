"""The last commit at or before a deadline, from the host's REST API (PyGithub), one request per repo.

The network policy is explicit: PyGithub's own retry (which may sleep up to an hour on a rate limit)
is off; 5xx and dropped connections are retried here with backoff; a rate limit is waited out only
when it resets within `max_wait` seconds, else the row is `rate_limited`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from grader.fetch.bounded import bounded
from grader.fetch.failure import FetchFailure, redact

if TYPE_CHECKING:
    from github import Github

RETRIES = 2
BUDGET_FACTOR = 4  # one API answer may take this many --timeout periods, however it trickles


@dataclass(frozen=True, slots=True)
class Pinned:
    sha: str | None  # None: no commit at or before the deadline
    committed_at: datetime | None
    later_commits: bool


class History:
    def __init__(self, api_url: str, token: str | None, timeout: float, max_wait: float) -> None:
        from github import Auth, Github

        self.token = token
        self.max_wait = max_wait
        self.budget = BUDGET_FACTOR * timeout
        self.gh: Github = Github(
            base_url=api_url.rstrip("/"),
            auth=Auth.Token(token) if token else None,
            timeout=int(max(1, timeout)),
            retry=None,
            per_page=1,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
        )

    def pinned(self, owner: str, name: str, tip: str, deadline: datetime) -> Pinned:
        """The newest commit reachable from `tip` whose committer date is at or before `deadline`."""
        for attempt in range(RETRIES + 1):
            try:
                return bounded(lambda: self._pinned(owner, name, tip, deadline), self.budget)
            except FetchFailure as failure:
                if failure.wait is not None and failure.wait <= self.max_wait and attempt < RETRIES:
                    time.sleep(failure.wait)
                    continue
                if not failure.transient or attempt == RETRIES:
                    raise
                time.sleep(0.3 * 3**attempt)
        raise AssertionError("unreachable")

    def _pinned(self, owner: str, name: str, tip: str, deadline: datetime) -> Pinned:
        try:
            repo = self.gh.get_repo(f"{owner}/{name}")
            page = repo.get_commits(sha=tip, until=deadline).get_page(0)
            if not page:
                return Pinned(None, None, True)
            commit = page[0]
            when = commit.commit.committer.date
            return Pinned(commit.sha, when, commit.sha != tip)
        except Exception as exc:
            raise _failure(exc, self.token) from None


def _failure(exc: Exception, token: str | None) -> FetchFailure:
    from github import GithubException, RateLimitExceededException, UnknownObjectException

    if isinstance(exc, UnknownObjectException):
        return FetchFailure("not_found", "batch.api_not_found")
    if isinstance(exc, RateLimitExceededException) or (
        # a 429 is a rate limit even without Retry-After (PyGithub raises a plain GithubException)
        isinstance(exc, GithubException)
        and (exc.status == 429 or (exc.status == 403 and _is_rate_limit(exc)))
    ):
        assert isinstance(exc, GithubException)
        wait = _wait_seconds(exc)
        shown = int(wait) if wait is not None else "?"
        return FetchFailure("rate_limited", "batch.api_rate_limited", {"wait": shown}, wait=wait)
    if isinstance(exc, GithubException):
        transient = exc.status >= 500
        return FetchFailure("fetch_error", "batch.http_error", {"code": exc.status}, transient=transient)
    text = redact(f"{exc.__class__.__name__}: {exc}", token)[:300]
    if "timed out" in text.lower() or "timeout" in exc.__class__.__name__.lower():
        return FetchFailure("timeout", "batch.timeout", transient=True)
    return FetchFailure("fetch_error", "batch.connection_lost", {"detail": text}, transient=True)


def _is_rate_limit(exc: object) -> bool:
    headers = getattr(exc, "headers", None) or {}
    lowered = {k.lower(): v for k, v in headers.items()}
    return lowered.get("x-ratelimit-remaining") == "0" or "retry-after" in lowered


def _wait_seconds(exc: object) -> float | None:
    headers = {k.lower(): v for k, v in (getattr(exc, "headers", None) or {}).items()}
    if "retry-after" in headers:
        try:
            return max(0.0, float(headers["retry-after"]))
        except ValueError:
            return None
    if "x-ratelimit-reset" in headers:
        try:
            return max(0.0, float(headers["x-ratelimit-reset"]) - time.time())
        except ValueError:
            return None
    return None
