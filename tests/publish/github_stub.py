"""A GitHub REST stand-in on 127.0.0.1 that records every call: issues, commit comments, `/user`.

Switches make it misbehave as GitHub does: a repository with issues disabled (410), an archived one
(403 on writes), a missing one (404), secondary rate limits (403 with `retry-after`), and a write that
is done but never answered (the client is killed while it waits).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

LOGIN = "teacher"


@dataclass
class Repo:
    has_issues: bool = True
    archived: bool = False
    issues: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fail_writes: tuple[int, str] | None = None  # (status, message) every write to it answers


@dataclass
class Call:
    method: str
    path: str
    body: dict[str, Any] | None
    auth: str | None
    at: float = field(default_factory=time.monotonic)

    @property
    def write(self) -> bool:
        return self.method in ("POST", "PATCH", "PUT", "DELETE")


class GitHubStub:
    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.calls: list[Call] = []
        self.secondary_limits = 0  # this many next writes answer 403 secondary rate limit
        self.retry_after = 1  # seconds, in those answers
        self.primary_limits = 0  # this many next calls answer 403 "API rate limit exceeded" (resets in 1 s)
        self.hang_after_writes: int | None = None  # done writes after which a write is done, not answered
        self.release = threading.Event()
        self._next_id = 1000
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> GitHubStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def repo(self, full: str) -> Repo:
        return self.repos.setdefault(full.lower(), Repo())

    @property
    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.write]

    def done_writes(self) -> int:
        return sum(1 for c in self.writes if c.path != "limited")

    # ------------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def do_PATCH(self) -> None:
                self._serve()

            def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                parts = urlsplit(self.path)
                call = Call(self.command, parts.path, body, self.headers.get("Authorization"))
                with stub._lock:
                    primary = stub.primary_limits > 0
                    if primary:
                        stub.primary_limits -= 1
                if primary:
                    reset = str(int(time.time()) + 1)
                    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}
                    self._send(403, {"message": "API rate limit exceeded for user ID 1."}, headers)
                    return
                with stub._lock:
                    if call.write and stub.secondary_limits > 0:
                        stub.secondary_limits -= 1
                        stub.calls.append(Call(self.command, "limited", body, call.auth))
                        limited = True
                    else:
                        stub.calls.append(call)
                        limited = False
                    hang = (
                        call.write and not limited and stub.hang_after_writes is not None
                        and stub.done_writes() > stub.hang_after_writes
                    )  # fmt: skip
                if limited:
                    message = "You have exceeded a secondary rate limit. Please wait a few minutes."
                    self._send(403, {"message": message}, {"retry-after": str(stub.retry_after)})
                    return
                with stub._lock:
                    status, data = stub._answer(self.command, parts.path, parse_qs(parts.query), body)
                if hang:
                    stub.release.wait(30)  # the write is done; the client never hears of it
                    return
                self._send(status, data)

        return Handler

    def _answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        segments = [s for s in path.split("/") if s]
        if segments == ["user"]:
            return 200, {"login": LOGIN, "id": 1}
        if len(segments) < 3 or segments[0] != "repos":
            return 404, {"message": "Not Found"}
        full = f"{segments[1]}/{segments[2]}".lower()
        repo = self.repos.get(full)
        if repo is None:
            return 404, {"message": "Not Found"}
        rest = segments[3:]
        if not rest:
            if method != "GET":
                return 404, {"message": "Not Found"}
            return 200, {"full_name": full, "archived": repo.archived, "has_issues": repo.has_issues}
        if method != "GET" and repo.fail_writes:
            return repo.fail_writes[0], {"message": repo.fail_writes[1]}
        if rest[0] == "issues":
            if not repo.has_issues:
                return 410, {"message": "Issues are disabled for this repo"}
            return self._issues(full, repo, method, rest[1:], query, body)
        if rest[0] in ("commits", "comments"):
            return self._comments(full, repo, method, rest, body)
        return 404, {"message": "Not Found"}

    def _read_only(self, repo: Repo) -> tuple[int, Any] | None:
        if repo.archived:
            return 403, {"message": "Repository was archived so is read-only."}
        return None

    def _issues(
        self, full: str, repo: Repo, method: str, rest: list[str], query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        if not rest and method == "GET":
            state = query.get("state", ["open"])[0]
            page, per_page = int(query.get("page", ["1"])[0]), int(query.get("per_page", ["30"])[0])
            shown = [i for i in repo.issues if state == "all" or i["state"] == state]
            return 200, shown[(page - 1) * per_page : page * per_page]
        if not rest and method == "POST":
            refused = self._read_only(repo)
            if refused:
                return refused
            self._next_id += 1
            number = len(repo.issues) + 1
            issue = {
                "id": self._next_id, "number": number, "title": body["title"], "body": body.get("body", ""),
                "state": "open", "user": {"login": LOGIN},
                "html_url": f"https://github.example/{full}/issues/{number}",
            }  # fmt: skip
            repo.issues.append(issue)
            return 201, issue
        found = [i for i in repo.issues if rest and str(i["number"]) == rest[0]]
        if not found:
            return 404, {"message": "Not Found"}
        if method == "PATCH":
            refused = self._read_only(repo)
            if refused:
                return refused
            for key in ("title", "body", "state"):
                if key in body:
                    found[0][key] = body[key]
        return 200, found[0]

    def _comments(self, full: str, repo: Repo, method: str, rest: list[str], body: Any) -> tuple[int, Any]:
        if rest[0] == "commits" and len(rest) == 3 and rest[2] == "comments":
            sha = rest[1]
            if method == "GET":
                return 200, repo.comments.get(sha, [])
            refused = self._read_only(repo)
            if refused:
                return refused
            self._next_id += 1
            comment = {
                "id": self._next_id, "body": body["body"], "commit_id": sha, "user": {"login": LOGIN},
                "html_url": f"https://github.example/{full}/commit/{sha}#commitcomment-{self._next_id}",
            }  # fmt: skip
            repo.comments.setdefault(sha, []).append(comment)
            return 201, comment
        if rest[0] == "comments" and len(rest) == 2:
            for comments in repo.comments.values():
                for comment in comments:
                    if str(comment["id"]) == rest[1]:
                        if method == "PATCH":
                            refused = self._read_only(repo)
                            if refused:
                                return refused
                            comment["body"] = body["body"]
                        return 200, comment
        return 404, {"message": "Not Found"}


@contextmanager
def github_stub() -> Iterator[GitHubStub]:
    stub = GitHubStub().start()
    try:
        yield stub
    finally:
        stub.stop()


def wait_for(predicate: Any, timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False
