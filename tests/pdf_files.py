"""Small PDF files for tests, written by hand: pages of text lines in the standard Helvetica font
(WinAnsi: Latin text, no Cyrillic).

Enough for pypdf to extract the text the way it does from a real exported hand-in (one layout line
per `Tj`), with no library that draws PDFs and no font files.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_file(pages: list[list[str]]) -> bytes:
    """A PDF whose every page shows its lines top to bottom."""
    objects: list[bytes] = []
    count = len(pages)
    page_ids = [4 + 2 * i for i in range(count)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        shown = " ".join(f"({_escape(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 56 790 Td {shown} ET".encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_pages(markdown: str, width: int = 95, per_page: int = 52) -> list[list[str]]:
    """Markdown laid out as a word processor would print it: markup dropped, bullets as •, lines
    wrapped at `width` characters, `per_page` lines a page."""
    import textwrap

    lines: list[str] = []
    for raw in markdown.replace("**", "").replace("≥", ">=").replace("≤", "<=").splitlines():
        text = raw.strip().lstrip("#").strip()
        if raw.lstrip().startswith("- "):
            text = "• " + raw.lstrip()[2:]
        if not text:
            continue
        lines.extend(textwrap.wrap(text, width) or [""])
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
