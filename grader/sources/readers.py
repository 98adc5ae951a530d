"""Which reader reads a SOURCE: the first in `READERS` whose sniff claims the decoded text.

Order matters: the specific formats first, plain text (which claims everything) last. A new kind of
source is one module with a `Reader` and one line here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path

from grader.errors import InputError
from grader.sources import chat_copy, chat_text, csv_links, telegram_json
from grader.sources.links import Host
from grader.sources.reader import ReadContext, Reader
from grader.sources.refs import Entry

MAX_SOURCE_BYTES = 200 * 1024 * 1024

READERS: tuple[Reader, ...] = (
    telegram_json.READER,
    csv_links.READER,
    chat_copy.READER,
    chat_text.READER,
)


def read_source(name: str, host: Host, zone: tzinfo | None = None) -> Iterator[Entry]:
    """Entries of one SOURCE argument (`-` is standard input); the kind is told by content."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_SOURCE_BYTES)
        label = "<stdin>"
    else:
        path = Path(name)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_SOURCE_BYTES)
        except OSError as exc:
            raise InputError(f"{name}: cannot read the source ({exc.strerror})") from None
        label = name
    text = decode(data)
    yield from reader_for(text).read(text, label, ReadContext(host, zone))


def reader_for(text: str) -> Reader:
    stripped = text.lstrip()
    return next(reader for reader in READERS if reader.sniff(stripped))


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")
