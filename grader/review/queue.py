"""What needs the instructor, oldest hand-in first: the review queue, made from the results alone.

An item is one criterion of one student (or a whole row, when there is no result to judge):

- `needs_review`: the grader could not read it (a canvas as an image, a board link, a DOCX part);
- `error`: the check itself failed on this hand-in;
- `unsure`: the share of the criterion the check found met points to another grade than the points
  given (|2·met − 2·points/max| ≥ 0.5 on the 0/1/2 scale);
- `located`: the grader was not sure it graded the right part of the repository (the located part
  holds almost none of the student's own words) — one item for the whole row;
- `recheck`: a decision made on a commit the student has since replaced;
- `not_graded`: the row has no result (not found, invalid link, fetch failure).

Decided items stay in the list, marked done, so a reload shows what was decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from grader.report.graded import GradedRow
from grader.words import texts

UNSURE_GAP = 0.5  # on the 0/1/2 scale: half a grade between what was measured and what was given
REASONS = ("recheck", "needs_review", "error", "unsure", "located", "not_graded")


@dataclass(frozen=True, slots=True)
class Item:
    row: GradedRow
    criterion: dict[str, Any] | None  # None: the whole row (not graded)
    reason: str
    done: bool  # decided, and not to re-check

    @property
    def key(self) -> str:
        cid = self.criterion["id"] if self.criterion else ""
        return f"{self.row.row.student_key}\x1f{self.row.row.row_key}\x1f{cid}"


def _unsure_marks() -> list[str]:
    # The words `located.unsure` adds to the located part, in every language (their fixed text).
    said = [text for text in texts("located.unsure").values() if isinstance(text, str)]
    return [text.split("{")[0].strip(" —") for text in said]


def reason_of(criterion: dict[str, Any]) -> str | None:
    """Why a criterion needs the instructor (one of REASONS), or None."""
    decision = criterion.get("decision")
    if decision:
        if decision.get("recheck"):
            return "recheck"
        status = decision.get("grader_status")
        criterion = {**criterion, "status": status, "points": decision.get("grader_points")}
    status = criterion.get("status")
    if status in ("needs_review", "error"):
        return str(status)
    top = float(criterion.get("max_points") or 0)
    if top and status in ("partial", "pass", "fail"):
        measured, given = 2 * float(criterion.get("met") or 0), 2 * float(criterion["points"]) / top
        if status == "partial" and abs(measured - given) >= UNSURE_GAP:
            return "unsure"
    return None


def located_unsure(result: dict[str, Any]) -> bool:
    located = (result.get("submission") or {}).get("located") or ""
    return any(mark and mark in located for mark in _unsure_marks())


def _age(g: GradedRow) -> str:
    r = g.row
    return r.submitted_at or r.committed_at or r.updated_at or ""


def build_queue(graded: Sequence[GradedRow]) -> list[Item]:
    """Every item, oldest hand-in first, then by the rubric's order of criteria."""
    items: list[Item] = []
    for g in sorted(graded, key=lambda g: (_age(g), g.row.student_name, g.row.student_key)):
        if g.result is None:
            items.append(Item(g, None, "not_graded", False))
            continue
        if located_unsure(g.result):
            items.append(Item(g, None, "located", False))
        for c in g.result.get("criteria", []):
            reason = reason_of(c)
            if reason is None:
                continue
            decision = c.get("decision") or {}
            items.append(Item(g, c, reason, bool(decision) and not decision.get("recheck")))
    return items
