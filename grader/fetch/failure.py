"""Why a fetch failed, as a row status and a reason an instructor can act on — with secrets removed."""

from __future__ import annotations

import re
import socket
from typing import Any

from grader.lang import Lang
from grader.secrets import redact
from grader.words.messages import render

__all__ = ["FetchFailure", "classify_error", "redact"]  # `redact` is re-exported for the fetchers


class FetchFailure(Exception):
    """A not-graded row: `status` is one of CONVENTIONS.md's batch statuses; `code` + `args` its
    reason in the catalogue of wording (grader/words/fetch.yaml)."""

    def __init__(
        self,
        status: str,
        code: str,
        args: dict[str, Any] | None = None,
        transient: bool = False,
        wait: float | None = None,
    ) -> None:
        super().__init__(f"{status}: {code} {args or {}}")
        self.status = status
        self.code = code
        self.args_ = args or {}
        self.transient = transient
        self.wait = wait  # seconds until a rate limit resets, when the server said

    def reason(self, lang: Lang) -> str:
        return render(self.code, self.args_, lang)


def classify_error(exc: BaseException, token: str | None) -> FetchFailure:
    """Map an exception from dulwich/urllib3 onto a row status."""
    from dulwich.client import HTTPUnauthorized
    from dulwich.errors import GitProtocolError, HangupException, NotGitRepository

    message = redact(f"{exc.__class__.__name__}: {exc}", token)[:300]
    if isinstance(exc, HTTPUnauthorized | NotGitRepository):
        return FetchFailure("not_found", "batch.not_found")
    if _timed_out(exc):
        return FetchFailure("timeout", "batch.timeout", transient=True)
    text = str(exc)
    status = re.search(r"unexpected http resp (\d{3})", text)
    if status:
        code = int(status.group(1))
        if code in (403, 429):
            return FetchFailure("rate_limited", "batch.rate_limited", {"code": code})
        if code >= 500:
            return FetchFailure("fetch_error", "batch.http_error", {"code": code}, transient=True)
        return FetchFailure("fetch_error", "batch.http_error", {"code": code})
    if isinstance(exc, HangupException | ConnectionError) or "connection" in text.lower():
        return FetchFailure("fetch_error", "batch.connection_lost", {"detail": message}, transient=True)
    if isinstance(exc, GitProtocolError):
        return FetchFailure("fetch_error", "batch.fetch_failed", {"detail": message}, transient=True)
    return FetchFailure("fetch_error", "batch.fetch_failed", {"detail": message})


def _timed_out(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, socket.timeout | TimeoutError) or "timed out" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False
