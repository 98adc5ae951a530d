"""A line-level view of a document for the domain checks: headings, lines and table rows, each with
the label a student put in front of it (`**Money:**`, `Prediction Task —`, a table's first cell).

Real hand-ins carry their structure in many shapes (a heading, a bold label, a `Label: text` line,
a table row with `<!-- -->` headers, a `<summary>`); the checks read one uniform list of units
instead of re-parsing markdown. A sentence an editor wrapped over several lines is one unit (see
`_logical_lines`). Lines recognised as copied task text are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import attrgetter
from typing import NamedTuple

from grader.document.markdown import CodeBlock, Document, Table
from grader.document.submission import Submission
from grader.text.prose import word_count

_LIST = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
# Bounded spans: on a hostile 256 KB line of `[](` or `<a ` unbounded ones backtrack quadratically.
_IMG = re.compile(r"!\[([^\]]{0,500})\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{0,500})\]\([^)]{0,2000}\)")
_TAG = re.compile(r"<[^>]{0,500}>")
# the lookahead lets the engine skip plain characters at once (2.5x faster on real hand-ins)
_MARK = re.compile(r"(?=[*_~`$])(?:\*\*|__|~~|`|\$|\*|(?<!\w)_+|_+(?!\w))")
_BOLD_LABEL = re.compile(r"^(?:\*\*|__)(?P<label>[^*]{1,80}?)(?:\*\*|__)\s*(?P<rest>.*)$")
_COLON_LABEL = re.compile(r"^(?P<label>[^:：]{1,70}?)\s*[:：]\s*(?P<rest>.*)$")
_DASH_LABEL = re.compile(r"^(?P<label>[^—–]{1,50}?)\s+(?:[—–]|-{1,2})\s+(?P<rest>.+)$")
_SUMMARY = re.compile(r"<summary", re.IGNORECASE)
_SETEXT = re.compile(r"\s*(=+|-+)\s*")
MAX_LABEL_WORDS = 6
BOLD_LEVEL = 7  # a whole bold line: a heading written without `#`
LABEL_LEVEL = 8  # a `Label:` line
_LINE = attrgetter("line")
_FILE_LINE = attrgetter("file", "line")


class Unit(NamedTuple):
    """One heading, line or table row, cleaned of markup, with its label split off when it has one.

    A named tuple: immutable like a frozen dataclass, and built several times faster (a document's
    every line becomes one).
    """

    file: str
    line: int
    kind: str  # "heading" | "pseudo" (a label line acting as a heading) | "line" | "row" | "header"
    text: str
    label: str = ""
    body: str = ""
    level: int = 0  # heading level; pseudo headings rank below every real heading
    indent: int = 0
    bullet: bool = False
    cells: tuple[str, ...] = ()
    end: int = 0  # the last line of a sentence an editor wrapped over several lines (0: `line`)

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def last_line(self) -> int:
        return self.end or self.line


def clean(raw: str) -> str:
    """Plain text of one markdown line: images to alt text, links to their text, no markup."""
    if "[" in raw:
        raw = _LINK.sub(r"\1", _IMG.sub(r"\1", raw))
    if "<" in raw:
        raw = _TAG.sub(" ", raw)
    if "*" in raw or "_" in raw or "`" in raw or "~" in raw or "$" in raw:
        raw = _MARK.sub("", raw)
    return " ".join(raw.split())


def split_label(raw: str, text: str | None = None) -> tuple[str, str]:
    """(label, body) of a line's content without its list marker; ("", text) when unlabelled.

    `text` is `clean(raw)` when the caller has it already.
    """
    bold = _BOLD_LABEL.match(raw.strip()) if raw.lstrip().startswith(("**", "__")) else None
    if bold:
        label = clean(bold["label"]).strip(" :.-—–")
        if label and word_count(label) <= MAX_LABEL_WORDS + 2:
            return label, clean(bold["rest"]).lstrip(":.-—– ")
    text = clean(raw) if text is None else text
    colon = _COLON_LABEL.match(text) if ":" in text or "：" in text else None
    if colon and not colon["rest"].startswith("//") and word_count(colon["label"]) <= MAX_LABEL_WORDS:
        return colon["label"].strip(), colon["rest"].strip()
    dash = _DASH_LABEL.match(text) if "-" in text or "—" in text or "–" in text else None
    if dash and word_count(dash["label"]) <= 4:
        return dash["label"].strip(), dash["rest"].strip()
    if 0 < word_count(text) <= MAX_LABEL_WORDS:
        return text.strip(" :."), ""
    return "", text


_CACHE: dict[tuple[str, str], tuple[Unit, ...]] = {}


def doc_units(doc: Document) -> tuple[Unit, ...]:
    """Units of one document in line order (cached: every domain check reads the same list)."""
    key = (doc.path, doc.text)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > 256:
            _CACHE.clear()
        cached = _CACHE[key] = tuple(_build(doc))
    return cached


def _build(doc: Document) -> list[Unit]:
    lines = doc.text.split("\n")
    skip: set[int] = set()
    units: list[Unit] = []
    # headings first: the stable sort by line below then puts a heading before anything on its line
    for section in doc.sections:
        skip.add(section.line)
        units.append(Unit(doc.path, section.line, "heading", section.title, section.title, "", section.level))
        if section.line < len(lines) and _SETEXT.fullmatch(lines[section.line]):
            skip.add(section.line + 1)  # setext underline
    for block in doc.blocks():
        if isinstance(block, CodeBlock):
            skip.update(range(block.line, block.end_line + 1))
        elif isinstance(block, Table):
            skip.update(range(block.line, block.end_line + 1))
            units.extend(_table_units(doc.path, block))
    for number, last, raw in _logical_lines(lines, skip):
        unit = _line_unit(doc.path, number, raw)
        if unit is not None:
            units.append(unit._replace(end=last) if last != number else unit)
    units.sort(key=_LINE)
    return units


# A line an editor broke to fit its width: long, ended inside a sentence (no `.`, `:` or hard break).
_WRAP_WIDTH = 50
_ENDS_CLAUSE = re.compile(r"(?:\\|  |[.!?:;][*_)»\"']*\s*)$")
_NOT_CONTINUATION = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|>|\||<|#|\*\*|__)")


def _logical_lines(lines: list[str], skip: set[int]) -> list[tuple[int, int, str]]:
    """(first and last line numbers, text) of every line to read, a hard-wrapped sentence joined back.

    Markdown joins a paragraph's lines into one; a student's editor may break a long sentence
    anywhere (`… должна быть меньше` / `2%.`), and a metric, its target or a task's deadline would
    fall on two units. A line is joined to the one above when that one is long and stops inside a
    sentence and this one goes on in lower case or with a number; a short line (`recall ≥ 0,9`), a
    labelled or listed line, a sentence's end or a hard break keep lines apart, as the student laid
    them out.
    """
    out: list[tuple[int, int, str]] = []
    previous: str | None = None  # the last physical line of the unit being built
    for number, raw in enumerate(lines, start=1):
        if number in skip or not raw.strip():
            previous = None
            continue
        if previous is not None and _continues(previous, raw):
            first, _, text = out[-1]
            out[-1] = (first, number, f"{text.rstrip()} {raw.strip()}")
        else:
            out.append((number, number, raw))
        previous = raw
    return out


def _continues(previous: str, raw: str) -> bool:
    stripped = raw.lstrip()
    return (
        len(previous.strip()) >= _WRAP_WIDTH
        and (stripped[:1].islower() or stripped[:1].isdigit())  # `… не более` / `500 тыс. ₽`
        and not _ENDS_CLAUSE.search(previous)
        and not _NOT_CONTINUATION.match(raw)
    )


def _line_unit(path: str, number: int, raw: str) -> Unit | None:
    if ">" in raw and _QUOTE.match(raw):
        return None  # a quotation (often the pasted assignment) is someone else's words, not the answer
    stripped = raw
    marker = _LIST.match(raw)
    content = raw[marker.end() :] if marker else stripped
    text = clean(content)
    if not text:
        return None
    label, body = split_label(content, text)
    indent = len(raw) - len(raw.lstrip(" \t"))
    # A whole bold line or a <summary> stands for a heading (level 7, below every real one); a
    # `Label:` line heads only what follows it up to the next line of its kind (level 8).
    heading_like = ("<" in raw and bool(_SUMMARY.search(raw))) or bool(
        not marker
        and label
        and not body
        and content.strip().startswith(("**", "__"))
        and word_count(label) <= 12
    )
    label_line = bool(
        not marker
        and label
        and not body
        and content.strip().endswith(":")
        and word_count(label) <= MAX_LABEL_WORDS
    )
    pseudo = heading_like or label_line
    return Unit(
        path,
        number,
        "pseudo" if pseudo else "line",
        text,
        label,
        body,
        (BOLD_LEVEL if heading_like else LABEL_LEVEL) if pseudo else 0,
        indent,
        marker is not None,
    )


def _table_units(path: str, table: Table) -> list[Unit]:
    units: list[Unit] = []
    header = tuple(cell.strip() for cell in table.header)
    if any(header):
        units.append(Unit(path, table.line, "header", " | ".join(header), cells=header))
    for row, line in zip(table.rows, table.row_lines, strict=False):
        cells = tuple(clean(cell) for cell in row)
        filled = [c for c in cells if c]
        if not filled:
            continue
        label = filled[0] if word_count(filled[0]) <= MAX_LABEL_WORDS else ""
        body = " | ".join(filled[1:]) if label else " | ".join(filled)
        units.append(Unit(path, line, "row", " | ".join(filled), label, body, cells=cells))
    return units


def _units_of(submission: Submission, doc: Document) -> list[Unit]:
    """`units` of one graded document."""
    skip = submission.ignored_lines.get(doc.path)
    return _with_anchors(doc_units(doc), skip) if skip else list(doc_units(doc))


def units(submission: Submission) -> list[Unit]:
    """Every unit of the graded documents, minus lines recognised as copied task text.

    A pasted task item that the student answers right below (`2. Выберите метрику…` then their own
    lines) stays, as an anchor: a pseudo heading over the answer, so "what follows answers task 2"
    is read as a heading would be. Pasted headings stay as they are.
    """
    cached = submission.memo.get("units")
    if cached is None:
        found: list[Unit] = []
        for doc in submission.documents:
            found.extend(_units_of(submission, doc))
        cached = submission.memo["units"] = tuple(found)
    return list(cached)


def _with_anchors(all_units: Sequence[Unit], skip: frozenset[int]) -> list[Unit]:
    """The units without pasted task lines, an anchor kept for each task item answered right below.

    The first anchor ranks as a heading one level below the section it stands in (`1. Сформулируйте
    цели…` under `# ДЗ 1` acts as a `##`), and the task's later items as its siblings: the answer's
    own subheadings stay under each, the next task item or a heading of that level ends it.
    """
    out: list[Unit] = []
    enclosing = 0
    level: int | None = None
    for i, unit in enumerate(all_units):
        if unit.kind == "heading":
            enclosing = unit.level
        if unit.line not in skip or unit.kind in _HEADINGS:
            out.append(unit)
            continue
        following = all_units[i + 1] if i + 1 < len(all_units) else None
        # an item of the task's list, or the first line of a pasted paragraph, not nested: a line of
        # the student's own list that quotes the task («- бюджет не более 10 млн») heads nothing
        starts_item = unit.bullet or i == 0 or all_units[i - 1].line not in skip
        if (
            starts_item
            and unit.indent == 0
            and following is not None
            and following.line not in skip
            and following.kind not in _HEADINGS
        ):
            level = level or min(enclosing + 1, 6)
            out.append(unit._replace(kind="pseudo", level=level))
    return out


HEADINGS = frozenset(("heading", "pseudo"))
_HEADINGS = HEADINGS


def is_heading(unit: Unit) -> bool:
    return unit.kind in _HEADINGS


def is_anchor(unit: Unit) -> bool:
    """A pasted task item kept as a heading over the student's answer (`_with_anchors`): a pseudo
    heading that ranks like a real one, above bold and `Label:` lines."""
    return unit.kind == "pseudo" and unit.level < BOLD_LEVEL


def block_units(submission: Submission) -> list[Unit]:
    """Headings, whole paragraphs and list items (their own text, wrapped lines joined), table rows.

    Metrics read these: a reason or a threshold often sits on the next wrapped line of the same item.
    """
    cached = submission.memo.get("block_units")
    if cached is None:
        cached = submission.memo["block_units"] = tuple(_block_units(submission))
    return list(cached)


def _block_units(submission: Submission) -> list[Unit]:
    ignored = submission.ignored_lines
    out: list[Unit] = []
    # the anchors of the line view (pasted task items answered right below), built once there
    anchored: dict[str, list[Unit]] = {}
    if ignored:
        for unit in units(submission):
            if unit.kind == "pseudo" and unit.line in ignored.get(unit.file, ()):
                anchored.setdefault(unit.file, []).append(unit)
    for doc in submission.documents:
        skip = ignored.get(doc.path, frozenset())
        lines = doc.text.split("\n")
        line_units = doc_units(doc)
        pseudo = {u.line: u for u in line_units if u.kind == "pseudo"}
        rows = {u.line: u for u in line_units if u.kind == "row"}  # a table's rows, built once
        out.extend(pseudo.values())
        out.extend(u for u in line_units if u.kind == "heading")
        out.extend(u for u in anchored.get(doc.path, ()) if u.line not in pseudo)
        for block in doc.blocks():
            if isinstance(block, CodeBlock):
                continue
            if block.line in skip:
                # a pasted task item with the answer on the next line, no blank line between: one
                # paragraph whose later lines are the student's own
                answer = _answer_after_task(lines, block.line, block.end_line, skip)
                if answer is not None and not isinstance(block, Table):
                    out.append(Unit(doc.path, answer[0], "block", answer[1]))
                continue
            if block.line in pseudo and block.line == block.end_line:
                continue
            if _QUOTE.match(lines[block.line - 1] if block.line <= len(lines) else ""):
                continue
            if isinstance(block, Table):
                out.extend(rows[n] for n in block.row_lines if n in rows and n not in skip)
            elif block.text.strip():
                out.append(Unit(doc.path, block.line, "block", block.text))
    out.sort(key=_FILE_LINE)
    return out


def _answer_after_task(
    lines: list[str], start: int, end: int, skip: frozenset[int]
) -> tuple[int, str] | None:
    """The first own line of a block that starts with task text, and the own text from there on."""
    own = [n for n in range(start + 1, min(end, len(lines)) + 1) if n not in skip]
    text = " ".join(clean(_LIST.sub("", lines[n - 1])) for n in own).strip()
    return (own[0], text) if own and text else None
