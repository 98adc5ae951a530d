"""The document model: one markdown file parsed once into sections, blocks, links and images.

Checks never see markdown-it tokens; they read this model. Every element knows its file and its
1-based line, so findings can always point at the place a student should look.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from grader.text.prose import has_words, word_count

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BlockKind = Literal["paragraph", "list_item", "table", "code", "html"]

# markdown-it's commonmark preset nests 20 levels and silently drops what lies deeper (a heading after
# a 10-level list goes "missing"); recursion in the parser makes a few hundred the safe ceiling.
MAX_NESTING = 100

_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HTML_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(slots=True)
class Link:
    url: str
    text: str
    file: str
    line: int


@dataclass(slots=True)
class Image:
    src: str
    alt: str
    file: str
    line: int


@dataclass(slots=True)
class Block:
    """A piece of content under a section: its plain text (inline markup stripped) and place."""

    kind: BlockKind
    file: str
    line: int
    end_line: int
    text: str


@dataclass(slots=True)
class ListItem(Block):
    depth: int = 0
    ordered: bool = False
    children: list[ListItem] = field(default_factory=list)


@dataclass(slots=True)
class Table(Block):
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class CodeBlock(Block):
    info: str = ""


@dataclass(slots=True)
class Section:
    """A heading and everything under it up to the next heading of the same or a higher level.

    The document's root section has level 0 and no title: it holds what comes before any heading.
    """

    title: str
    level: int
    file: str
    line: int
    end_line: int
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        """This section and every subsection, in document order."""
        stack = [self]
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))

    def text(self) -> str:
        """Plain text of the section's content, subsections (and their headings) included."""
        parts: list[str] = []
        for section in self.walk():
            if section is not self and section.title:
                parts.append(section.title)
            parts.extend(block.text for block in section.blocks)
        return "\n".join(parts)

    def word_count(self) -> int:
        return word_count(self.text())


@dataclass(slots=True)
class Document:
    path: str
    text: str
    encoding: str
    root: Section
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # What the student wrote it in: "markdown", or "text" / "docx" / "pdf" read as markdown. An answer found
    # only outside markdown is credited but capped, and left for an instructor to confirm.
    source: str = "markdown"
    # The 1-based line where nesting past MAX_NESTING was cut (its deeper content is not seen), or None.
    truncated_at: int | None = None

    @property
    def line_count(self) -> int:
        return count_lines(self.text)

    @property
    def sections(self) -> list[Section]:
        """Every titled section in document order."""
        return [s for s in self.root.walk() if s.level > 0]

    def blocks(self) -> Iterator[Block]:
        for section in self.root.walk():
            yield from section.blocks

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks() if isinstance(b, Table)]

    @property
    def list_items(self) -> list[ListItem]:
        return [b for b in self.blocks() if isinstance(b, ListItem)]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks() if b.kind == "paragraph"]

    @property
    def code_blocks(self) -> list[CodeBlock]:
        return [b for b in self.blocks() if isinstance(b, CodeBlock)]

    def plain_text(self) -> str:
        return self.root.text()

    def word_count(self) -> int:
        return word_count(self.plain_text())

    def has_words(self) -> bool:
        return has_words(self.plain_text())


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # typographer stays off: its smartquotes rule is quadratic on long inputs.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "typographer": False})
    return md.enable(["table", "strikethrough"]).use(front_matter_plugin)


def parse_markdown(path: str, text: str, encoding: str = "utf-8", source: str = "markdown") -> Document:
    """Parse one file's text (already decoded, LF line ends) into a Document."""
    tokens, truncated_at = _tokens(text)
    line_count = count_lines(text)
    root = Section(title="", level=0, file=path, line=1, end_line=line_count)
    doc = Document(path=path, text=text, encoding=encoding, root=root, source=source)
    doc.truncated_at = truncated_at
    _Builder(doc, line_count).build(tokens)
    return doc


# markdown-it drops everything past a container nested MAX_NESTING deep *up to the end of the
# document*: the outermost list swallows every later heading. When that happens the text is split at
# the first later line that must close every list (an ATX heading, or a line at column 0 after a blank
# line), and the rest is parsed on its own, its lines kept: only the too-deep part is lost (and noted).
_CONTAINERS = frozenset({"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"})
_LIST_START = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_MAX_RESUMES = 32  # each resume parses the rest again: bounded (and inside the parse budget)


def _tokens(text: str) -> tuple[list[Token], int | None]:
    md = _parser()
    lines = text.split("\n")
    tokens: list[Token] = []
    truncated_at: int | None = None
    start = 0
    for _ in range(_MAX_RESUMES):
        part = md.parse("\n".join(lines[start:]) if start else text)
        cut = next((t for t in part if t.level >= MAX_NESTING - 1 and t.type in _CONTAINERS), None)
        resume = _resume_line(lines, start + cut.map[0] + 1) if cut is not None and cut.map else None
        if cut is not None and truncated_at is None:
            truncated_at = start + (cut.map[0] if cut.map else 0) + 1
        if resume is None:
            tokens.extend(_shifted(part, start))
            break
        tokens.extend(_shifted(md.parse("\n".join(lines[start:resume])), start))
        start = resume
    return tokens, truncated_at


def _resume_line(lines: list[str], after: int) -> int | None:
    """The first line at or after `after` that closes every open list and quote, if any."""
    for j in range(after, len(lines)):
        line = lines[j]
        if not line or line[0] in " \t>" or _LIST_START.match(line):
            continue
        if _ATX.match(line) or not lines[j - 1].strip():
            return j
    return None


def _shifted(tokens: list[Token], offset: int) -> list[Token]:
    if offset:
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + offset, token.map[1] + offset]
    return tokens


class _Builder:
    """Walks markdown-it's flat token stream once, filling sections, blocks, links and images."""

    def __init__(self, doc: Document, line_count: int) -> None:
        self.doc = doc
        self.line_count = line_count
        self.stack: list[Section] = [doc.root]
        self.items: list[ListItem] = []  # open list items, innermost last
        self.ordered: list[bool] = []  # open lists, innermost last

    def build(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            i = self._step(tokens, i)
        for section in self.stack[1:]:
            section.end_line = self.line_count

    def _step(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            self._open_section(token, tokens[i + 1])
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.ordered.pop()
        elif kind == "list_item_open":
            self._open_item(token)
        elif kind == "list_item_close":
            self.items.pop()
        elif kind == "paragraph_open":
            self._paragraph(token, tokens[i + 1])
            return i + 3
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind in ("fence", "code_block"):
            start, end = _span(token)
            self._add(CodeBlock("code", self.doc.path, start, end, token.content, info=token.info))
        elif kind == "html_block":
            self._html(token)
        return i + 1

    @property
    def section(self) -> Section:
        return self.stack[-1]

    def _add(self, block: Block) -> None:
        self.section.blocks.append(block)

    def _open_section(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1:])
        start, _ = _span(token)
        while len(self.stack) > 1 and self.stack[-1].level >= level:
            closed = self.stack.pop()
            closed.end_line = max(start - 1, closed.line)
        title = self._inline_text(inline, start)
        section = Section(title=title, level=level, file=self.doc.path, line=start, end_line=start)
        self.section.children.append(section)
        self.stack.append(section)

    def _open_item(self, token: Token) -> None:
        start, end = _span(token)
        ordered = self.ordered[-1] if self.ordered else False
        item = ListItem("list_item", self.doc.path, start, end, "", len(self.items), ordered)
        if self.items:
            self.items[-1].children.append(item)
        self.items.append(item)
        self._add(item)

    def _paragraph(self, token: Token, inline: Token) -> None:
        start, end = _span(token)
        text = self._inline_text(inline, start)
        if self.items:
            item = self.items[-1]
            item.text = f"{item.text}\n{text}" if item.text else text
        else:
            self._add(Block("paragraph", self.doc.path, start, end, text))

    def _table(self, tokens: list[Token], i: int) -> int:
        start, end = _span(tokens[i])
        table = Table("table", self.doc.path, start, end, "")
        row: list[str] = []
        row_line = start
        in_head = False
        i += 1
        while i < len(tokens) and tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row, row_line = [], _span(token)[0]
            elif token.type == "inline":
                row.append(self._inline_text(token, row_line))
            elif token.type == "tr_close":
                if in_head:
                    table.header = row
                else:
                    table.rows.append(row)
                    table.row_lines.append(row_line)
            i += 1
        lines = [" | ".join(table.header), *(" | ".join(r) for r in table.rows)]
        table.text = "\n".join(line for line in lines if line.strip(" |"))
        self._add(table)
        return i + 1

    def _html(self, token: Token) -> None:
        start, end = _span(token)
        raw = token.content
        for offset, line in enumerate(raw.split("\n")):
            for src in _HTML_IMG.findall(line):
                self.doc.images.append(Image(src, "", self.doc.path, start + offset))
            for href in _HTML_HREF.findall(line):
                self.doc.links.append(Link(href, "", self.doc.path, start + offset))
        text = _HTML_TAG.sub(" ", _HTML_BREAK.sub("\n", raw))
        text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
        if text:
            self._add(Block("html", self.doc.path, start, end, text))

    def _inline_text(self, inline: Token, line: int) -> str:
        """Plain text of an inline token; records its links and images with their exact lines."""
        parts: list[str] = []
        link: Link | None = None
        for child in inline.children or []:
            kind = child.type
            if kind in ("text", "code_inline"):
                parts.append(child.content)
                if link is not None:
                    link.text += child.content
            elif kind in ("softbreak", "hardbreak"):
                parts.append(" ")
                line += 1
            elif kind == "link_open":
                link = Link(str(child.attrs.get("href", "")), "", self.doc.path, line)
                self.doc.links.append(link)
            elif kind == "link_close":
                link = None
            elif kind == "image":
                src = str(child.attrs.get("src", ""))
                self.doc.images.append(Image(src, child.content, self.doc.path, line))
            elif kind == "html_inline":
                self._inline_html(child.content, line, parts)
        return " ".join("".join(parts).split())

    def _inline_html(self, html: str, line: int, parts: list[str]) -> None:
        if _HTML_BREAK.fullmatch(html.strip()):
            parts.append(" ")
            return
        for src in _HTML_IMG.findall(html):
            self.doc.images.append(Image(src, "", self.doc.path, line))
        for href in _HTML_HREF.findall(html):
            self.doc.links.append(Link(href, "", self.doc.path, line))


def count_lines(text: str) -> int:
    """Lines as an editor shows them: a final newline ends the last line, it does not start one."""
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _span(token: Token) -> tuple[int, int]:
    """markdown-it's `map` is 0-based and end-exclusive; ours is 1-based and inclusive."""
    if token.map is None:
        return 1, 1
    start, end = token.map
    return start + 1, max(start + 1, end)
