"""The CSV exports: Moodle's grade import and the generic `student,points` (Stepik and others).

Moodle ("Import grades from CSV"): a header row, an identifier column the import maps onto a user
field (here the student's GitHub login when known, else their name: map it to `username`, or edit
it), then one column per grade item: the homework's total, then each criterion. Decimal points,
`,` separators, UTF-8 without a BOM; a row with no grade has empty cells (Moodle skips them).
Every text cell is inert in a spreadsheet (no formula start: THREATS.md, "Output is code").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from grader.export.common import Graded
from grader.publish.compose import repo_of
from grader.report.gradebook_csv import clean_text
from grader.report.graded import GradedRow


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def moodle_csv(rows: Sequence[GradedRow], graded: Sequence[Graded]) -> str:
    by_key = {(i.g.row.student_key, i.g.row.row_key): i for i in graded}
    title = graded[0].result.rubric.title if graded else "Homework"
    criteria = [(c.id, c.title) for c in graded[0].result.criteria] if graded else []
    header = ["Identifier", "Student", clean_text(title), *(clean_text(t) for _, t in criteria)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for g in rows:
        item = by_key.get((g.row.student_key, g.row.row_key))
        repo = repo_of(g.row.repo_url)
        identifier = repo.split("/")[0] if repo else g.row.student_name
        points = {c.id: c.points for c in item.result.criteria} if item else {}
        writer.writerow([
            clean_text(identifier), clean_text(g.row.student_name), _number(item.score if item else None),
            *(_number(points.get(cid)) for cid, _ in criteria),
        ])  # fmt: skip
    return out.getvalue()


def points_csv(rows: Sequence[GradedRow], graded: Sequence[Graded]) -> str:
    by_key = {(i.g.row.student_key, i.g.row.row_key): i for i in graded}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "points"])
    for g in rows:
        item = by_key.get((g.row.student_key, g.row.row_key))
        writer.writerow([clean_text(g.row.student_name), _number(item.score if item else None)])
    return out.getvalue()
