"""Reading a hand-in written in Word or PDF as markdown text, so every check reads it like any other.

DOCX: headings become `#` headings, list paragraphs `- ` items, tables pipe tables and other
paragraphs paragraphs, in the body's order. PDF (pypdf): the text of each page, its layout lines
joined back into paragraphs, bullets as `- ` items. Line numbers in findings count lines of this
text. Both come from an untrusted student: a DOCX is a zip of XML whose declared sizes are checked
before anything is inflated (python-docx parses without resolving entities); a PDF is read page by
page up to a page cap, under the caller's time budget, with pypdf's own decompression limits.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx (and lxml) load only when a DOCX is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

# An honest hand-in's document.xml is a few hundred KB; a zip bomb declares gigabytes.
MAX_INFLATED_BYTES = 8 * 1024 * 1024
MAX_PARTS = 2_000
MAX_PDF_PAGES = 60  # a hand-in is a few pages; a PDF of hundreds is a book or a bomb


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
    import zipfile  # only a DOCX needs it: grading markdown never loads it

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


# A layout line that ends a paragraph: sentence punctuation, or a line short of the page's width.
_ENDS_PARAGRAPH = re.compile(r"[.!?:;»)]\s*$")
_BULLET = re.compile(r"^\s*[•●▪◦‣∙·\-–—*]\s+")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s")
_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*\d{1,3}\s*[-–—]?\s*$")


def pdf_to_markdown(data: bytes) -> str:
    if not data.startswith(b"%PDF"):
        raise UnreadableDocument("not a PDF file")
    import logging

    # pypdf logs every repair it makes to a damaged file; a hostile file would fill the terminal
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except UnreadableDocument:
        raise
    except Exception as exc:  # a damaged or hostile file: pypdf raises many kinds
        raise UnreadableDocument(f"{exc.__class__.__name__}: {exc}"[:200]) from None
    paragraphs = [p for page in pages for p in _paragraphs(page)]
    return "\n\n".join(_as_heading(p) for p in paragraphs).strip("\n") + "\n"


_TITLE_WORDS = 8


def _titled(text: str) -> bool:
    """Short, capitalised, with no closing punctuation: a title (`Бизнес-метрики`), not a sentence."""
    return (
        not text.startswith("- ")
        and not _NUMBERED.match(text)
        and len(text.split()) <= _TITLE_WORDS
        and text[:1].isupper()
        and text[-1:] not in ".,;:!?"
    )


def _as_heading(paragraph: str) -> str:
    return "## " + paragraph if _titled(paragraph) else paragraph


def _paragraphs(page: str) -> list[str]:
    """Layout lines joined back into paragraphs; a bullet or a numbered line starts a new one."""
    out: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            out.append(" ".join(current))
            current.clear()

    for raw in page.splitlines():
        line = " ".join(raw.split())
        if not line or _PAGE_NUMBER.fullmatch(line):
            close()
            continue
        bullet = _BULLET.match(line)
        if (
            bullet
            or _NUMBERED.match(line)
            or (len(current) == 1 and _titled(current[0]) and line[:1].isupper())
        ):
            close()  # a new item, or a title line followed by a sentence that starts anew
            line = "- " + line[bullet.end() :] if bullet else line
        current.append(line)
        if _ENDS_PARAGRAPH.search(line):
            close()
    close()
    return out
