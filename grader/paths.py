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
        elif pattern[i] == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape("["))
                i += 1
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("".join(out) + r"\Z", flags)


def matches(path: str, patterns: list[str], case_sensitive: bool = False) -> bool:
    return any(glob_regex(p, case_sensitive).match(path) for p in patterns)
