"""Hostile fixtures built at test time: bare repositories written with `git fast-import` (no work tree,
so names, modes and sizes no checkout could hold are possible), and servers that misbehave on purpose.

Nothing hostile is committed to the project: every byte is produced here, under a temp dir.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.batch.servers import ApiServer, GitHttpServer, git

WHEN = 1_763_622_000  # 2025-11-20, committer time of every built commit
SYMLINK = 0o120000
GITLINK = 0o160000
FILE = 0o100644
ADVERTISEMENT = "application/x-git-upload-pack-advertisement"


def fast_repo(root: Path, owner: str, name: str, entries: Iterable[tuple[str, int, bytes]]) -> Path:
    """A bare repository `root/owner/name.git` whose one commit on `main` holds `entries`
    (path, mode, data): data is a blob for files and symlinks (the link target), a commit sha for
    gitlinks. Paths are written C-quoted, so newlines and trailing spaces survive."""
    bare = root / owner.lower() / f"{name.lower()}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "--bare", "-b", "main", str(bare))
    stream: list[bytes] = []
    blobs: dict[bytes, int] = {}
    lines: list[bytes] = []
    for path, mode, data in entries:
        quoted = _quote(path)
        if mode == GITLINK:
            lines.append(b"M 160000 " + data + b" " + quoted)
            continue
        mark = blobs.get(data)
        if mark is None:
            mark = blobs[data] = len(blobs) + 1
            stream.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        lines.append(b"M %o :%d " % (mode, mark) + quoted)
    message = b"hostile fixture"
    stream.append(
        b"commit refs/heads/main\ncommitter Student <s@example.org> %d +0000\ndata %d\n%s\n"
        % (WHEN, len(message), message)
    )
    stream.append(b"\n".join(lines) + b"\n\n")
    proc = subprocess.run(
        ["git", "fast-import", "--quiet"],
        input=b"".join(stream),
        cwd=bare,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return bare


def _quote(path: str) -> bytes:
    raw = path.encode("utf-8")
    if not any(c in raw for c in b'"\\\n') and not raw.startswith(b" ") and not raw.endswith(b" "):
        return raw
    escaped = raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    return b'"' + escaped + b'"'


class HostileGit(GitHttpServer):
    """The loopback git server, plus: "401"; "502-once" (one 502, then served); "refs-trickle"
    (the ref advertisement at 1 byte a second, without end); "v0" (a server that speaks only
    protocol v0, so cannot filter); "refs-flood" (a ref advertisement without end, as fast as the
    client reads, up to FLOOD_LIMIT); "slow-drop" (every answer: a byte each 0.5 s for 3 s, then
    the connection drops — a transient failure worth retrying, each retry slow)."""

    def __init__(self, root: Path) -> None:
        self.hostile: dict[str, str] = {}
        self.hostile_hits: dict[str, int] = {}
        self.paths: list[str] = []  # every path asked for, to prove what never reached the server
        self.flooded = 0  # bytes a flood wrote before the client stopped reading
        super().__init__(root)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base: Any = super()._handler()
        server = self

        class Handler(base):  # type: ignore[misc,valid-type]
            def _cgi(self) -> None:
                server.paths.append(self.path)
                key = "/".join(urlsplit(self.path).path.strip("/").split("/")[:2]).lower()
                key = key.removesuffix(".git")
                mode = server.hostile.get(key, "")
                hits = server.hostile_hits[key] = server.hostile_hits.get(key, 0) + 1
                if mode == "401":
                    _reply(self, 401, b"", {"WWW-Authenticate": 'Basic realm="GitHub"'})
                elif mode == "502-once" and hits == 1:
                    _reply(self, 502, b"bad gateway")
                elif mode == "refs-trickle" and self.command == "GET":
                    _trickle(self, b"001e# service=git-upload-pack\n0000fff0", ADVERTISEMENT)
                elif mode == "refs-flood" and self.command == "GET":
                    server.flooded = _flood(self)
                elif mode == "slow-drop":
                    self.send_response(200)
                    self.send_header("Content-Type", ADVERTISEMENT)
                    self.send_header("Content-Length", "5000")
                    self.end_headers()
                    try:  # a byte each 0.5 s for 3 s (no socket timeout fires), then the drop
                        for byte in b"001e# ":
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.5)
                    except OSError:
                        pass
                    self.close_connection = True
                elif mode == "v0":
                    if "Git-Protocol" in self.headers:
                        del self.headers["Git-Protocol"]  # git http-backend then speaks v0
                    super()._cgi()
                else:
                    super()._cgi()

        return Handler


class HostileApi(ApiServer):
    """The GitHub-shaped API, plus modes GitHub really shows: "401"; "hang" (silence past any
    timeout); "trickle" (1 byte a second, without end); "short" (the body ends early);
    "primary" (403, X-RateLimit-Remaining 0, reset in an hour, no Retry-After); "secondary"
    (403 'secondary rate limit' with Retry-After: 1, once); "secondary-bare" (the same without
    Retry-After); "429-bare" (429 without Retry-After); "502-once"; "409-empty"; "huge-json" (the
    commits answer is a JSON array without end and without a length, as fast as the client reads,
    up to FLOOD_LIMIT)."""

    def __init__(self, root: Path) -> None:
        self.hostile: dict[str, str] = {}
        self.hostile_hits: dict[str, int] = {}
        self.flooded = 0
        super().__init__(root)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base: Any = super()._handler()
        server = self

        class Handler(base):  # type: ignore[misc,valid-type]
            def do_GET(self) -> None:
                segments = urlsplit(self.path).path.strip("/").split("/")
                key = "/".join(segments[1:3]).lower() if segments[0] == "repos" else ""
                mode = server.hostile.get(key, "")
                hits = server.hostile_hits[key] = server.hostile_hits.get(key, 0) + 1
                if mode and self.headers.get("Authorization"):
                    server.auth_headers.append(self.headers["Authorization"])
                if mode == "401":
                    _json(self, 401, {"message": "Bad credentials"})
                elif mode == "hang":
                    time.sleep(8)
                    self.close_connection = True
                elif mode == "trickle":
                    _trickle(self, b'{"full_name": "', "application/json")
                elif mode == "short":
                    _reply(self, 200, b'{"full_name": "x/y", "na', {"Content-Length": "400"}, exact=False)
                    self.close_connection = True
                elif mode == "primary":
                    reset = str(int(time.time()) + 3600)
                    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
                    _json(self, 403, {"message": "API rate limit exceeded for 127.0.0.1."}, headers)
                elif mode == "secondary" and hits == 1:
                    body = {"message": "You have exceeded a secondary rate limit."}
                    _json(self, 403, body, {"Retry-After": "1"})
                elif mode == "secondary-bare":
                    _json(self, 403, {"message": "You have exceeded a secondary rate limit."})
                elif mode == "429-bare":
                    _json(self, 429, {"message": "Too Many Requests"})
                elif mode == "502-once" and hits == 1:
                    _json(self, 502, {"message": "Server Error"})
                elif mode == "409-empty" and len(segments) == 4:
                    _json(self, 409, {"message": "Git Repository is empty."})
                elif mode == "huge-json" and len(segments) == 4:
                    server.flooded = _flood(self, "application/json", b"[", b'{"sha": "%040d"},' % 0)
                else:
                    super().do_GET()

        return Handler


def _reply(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    exact: bool = True,
) -> None:
    handler.send_response(status)
    if exact:
        handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def _json(
    handler: BaseHTTPRequestHandler, status: int, body: object, headers: dict[str, str] | None = None
) -> None:
    _reply(
        handler, status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
    )


def _trickle(handler: BaseHTTPRequestHandler, start: bytes, kind: str, limit: float = 40.0) -> None:
    """A 200 whose body never ends: `start`, then a space a second (JSON and pkt-line readers wait)."""
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", "1000000")
    handler.end_headers()
    handler.wfile.write(start)
    handler.wfile.flush()
    stop = time.monotonic() + limit
    try:
        while time.monotonic() < stop:
            time.sleep(1)
            handler.wfile.write(b" ")
            handler.wfile.flush()
    except OSError:
        return  # the client gave up: what a bounded client must do
    handler.close_connection = True


FLOOD_LIMIT = 256 * 1024 * 1024  # a flood ends here by itself, whatever the client does


def _flood(
    handler: BaseHTTPRequestHandler,
    kind: str = ADVERTISEMENT,
    start: bytes = b"001e# service=git-upload-pack\n0000",
    unit: bytes = b"",
) -> int:
    """A 200 without a length whose body never ends (refs, or JSON items), written as fast as the
    client reads, until the client stops reading or FLOOD_LIMIT: returns the bytes written."""
    if not unit:
        line = b"%s refs/heads/b%%08d\n" % (b"1" * 40)
        unit = b"".join(b"%04x" % (len(line % i) + 4) + line % i for i in range(64))
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    handler.end_headers()
    handler.close_connection = True
    written = 0
    chunk = unit * max(1, 65536 // len(unit))
    try:
        handler.wfile.write(start)
        while written < FLOOD_LIMIT:
            handler.wfile.write(chunk)
            written += len(chunk)
    except OSError:
        pass  # the client stopped reading: what a bounded client must do
    return written
