"""The last commit at or before a deadline, from the host's REST API (PyGithub), one request per repo.

The network policy is explicit: PyGithub's own retry (which may sleep up to an hour on a rate limit)
is off; 5xx and dropped connections are retried here with backoff; a rate limit is waited out only
when it resets within `max_wait` seconds, else the row is `rate_limited`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from grader.fetch.bounded import Deadline, Guard
from grader.fetch.failure import FetchFailure
from grader.fetch.github_client import github_client
from grader.fetch.limits import MAX_ANSWER_BYTES, MIB
from grader.fetch.retry import with_retries
from grader.secrets import redact

if TYPE_CHECKING:
    from github import Github

BUDGET_FACTOR = 4  # the API's answers for one row, retries included, may take this many --timeout periods
_CURRENT = threading.local()  # the guard of the call running in this thread (answers read through it)


@dataclass(frozen=True, slots=True)
class Pinned:
    sha: str | None  # None: no commit at or before the deadline
    committed_at: datetime | None
    later_commits: bool


class History:
    def __init__(self, api_url: str, token: str | None, timeout: float, max_wait: float) -> None:
        _capped_connections()
        self.token = token
        self.max_wait = max_wait
        self.budget = BUDGET_FACTOR * timeout
        self.gh: Github = github_client(api_url, token, timeout, per_page=1)

    def pinned(self, owner: str, name: str, tip: str, deadline: datetime) -> Pinned:
        """The newest commit reachable from `tip` whose committer date is at or before `deadline`.

        One budget holds across retries: a server that trickles cannot spend it three times. Waiting
        out a rate limit (at most `max_wait`) is the one pause it does not count."""

        def call(guard: Guard) -> Pinned:
            _CURRENT.guard = guard
            return self._pinned(owner, name, tip, deadline)

        return with_retries(call, lambda exc: _failure(exc, self.token), Deadline(self.budget), self.max_wait)

    def _pinned(self, owner: str, name: str, tip: str, deadline: datetime) -> Pinned:
        try:
            repo = self.gh.get_repo(f"{owner}/{name}")
            page = repo.get_commits(sha=tip, until=deadline).get_page(0)
            if not page:
                return Pinned(None, None, True)
            commit = page[0]
            when = commit.commit.committer.date
            return Pinned(commit.sha, when, commit.sha != tip)
        except FetchFailure:
            raise
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


_INSTALLED = False


def _capped_connections() -> None:
    """PyGithub's connections, every answer read through a counter: past MAX_ANSWER_BYTES (or once the
    call's bound has fired) the read stops with a named failure, instead of a 1 GB JSON in memory."""
    global _INSTALLED
    if _INSTALLED:
        return
    from typing import Any

    from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass, Requester
    from requests.adapters import HTTPAdapter

    class CappedAdapter(HTTPAdapter):
        def build_response(self, req: Any, resp: Any) -> Any:
            response = super().build_response(req, resp)
            guard: Guard | None = getattr(_CURRENT, "guard", None)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
                response.close()
                raise FetchFailure(
                    "fetch_error", "batch.answer_too_large", {"limit": MAX_ANSWER_BYTES // MIB}
                )
            raw = response.raw
            stream = raw.stream

            def capped(amt: int = 65536, decode_content: bool | None = None) -> Any:
                seen = 0
                for chunk in stream(amt, decode_content=decode_content):
                    seen += len(chunk)  # decoded: a gzip bomb counts what it inflates to
                    if guard is not None:
                        guard.check()
                    if seen > MAX_ANSWER_BYTES:
                        response.close()
                        limit = MAX_ANSWER_BYTES // MIB
                        raise FetchFailure("fetch_error", "batch.answer_too_large", {"limit": limit})
                    yield chunk

            raw.stream = capped
            return response

    def capped_class(base: type[Any]) -> type[Any]:
        class Capped(base):  # type: ignore[misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                adapter = CappedAdapter(
                    max_retries=self.retry, pool_connections=self.pool_size, pool_maxsize=self.pool_size
                )
                self.session.mount("https://", adapter)
                self.session.mount("http://", adapter)

        return Capped

    Requester.injectConnectionClasses(
        capped_class(HTTPRequestsConnectionClass), capped_class(HTTPSRequestsConnectionClass)
    )
    _INSTALLED = True
