"""A submission ready for checks: its documents parsed once, its file list, and what was noted."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from grader.budget import BudgetExceeded, collector_paused, time_budget
from grader.document.decode import decode
from grader.document.markdown import Document, Section, Table, parse_markdown
from grader.document.office import UnreadableDocument, docx_to_markdown, pdf_to_markdown
from grader.document.snapshot import Note, Snapshot, is_markdown
from grader.text.prose import word_count
from grader.text.terms import normalize, term_regex


@dataclass(frozen=True, slots=True)
class Located:
    """Which part of a repository is graded and why: a message code and its facts (worded later)."""

    code: str
    args: dict[str, object]
    linked: tuple[str, ...] = ()  # documents the part links to, graded with it
    # The part sits in a folder neither named for the homework nor linked from the root README:
    # an instructor has to hunt for it.
    hidden: bool = False
    # Other parts that also hold an answer (another folder or document about the homework).
    close: tuple[str, ...] = ()
    # False when no part held enough of the student's own words and the first named one was taken.
    sure: bool = True


@dataclass(slots=True)
class Submission:
    label: str
    documents: list[Document]
    files: list[str]
    commit: str | None = None
    repo: str | None = None
    notes: list[Note] = field(default_factory=list)
    located: Located | None = None  # which part of the repository is graded, when not all of it
    subpath: str | None = None  # a folder the submitter pointed at (see Snapshot.subpath)
    # Lines recognised as the assignment's own text (pasted by the student): never counted as answers.
    ignored_lines: dict[str, frozenset[int]] = field(default_factory=dict)
    # Views the checks derive from this very submission, computed once: not copied by replace(),
    # so a narrowed submission starts with its own.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def sections(self) -> Iterator[Section]:
        for doc in self.documents:
            yield from doc.sections

    def find_sections(self, synonyms: Iterable[str]) -> list[Section]:
        """Sections whose heading holds any synonym, matched as vocabulary terms and lines standing for
        headings are (whole words, case, punctuation and ё/е ignored; `декомпоз*`: any ending)."""
        regex = term_regex(tuple(synonyms))
        if regex is None:
            return []
        return [section for section in self.sections() if regex.search(normalize(section.title))]

    def tables(self) -> Iterator[Table]:
        for doc in self.documents:
            yield from doc.tables

    def word_count(self) -> int:
        return sum(doc.word_count() for doc in self.documents)


PARSE_BUDGET_SECONDS = 3.0
# A .txt with fewer words is a note or a data file, not a hand-in.
MIN_TEXT_WORDS = 20
# Plain-text files every project has that are never an answer.
_NOT_PROSE = re.compile(
    r"(?:^|/)(?:requirements|constraints|licen[cs]e|notice|copying|robots|cmakelists)[^/]*$"
)


def document_source(path: str) -> str | None:
    """How a fetched file is read: "markdown", "text", "docx", "pdf", or None (not a hand-in)."""
    lowered = path.lower()
    if is_markdown(lowered):
        return "markdown"
    if lowered.endswith(".docx"):
        return "docx"
    if lowered.endswith(".pdf"):
        return "pdf"
    if lowered.endswith(".txt") and not _NOT_PROSE.search(lowered):
        return "text"
    return None


_OFFICE = {"docx": docx_to_markdown, "pdf": pdf_to_markdown}


def build_submission(snapshot: Snapshot, parse_budget: float = PARSE_BUDGET_SECONDS) -> Submission:
    """Decode and parse every markdown file of a snapshot, once, each within a time budget."""
    notes = list(snapshot.notes)
    documents: list[Document] = []
    for path in sorted(snapshot.markdown):
        source = document_source(path)
        if source is None:
            continue
        if source in _OFFICE:
            try:
                with collector_paused(), time_budget(parse_budget):
                    text, encoding = _OFFICE[source](snapshot.markdown[path]), source
            except (UnreadableDocument, BudgetExceeded):
                notes.append(Note("unreadable_document", path))
                continue
        else:
            decoded = decode(snapshot.markdown[path])
            if decoded.warning:
                notes.append(Note(decoded.warning, path, args={"encoding": decoded.encoding}))
            if decoded.encoding == "binary":
                continue
            text, encoding = decoded.text, decoded.encoding
            if source == "text" and word_count(text) < MIN_TEXT_WORDS:
                continue
        try:
            with collector_paused(), time_budget(parse_budget):
                document = parse_markdown(path, text, encoding, source)
        except BudgetExceeded:
            notes.append(Note("parse_timeout", path, args={"seconds": parse_budget}))
            continue
        if "\n<<<<<<< " in f"\n{text}" and "\n>>>>>>> " in f"\n{text}":
            line = 1 + f"\n{text}".split("\n<<<<<<< ", 1)[0].count("\n")
            notes.append(Note("merge_conflict_markers", path, line))
        documents.append(document)
    return Submission(
        label=snapshot.label,
        documents=documents,
        files=list(snapshot.files),
        commit=snapshot.commit,
        repo=snapshot.repo,
        notes=notes,
        subpath=snapshot.subpath,
    )
