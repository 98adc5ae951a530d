"""The batch's network clients, made on first use and shared by its worker threads.

Imported lazily: dulwich and PyGithub cost start-up time and stay out of runs that grade only
folders (and out of every run's unchanged rows but the first that needs them).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from grader.sources.links import Host

if TYPE_CHECKING:
    from grader.fetch.history import History
    from grader.fetch.remote import GitRemote


class Clients:
    def __init__(self, host: Host, api_url: str, token: str | None, timeout: float, max_wait: float) -> None:
        self.host, self.api_url, self.token = host, api_url, token
        self.timeout, self.max_wait = timeout, max_wait
        self._remote: GitRemote | None = None
        self._history: History | None = None
        self._lock = threading.Lock()  # two threads asking first must not make two clients

    def remote(self) -> GitRemote:
        """The git host: `ls-remote` tips and commit snapshots."""
        with self._lock:
            if self._remote is None:
                from grader.fetch.remote import GitRemote

                self._remote = GitRemote(self.host, self.token, self.timeout)
            return self._remote

    def history(self) -> History:
        """The REST API: the last commit at or before a deadline."""
        with self._lock:
            if self._history is None:
                from grader.fetch.history import History

                self._history = History(self.api_url, self.token, self.timeout, self.max_wait)
            return self._history
