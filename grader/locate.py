"""Finding the homework inside a repository that may hold a whole course's work.

Runs once per submission before any criterion: the rubric's `locate:` says how the homework is named
(`hw_01/`, `ДЗ №1/`, `homework-1.md`, `# Домашнее задание 1`, `<summary>ДЗ 1`) and what it is about;
the best match is graded alone and `Submission.located` says what was picked and why. Lines that are
the assignment's own text (by the rubric's fingerprint) are marked so no check counts them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from grader.checks._terms import classify
from grader.document import Block, Document, Section
from grader.fingerprint import copied_lines
from grader.resources import load_resource
from grader.rubric import Locate
from grader.submission import Located, Submission

_DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary>(.*?)(?:</summary>|$)", re.IGNORECASE)
_SUMMARY_TAG = re.compile(r"<summary>", re.IGNORECASE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def name_regex(spec: Locate, number: int | None) -> re.Pattern[str]:
    """`hw_01`, `ДЗ №1`, `Домашнее задание 1`: a name, separators, the number (any number if None)."""
    return _name_regex(tuple(spec.names), number)


@lru_cache(maxsize=256)
def _name_regex(spec_names: tuple[str, ...], number: int | None) -> re.Pattern[str]:
    names = sorted((r"[\s_.\-]*".join(map(re.escape, n.casefold().split())) for n in spec_names), key=len)
    num = r"0*(\d+)" if number is None else rf"0*({number})"
    return re.compile(rf"(?:^|[^\w])(?:{'|'.join(reversed(names))})s?[\s_.\-№#:]*{num}(?!\d)", re.IGNORECASE)


def locate(submission: Submission, spec: Locate | None, base: Path | None = None) -> Submission:
    """The part of the submission to grade; the submission itself when nothing narrows it."""
    if spec is None or not submission.documents:
        return submission
    docs, why = _pick(submission, spec)
    if spec.homework is not None:
        narrowed = [_narrow(doc, spec, spec.homework) for doc in docs]
        docs = [doc for doc, _ in narrowed]
        spans = [f"{doc.path}:{span[0]}-{span[1]}" for doc, span in narrowed if span is not None]
        if spans:
            why = Located("located.heading", {"where": spans, "homework": spec.homework})
    if why is None and len(docs) < len(submission.documents):
        why = Located("located.files", {"where": [d.path for d in docs]})
    ignored: dict[str, frozenset[int]] = {}
    if spec.fingerprint:
        data = load_resource("fingerprints", spec.fingerprint, base)
        hashes = frozenset(data.get("sentences", []))
        openers = frozenset(data["openers"]) if "openers" in data else None
        for doc in docs:
            lines = copied_lines(enumerate(doc.text.split("\n"), start=1), hashes, openers=openers)
            if lines:
                ignored[doc.path] = frozenset(lines)
    located = why if why else submission.located
    return replace(submission, documents=docs, located=located, ignored_lines=ignored)


def _pick(submission: Submission, spec: Locate) -> tuple[list[Document], Located | None]:
    docs = submission.documents
    if submission.subpath:
        prefix = submission.subpath.strip("/") + "/"
        inside = [d for d in docs if d.path.startswith(prefix)]
        return (inside or docs), Located("located.link", {"where": prefix})
    if spec.homework is not None:
        scope = _path_scope(docs, spec, spec.homework)
        if scope is not None:
            picked = [d for d in docs if d.path == scope or d.path.startswith(scope + "/")]
            shown = scope if any(d.path == scope for d in picked) else scope + "/"
            return picked, Located("located.path", {"where": shown, "homework": spec.homework})
        regex = name_regex(spec, spec.homework)
        for doc in sorted(docs, key=_root_first):
            if _heading_range(doc, regex) is not None:
                return [doc], None
    if len(docs) > 1 and spec.keywords:
        scored = sorted(docs, key=lambda d: (-_keyword_score(d, spec.keywords), _root_first(d)))
        if _keyword_score(scored[0], spec.keywords) > 0:
            return [scored[0]], Located("located.keywords", {"where": scored[0].path})
    return docs, None


def _root_first(doc: Document) -> tuple[int, bool, str]:
    return (doc.path.count("/"), not doc.path.lower().endswith("readme.md"), doc.path)


def _path_scope(docs: list[Document], spec: Locate, number: int) -> str | None:
    """The shortest folder or file path naming the homework, e.g. `HW/hw_01` or `homework-1.md`."""
    regex = name_regex(spec, number)
    numbered = re.compile(rf"^0*{number}(?:[-_ .]\D.*)?$")
    scopes: set[str] = set()
    for doc in docs:
        parts = doc.path.split("/")
        for i, part in enumerate(parts):
            stem = part.rsplit(".", 1)[0] if i == len(parts) - 1 else part
            if regex.search(stem) or (i < len(parts) - 1 and numbered.match(part)):
                scopes.add("/".join(parts[: i + 1]))
                break
    if not scopes:
        return None
    return min(scopes, key=lambda s: (s.count("/"), s))


def _keyword_score(doc: Document, keywords: list[str]) -> int:
    """How many of the subject's keywords the document uses (one pass over its words)."""
    return len(classify({term: [term] for term in keywords}, doc.text))


def _heading_range(doc: Document, regex: re.Pattern[str]) -> tuple[int, int] | None:
    """Lines (1-based, inclusive) of the heading or `<details>` block that names the homework."""
    for section in doc.sections:
        if regex.search(section.title):
            return section.line, section.end_line
    if not _SUMMARY_TAG.search(doc.text):
        return None  # one search of the whole text instead of one per line
    lines = doc.text.split("\n")
    for index, line in enumerate(lines):
        summary = _SUMMARY.search(line)
        if summary and regex.search(summary.group(1)):
            start = index
            while start > 0 and not _DETAILS_OPEN.search(lines[start]):
                start -= 1
            end = index
            while end < len(lines) - 1 and not _DETAILS_CLOSE.search(lines[end]):
                end += 1
            return start + 1, end + 1
    return None


def _narrow(doc: Document, spec: Locate, number: int) -> tuple[Document, tuple[int, int] | None]:
    """Keep only the homework's own section when the document also holds other homeworks."""
    mine = _heading_range(doc, name_regex(spec, number))
    if mine is None:
        return doc, None
    start, end = mine
    lines = doc.text.split("\n")
    kept = [line if start <= n <= end else "" for n, line in enumerate(lines, start=1)]
    root = Section(title="", level=0, file=doc.path, line=1, end_line=doc.root.end_line)
    root.blocks, root.children = _keep(doc.root, start, end)
    narrowed = Document(
        path=doc.path,
        text="\n".join(kept),
        encoding=doc.encoding,
        root=root,
        links=[link for link in doc.links if start <= link.line <= end],
        images=[image for image in doc.images if start <= image.line <= end],
    )
    return narrowed, mine


def _keep(section: Section, start: int, end: int) -> tuple[list[Block], list[Section]]:
    """The blocks and subsections of a section inside [start, end]: the model sliced, not re-parsed.

    A section whose heading lies outside the range hands what it keeps to its parent.
    """
    blocks = [b for b in section.blocks if start <= b.line <= end]
    children: list[Section] = []
    for child in section.children:
        kept_blocks, kept_children = _keep(child, start, end)
        if start <= child.line <= end:
            children.append(
                Section(
                    child.title,
                    child.level,
                    child.file,
                    child.line,
                    min(child.end_line, end),
                    kept_blocks,
                    kept_children,
                )
            )
        else:
            blocks.extend(kept_blocks)
            children.extend(kept_children)
    return blocks, children
