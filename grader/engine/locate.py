"""Finding the homework inside a repository that may hold a whole course's work.

Runs once per submission before any criterion. Locating is a search with verification: the
candidates are, in order, the folders and files named for the homework (`hw_01/`, `ДЗ №1/`,
`Tasks1/Task1.md`), the heading or `<details>` block that names it in a document that also holds
other homeworks, and the document holding most of the homework's subject. A candidate is taken only
when it holds an answer — enough of the student's own words, the assignment's pasted text
(recognised by the rubric's fingerprint) not counted — and it brings the documents it links to (an
index README brings its `docs/`) and those beside it or its index that hold some of the subject (an
answer split into `1-Цели.docx`, `2-Метрики.docx`), never one named for another homework.
`Submission.located` says what was picked, why, and what it brought.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from grader.document.markdown import Document
from grader.document.slicing import narrowed, without
from grader.document.submission import Located, Submission
from grader.resources.named import load_resource
from grader.rubric.model import Locate
from grader.text.fingerprint import Shingles, copied_by_shingles, copied_lines
from grader.text.prose import word_count
from grader.text.terms import classify

_DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary>(.*?)(?:</summary>|$)", re.IGNORECASE)
_SUMMARY_TAG = re.compile(r"<summary>", re.IGNORECASE)
# A path written in backticks (`docs/project plan.md`) points at a file as a link does.
_CODE_PATH = re.compile(r"`([^`\n]{1,200}\.[A-Za-z]{2,8})`")

# Fewer of the student's own words than this and a part holds no answer (a task pasted into a
# homework folder, a four-line README section): the next candidate is tried.
MIN_OWN_WORDS = 40
# How many links deep an index is followed (README → docs/index.md → docs/metrics.md).
LINK_HOPS = 2


def name_regex(spec: Locate, number: int | None) -> re.Pattern[str]:
    """`hw_01`, `ДЗ №1`, `Домашнее задание 1`: a name, separators, the number (any number if None)."""
    return _name_regex(tuple(spec.names), number)


@lru_cache(maxsize=256)
def _name_regex(spec_names: tuple[str, ...], number: int | None) -> re.Pattern[str]:
    names = sorted((r"[\s_.\-]*".join(map(re.escape, n.casefold().split())) for n in spec_names), key=len)
    num = r"0*(\d+)" if number is None else rf"0*({number})"
    return re.compile(rf"(?:^|[^\w])(?:{'|'.join(reversed(names))})s?[\s_.\-№#:]*{num}(?!\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Candidate:
    docs: list[Document]
    why: Located | None


class _Search:
    """One submission's candidates, each verified by the student's own words."""

    def __init__(self, submission: Submission, spec: Locate, copied: dict[str, frozenset[int]]) -> None:
        self.submission = submission
        self.spec = spec
        self.copied = copied
        self.by_path = {doc.path.casefold(): doc for doc in submission.documents}
        self._own: dict[int, int] = {}
        self._subject: dict[int, int] = {}

    def own_words(self, doc: Document) -> int:
        """Words on the document's lines that are not the assignment's pasted text, nor another
        homework's section (which is never graded, so it cannot make a part hold an answer)."""
        key = id(doc)
        if key not in self._own:
            text = doc.text
            if self.spec.homework is not None:
                spans = _other_homework_spans(doc, name_regex(self.spec, None), self.spec.homework)
                text = without(doc, spans).text if spans else text
            ignored = self.copied.get(doc.path, frozenset())
            if not ignored:
                self._own[key] = word_count(text)
            else:
                lines = text.split("\n")
                self._own[key] = sum(word_count(line) for n, line in enumerate(lines, 1) if n not in ignored)
        return self._own[key]

    def subject_score(self, doc: Document) -> int:
        """How many of the subject's keywords the document uses (kept: the candidates ask again)."""
        key = id(doc)
        if key not in self._subject:
            self._subject[key] = _keyword_score(doc, self.spec.keywords)
        return self._subject[key]

    def holds_answer(self, docs: Iterable[Document]) -> bool:
        total = 0
        for doc in docs:
            total += self.own_words(doc)
            if total >= MIN_OWN_WORDS:
                return True
        return False

    def with_links(self, docs: list[Document]) -> list[Document]:
        """The documents and those they link to (relative links, paths in backticks), a few hops deep."""
        picked = list(docs)
        seen = {doc.path for doc in picked}
        frontier = picked
        for _ in range(LINK_HOPS):
            found: list[Document] = []
            for doc in frontier:
                for target in self._targets(doc):
                    if target.path not in seen and not self.other_homework(target.path):
                        seen.add(target.path)
                        found.append(target)
            picked.extend(found)
            frontier = found
        return picked

    def _targets(self, doc: Document) -> Iterable[Document]:
        for path in target_paths(doc):
            if path.casefold() in self.by_path:
                yield self.by_path[path.casefold()]

    def other_homework(self, path: str) -> bool:
        """A path named for another homework (`hw_02/`) is not brought by a link."""
        if self.spec.homework is None:
            return False
        return any(int(m.group(1)) != self.spec.homework for m in name_regex(self.spec, None).finditer(path))


def target_paths(doc: Document) -> list[str]:
    """Repository paths a document points at: relative links, and paths written in backticks."""
    folder = posixpath.dirname(doc.path)
    urls = [link.url for link in doc.links]
    if "`" in doc.text:
        urls.extend(_CODE_PATH.findall(doc.text))
    return [path for url in urls if (path := _relative_path(url, folder)) is not None]


def _relative_path(url: str, folder: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    resolved = posixpath.normpath(joined)
    return None if resolved.startswith("..") else resolved


def locate(submission: Submission, spec: Locate | None, base: Path | None = None) -> Submission:
    """The part of the submission to grade; the submission itself when nothing narrows it."""
    if spec is None or not submission.documents:
        return submission
    copied = _copied(submission.documents, spec, base)
    search = _Search(submission, spec, copied)
    picked = _pick(search)
    if picked is None:
        docs, why = submission.documents, None
    else:
        docs = search.with_links(picked.docs)
        why = picked.why
        brought = tuple(d.path for d in docs[len(picked.docs) :])
        if why is not None and brought:
            why = replace(why, linked=brought)
        if why is not None and _hidden(search, docs):
            why = replace(why, hidden=True)
        elif why is None and len(docs) < len(submission.documents):
            why = Located("located.files", {"where": [d.path for d in docs]})
    if spec.homework is not None:
        # another homework's section of a graded document (`## ДЗ №2` below the answer) is not graded
        others = name_regex(spec, None)
        kept = [without(doc, _other_homework_spans(doc, others, spec.homework)) for doc in docs]
        # a document that is another homework's whole answer is no part of this one (unless the
        # student's link points at it: what the link names is graded)
        docs = [
            cut
            for doc, cut in zip(docs, kept, strict=True)
            if cut.has_words() or not doc.has_words() or submission.subpath
        ]
    ignored = {doc.path: copied[doc.path] for doc in docs if copied.get(doc.path)}
    located = why if why else submission.located
    return replace(submission, documents=docs, located=located, ignored_lines=ignored)


def _hidden(search: _Search, docs: list[Document]) -> bool:
    """No graded document is at the root, in a folder named for the homework (`MLOps/hw_01/`), or
    linked from the root README: a file named `HW_1.md` inside `5. Practica_…/` has to be hunted for."""
    spec = search.spec
    if spec.homework is None:
        return False
    named = name_regex(spec, spec.homework)
    numbered = re.compile(rf"^0*{spec.homework}(?:[-_ .]\D.*)?$")
    root = search.by_path.get("readme.md")
    linked = [p.casefold().rstrip("/") for p in target_paths(root)] if root is not None else []
    for doc in docs:
        folders = doc.path.split("/")[:-1]
        if not folders or any(named.search(f) or numbered.match(f) for f in folders):
            return False
        path = doc.path.casefold()
        if any(path == p or path.startswith(p + "/") for p in linked):
            return False
    return True


def _copied(docs: list[Document], spec: Locate, base: Path | None) -> dict[str, frozenset[int]]:
    """Per document, the lines that are the assignment's own text (pasted by the student)."""
    if not spec.fingerprint:
        return {}
    data = load_resource("fingerprints", spec.fingerprint, base)
    hashes = frozenset(data.get("sentences", []))
    openers = frozenset(data["openers"]) if "openers" in data else None
    runs = Shingles(data["shingles"], data.get("words", [])) if "shingles" in data else None
    out: dict[str, frozenset[int]] = {}
    for doc in docs:
        numbered = list(enumerate(doc.text.split("\n"), start=1))
        if runs is not None:
            lines = copied_by_shingles(numbered, runs)
        else:
            lines = copied_lines(numbered, hashes, openers=openers)
        if lines:
            out[doc.path] = frozenset(lines)
    return out


def _pick(search: _Search) -> _Candidate | None:
    submission = search.submission
    docs = submission.documents
    if submission.subpath:
        prefix = submission.subpath.strip("/") + "/"
        inside = [d for d in docs if d.path.startswith(prefix)]
        return _Candidate(inside or docs, Located("located.link", {"where": prefix}))
    first: _Candidate | None = None
    chosen: _Candidate | None = None
    close: list[str] = []
    taken: set[str] = set()
    for candidate in _candidates(search):
        if not search.holds_answer(search.with_links(candidate.docs)):
            first = first or candidate
        elif chosen is None:
            chosen = candidate
            taken = {d.path for d in search.with_links(chosen.docs)}
        else:
            # a pasted task (`TASK_HW_1.pdf`) beside the answer is no rival to it
            close.extend(
                d.path
                for d in candidate.docs
                if d.path not in taken and d.path not in close and search.own_words(d) >= MIN_OWN_WORDS
            )
        if len(close) >= 3:
            break
    if chosen is None:
        # no part holds an answer: a short answer where the homework is named beats the whole
        # repository, but the report says it is a guess
        return (
            None if first is None or first.why is None else replace(first, why=replace(first.why, sure=False))
        )
    if chosen.why is not None and close:
        return replace(chosen, why=replace(chosen.why, close=tuple(close[:3])))
    return chosen


def _candidates(search: _Search) -> Iterable[_Candidate]:
    spec, docs = search.spec, search.submission.documents
    number = spec.homework
    if number is not None:
        for scope in _path_scopes(docs, spec, number):
            picked = [d for d in docs if d.path == scope or d.path.startswith(scope + "/")]
            shown = scope if any(d.path == scope for d in picked) else scope + "/"
            yield _Candidate(picked, Located("located.path", {"where": shown, "homework": number}))
        regex = name_regex(spec, number)
        others = name_regex(spec, None)
        by_root = sorted(docs, key=_root_first)
        for doc in by_root:
            span = _heading_range(doc, regex)
            if span is None:
                continue
            if _names_other_homework(doc, others, number):
                span = _until_other_homework(doc, span, others, number)
                part = narrowed(doc, span)
                where = f"{doc.path}:{span[0]}-{span[1]}"
                why = Located("located.heading", {"where": [where], "homework": number})
                yield _Candidate([part], why)
            else:
                index = _index_of(doc, docs)
                linked = search.with_links([*index, doc])  # reported as linked, not as beside it
                beside = [d for d in _beside(search, [*index, doc], by_root) if d not in linked]
                picked = [*index, doc, *beside]
                paths = [d.path for d in picked]
                yield _Candidate(picked, Located("located.heading", {"where": paths, "homework": number}))
    if len(docs) > 1 and spec.keywords:
        # documents that hold an answer first, then by how much of the subject they cover
        scored = sorted(
            (d for d in docs if not search.other_homework(d.path)),
            key=lambda d: (
                search.own_words(d) < MIN_OWN_WORDS,
                -search.subject_score(d),
                _root_first(d),
            ),
        )
        if scored and search.subject_score(scored[0]) > 0:
            best = scored[0]
            parts = [*_index_of(best, docs), best]
            picked = [*parts, *_beside(search, parts, scored[1:])]
            paths = [d.path for d in picked]
            yield _Candidate(
                picked, Located("located.keywords", {"where": paths[0] if len(paths) == 1 else paths})
            )


def _beside(search: _Search, parts: list[Document], docs: list[Document]) -> list[Document]:
    """The documents of `docs` in the folder of a part of the answer (its main file or the index that
    links to it) that hold some of the subject: an answer split into files side by side (`README.md`
    with `1-Цели.docx`, `2-Метрики.docx`) is one answer, however its main file was found (by its
    heading naming the homework or by the subject it covers). Never a document named for another
    homework, by its path or its headings."""
    spec = search.spec
    others = name_regex(spec, None)
    folders = {posixpath.dirname(part.path) for part in parts}
    return [
        d
        for d in docs
        if d not in parts
        and posixpath.dirname(d.path) in folders
        and search.subject_score(d) > 0
        and not search.other_homework(d.path)
        and not (spec.homework is not None and _names_other_homework(d, others, spec.homework))
    ]


def _index_of(doc: Document, docs: list[Document]) -> list[Document]:
    """The index that links to a document (a README of links to `docs/…`), as part of the answer: it
    brings the other parts, also those that name none of the subject's words (a board link)."""
    chain: list[Document] = []
    current = doc
    for _ in range(LINK_HOPS):
        parent = next(
            (
                d
                for d in sorted(docs, key=_root_first)
                if d is not current and d not in chain and current.path in target_paths(d)
            ),
            None,
        )
        if parent is None or parent is doc:
            break
        chain.insert(0, parent)
        current = parent
    return chain


def _root_first(doc: Document) -> tuple[int, bool, str]:
    return (doc.path.count("/"), not doc.path.lower().endswith("readme.md"), doc.path)


def _path_scopes(docs: list[Document], spec: Locate, number: int) -> list[str]:
    """Folder or file paths naming the homework (`HW/hw_01`, `homework-1.md`), shallowest first."""
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
    return sorted(scopes, key=lambda s: (s.count("/"), s))


def _until_other_homework(
    doc: Document, span: tuple[int, int], others: re.Pattern[str], number: int
) -> tuple[int, int]:
    """A homework's heading section runs on past sibling headings (`# ДЗ1`, `# Решение`, …) up to the
    heading that names another homework."""
    start, end = span
    level = next((s.level for s in doc.sections if s.line == start), None)
    if level is None:
        return span  # a <details> block ends where it closes
    for section in doc.sections:
        if section.line <= end:
            continue
        if section.level < level or any(int(m.group(1)) != number for m in others.finditer(section.title)):
            return start, section.line - 1
    return start, doc.root.end_line


def _other_homework_spans(doc: Document, others: re.Pattern[str], number: int) -> list[tuple[int, int]]:
    """Line spans of the sections whose headings name another homework (`## ДЗ №2`)."""
    return [
        (section.line, section.end_line)
        for section in doc.sections
        if any(int(m.group(1)) != number for m in others.finditer(section.title))
    ]


def _names_other_homework(doc: Document, others: re.Pattern[str], number: int) -> bool:
    """The document's headings or `<summary>` lines name a homework with another number."""
    titles = [section.title for section in doc.sections]
    if _SUMMARY_TAG.search(doc.text):
        titles.extend(m.group(1) for m in _SUMMARY.finditer(doc.text))
    return any(int(m.group(1)) != number for title in titles for m in others.finditer(title))


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
