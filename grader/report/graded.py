"""A gradebook row as every output shows it (the instructors' decisions applied), and how a run shows
times: the model the gradebook's tables, feedback, pages and exports are rendered from."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from grader.store.database import Row
from grader.store.decisions import Decision, apply

_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(), strict=True))


@dataclass(frozen=True, slots=True)
class GradedRow:
    row: Row
    result: dict[str, Any] | None
    feedback: str | None

    @property
    def final_score(self) -> float | None:
        if self.result is None:
            return None
        return round(float(self.result["score"]) * (1 - self.row.penalty / 100), 2)

    @property
    def final_percent(self) -> float | None:
        if self.result is None or not self.result["max_score"]:
            return None
        return round(100 * (self.final_score or 0) / float(self.result["max_score"]), 1)


def feedback_name(name: str, student_key: str) -> str:
    """A slug of the (untrusted, maybe repeated) name plus a short hash of the key: unique and safe."""
    lowered = name.casefold()
    text = "".join(_TRANSLIT.get(c, c) for c in lowered)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40] or "student"
    digest = hashlib.sha256(student_key.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}.md"


Decisions = Mapping[str, Mapping[str, Decision]]  # student key -> criterion id -> decision in force


def build(rows: Sequence[Row], decisions: Decisions | None = None) -> list[GradedRow]:
    """Each row with its result as every output shows it: the instructors' decisions applied."""
    out = []
    for row in rows:
        # A folder hand-in has no commit: its content hash (the tip) is what a decision was made on.
        graded_on = row.commit_sha or row.tip
        result = apply(row.result_json(), (decisions or {}).get(row.student_key, {}), graded_on)
        feedback = feedback_name(row.student_name, row.student_key) if result else None
        out.append(GradedRow(row, result, feedback))
    return out


@dataclass(frozen=True, slots=True)
class View:
    """How this run's outputs show things: the deadline, the zone of every time, the CSV dialect."""

    zone: tzinfo | None = None
    deadline: datetime | None = None
    csv_dialect: str = "excel"
    missing: tuple[str, ...] = ()  # roster students with no hand-in
