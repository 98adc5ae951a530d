"""A CSV of links: `student,url[,submitted_at]` with a header row (`;` too, as Excel writes in ru locales)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from grader.errors import InputError
from grader.sources.reader import ReadContext, Reader
from grader.sources.refs import Entry


def looks_like_csv(text: str) -> bool:
    first = text.split("\n", 1)[0].strip().lower().replace(";", ",")
    cells = [c.strip().strip('"') for c in first.split(",")]
    return len(cells) >= 2 and "student" in cells and "url" in cells


def csv_entries(text: str, label: str, context: ReadContext | None = None) -> Iterator[Entry]:
    """`student,url[,submitted_at]` with a header row; `;` works too (Excel in ru locales)."""
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    fields = {(f or "").strip().lower(): f for f in _header(reader, label)}
    for row in _csv_rows(reader, label):
        number = reader.line_num
        student = (row.get(fields.get("student", ""), "") or "").strip()
        url = (row.get(fields.get("url", ""), "") or "").strip()
        if not student and not url:
            continue
        when = (row.get(fields.get("submitted_at", ""), "") or "").strip() if "submitted_at" in fields else ""
        at = _parse_time(when, f"{label}:{number}") if when else None
        key = f"name:{student.casefold()}" if student else f"line:{number}"
        yield Entry(key, student, url, at, f"{label}:{number}", number, explicit_link=True)


def _header(reader: csv.DictReader[str], label: str) -> Sequence[str]:
    try:
        return reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(f"{label}:1: not a readable CSV header ({exc}); fix the file") from None


def _csv_rows(reader: csv.DictReader[str], label: str) -> Iterator[dict[str, str]]:
    try:
        yield from reader
    except csv.Error as exc:  # a field over csv's 128 KB limit, a NUL byte, a broken quote
        raise InputError(f"{label}:{reader.line_num}: not a readable CSV row ({exc}); fix the file") from None


def _parse_time(text: str, where: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{where}: submitted_at {text!r} is not an ISO date (write e.g. 2026-12-01T23:59+03:00)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


READER = Reader("csv", looks_like_csv, csv_entries)
