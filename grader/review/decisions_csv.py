"""Decisions as a spreadsheet: export the ones in force, import them back (every row checked first).

Columns: student_key, student, criterion, points, grader_points, commit, note_student, note_self, who,
decided_at. `points` empty withdraws a decision. Import is all or nothing: every row is checked against
the gradebook and each problem reported as `FILE:LINE: message`; only when none is found are the
decisions stored (in one transaction). Rows equal to the decision in force are skipped, so importing
an untouched export changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from grader.errors import GraderError, InputError
from grader.report.csv_report import safe_cell
from grader.review.workspace import Pending, Workspace
from grader.store.decisions import Decision, DecisionError

COLUMNS = ["student_key", "student", "criterion", "points", "grader_points", "commit", "note_student",
           "note_self", "who", "decided_at"]  # fmt: skip
REQUIRED = ("criterion", "points")


class ImportProblems(GraderError):
    """Rows of an import that cannot be applied: each as FILE:LINE: message (nothing was stored)."""


def export_rows(space: Workspace) -> list[list[str]]:
    names = {r.student_key: r.student_name for r in space.rows()}
    graded = {g.row.student_key: g for g in space.graded()}
    out = []
    for key, by_criterion in sorted(space.store.decisions().items()):
        for criterion, d in sorted(by_criterion.items()):
            g = graded.get(key)
            c = (
                next((c for c in (g.result or {}).get("criteria", []) if c["id"] == criterion), None)
                if g
                else None
            )
            grader = f"{c['decision']['grader_points']:g}" if c and c.get("decision") else ""
            points = "" if d.points is None else f"{d.points:g}"
            out.append([key, names.get(key, ""), criterion, points, grader, d.commit_sha or "",
                        d.note_student, d.note_self, d.who, d.decided_at])  # fmt: skip
    return out


def render_export(space: Workspace) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in export_rows(space):
        # A name or note starting with = + - @ would run as a formula in a spreadsheet.
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()  # a BOM: Excel reads the Cyrillic as UTF-8


def read_import(space: Workspace, path: Path) -> list[Pending]:
    """The decisions a CSV asks for, each checked; ImportProblems lists every bad row."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (save the spreadsheet as CSV UTF-8)") from None
    dialect = _dialect(text)
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header] + ([] if {"student_key", "student"} & set(header) else
                                                         ["student_key or student"])  # fmt: skip
    if missing:
        raise InputError(f"{path}:1: missing columns: {', '.join(missing)} (export one to see the format)")
    rows = space.rows()
    in_force = space.store.decisions()
    problems: list[str] = []
    wanted: list[Pending] = []
    for record in reader:
        line = reader.line_num
        values = {k.strip(): _unprefixed((v or "").strip()) for k, v in record.items() if k}
        try:
            pending = _pending(values)
            decision, _ = space.check(pending, rows)
        except (DecisionError, ValueError) as exc:
            problems.append(f"{path}:{line}: {exc}")
            continue
        if not _same(in_force.get(decision.student_key, {}).get(decision.criterion), decision):
            wanted.append(pending)
    if problems:
        raise ImportProblems("\n".join(problems) + "\nnothing was imported: fix these rows and import again")
    return wanted


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _unprefixed(value: str) -> str:
    # export_rows neutralised formula-like cells with a leading apostrophe: take it off again.
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def _pending(values: dict[str, str]) -> Pending:
    student = values.get("student_key") or values.get("student") or ""
    if not student:
        raise ValueError("no student_key or student")
    criterion = values.get("criterion", "")
    if not criterion:
        raise ValueError("no criterion")
    raw = values.get("points", "").replace(",", ".")
    try:
        points = float(raw) if raw else None
    except ValueError:
        raise ValueError(
            f"points {values.get('points')!r} is not a number (leave it empty to withdraw)"
        ) from None
    return Pending(
        student=student, criterion=criterion, points=points, note_student=values.get("note_student", ""),
        note_self=values.get("note_self", ""), commit=values.get("commit") or None,
        who=values.get("who", ""), decided_at=values.get("decided_at", ""),
    )  # fmt: skip


def _same(current: Decision | None, new: Decision) -> bool:
    if current is None:
        return new.points is None  # withdrawing what is not decided changes nothing
    return (current.points, current.note_student, current.note_self, current.commit_sha) == (
        new.points, new.note_student, new.note_self, new.commit_sha,
    )  # fmt: skip


def import_file(space: Workspace, path: Path) -> Sequence[Decision]:
    return space.decide_many(read_import(space, path))
