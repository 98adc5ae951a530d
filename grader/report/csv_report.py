"""gradebook.csv: UTF-8 with a BOM (Excel shows Cyrillic), one row per submission, formulas neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

# A cell starting with one of these is a formula to Excel/LibreOffice (THREATS.md, "Output is code").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def render_csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()
