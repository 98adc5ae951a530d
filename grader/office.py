"""Reading a hand-in written in Word as markdown text, so every check reads it like any other document.

Headings become `#` headings, list paragraphs `- ` items, tables pipe tables and other paragraphs
paragraphs, in the body's order. Line numbers in findings count lines of this text. A DOCX is a zip
of XML from an untrusted student: its declared sizes are checked before anything is inflated, and
python-docx parses without resolving entities.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx (and lxml) load only when a DOCX is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

# An honest hand-in's document.xml is a few hundred KB; a zip bomb declares gigabytes.
MAX_INFLATED_BYTES = 8 * 1024 * 1024
MAX_PARTS = 2_000


class UnreadableDocument(Exception):
    """The bytes are not a DOCX python-docx can read, or are too big inflated."""


def docx_to_markdown(data: bytes) -> str:
    _check_zip(data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.extend(_paragraph(block))
            elif isinstance(block, Table):
                lines.extend(_table(block))
    except UnreadableDocument:
        raise
    except Exception as exc:  # a damaged or hostile file: python-docx and lxml raise many kinds
        raise UnreadableDocument(f"{exc.__class__.__name__}: {exc}"[:200]) from None
    return "\n".join(lines).strip("\n") + "\n"


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument(f"not a DOCX (zip) file: {exc}") from None
    if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_INFLATED_BYTES:
        raise UnreadableDocument(f"inflates past {MAX_INFLATED_BYTES} bytes")


def _paragraph(paragraph: Paragraph) -> list[str]:
    text = " ".join(line.strip() for line in paragraph.text.splitlines() if line.strip())
    if not text:
        return []
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.casefold()
    if lowered.startswith(("heading", "заголовок")) and lowered[-1:].isdigit():
        return ["#" * min(6, int(lowered[-1])) + " " + text, ""]
    if lowered == "title":
        return ["# " + text, ""]
    if "list" in lowered or "список" in lowered:
        return ["- " + text]
    return [text, ""]


def _table(table: Table) -> list[str]:
    rows = [[_cell(cell.text) for cell in row.cells] for row in table.rows]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    out.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return [*out, ""]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
