"""A submission as a tree {relative path: text or bytes}, and the markdown line views transforms need.

Markdown and .txt files are text (UTF-8), everything else stays bytes. Nothing here parses markdown
the way the grader does: transforms work on lines, knowing only fenced code, `<details>` blocks,
ATX headings and links, so they cannot share the grader's mistakes.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

Tree = dict[str, str | bytes]

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_CASE_FILES = {"expected.json"}
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details>", re.IGNORECASE)
# Link destinations: inline `](dest)`, HTML `src="dest"` / `href="dest"`, reference definitions.
_INLINE_LINK = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]*)")
_HTML_LINK = re.compile(r"""(\b(?:src|href)\s*=\s*["'])([^"'\n]*)(["'])""", re.IGNORECASE)
_REF_DEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.MULTILINE)
_CODE_SPAN = re.compile(r"`([^`\n]{1,200})`")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# A later homework named in a path or a heading: `hw_02`, `ДЗ №2`, `homework-3`, «Домашнее задание 2».
LATER_HOMEWORK = re.compile(
    r"(?i)(?:^|[^\w])(?:hw|дз|homework|домашнее\s+задание|домашняя\s+работа|задание)[\s_.\-№#]*0*([2-9]|1\d)(?!\d)"
)

FIRST_HOMEWORK = re.compile(r"(?i)(?:^|[^\w])(?:hw|дз|homework|домашнее\s+задание|task)[\s_.\-№#]*0*1(?!\d)")


def load_tree(folder: Path) -> Tree:
    """Every regular file under `folder` (no symlinks, no VCS folders, no expected.json)."""
    tree: Tree = {}
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not (Path(current) / d).is_symlink())
        for name in sorted(files):
            path = Path(current) / name
            rel = path.relative_to(folder).as_posix()
            if rel in _CASE_FILES or path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            if rel.lower().endswith(TEXT_SUFFIXES):
                try:
                    tree[rel] = data.decode("utf-8")
                    continue
                except UnicodeDecodeError:
                    pass
            tree[rel] = data
    return tree


def write_tree(tree: Tree, folder: Path) -> Path:
    for rel, content in tree.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def markdown_files(tree: Tree) -> list[str]:
    return sorted(p for p, c in tree.items() if isinstance(c, str) and p.lower().endswith(MARKDOWN_SUFFIXES))


def text_of(tree: Tree, path: str) -> str:
    content = tree[path]
    assert isinstance(content, str), path
    return content


def code_mask(lines: list[str]) -> list[bool]:
    """True for the lines of fenced code blocks, fences included."""
    mask = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match[1][0] * len(match[1])
            mask.append(fence is not None)
        else:
            mask.append(True)
            if match and match[1][0] == fence[0] and len(match[1]) >= len(fence):
                fence = None
    return mask


def details_mask(lines: list[str]) -> list[bool]:
    """True for the lines inside (and of) a `<details>` block."""
    mask = []
    depth = 0
    for line in lines:
        opened = len(_DETAILS_OPEN.findall(line))
        closed = len(_DETAILS_CLOSE.findall(line))
        mask.append(depth > 0 or opened > 0)
        depth = max(0, depth + opened - closed)
    return mask


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line."""
    match = _HEADING.match(line)
    if not match:
        return None
    return len(match[1]), (match[2] or "").strip()


def headings(lines: list[str], skip_details: bool = False) -> list[tuple[int, int, str]]:
    """(line index, level, text) of every ATX heading outside fenced code (and `<details>`)."""
    code = code_mask(lines)
    details = details_mask(lines) if skip_details else [False] * len(lines)
    out = []
    for i, line in enumerate(lines):
        found = None if code[i] or details[i] else heading(line)
        if found:
            out.append((i, *found))
    return out


def plain(text: str) -> str:
    """A heading's or cell's text without inline markup characters that would break a link label."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`\[\]]", "", text)).strip()


def map_links(text: str, change: Callable[[str], str]) -> str:
    """Apply `change` to every relative link destination (absolute URLs and `#anchors` untouched)."""

    def one(match: re.Match[str]) -> str:
        dest = match[2]
        bracketed = dest.startswith("<") and dest.endswith(">")
        raw = dest[1:-1] if bracketed else dest
        if not raw or raw.startswith(("#", "/")) or _SCHEME.match(raw):
            return match[0]
        new = change(raw)
        new = f"<{new}>" if bracketed else new.replace(" ", "%20")
        return f"{match[1]}{new}{match[3]}" if match.re.groups == 3 else f"{match[1]}{new}"

    for pattern in (_INLINE_LINK, _HTML_LINK, _REF_DEF):
        text = pattern.sub(one, text)
    return text


def _split_target(raw: str) -> tuple[str, str]:
    for mark in ("#", "?"):
        if mark in raw:
            at = raw.index(mark)
            return raw[:at], raw[at:]
    return raw, ""


def resolve(raw: str, folder: str) -> str:
    """The tree path a relative link written in `folder` points at."""
    path, _ = _split_target(raw)
    return posixpath.normpath(posixpath.join(folder, unquote(path))) if path else folder


def map_code_paths(text: str, change: Callable[[str], str]) -> str:
    """Apply `change` to every code span (`docs/plan.md`, `ДЗ №1`): readers follow paths written so.

    `change` gets every span and returns it unchanged unless it names a path of the tree.
    """
    return _CODE_SPAN.sub(lambda m: f"`{change(m[1])}`", text)


def relink(text: str, old_folder: str, new_folder: str, exists: Callable[[str], bool] | None = None) -> str:
    """Links of a document moved from `old_folder` to `new_folder`, rewritten to point where they did.

    Paths in backticks are rewritten too when `exists` says they name a file of the tree.
    """
    if old_folder == new_folder:
        return text

    def change(raw: str) -> str:
        path, tail = _split_target(raw)
        if not path:
            return raw
        target = posixpath.normpath(posixpath.join(old_folder, unquote(path)))
        return posixpath.relpath(target, new_folder or ".") + tail

    def code(raw: str) -> str:
        target = resolve(raw, old_folder)
        return posixpath.relpath(target, new_folder or ".") if exists and exists(target) else raw

    return map_code_paths(map_links(text, change), code)


def move(tree: Tree, old: str, new: str) -> Tree:
    """`old` renamed to `new`: its own links still point where they did, and links to it follow it."""
    out: Tree = {}
    old_dir, new_dir = posixpath.dirname(old), posixpath.dirname(new)
    # a link to the folder of a README is a link to the README (GitHub shows it)
    aliases = {old, old_dir or "."} if posixpath.basename(old).lower() == "readme.md" else {old}
    for path, content in tree.items():
        if path == old:
            moved = (
                relink(content, old_dir, new_dir, tree.__contains__) if isinstance(content, str) else content
            )
            out[new] = moved
            continue
        if isinstance(content, str) and path.lower().endswith(TEXT_SUFFIXES):
            here = posixpath.dirname(path)

            def change(raw: str, here: str = here) -> str:
                target, tail = _split_target(raw)
                if not target or resolve(raw, here) not in aliases:
                    return raw
                return posixpath.relpath(new, here or ".") + tail

            def code(raw: str, here: str = here) -> str:
                if resolve(raw, here) in aliases:
                    return posixpath.relpath(new, here or ".")
                return new if resolve(raw, "") in aliases else raw

            content = map_code_paths(map_links(content, change), code)
        out[path] = content
    return out


def link_to(target: str, folder: str) -> str:
    """A relative link destination from a document in `folder` to the tree path `target`."""
    return posixpath.relpath(target, folder or ".").replace(" ", "%20")


def is_cyrillic(tree: Tree) -> bool:
    text = " ".join(text_of(tree, p) for p in markdown_files(tree))
    cyrillic = len(re.findall(r"[а-яё]", text, re.IGNORECASE))
    latin = len(re.findall(r"[a-z]", text, re.IGNORECASE))
    return cyrillic >= latin / 2


def answer_file(tree: Tree) -> str | None:
    """The markdown file that holds homework 1: named for it, else the largest not named for another."""
    files = markdown_files(tree)
    named = [p for p in files if FIRST_HOMEWORK.search(p)]
    others = [p for p in files if not LATER_HOMEWORK.search(p)]
    pool = named or others
    return max(pool, key=lambda p: (len(text_of(tree, p)), p)) if pool else None


def points_at(text: str, folder: str, target: str) -> bool:
    """Whether a document in `folder` links to `target` (or names it in backticks), or to its folder."""
    wanted = {target, posixpath.dirname(target) or "."}
    found: list[str] = []

    def collect(raw: str) -> str:
        found.append(resolve(raw, folder))
        return raw

    map_code_paths(map_links(text, collect), collect)
    return any(f in wanted for f in found)
