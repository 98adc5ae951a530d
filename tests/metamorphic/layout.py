"""Transformations of where the answer lives: moved, split, renamed, beside another homework."""

from __future__ import annotations

import posixpath
import re

from .markup import LATER_EN, LATER_RU, later_homework_title, later_number
from .tree import (
    FIRST_HOMEWORK,
    LATER_HOMEWORK,
    Tree,
    answer_file,
    headings,
    is_cyrillic,
    link_to,
    markdown_files,
    move,
    plain,
    points_at,
    relink,
    text_of,
)

README = "README.md"


def _index(russian: bool, links: list[tuple[str, str]], title: str | None = None) -> str:
    """A README whose only content is links to the answer's documents."""
    head = f"# {title}" if title else ("# Курс MLOps" if russian else "# MLOps course")
    lead = "Решение домашнего задания:" if russian else "The homework's answer:"
    items = [f"- [{label}]({dest})" for label, dest in links]
    return "\n".join([head, "", lead, "", *items, ""])


def _with_index(tree: Tree, old: str, new: str, label: str, index: str | None) -> Tree:
    """`old` moved to `new`; where `old` was the README at `index`, an index README linking to it.

    Nothing else is added: links that pointed at `old` follow it (`move`), and a hand-in whose README
    did not point at the answer still does not, so the change is one of form only.
    """
    out = move(tree, old, new)
    if index is not None and old == index:
        folder = posixpath.dirname(index)
        out[index] = _index(is_cyrillic(tree), [(label, link_to(new, folder))])
    return out


def _readme_beside(path: str) -> str:
    folder = posixpath.dirname(path)
    return posixpath.join(folder, README) if folder else README


def into_docs(tree: Tree) -> Tree | None:
    """The answer moved to `docs/`, the root README linking to it.

    Only for an answer a reader found before — the root README itself, one it pointed at, or a
    top-level folder named for the homework beside a root README (whose name was the pointer, now
    replaced by a link) — so that the move neither hides nor reveals it.
    """
    answer = answer_file(tree)
    if answer is None or answer.startswith("docs/"):
        return None
    name = posixpath.basename(answer)
    new = f"docs/{README if name.lower() == 'readme.md' else name}"
    if new in tree:
        return None
    has_readme = README in tree and isinstance(tree[README], str)
    pointed = answer == README or (has_readme and points_at(text_of(tree, README), "", answer))
    named = has_readme and "/" in answer and FIRST_HOMEWORK.search(answer.split("/")[0]) is not None
    if not (pointed or named):
        return None
    russian = is_cyrillic(tree)
    label = "Ответ" if russian else "Answer"
    out = _with_index(tree, answer, new, label, README)
    if not pointed:
        lead = "Решение домашнего задания 1:" if russian else "Homework 1:"
        out[README] = f"{text_of(out, README).rstrip()}\n\n{lead} [{label}]({link_to(new, '')})\n"
    return out


def renamed_answer(tree: Tree) -> Tree | None:
    answer = answer_file(tree)
    if answer is None or posixpath.basename(answer).lower() != "readme.md":
        return None
    new = posixpath.join(posixpath.dirname(answer), "answer.md")
    if new in tree:
        return None
    return _with_index(tree, answer, new, "answer.md", _readme_beside(answer))


def spaces_in_names(tree: Tree) -> Tree | None:
    answer = answer_file(tree)
    if answer is None:
        return None
    russian = is_cyrillic(tree)
    stem, _ = posixpath.splitext(posixpath.basename(answer))
    if stem.lower() == "readme":
        stem = "Мой ответ" if russian else "My answer"
    stem = re.sub(r"[-_]+", " ", stem)
    folder = "Моя работа" if russian else "My work"
    new = posixpath.join(posixpath.dirname(answer), folder, f"{stem}.md")
    return _with_index(tree, answer, new, stem, _readme_beside(answer))


def txt_answer(tree: Tree) -> Tree | None:
    answer = answer_file(tree)
    if answer is None:
        return None
    new = posixpath.splitext(answer)[0] + ".txt"
    if new in tree:
        return None
    return move(tree, answer, new)


def later_homework_folder(tree: Tree) -> Tree | None:
    if not markdown_files(tree):
        return None
    names = " ".join([*tree, *(text_of(tree, p) for p in markdown_files(tree))])
    number = later_number(names)
    folder = f"hw_{number:02d}"
    if any(p.startswith(f"{folder}/") for p in tree):
        return None
    russian = is_cyrillic(tree)
    body = LATER_RU if russian else LATER_EN
    return {**tree, f"{folder}/{README}": f"# {later_homework_title(number, russian)}\n\n{body}\n"}


def _slug(title: str, number: int) -> str:
    words = re.findall(r"[a-z0-9]+", plain(title).lower())
    return f"{number:02d}-{'-'.join(words[:4])}" if words else f"{number:02d}-part"


def _title_slug(title: str, number: int) -> str:
    words = re.findall(r"\w+", plain(title).lower())
    return f"{number:02d}-{'-'.join(words[:6])}" if words else f"{number:02d}-part"


def titled_files(tree: Tree) -> Tree | None:
    """As `split_linked`, but each part's heading is dropped: its file name (`02-бизнес-метрики.md`) is
    the only title it has, as in answers handed in as `2-Выбор метрики.docx`, `3-Канвас.docx`."""
    return split_linked(tree, titled=True)


def split_linked(tree: Tree, titled: bool = False) -> Tree | None:
    """The answer's top sections each in `docs/NN-name.md`, the answer file left as their index.

    The top level is the highest heading level that occurs at least twice (outside code and
    `<details>`); what precedes or lies between those sections stays in the index, in place.
    """
    answer = answer_file(tree)
    if answer is None:
        return None
    text = text_of(tree, answer)
    ending = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    found = headings(lines, skip_details=True)
    levels = [level for _, level, _ in found]
    split = min((lv for lv in set(levels) if levels.count(lv) >= 2), default=None)
    if split is None:
        return None
    folder = posixpath.dirname(answer)
    docs = posixpath.join(folder, "docs") if folder else "docs"
    starts = [(i, t) for i, level, t in found if level == split]
    ends = {i: next((k for k, lv, _ in found if k > i and lv <= split), len(lines)) for i, _ in starts}
    out = dict(tree)
    index: list[str] = []
    moved: dict[str, str] = {}  # anchor of a moved heading -> the part it moved to
    cursor = 0
    for number, (start, title) in enumerate(starts, 1):
        if start < cursor:
            continue
        index.extend(lines[cursor:start])
        part = f"{docs}/{(_title_slug if titled else _slug)(title, number)}.md"
        if part in out:
            return None
        first = start + 1 if titled else start  # the heading line itself
        kept = ending.join(lines[first : ends[start]])
        body = (kept.strip() if titled else kept.rstrip()) + ending
        out[part] = relink(body, folder, docs, tree.__contains__)
        for _, _, moved_title in headings(lines[start : ends[start]]):
            moved.setdefault(anchor(moved_title), part)
        if index and index[-1].strip() and not index[-1].startswith("- ["):
            index.append("")
        index.append(f"- [{plain(title) or part}]({link_to(part, folder)})")
        cursor = ends[start]
        if cursor < len(lines) and not _is_next_part(cursor, starts) and lines[cursor].strip():
            index.append("")
    index.extend(lines[cursor:])
    joined = ending.join(index)
    joined += ending if text.endswith("\n") and not joined.endswith("\n") else ""
    out[answer] = _retarget_anchors(joined, moved, folder)
    return out


def anchor(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", plain(title).lower()).replace(" ", "-")


def _retarget_anchors(text: str, moved: dict[str, str], folder: str) -> str:
    """`[ДЗ 1](#дз-1)` in the index, once its heading moved to a part, links to that part."""

    def one(match: re.Match[str]) -> str:
        part = moved.get(match[2])
        return f"{match[1]}{link_to(part, folder)}#{match[2]})" if part else match[0]

    return re.sub(r"(\]\()#([^)\s]+)\)", one, text)


def _is_next_part(line: int, starts: list[tuple[int, str]]) -> bool:
    return any(i == line for i, _ in starts)


__all__ = [
    "LATER_HOMEWORK",
    "into_docs",
    "later_homework_folder",
    "renamed_answer",
    "spaces_in_names",
    "split_linked",
    "txt_answer",
]
