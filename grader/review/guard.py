"""Who may talk to the review server: only the browser that was given the random token.

- The token comes once in the URL the command prints; the first request with it gets an HttpOnly,
  SameSite=Strict cookie and a redirect to the same page without it (no token in history or logs).
- Every request needs the cookie; every POST also the token in an `X-Grader-Token` header, which a
  page of another origin can neither read nor send (CSRF-safe even if a cookie were replayed).
- The Host header must be the loopback address the server listens on: a DNS-rebinding page that
  resolves its own name to 127.0.0.1 is refused before any route runs.
- Every answer forbids framing, sniffing, caching and anything not from the server itself (CSP).
"""

from __future__ import annotations

import hmac
from typing import Any

from starlette.datastructures import URL, MutableHeaders, QueryParams
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "grader_review"
HEADER = "x-grader-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class TokenGuard:
    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, _with_headers(send))

    def _refusal(self, scope: Scope) -> Response | None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "").rsplit(":", 1)[0]
        if host not in LOOPBACK_HOSTS:
            return PlainTextResponse("refused: not a loopback Host", 403)
        cookies = _cookies(headers.get("cookie", ""))
        url = URL(scope=scope)
        query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
        if scope["method"] == "GET" and same(query.get("token"), self.token):
            # Trade the URL's token for a cookie, and drop it from the address bar.
            target = url.remove_query_params("token")
            answer = RedirectResponse(str(target.path) + (f"?{target.query}" if target.query else ""), 303)
            answer.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return answer
        if not same(cookies.get(COOKIE), self.token):
            return PlainTextResponse(
                "refused: open the address `grader review` printed (with its token)", 403
            )
        if scope["method"] not in ("GET", "HEAD") and not same(headers.get(HEADER), self.token):
            return PlainTextResponse("refused: no token in the request", 403)
        return None


def _cookies(raw: str) -> dict[str, str]:
    out = {}
    for part in raw.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in HEADERS.items():
                headers.setdefault(name, value)
            headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        await send(message)

    return sending


def middleware(token: str) -> list[Middleware]:
    options: dict[str, Any] = {"token": token}
    return [Middleware(TokenGuard, **options)]
