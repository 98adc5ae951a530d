"""gradebook.csv in two dialects, every cell inert (THREATS.md, "Output is code").

`excel` (default): `,` and decimal points, UTF-8 with a BOM (Excel shows Cyrillic). `excel-ru`: `;`
and decimal commas, what Russian-locale Excel and LibreOffice's ru-RU import expect.

Every cell is quoted, control and BiDi characters are removed (`cat gradebook.csv` must not run
terminal escapes), and a formula start (`= + - @`) is neutralised both at the start of a cell and
after any separator inside it: a spreadsheet that splits on `;` or `,` despite the quotes (or a
user who re-imports with another separator) would otherwise see `Иван;=1+1` as a formula.
"""

from __future__ import annotations

import csv
import io
import re

from grader.report.escape import one_line
from grader.report.gradebook_table import Table, Value

DIALECTS = ("excel", "excel-ru")
_FORMULA_START = "=+-@"
# Separators a spreadsheet may split on, then (after optional spaces) a formula start.
_AFTER_SEPARATOR = re.compile(r"([,;\t|]\s*)([=+\-@])")
# Invisible characters the terminal filter (escape.plain) keeps but a gradebook has no use for.
_INVISIBLE = re.compile(r"[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def clean_text(text: str) -> str:
    """Student text for a spreadsheet cell: one line, no controls, no BiDi, no formula start."""
    text = _INVISIBLE.sub("", one_line(text))
    text = _AFTER_SEPARATOR.sub(r"\1'\2", text)
    return "'" + text if text[:1] in _FORMULA_START and text[:1] else text


def csv_cell(value: Value, dialect: str = "excel") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        shown = f"{value:g}"
        return shown.replace(".", ",") if dialect == "excel-ru" else shown
    return clean_text(value)


def render_gradebook_csv(table: Table, dialect: str = "excel") -> str:
    buffer = io.StringIO()
    delimiter = ";" if dialect == "excel-ru" else ","
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([csv_cell(h, dialect) for h in table.header])
    for row in table.rows:
        writer.writerow([csv_cell(v, dialect) for v in row])
    return "\ufeff" + buffer.getvalue()
