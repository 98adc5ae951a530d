"""The review app: Starlette routes over one Workspace, guarded by grader.review.guard.

Pages render server-side (Jinja2, autoescape on); the one write is `POST /api/decide` (JSON), which
goes through Workspace.decide like `grader override`. Images are served from memory only, with a
policy that lets an SVG be an image and nothing more.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from grader.report.html import TEMPLATES, environment
from grader.report.html_model import line_link
from grader.review import guard, pages, sources
from grader.review.workspace import Pending, Workspace
from grader.store.decisions import DecisionError

HERE = Path(__file__).parent
# The only files the server sends from disk: named here, read once, never chosen by a request's path.
STATIC = {
    "style.css": (TEMPLATES / "style.css", "text/css; charset=utf-8"),
    "review.css": (HERE / "static" / "review.css", "text/css; charset=utf-8"),
    "review.js": (HERE / "static" / "review.js", "text/javascript; charset=utf-8"),
}
MAX_BODY = 64 * 1024  # a decision with its notes; anything bigger is not one
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def create_app(space: Workspace, token: str, who: str = "") -> Starlette:
    env = environment(HERE / "templates")
    env.globals["line_link"] = line_link
    static = {name: (path.read_bytes(), mime) for name, (path, mime) in STATIC.items()}

    def render(name: str, data: dict[str, Any]) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(data))

    def overview_page(request: Request) -> Response:
        base = pages.context(space, "overview", token)
        return render("overview.html", pages.overview_context(space, base))

    def queue_page(request: Request) -> Response:
        return render("queue.html", pages.context(space, "queue", token))

    def student_page(request: Request) -> Response:
        base = pages.context(space, "student", token)
        g = pages.find_row(base["graded"], request.path_params["sid"])
        if g is None:
            return Response("no such student", 404, media_type="text/plain")
        return render("student.html", {**base, "g": g})

    def static_file(request: Request) -> Response:
        found = static.get(request.path_params["name"])
        if found is None:
            return Response("not found", 404, media_type="text/plain")
        return Response(found[0], media_type=found[1])

    def image(request: Request) -> Response:
        graded = space.graded()
        g = pages.find_row(graded, request.path_params["sid"])
        files = sources.files_of(space.out, g.row) if g else None
        found = files.images.get(request.path_params["path"]) if files else None
        if found is None:
            return Response("not found", 404, media_type="text/plain")
        mime, data = found
        return Response(data, media_type=mime, headers={"Content-Security-Policy": IMAGE_POLICY})

    async def decide(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": "request too large"}, 413)
        try:
            data = json.loads(body)
            pending = _pending(data, who)
        except (ValueError, TypeError, KeyError) as exc:
            return JSONResponse({"error": f"bad request: {exc}"}, 400)
        try:
            made = await asyncio.to_thread(space.decide, pending)
        except DecisionError as exc:
            return JSONResponse({"error": str(exc)}, 422)
        answer = {"ok": True, "points": made.points, "criterion": made.criterion, "at": made.decided_at}
        return JSONResponse({**answer, "outputs_written": space.written})

    routes = [
        Route("/", overview_page),
        Route("/queue", queue_page),
        Route("/student/{sid:str}", student_page),
        Route("/static/{name:str}", static_file),
        Route("/img/{sid:str}/{path:path}", image),
        Route("/api/decide", decide, methods=["POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204)),  # no icon, and no 404 noise
    ]
    return Starlette(routes=routes, middleware=guard.middleware(token))


def _pending(data: Any, who: str) -> Pending:
    if not isinstance(data, dict):
        raise ValueError("a JSON object is expected")
    points = data.get("points")
    if points is not None and not isinstance(points, int | float):
        raise ValueError("points must be a number or null")
    texts = {k: data.get(k, "") for k in ("student_key", "criterion", "note", "private")}
    if (
        not all(isinstance(v, str) for v in texts.values())
        or not texts["student_key"]
        or not texts["criterion"]
    ):
        raise ValueError("student_key and criterion (strings) are required")
    return Pending(
        student=texts["student_key"], criterion=texts["criterion"],
        points=float(points) if points is not None else None,
        note_student=texts["note"], note_self=texts["private"], who=who,
    )  # fmt: skip
