"""gradebook.xlsx: what a spreadsheet in any locale opens as intended (numbers are numbers).

One sheet per rubric run (rows grouped by the rubric's sha256), a frozen header whose criterion
columns carry their maximum, an autofilter, and the feedback file as a hyperlink. Text goes through
the same cleaning as the CSV, and is stored as a string cell whatever it starts with: openpyxl would
otherwise write a value starting with `=` as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from grader.report.gradebook_csv import clean_text
from grader.report.gradebook_table import Table

_MAX_SHEET_NAME = 31  # Excel's limit
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_name(title: str, taken: set[str]) -> str:
    base = clean_text(title).translate(_BAD_SHEET_CHARS).lstrip("'")[:_MAX_SHEET_NAME] or "gradebook"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: _MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def render_xlsx(sheets: Sequence[tuple[str, Table]]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for title, table in sheets or [("gradebook", Table([], {}, [], 0))]:
        sheet = book.create_sheet(sheet_name(title, taken))
        header = [f"{h} (max {table.maxima[h]:g})" if h in table.maxima else h for h in table.header]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in table.rows:
            number = sheet.max_row + 1
            for column, value in enumerate(values, 1):
                cell = sheet.cell(row=number, column=column)
                if isinstance(value, str):
                    cell.value = clean_text(value)
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                else:
                    cell.value = value
            link = values[table.feedback_column] if values else None
            if isinstance(link, str):
                target = sheet.cell(row=number, column=table.feedback_column + 1)
                target.hyperlink = link  # a relative path: opens next to the workbook
                target.style = "Hyperlink"
        sheet.freeze_panes = "A2"
        if table.header:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{max(1, sheet.max_row)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
