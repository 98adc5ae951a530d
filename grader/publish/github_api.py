"""The GitHub REST calls publishing makes, through PyGithub, with an explicit network policy.

PyGithub's own retries and throttles are off (they may sleep for an hour); here instead:
- writes are paced, one per `write_interval` seconds per token (GitHub's advice against secondary
  rate limits);
- a rate limit (403/429 with `retry-after`, or `x-ratelimit-remaining: 0` and its reset) is waited
  out when it ends within `max_wait` seconds, else the call raises `Pending` and the row waits for the
  next run; once the token is limited, the rest of the run makes no further calls that would fail;
- 5xx answers and dropped connections are retried twice with a short backoff (never a POST: it
  may have been done, and the next run finds it by its marker);
- a repository that refuses (issues disabled 410, archived 403, not found or no permission 404/403)
  raises `Refused` with the reason. Only a token GitHub rejects (401) stops the whole run.
Every message is redacted of the token before anyone sees it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from grader.errors import InputError
from grader.fetch.github_client import github_client
from grader.secrets import redact

if TYPE_CHECKING:
    from github import Github

RETRIES = 2
MAX_PAGES = 20  # 2,000 issues or comments: a student's repository has far fewer
_SECONDARY_DEFAULT = 60.0  # GitHub: without retry-after, wait at least a minute


class Refused(Exception):
    """The repository does not take this write (disabled, archived, no permission): listed, skipped."""


class Pending(Exception):
    """Not now (rate limited, the server failing): the row is left for the next run, with the reason."""


@dataclass(frozen=True, slots=True)
class Posted:
    ref: int  # issue number or comment id
    title: str | None
    body: str
    url: str | None
    author: str | None


class GitHubApi:
    def __init__(
        self,
        api_url: str,
        token: str | None,
        max_wait: float,
        write_interval: float = 1.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.token = token
        self.max_wait = max_wait
        self.write_interval = write_interval
        self.sleep = sleep
        self.waited = 0.0  # seconds spent waiting out rate limits (shown in the summary)
        self._last_write: float | None = None
        self._blocked: str | None = None  # why every further call would fail (a long rate limit)
        self._login: str | bool | None = False  # False: not asked yet
        self.gh: Github = github_client(api_url, token, timeout, per_page=100)

    # --- what publishing asks -------------------------------------------------------------------

    def login(self) -> str | None:
        """Who the token is (its issues are the ones to update); None when GitHub does not say."""
        if self._login is False and not self.token:
            self._login = None  # anonymous (a dry run): no one to be
        if self._login is False:
            try:
                data = self._call("GET", "/user", None, write=False)
                self._login = str(data.get("login")) if isinstance(data, dict) else None
            except (Refused, Pending, InputError):
                self._login = None  # an app installation token has no /user: any author will do
        return self._login if isinstance(self._login, str) else None

    def check_repo(self, repo: str, issues: bool) -> None:
        """Refused before any write when the repository says it would refuse: archived, no issues."""
        data = self._call("GET", f"/repos/{repo}", None, write=False)
        if not isinstance(data, dict):
            return
        if data.get("archived"):
            raise Refused("the repository is archived (read-only)")
        if issues and data.get("has_issues") is False:
            raise Refused("issues are disabled in this repository")

    def find_issue(self, repo: str, marker: str) -> Posted | None:
        return self._find(self._pages(f"/repos/{repo}/issues", {"state": "all"}), marker, issues=True)

    def get_issue(self, repo: str, number: int) -> Posted | None:
        try:
            data = self._call("GET", f"/repos/{repo}/issues/{number}", None, write=False)
        except Refused:
            return None  # deleted or moved: looked for by its marker instead
        return _posted(data, issues=True)

    def create_issue(self, repo: str, title: str, body: str) -> Posted:
        data = self._call("POST", f"/repos/{repo}/issues", {"title": title, "body": body})
        return _required(_posted(data, issues=True))

    def update_issue(self, repo: str, number: int, title: str, body: str) -> Posted:
        data = self._call("PATCH", f"/repos/{repo}/issues/{number}", {"title": title, "body": body})
        return _required(_posted(data, issues=True))

    def find_comment(self, repo: str, sha: str, marker: str) -> Posted | None:
        return self._find(self._pages(f"/repos/{repo}/commits/{sha}/comments", {}), marker, issues=False)

    def get_comment(self, repo: str, comment_id: int) -> Posted | None:
        try:
            data = self._call("GET", f"/repos/{repo}/comments/{comment_id}", None, write=False)
        except Refused:
            return None
        return _posted(data, issues=False)

    def create_comment(self, repo: str, sha: str, body: str) -> Posted:
        data = self._call("POST", f"/repos/{repo}/commits/{sha}/comments", {"body": body})
        return _required(_posted(data, issues=False))

    def update_comment(self, repo: str, comment_id: int, body: str) -> Posted:
        data = self._call("PATCH", f"/repos/{repo}/comments/{comment_id}", {"body": body})
        return _required(_posted(data, issues=False))

    # --- how ------------------------------------------------------------------------------------

    def _find(self, pages: Iterator[Any], marker: str, issues: bool) -> Posted | None:
        me = self.login()
        mine: list[Posted] = []
        for item in pages:
            posted = _posted(item, issues)
            if posted is None or marker not in posted.body:
                continue
            # Someone else's issue carrying the marker (a student can copy it) is not ours to update.
            if me is None or posted.author is None or posted.author.lower() == me.lower():
                mine.append(posted)
        return min(mine, key=lambda p: p.ref) if mine else None

    def _pages(self, path: str, params: dict[str, Any]) -> Iterator[Any]:
        for page in range(1, MAX_PAGES + 1):
            data = self._call("GET", path, {**params, "per_page": 100, "page": page}, write=False)
            if not isinstance(data, list):
                return
            yield from data
            if len(data) < 100:
                return

    def _call(self, verb: str, path: str, payload: dict[str, Any] | None, write: bool = True) -> Any:
        from github import GithubException
        from requests.exceptions import RequestException

        if self._blocked:
            raise Pending(self._blocked)
        failures = 0
        while True:
            if write:
                self._pace()
            try:
                if write:
                    _, data = self.gh.requester.requestJsonAndCheck(verb, path, input=payload)
                else:
                    _, data = self.gh.requester.requestJsonAndCheck(verb, path, parameters=payload)
                return data
            except GithubException as exc:
                wait = _rate_limit_wait(exc)
                if wait is not None:
                    self._wait_or_defer(wait)
                    continue
                # A POST that failed may still have been done: not repeated (the next run finds it).
                if exc.status >= 500 and failures < RETRIES and verb != "POST":
                    failures += 1
                    self.sleep(failures)
                    continue
                raise self._classify(exc) from None
            except RequestException as exc:
                if failures < RETRIES and verb != "POST":
                    failures += 1
                    self.sleep(failures)
                    continue
                message = redact(f"{exc.__class__.__name__}: {exc}", self.token)[:200]
                raise Pending(f"cannot reach the API ({message})") from None

    def _pace(self) -> None:
        now = time.monotonic()
        if self._last_write is not None:
            gap = self._last_write + self.write_interval - now
            if gap > 0:
                self.sleep(gap)
        self._last_write = time.monotonic()

    def _wait_or_defer(self, wait: float) -> None:
        if wait > self.max_wait:
            self._blocked = f"rate limited for {wait:.0f} s more (over --max-wait {self.max_wait:g})"
            raise Pending(self._blocked)
        self.sleep(wait)
        self.waited += wait

    def _classify(self, exc: Any) -> Exception:
        status = int(exc.status)
        message = redact(
            str((exc.data or {}).get("message") or "") if isinstance(exc.data, dict) else "", self.token
        )
        message = " ".join(message.split())[:200]
        if status == 401:
            return InputError(
                "GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN or --token-file"
            )
        if status == 410:
            return Refused("issues are disabled in this repository")
        if status == 403 and "archived" in message.lower():
            return Refused("the repository is archived (read-only)")
        if status in (403, 404):
            said = f": {message}" if message else ""
            return Refused(f"not found, or the token may not write there ({status}{said})")
        if status >= 500:
            return Pending(f"the server failed ({status})")
        return Pending(f"GitHub answered {status}" + (f": {message}" if message else ""))


def _rate_limit_wait(exc: Any) -> float | None:
    """Seconds until a rate limit ends, or None when the answer is not a rate limit."""
    if exc.status not in (403, 429):
        return None
    headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or "").lower()
    if "retry-after" in headers:
        try:
            return max(0.0, float(headers["retry-after"]))
        except ValueError:
            return _SECONDARY_DEFAULT
    if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
        try:
            return max(0.0, float(headers["x-ratelimit-reset"]) - time.time()) + 1
        except ValueError:
            return _SECONDARY_DEFAULT
    if exc.status == 429 or "rate limit" in message:
        return _SECONDARY_DEFAULT
    return None


def _posted(data: Any, issues: bool) -> Posted | None:
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    if issues and (data.get("pull_request") or not isinstance(data.get("number"), int)):
        return None
    user = data.get("user")
    author = user.get("login") if isinstance(user, dict) else None
    return Posted(
        ref=int(data["number"] if issues else data["id"]),
        title=str(data.get("title") or "") if issues else None,
        body=str(data.get("body") or ""),
        url=str(data["html_url"]) if data.get("html_url") else None,
        author=str(author) if author else None,
    )


def _required(posted: Posted | None) -> Posted:
    if posted is None:
        raise Pending("GitHub's answer did not describe the issue or comment written")
    return posted
