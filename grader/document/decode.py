"""Honest decoding of student files: BOM, strict UTF-8, then cp1251; never a crash."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", None),
    (codecs.BOM_UTF16_LE, "utf-16-le", "decoded_utf16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "decoded_utf16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None  # a warning code from CONVENTIONS.md, or None when the text was clean UTF-8


def decode(data: bytes) -> Decoded:
    """Decode bytes as a student's markdown, normalising CRLF and CR line ends to LF."""
    for bom, encoding, warning in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = body.decode(encoding, errors="replace")
            return Decoded(_lines(text), encoding, warning)
    if b"\x00" in data:
        return Decoded("", "binary", "binary_markdown")
    try:
        return Decoded(_lines(data.decode("utf-8")), "utf-8", None)
    except UnicodeDecodeError:
        # Students on Russian Windows save cp1251; every byte maps, so this cannot fail.
        return Decoded(_lines(data.decode("cp1251", errors="replace")), "cp1251", "decoded_cp1251")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
