"""`hygiene`: the answer is easy to read (structure, working links, no leftovers), each issue located."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from pydantic import Field, field_validator

from grader.checks._structure import (
    empty_documents,
    empty_sections,
    fillers,
    has_list_or_table,
    is_index,
    own_and_copied_words,
    own_headings,
    run_on_lines,
    unlinked_documents,
)
from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check, regular_expressions
from grader.document.markdown import CodeBlock, Document, Table
from grader.document.submission import Submission
from grader.text.prose import quote, word_count

# A readme in any of the forms GitHub shows on a repository's page.
_README_NAMES = frozenset({"readme.md", "readme.markdown", "readme.txt", "readme.rst", "readme"})
_CONFLICT = re.compile(r"^(?:<{7} |>{7} |={7}$)", re.MULTILINE)
_CODE_CHARS = re.compile(
    r"[=(){};<>$\\/_]|--\w|^\s*[-\w.]+\s*:\s*\S+$|\b(?:def|import|class|return|select|from)\b"
)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_TABLE_LINE = re.compile(r"^\s*\|.*\|.*$")

DEFAULT_PENALTIES = {
    "conflict": 0.5,
    "placeholder": 0.5,
    "broken_link": 0.5,
    "no_structure": 0.5,
    "heading_order": 0.25,
    "no_readme": 0.25,
    "code_prose": 0.25,
    "table_malformed": 0.25,
    "empty_section": 0.5,
    "empty_document": 0.5,
    "hidden": 0.5,
    "thin": 0.5,
    "unlinked_document": 0.5,
    "run_on": 0.25,
}
# Kinds the course's definition names as lowering the grade ("merge-conflict markers, broken links,
# leftover placeholders lower it"; an empty section is a leftover; an answer nobody can find or with
# almost nothing in it is not "easy to find"): any one of them caps the grade at 1.
DEFAULT_LOWERING = [
    "conflict",
    "placeholder",
    "broken_link",
    "no_structure",
    "empty_section",
    "empty_document",
    "hidden",
    "thin",
    "unlinked_document",
]
DEFAULT_PLACEHOLDERS = [
    r"\bTODO\b",
    r"\bTBD\b",
    r"\bFIXME\b",
    r"(?<!\w)_url_(?!\w)",
    r"(?<!\w)[xXхХ]\s*(?:руб|₽|rub|тыс)",
    r"<\s*(?:вставьте|вставить|insert|your|ваш)[^>]*>",
    r"\[[^\]]*\]\(\s*\)",
    r"(?i:lorem ipsum)",
    r"\?\?\?",
]


# Every default placeholder starts with one of these characters: as a lookahead they let the engine
# skip all other positions at once (a rubric's own list is searched without it).
_DEFAULT_FIRSTS = r"(?=[TF_xXхХ<\[lL?])"


CONVERTED = frozenset({"docx", "pdf"})  # documents read from Word or PDF into markdown by the grader


class HygieneParams(Params):
    min_headings: int = Field(2, ge=0, description="Headings the graded part needs to count as structured.")
    require_readme: bool = Field(True, description="The repository has a README.md at its root.")
    placeholders: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PLACEHOLDERS),
        description="Regular expressions of leftover placeholders (`TODO`, `_url_`, `x руб`).",
    )
    lowering: list[str] = Field(
        default_factory=lambda: list(DEFAULT_LOWERING),
        description="Kinds of issue any one of which caps the grade at 1 (partly meets).",
    )
    minor_to_lower: int = Field(
        2, ge=1, description="How many different other kinds of issue together cap the grade at 1."
    )
    min_own_words: int = Field(
        60, ge=0, description="Fewer of the student's own words (pasted task text not counted): `thin`."
    )
    penalties: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_PENALTIES),
        description="Share taken off per kind of issue: " + ", ".join(DEFAULT_PENALTIES) + ".",
    )

    @field_validator("placeholders")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        regular_expressions(value)
        try:
            _compiled(tuple(value))
        except re.error as exc:
            raise ValueError(f"patterns cannot be combined ({exc}): write flags scoped, `(?i:...)`") from None
        return value

    @field_validator("lowering")
    @classmethod
    def _known_lowering(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(DEFAULT_PENALTIES))
        if unknown:
            raise ValueError(f"unknown issue kinds {unknown} (known: {', '.join(DEFAULT_PENALTIES)})")
        return value

    @field_validator("penalties")
    @classmethod
    def _known_kinds(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(DEFAULT_PENALTIES))
        if unknown:
            raise ValueError(f"unknown issue kinds {unknown} (known: {', '.join(DEFAULT_PENALTIES)})")
        return {**DEFAULT_PENALTIES, **value}


@check("hygiene", HygieneParams)
def hygiene(submission: Submission, params: HygieneParams) -> CheckOutcome:
    """The graded part is easy to find and read: headings, links that resolve, no leftovers.

    Graded 0/1/2 by the course's definition. 2 with `# Title` / `## Section` headings, working
    relative links and no leftovers. 1 when any lowering issue is there (`lowering`: merge-conflict
    markers, `TODO`/`_url_`/`x руб` placeholders or a block that is only `Текст` / `...`, a link to
    a missing file, too few headings, a heading with nothing under it, an answer in a folder the root
    README neither names nor links, fewer than `min_own_words` words of the student's own), or
    `minor_to_lower` minor ones (skipped heading levels, prose in an indented code block, a table
    without its `|---|` line, no root README). 0 when the documents are empty, or are mostly the
    pasted task text with no heading of the student's own. Issues never stack below 1: a readable
    answer with three problems is still "partly". Each finding is located.
    """
    findings: list[Finding] = []
    files = {f.casefold() for f in submission.files}
    headings = 0
    own = copied = 0
    # An index (a README of links to the answer's documents) is not where the answer's structure is:
    # its title does not make a one-heading answer structured.
    answer_docs = [d for d in submission.documents if not is_index(d)] or submission.documents
    # ...but an index of links to several documents is their table of contents: each document it
    # lists is a section of the answer, its link the heading (`- [Метрики](docs/02-метрики.md)`).
    indexed = len(answer_docs) >= 2 and len(answer_docs) < len(submission.documents)
    for doc in submission.documents:
        if doc in answer_docs:
            found = own_headings(doc, submission.ignored_lines.get(doc.path, frozenset()))
            headings += found or int(indexed)
        mine, pasted = own_and_copied_words(doc, submission.ignored_lines.get(doc.path, frozenset()))
        own, copied = own + mine, copied + pasted
        code = _code_lines(doc)
        if doc.source in CONVERTED:
            # its markdown is the grader's rendering of a Word/PDF file: only the student's words count
            findings.extend(_placeholders(doc, params.placeholders, code))
            continue
        findings.extend(_conflicts(doc))
        findings.extend(_placeholders(doc, params.placeholders, code))
        findings.extend(fillers(doc))
        findings.extend(empty_sections(doc, submission.ignored_lines.get(doc.path, frozenset())))
        findings.extend(_broken_links(doc, files))
        findings.extend(_heading_order(doc))
        findings.extend(_code_prose(doc))
        findings.extend(_malformed_tables(doc, code))
        findings.extend(run_on_lines(doc, submission.ignored_lines.get(doc.path, frozenset())))
    # "headings, tables or lists": one heading over a list or a table is structure too
    listed = any(
        has_list_or_table(doc, submission.ignored_lines.get(doc.path, frozenset())) for doc in answer_docs
    )
    if submission.documents and headings < params.min_headings and not (headings and listed):
        findings.append(Finding("hygiene.no_structure", {"count": headings, "min": params.min_headings}))
    if params.require_readme and not files & _README_NAMES:
        findings.append(Finding("hygiene.no_readme", {}))
    findings.extend(unlinked_documents(submission))
    findings.extend(empty_documents(submission))
    located = submission.located
    if located is not None and located.hidden:
        where = located.args.get("where", "")
        findings.append(Finding("hygiene.hidden", {"where": quote(str(where), 80)}))
    if not submission.documents:
        return CheckOutcome.judged(0, 0.0, [], findings)
    if not any(doc.has_words() for doc in submission.documents):
        # an empty answer has nothing to be tidy about: structure earns nothing
        return CheckOutcome.judged(0, 0.0, [], [Finding("hygiene.empty", {}), *findings])
    if own < params.min_own_words:
        findings.append(Finding("hygiene.thin", {"words": own}))
    kinds = {f.code.split(".", 1)[1] for f in findings}
    share = 1.0 - sum(params.penalties.get(kind, 0.0) for kind in kinds)
    grade = _grade(kinds, params)
    if headings == 0 and copied >= own:
        findings.insert(0, Finding("hygiene.task_only", {}))
        grade = 0
    # only the documents a finding points into are split into lines
    pointed = {f.file for f in findings if f.file}
    texts = {doc.path: doc.text.split("\n") for doc in submission.documents if doc.path in pointed}
    evidence = [
        Evidence(f.file, f.line, quote(texts[f.file][f.line - 1]))
        for f in findings
        if f.file in texts and f.line and f.line <= len(texts[f.file])
    ][:8]
    if not evidence:
        first = submission.documents[0]
        shown = first.sections[0].title if first.sections else first.plain_text()
        evidence = [Evidence(first.path, first.sections[0].line if first.sections else 1, quote(shown))]
    return CheckOutcome.judged(grade, share, evidence, findings[:10])


def _grade(kinds: set[str], params: HygieneParams) -> int:
    """2 when clean; 1 when one lowering issue, or several minor ones, is there."""
    if kinds & set(params.lowering):
        return 1
    return 1 if len(kinds - {"thin"}) >= params.minor_to_lower else 2


def _conflicts(doc: Document) -> list[Finding]:
    match = _CONFLICT.search(doc.text)
    if match is None:
        return []
    return [Finding("hygiene.conflict", {}, doc.path, doc.text.count("\n", 0, match.start()) + 1)]


def _code_lines(doc: Document) -> set[int]:
    lines: set[int] = set()
    for block in doc.code_blocks:
        lines.update(range(block.line, block.end_line + 1))
    return lines


def _placeholders(doc: Document, patterns: list[str], code: set[int]) -> list[Finding]:
    regex = _compiled(tuple(patterns))
    # A default placeholder found in a line is found in the whole text (their lookarounds see a line
    # break as they see a line's edge): a text without any needs no look line by line.
    if patterns == DEFAULT_PLACEHOLDERS and not regex.search(doc.text):
        return []
    found: list[Finding] = []
    for number, line in enumerate(doc.text.split("\n"), start=1):
        if number in code:
            continue
        match = regex.search(line)
        if match:
            args = {"text": quote(match.group(0), 40)}
            found.append(Finding("hygiene.placeholder", args, doc.path, number))
        if len(found) >= 3:
            break
    return found


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """All placeholder patterns as one alternation: one search per line."""
    alternation = "|".join(f"(?:{p})" for p in patterns)
    if list(patterns) == DEFAULT_PLACEHOLDERS:
        return re.compile(f"{_DEFAULT_FIRSTS}(?:{alternation})")
    return re.compile(alternation)


def _broken_links(doc: Document, files: set[str]) -> list[Finding]:
    found: list[Finding] = []
    folder = posixpath.dirname(doc.path)
    targets = [(link.url, link.line) for link in doc.links] + [
        (image.src, image.line) for image in doc.images
    ]
    for url, line in targets:
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path or url.startswith(("#", "mailto:")):
            continue
        path = unquote(parts.path)
        resolved = posixpath.normpath(
            path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        )
        if resolved.startswith("..") or resolved.casefold() in files:
            continue
        if any(f.startswith(resolved.casefold().rstrip("/") + "/") for f in files):
            continue  # a link to a folder
        found.append(Finding("hygiene.broken_link", {"url": quote(url, 80)}, doc.path, line))
    return found[:3]


def _heading_order(doc: Document) -> list[Finding]:
    previous = 0
    for section in doc.sections:
        # the first heading may start at any level; only a jump between two headings skips one
        if previous and section.level > previous + 1:
            args = {"title": quote(section.title, 50), "level": section.level, "previous": previous or "—"}
            return [Finding("hygiene.heading_order", args, doc.path, section.line)]
        previous = section.level
    return []


def _code_prose(doc: Document) -> list[Finding]:
    lines = doc.text.split("\n")
    for block in doc.code_blocks:
        if (
            not isinstance(block, CodeBlock)
            or block.info
            or lines[block.line - 1].lstrip().startswith(("```", "~~~"))
        ):
            continue
        content = block.text.strip()
        if (
            word_count(content) >= 5
            and not _CODE_CHARS.search(content)
            and (bool(_CYRILLIC.search(content)) or content.endswith("."))
            and re.search(r"[A-Za-zА-Яа-я]{3}", content)
        ):
            return [Finding("hygiene.code_prose", {}, doc.path, block.line)]
    return []


def _malformed_tables(doc: Document, code: set[int]) -> list[Finding]:
    if doc.text.count("|") < 3:
        return []  # no line can look like a table row
    covered = set(code)
    for block in doc.blocks():
        if isinstance(block, Table):
            covered.update(range(block.line, block.end_line + 1))
    for number, line in enumerate(doc.text.split("\n"), start=1):
        if line.count("|") >= 3 and number not in covered and _TABLE_LINE.match(line):
            return [Finding("hygiene.table_malformed", {}, doc.path, number)]
    return []
