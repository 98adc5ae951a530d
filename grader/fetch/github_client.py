"""A PyGithub client on the grader's network policy: PyGithub's own retries and throttles are off (it
may sleep up to an hour on a rate limit); the caller retries, paces and waits on its own terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from github import Github


def github_client(api_url: str, token: str | None, timeout: float, per_page: int) -> Github:
    from github import Auth, Github  # the network stack: only for the commands that reach GitHub

    return Github(
        base_url=api_url.rstrip("/"),
        auth=Auth.Token(token) if token else None,
        timeout=int(max(1, timeout)),
        retry=None,
        per_page=per_page,
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,
    )
