"""Student text is data, never code: neutralise it for each output it lands in."""

from __future__ import annotations

import re

# C0/C1 controls (ESC starts terminal escape sequences) and BiDi overrides that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
# Parentheses and `!` are inert once `[` and `]` are escaped; escaping them only adds noise.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+|<>~])")


def plain(text: str) -> str:
    """Remove control characters and BiDi overrides (terminal, logs, any output)."""
    return _CONTROLS.sub("", text)


def one_line(text: str) -> str:
    return " ".join(plain(text).split())


def md_inline(text: str) -> str:
    """Student text as inert Markdown on one line: no markup, no HTML, no table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text)).replace("&", "&amp;")


def md_code(text: str) -> str:
    """A file path or similar shown as inline code, with backticks that cannot close it early."""
    cleaned = one_line(text).replace("`", "'")
    return f"`{cleaned}`"
