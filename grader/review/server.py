"""`grader review`: serve a Workspace on the loopback address, print its URL, open a browser."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable

from grader.errors import InputError
from grader.review.workspace import Workspace

HOST = "127.0.0.1"  # loopback only: no other machine can reach the server


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: a free one), bound before the URL is printed."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise InputError(
            f"--port {port}: cannot listen on {HOST} ({exc.strerror}); choose another or 0"
        ) from None
    sock.listen(64)
    return sock


def serve(
    space: Workspace,
    port: int = 0,
    open_browser: bool = True,
    who: str = "",
    announce: Callable[[str], None] = print,
    token: str | None = None,
) -> None:
    import uvicorn

    from grader.review.app import create_app

    token = token or secrets.token_urlsafe(24)
    sock = bind(port)
    url = f"http://{HOST}:{sock.getsockname()[1]}/queue?token={token}"
    app = create_app(space, token, who)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    server = uvicorn.Server(config)
    announce(url)
    if open_browser:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    server.run(sockets=[sock])
