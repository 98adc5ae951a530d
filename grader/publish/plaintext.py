"""Feedback Markdown as plain text for a chat: markup gone, links kept as `text (url)`, tables as lines.

Parsed with markdown-it (the grader's parser), so escapes (`\\*`, `&amp;`) come out as the characters
they stand for and code spans as their text; `@names` stay unable to ping (a word joiner after `@`).
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from grader.publish.templates import neutralise_mentions

TELEGRAM_LIMIT = 4096  # characters of one message, counted in UTF-16 code units as Telegram does


def to_text(markdown: str) -> str:
    md = MarkdownIt("commonmark").enable("table")
    lines: list[str] = []
    cells: list[str] | None = None
    prefix: list[str] = []
    for token in md.parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            prefix.append("  ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
            _blank(lines)
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close" and cells is not None:
            lines.append(" — ".join(c for c in cells if c))
            cells = None
        elif kind == "table_close":
            _blank(lines)
        elif kind == "inline":
            text = _inline(token.children or [])
            if cells is not None:
                cells.append(text)
            elif prefix:
                lines.append(f"{'  ' * (len(prefix) - 1)}• {text}")
            else:
                lines.append(text)
        elif kind in ("paragraph_close", "heading_close") and not prefix:
            _blank(lines)
        elif kind in ("fence", "code_block"):
            lines.extend(neutralise_mentions(token.content).rstrip("\n").splitlines())
            _blank(lines)
        elif kind == "hr":
            lines += ["———", ""]
    return "\n".join(lines).strip() + "\n"


def _blank(lines: list[str]) -> None:
    if lines and lines[-1] != "":
        lines.append("")


def _inline(children: list[Any]) -> str:
    out: list[str] = []
    links: list[tuple[int, str]] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(neutralise_mentions(child.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":  # a line that must stay a line (the feedback's header lines)
            out.append("\n")
        elif kind == "link_open":
            links.append((len(out), str(child.attrs.get("href", ""))))
        elif kind == "link_close" and links:
            start, href = links.pop()
            shown = "".join(out[start:])
            if href and href != shown:
                out.append(f" ({href})")
        elif kind == "image":
            out.append(f"{child.content} ({child.attrs.get('src', '')})")
    return "".join(out).strip()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, note: str, limit: int = TELEGRAM_LIMIT) -> str:
    """The text within `limit`, cut at a line (then a character) boundary with `note` at the end."""
    if utf16_len(text) <= limit:
        return text
    room = limit - utf16_len(note) - 2
    kept: list[str] = []
    used = 0
    for line in text.splitlines():
        size = utf16_len(line) + 1
        if used + size > room:
            if not kept:  # one very long line: cut inside it
                cut = line
                while utf16_len(cut) > room:
                    cut = cut[: len(cut) - max(1, (utf16_len(cut) - room) // 2)]
                kept.append(cut)
            break
        kept.append(line)
        used += size
    return "\n".join(kept).rstrip() + "\n…\n" + note
