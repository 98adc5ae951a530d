"""What every chat-source reader is: a name, a sniff that tells its kind from the text, a reader.

A new kind of source is one module defining a `Reader` plus one line in `readers.READERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import tzinfo

from grader.sources.links import Host
from grader.sources.refs import Entry


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may need beside the text: the forge links point at, the zone of zoneless times."""

    host: Host
    zone: tzinfo | None = None


@dataclass(frozen=True, slots=True)
class Reader:
    name: str  # shown in `--help` and in errors: "telegram-json", "csv", ...
    sniff: Callable[[str], bool]  # the decoded text with leading whitespace stripped: is it this kind?
    read: Callable[[str, str, ReadContext], Iterator[Entry]]  # text, label (file name or <stdin>), context
