"""What the review pages show of a criterion: the student's text, images, the re-check diff, history.

The templates call a `Lens`; it reads nothing but the workspace (SQLite) and the in-memory files of
grader.review.sources, so a page can never be made to open a path.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from grader.report.gradebook_table import criterion_ids
from grader.report.graded import GradedRow
from grader.report.html import page_lang
from grader.report.html_model import blob_base, student_id
from grader.report.html_overview import overview
from grader.report.html_words import words
from grader.review import sources
from grader.review.queue import Item, build_queue
from grader.review.workspace import Workspace
from grader.store.decisions import Decision

Diff = list[tuple[str, str]] | str | None  # lines (kind, text); "unknown": the old text was not kept


@dataclass
class Lens:
    space: Workspace
    history_of: dict[tuple[str, str], list[Decision]]

    def _files(self, g: GradedRow) -> sources.Files:
        return sources.files_of(self.space.out, g.row)

    def excerpts(self, g: GradedRow, c: dict[str, Any]) -> list[sources.Excerpt]:
        return sources.excerpts(self._files(g), c)

    def hit_lines(self, c: dict[str, Any], file: str) -> set[int]:
        items = [*(c.get("evidence") or []), *(c.get("findings") or [])]
        return {int(i["line"]) for i in items if i.get("file") == file and isinstance(i.get("line"), int)}

    def images(self, g: GradedRow, c: dict[str, Any]) -> list[tuple[str, str | None, bool]]:
        """(path, URL, served inline) of each image the criterion is about."""
        files = self._files(g)
        out: list[tuple[str, str | None, bool]] = []
        for path in sources.images_for(files, c, self.excerpts(g, c)):
            if path in files.images:
                out.append((path, f"/img/{student_id(g)}/{quote(path)}", True))
            else:
                base = blob_base(g)
                out.append((path, f"{base}/{quote(path)}" if base else None, False))
        return out

    def diff(self, g: GradedRow, c: dict[str, Any]) -> Diff:
        """For a decision to re-check: how the criterion's text changed since the decision's commit."""
        decision = c.get("decision") or {}
        if not decision.get("recheck"):
            return None
        old = self.space.text_at(g.row.student_key, c["id"], decision.get("commit"))
        if old is None:
            return "unknown"
        new = sources.criterion_text(self.space.out, g.row, c["id"])
        lines = difflib.unified_diff(old.splitlines(), new.splitlines(), "before", "now", lineterm="", n=2)
        kinds = {"+": "add", "-": "del", "@": "hunk"}
        return [(kinds.get(line[:1], "same"), line) for line in list(lines)[2:]]

    def history(self, g: GradedRow, c: dict[str, Any]) -> list[Decision]:
        return self.history_of.get((g.row.student_key, c["id"]), [])


def context(space: Workspace, page: str, token: str) -> dict[str, Any]:
    """What every page needs: the rows (decisions applied), the queue, words, helpers."""
    graded = space.graded()
    lang = page_lang(graded)
    history: dict[tuple[str, str], list[Decision]] = {}
    for d in space.history():
        history.setdefault((d.student_key, d.criterion), []).append(d)
    items = build_queue(graded)
    href: Callable[[GradedRow], str] = lambda g: f"/student/{student_id(g)}"  # noqa: E731
    return {
        "page": page, "token": token, "lang": lang, "t": words(lang), "graded": graded,
        "items": items, "open_items": sum(not i.done for i in items), "href": href,
        "sources": Lens(space, history), "folder": str(space.out), "rubric_title": _title(graded),
    }  # fmt: skip


def overview_context(space: Workspace, base: dict[str, Any]) -> dict[str, Any]:
    graded: Sequence[GradedRow] = base["graded"]
    return {
        **base, "o": overview(graded, base["lang"]), "ids": criterion_ids(graded),
        "missing": list(space.view().missing),
        "unrecognized": space.unrecognized(),
    }  # fmt: skip


def find_row(graded: Sequence[GradedRow], sid: str) -> GradedRow | None:
    return next((g for g in graded if student_id(g) == sid), None)


def _title(graded: Sequence[GradedRow]) -> str:
    for g in graded:
        if g.result:
            return str((g.result.get("rubric") or {}).get("title") or "")
    return ""


__all__ = ["Item", "Lens", "context", "find_row", "overview_context"]
