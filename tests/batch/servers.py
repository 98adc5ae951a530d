"""Real servers on 127.0.0.1 for batch tests and benchmarks.

`GitHttpServer`: git's own smart-HTTP backend (`git http-backend`, the protocol GitHub speaks) behind a
small threaded HTTP server. `ApiServer`: the GitHub REST endpoints the grader uses, answered from the
same bare repositories, with switches that make a repository misbehave on purpose.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

BACKEND = "/usr/lib/git-core/git-http-backend"
# What GitHub allows and the fetcher relies on: partial-clone filters and wants by commit sha.
SERVER_CONFIG = {
    "uploadpack.allowFilter": "true",
    "uploadpack.allowAnySHA1InWant": "true",
    "http.receivepack": "false",
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is what some tests do on purpose: not an error.
        pass


class GitHttpServer:
    """Serves every bare repository under `root` as http://127.0.0.1:PORT/<owner>/<name>(.git)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests = 0
        self.auth_headers: list[str] = []
        self.posts = 0  # upload-pack requests that fetch objects (not protocol v2's ls-refs)
        self.delay = 0.0  # seconds added to every fetch (to kill a batch midway in tests)
        # owner/name -> "500", "429", "drop" (connection closed mid-answer), "hang" (5 s of silence),
        # "trickle" (the fetch answered at 80 bytes a second)
        self.behaviour: dict[str, str] = {}
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> GitHttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._cgi()

            def do_POST(self) -> None:
                self._cgi()

            def _cgi(self) -> None:
                with server._lock:
                    server.requests += 1
                    if self.headers.get("Authorization"):
                        server.auth_headers.append(self.headers["Authorization"])
                parts = urlsplit(self.path)
                path = parts.path
                # GitHub answers without `.git` too; the backend needs the folder's real name.
                # Owner and name are case-insensitive, as on GitHub; repositories are stored lower-case.
                segments = path.strip("/").split("/")
                if len(segments) >= 2:
                    name = segments[1].lower()
                    name = name if name.endswith(".git") else f"{name}.git"
                    path = "/" + "/".join([segments[0].lower(), name, *segments[2:]])
                mode = server.behaviour.get("/".join(path.strip("/").split("/")[:2]).removesuffix(".git"), "")
                if mode in ("500", "429"):
                    self.send_response(int(mode))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if mode.startswith("redirect:"):  # "redirect:<base url>": a moved repository
                    self.send_response(301)
                    self.send_header("Location", mode.split(":", 1)[1] + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if mode == "hang":
                    time.sleep(5)
                if mode == "drop":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/x-git-upload-pack-advertisement")
                    self.send_header("Content-Length", "5000")
                    self.end_headers()
                    self.wfile.write(b"001e# service=git-upload-pack\n00")
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.command == "POST" and b"command=ls-refs" not in body[:200]:
                    with server._lock:
                        server.posts += 1
                    if server.delay:
                        time.sleep(server.delay)
                env = {
                    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "GIT_PROJECT_ROOT": str(server.root),
                    "GIT_HTTP_EXPORT_ALL": "1",
                    "REQUEST_METHOD": self.command,
                    "PATH_INFO": path,
                    "QUERY_STRING": parts.query,
                    "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "CONTENT_LENGTH": str(len(body)),
                    "REMOTE_ADDR": "127.0.0.1",
                    "GIT_CONFIG_NOSYSTEM": "1",
                    "HOME": str(server.root),
                    "GIT_CONFIG_COUNT": str(len(SERVER_CONFIG)),
                }
                for i, (key, value) in enumerate(SERVER_CONFIG.items()):
                    env[f"GIT_CONFIG_KEY_{i}"] = key
                    env[f"GIT_CONFIG_VALUE_{i}"] = value
                if self.headers.get("Git-Protocol"):
                    env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
                if self.headers.get("Content-Encoding"):
                    env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
                proc = subprocess.run([BACKEND], input=body, env=env, capture_output=True, timeout=60)
                head, _, payload = proc.stdout.partition(b"\r\n\r\n")
                if not _:
                    head, _, payload = proc.stdout.partition(b"\n\n")
                status = 200
                headers: list[tuple[str, str]] = []
                for line in head.decode("latin-1").splitlines():
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.strip().split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if mode == "trickle" and self.command == "POST":
                    for start in range(0, len(payload), 16):  # 80 bytes a second
                        self.wfile.write(payload[start : start + 16])
                        self.wfile.flush()
                        time.sleep(0.2)
                    return
                self.wfile.write(payload)

        return Handler


def git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    full_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/nonexistent",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Student",
        "GIT_AUTHOR_EMAIL": "s@example.org",
        "GIT_COMMITTER_NAME": "Student",
        "GIT_COMMITTER_EMAIL": "s@example.org",
        **(env or {}),
    }
    out = subprocess.run(["git", *args], cwd=cwd, env=full_env, capture_output=True, check=True)
    return out.stdout.decode()


def make_repo(
    root: Path,
    owner: str,
    name: str,
    commits: list[tuple[str, dict[str, bytes | None]]],
    symlinks: dict[str, str] | None = None,
    gitlinks: dict[str, str] | None = None,
) -> Path:
    """A bare repository `root/owner/name.git` with one commit per (ISO date, {path: bytes or None}).

    None deletes a path. `symlinks` (path -> target) and `gitlinks` (path -> commit sha: submodule
    entries) are added in the last commit.
    """
    bare = root / owner.lower() / f"{name.lower()}.git"
    work = root / "_work" / owner / name
    work.mkdir(parents=True)
    git("init", "-q", "-b", "main", str(work))
    for i, (date, files) in enumerate(commits):
        for rel, data in files.items():
            target = work / rel
            if data is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if symlinks and i == len(commits) - 1:
            for rel, link in symlinks.items():
                (work / rel).symlink_to(link)
        git("add", "-A", cwd=work)
        if gitlinks and i == len(commits) - 1:
            for rel, sha in gitlinks.items():
                git("update-index", "--add", "--cacheinfo", f"160000,{sha},{rel}", cwd=work)
        dates = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        git("commit", "-q", "--allow-empty", "-m", f"commit {i}", cwd=work, env=dates)
    bare.parent.mkdir(parents=True, exist_ok=True)
    git("clone", "-q", "--bare", str(work), str(bare))
    return bare


def make_empty_repo(root: Path, owner: str, name: str) -> Path:
    bare = root / owner.lower() / f"{name.lower()}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "--bare", "-b", "main", str(bare))
    return bare


class ApiServer:
    """The GitHub REST endpoints the grader uses, answered from the bare repositories under `root`.

    `behaviour[owner/name]` makes one repository misbehave: "404", "500", "500-once", "drop",
    "rate-limit" (403 with X-RateLimit-Reset), "retry-after" (429 with Retry-After: 1).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.behaviour: dict[str, str] = {}
        self.hits: dict[str, int] = {}
        self.auth_headers: list[str] = []
        self.paths: list[str] = []
        self.httpd = _Server(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> ApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _commits(self, owner: str, name: str, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        bare = self.root / owner / f"{name}.git"
        args = ["log", "--format=%H %cI", "-n", query.get("per_page", ["30"])[0]]
        if "until" in query:
            args.append(f"--until={query['until'][0]}")
        args.append(query.get("sha", ["HEAD"])[0])
        out = git(*args, cwd=bare)
        return [
            {
                "sha": sha,
                "url": f"{self.url}/repos/{owner}/{name}/commits/{sha}",
                "commit": {"committer": {"date": _utc(date)}, "author": {"date": _utc(date)}},
            }
            for sha, date in (line.split() for line in out.splitlines())
        ]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                server.paths.append(self.path)
                self.auth_headers_seen()
                parts = urlsplit(self.path)
                segments = parts.path.strip("/").split("/")
                if len(segments) < 3 or segments[0] != "repos":
                    self._send(404, {"message": "Not Found"})
                    return
                segments[1], segments[2] = segments[1].lower(), segments[2].lower()
                key = f"{segments[1]}/{segments[2]}"
                hits = server.hits[key] = server.hits.get(key, 0) + 1
                mode = server.behaviour.get(key, "")
                bare = server.root / segments[1] / f"{segments[2]}.git"
                if mode == "404" or not bare.is_dir():
                    self._send(404, {"message": "Not Found"})
                elif mode == "500" or (mode == "500-once" and hits == 1):
                    self._send(500, {"message": "Server Error"})
                elif mode == "drop":
                    self.send_response(200)
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'[{"sha": "')
                    self.close_connection = True
                elif mode == "rate-limit":
                    reset = str(int(time.time()) + 3600)
                    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
                    self._send(403, {"message": "API rate limit exceeded"}, headers)
                elif mode == "retry-after" and hits == 1:
                    self._send(429, {"message": "secondary rate limit"}, {"Retry-After": "1"})
                elif len(segments) == 4 and segments[3] == "commits":
                    self._send(200, server._commits(segments[1], segments[2], parse_qs(parts.query)))
                elif len(segments) == 3:
                    full = f"{segments[1]}/{segments[2]}"
                    self._send(200, {"full_name": full, "name": segments[2], "default_branch": "main"})
                else:
                    self._send(404, {"message": "Not Found"})

            def auth_headers_seen(self) -> None:
                if self.headers.get("Authorization"):
                    server.auth_headers.append(self.headers["Authorization"])

        return Handler


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def serving(root: Path) -> Iterator[tuple[GitHttpServer, ApiServer]]:
    git_server = GitHttpServer(root).start()
    api = ApiServer(root).start()
    try:
        yield git_server, api
    finally:
        git_server.stop()
        api.stop()
