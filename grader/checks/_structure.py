"""What the `hygiene` check reads about an answer's structure: its headings, lists, empty sections,
template fillers, run-on lines, the student's own words against the pasted task, parts in files
nothing links. Each returns facts (counts, findings with places); `hygiene` turns them into a grade.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from grader.checks._units import BOLD_LEVEL, doc_units
from grader.checks.base import Finding
from grader.document.markdown import Document, ListItem, Table
from grader.document.submission import Submission
from grader.text.prose import quote, word_count

# A whole bold line (`**Метрики**`, `__Цели:__`): a heading written without `#`.
_BOLD_LINE = re.compile(r"(\*\*|__)[^*_].*\1:?")
# A template's filler left as a block's whole content ("Текст", "..."): a placeholder too.
_FILLER = re.compile(r"(?:\.{2,}|…+|текст|text|описание|description|tbd|todo)[.!]?", re.IGNORECASE)
# A Word file named in the text (`answer.docx`, «Ответ.docx»), linked or not.
_QUOTED_FILE = re.compile(r"[^\s`'\"«»()\[\]]+\.docx", re.IGNORECASE)


def empty_documents(submission: Submission) -> list[Finding]:
    """A part of the answer that is an empty document (`docs/03-канвас.md` linked from the index, with
    nothing in it): an empty section kept in a file of its own."""
    for doc in submission.documents:
        if doc.source == "markdown" and not doc.has_words() and not doc.links and not doc.images:
            return [Finding("hygiene.empty_document", {"file": quote(doc.path, 80)}, doc.path, None)]
    return []


def unlinked_documents(submission: Submission) -> list[Finding]:
    """A part of the answer in a Word file that no markdown document of it mentions or links."""
    mentioned: set[str] = set()
    for doc in submission.documents:
        if doc.source == "markdown":
            folder = posixpath.dirname(doc.path)
            for link in doc.links:
                target = posixpath.join(folder, unquote(urlsplit(link.url).path))
                mentioned.add(posixpath.normpath(target).casefold())
            mentioned.update(name.casefold() for name in _QUOTED_FILE.findall(doc.text))
    for doc in submission.documents:
        name = doc.path.casefold()
        if doc.source == "docx" and name not in mentioned and posixpath.basename(name) not in mentioned:
            return [Finding("hygiene.unlinked_document", {"file": quote(doc.path, 80)}, doc.path, None)]
    return []


_LABEL_LINE = re.compile(r"^\s*(?:[-*+]\s+)?[^\W\d_][^:：]{0,40}[:：]\s*\S")


def run_on_lines(doc: Document, ignored: frozenset[int]) -> list[Finding]:
    """Lines meant as separate items that markdown joins into one run-on line: three or more `Label:`
    or `- item` lines continuing a paragraph without a blank line or a list of their own."""
    lines = doc.text.split("\n")
    for block in doc.blocks():
        if (
            block.kind not in ("paragraph", "list_item")
            or block.end_line - block.line < 2
            or block.line in ignored
        ):
            continue
        joined = [lines[n - 1] for n in range(block.line + 1, min(block.end_line, len(lines)) + 1)]
        if sum(1 for line in joined if _LABEL_LINE.match(line)) >= 3 and not block.text.count("\n"):
            return [Finding("hygiene.run_on", {}, doc.path, block.line)]
    return []


def is_index(doc: Document) -> bool:
    """A short document that points elsewhere: links, fewer than 40 words, at most a title."""
    return bool(doc.links) and len(doc.sections) <= 1 and word_count(doc.plain_text()) < 40


def has_list_or_table(doc: Document, ignored: frozenset[int]) -> bool:
    """Lists or tables carry a real part of the answer (a third of its words), not a closing list."""
    listed = total = 0
    for block in doc.blocks():
        if block.line in ignored:
            continue
        words = word_count(block.text)
        total += words
        if isinstance(block, Table | ListItem):
            listed += words
    return total > 0 and listed * 3 >= total


def own_headings(doc: Document, ignored: frozenset[int]) -> int:
    """Headings that structure the student's answer: real ones (a pasted task item counts when the
    student's answer sits under it), and whole bold lines standing for headings (`**Метрики**`).
    A `Цели:` label line is part of a paragraph, not a heading of the page."""
    count = 0
    for section in doc.sections:
        own_blocks = [b for b in section.blocks if b.line not in ignored]
        # a heading over nothing but the task's own text is part of the pasted task
        if own_blocks or (not section.blocks and section.line not in ignored):
            count += 1
    pseudo = [u.line for u in doc_units(doc) if u.kind == "pseudo" and u.line not in ignored]
    if pseudo:
        lines = doc.text.split("\n")
        count += sum(1 for n in pseudo if _BOLD_LINE.fullmatch(lines[n - 1].strip()))
    return count


def own_and_copied_words(doc: Document, ignored: frozenset[int]) -> tuple[int, int]:
    """Words the student wrote, and words of the assignment's text they pasted."""
    if not ignored:
        return word_count(doc.text), 0
    own = copied = 0
    for number, line in enumerate(doc.text.split("\n"), start=1):
        if number in ignored:
            copied += word_count(line)
        else:
            own += word_count(line)
    return own, copied


def fillers(doc: Document) -> list[Finding]:
    """Blocks and table cells whose whole content is a template's filler (`Текст`, `...`)."""
    for block in doc.blocks():
        cells = [c for row in block.rows for c in row] if isinstance(block, Table) else [block.text]
        for cell in cells:
            if _FILLER.fullmatch(cell.strip()):
                return [
                    Finding("hygiene.placeholder", {"text": quote(cell.strip(), 40)}, doc.path, block.line)
                ]
    return []


def empty_sections(doc: Document, ignored: frozenset[int]) -> list[Finding]:
    """A heading, or a whole bold line standing for one, with nothing under it (no words, links or
    images) before the next heading of its rank."""
    pointed = {link.line for link in doc.links} | {image.line for image in doc.images}
    for section in doc.sections:
        if section.line in ignored or any(section.line < line <= section.end_line for line in pointed):
            continue
        if word_count(section.text()) - sum(word_count(c.title) for c in section.walk() if c is not section):
            continue
        args = {"title": quote(section.title, 50)}
        return [Finding("hygiene.empty_section", args, doc.path, section.line)]
    units = doc_units(doc)
    lines = doc.text.split("\n") if any(u.level == BOLD_LEVEL for u in units) else []
    for index, unit in enumerate(units):
        if (
            unit.kind != "pseudo"
            or unit.level != BOLD_LEVEL
            or unit.line in ignored  # the pasted task's own bold lines
            or not _BOLD_LINE.fullmatch(lines[unit.line - 1].strip())  # a <summary>: content under headings
        ):
            continue
        # Only a bold line that ends the document: one before a heading or another bold line is a
        # subtitle or a parent (like ## before ###), which a bold line cannot tell apart.
        body = units[index + 1 :]
        if any(a.kind == "heading" or (a.kind == "pseudo" and a.level <= BOLD_LEVEL) for a in body):
            continue
        end = body[-1].last_line if body else unit.line
        if not any(b.words for b in body) and not any(unit.line < n <= end for n in pointed):
            return [Finding("hygiene.empty_section", {"title": quote(unit.text, 50)}, doc.path, unit.line)]
    return []
