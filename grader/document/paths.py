"""Glob matching on a submission's relative POSIX paths (no file system access)."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def glob_regex(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile a glob: `*` and `?` stay within a folder, `**/` spans any number of folders.

    A pattern without a slash matches the file name in any folder, like .gitignore does.
    """
    if "/" not in pattern:
        pattern = f"**/{pattern}"
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (charset := _charset(pattern, i)) is not None:
            regex, i = charset
            out.append(regex)
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("".join(out) + r"\Z", flags)


def _charset(pattern: str, start: int) -> tuple[str, int] | None:
    """A `[...]` set as a regex and the index after it; None when it is not a well-formed set."""
    end = pattern.find("]", start + 1)
    body = pattern[start + 1 : end] if end != -1 else ""
    negate = body.startswith("!")
    members = body[1:] if negate else body
    if not members:
        return None
    # every member escaped; a hyphen between two members keeps its meaning of a range
    escaped = "".join(
        c if c == "-" and 0 < k < len(members) - 1 else re.escape(c) for k, c in enumerate(members)
    )
    regex = f"[{'^' if negate else ''}{escaped}]"
    try:
        re.compile(regex)
    except re.error:  # a reversed range such as [z-a]
        return None
    return regex, end + 1


def matches(path: str, patterns: list[str], case_sensitive: bool = False) -> bool:
    return any(glob_regex(p, case_sensitive).match(path) for p in patterns)
