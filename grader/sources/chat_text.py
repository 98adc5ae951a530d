"""Pasted chat text, or any text with links: one entry a line, the sender named before a colon."""

from __future__ import annotations

import re
from collections.abc import Iterator

from grader.sources.links import RepoLink, classify, find_candidates
from grader.sources.reader import ReadContext, Reader
from grader.sources.refs import Entry

_NAME = re.compile(r"^\s*(?:\[[^\]]{0,40}\]\s*)?([^:\n]{1,80}?)\s*:")


def any_text(text: str) -> bool:
    return True  # the fallback: whatever no other reader claims is read as lines of text


def text_entries(text: str, label: str, context: ReadContext) -> Iterator[Entry]:
    """A pasted chat: the sender is the name before the first colon, else the link's owner."""
    host = context.host
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name_match = _NAME.match(line)
        is_name = name_match is not None and not line[name_match.end() :].startswith("//")
        name = name_match.group(1).strip() if name_match and is_name else None
        if name is None:
            owners = [c for c in (classify(t, host) for t in find_candidates(line, host))]
            owner = next((c.owner for c in owners if isinstance(c, RepoLink)), None)
            name = owner or ""
            key = f"github:{owner.lower()}" if owner else f"line:{number}"
        else:
            key = f"name:{name.casefold()}"
        yield Entry(key, name, line, None, f"{label}:{number}", number)


READER = Reader("text", any_text, text_entries)
