"""`canvas`: how completely a canvas (data in `rubrics/canvases/`) is filled with the student's content."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from grader.checks._data import Canvas, require_valid
from grader.checks._media import MediaLink, media_links
from grader.checks._roles import regions
from grader.checks._units import Unit, is_anchor, is_heading, units
from grader.checks._vocab import DataParams
from grader.checks.base import CheckOutcome, Evidence, Finding, Status, check
from grader.document.submission import Submission
from grader.text.prose import quote, words
from grader.text.terms import has_term, normalize, term_regex

# "1.", "a)", and a MISSION acronym's letter before the block's name ("M — Money")
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]?|[a-zа-я][.)]|[a-zа-я]\s*[—–-])\s+", re.I)
_GLOSS = re.compile(r"\([^)]{0,200}\)|\[[^\]]{0,200}\]")  # bounded spans: linear on a line of 262,000 `(`
MAX_CONTENT_UNITS = 40


@dataclass(frozen=True, slots=True)
class BlockFill:
    block: str
    state: str  # "filled" | "thin" | "template" | "empty" | "missing"
    unit: Unit | None
    content: str

    @property
    def score(self) -> float:
        return {"filled": 1.0, "thin": 0.5}.get(self.state, 0.0)


@dataclass(frozen=True, slots=True)
class _Block:
    id: str
    named_by: Callable[[str], bool]  # whether a label names this block
    template: frozenset[str]  # the template's own words (normalised)


@dataclass(frozen=True, slots=True)
class _Canvas:
    """A canvas's data made ready once: its blocks, every block name (anchors), its headings."""

    blocks: tuple[_Block, ...]
    anchors: tuple[str, ...]
    within: list[str]
    # block id -> its name in both languages ({ru, en}): findings carry it, renderers pick the language
    names: dict[str, Any]


def _compiled(data: dict[str, Any]) -> _Canvas:
    """A canvas ready to match; built once through `DataParams.derived`."""
    blocks = data.get("blocks", [])
    return _Canvas(
        tuple(
            _Block(
                str(b.get("id", "?")),
                _labeller(tuple(str(n) for n in b.get("names", []))),
                frozenset(normalize(str(b.get("template", ""))).split()),
            )
            for b in blocks
        ),
        tuple(str(n) for b in blocks for n in b.get("names", [])),
        [str(t) for t in data.get("within", [])],
        {str(b.get("id", "?")): b.get("title") or str(b.get("id", "?")) for b in blocks},
    )


class CanvasParams(DataParams):
    canvases: list[str] = Field(
        default_factory=lambda: ["mission", "ml-canvas"],
        min_length=1,
        description="Canvases under `rubrics/canvases/` to accept; the best match is graded.",
    )
    min_words: int = Field(5, ge=1, description="Words of the student's own a block needs to count in full.")
    sections: list[str] = Field(
        default_factory=lambda: ["canvas", "канвас*", "mission"],
        description="Headings (terms) that mark a canvas section: own content there in non-standard "
        "blocks still earns `nonstandard` credit.",
    )
    nonstandard: float = Field(
        0.4, ge=0, le=1, description="Share for a canvas written in non-standard blocks."
    )

    def role_terms(self) -> tuple[list[str], list[str]]:
        return list(self.sections), []

    placeholders: list[str] = Field(
        default_factory=lambda: ["tbd", "todo", "tba", "n a", "x", "xxx", "url", "заполнить", "нет", "none"],
        description="Texts (normalised) that do not fill a block.",
    )
    any_media: bool = Field(
        True,
        description="Without a canvas in text, any image or board link of the graded part means "
        "`needs_review` (a PDF or DOCX only under a canvas heading or named like one: the task's PDF is no "
        "canvas); off, only media under a canvas heading or named like one count.",
    )
    complete_share: float = Field(
        0.75,
        ge=0,
        le=1,
        description="Share a canvas with every block named needs to be complete (a brief block counts "
        "half): most blocks one or two words long is a sketch, not a filled canvas.",
    )
    min_blocks: int = Field(
        3,
        ge=1,
        description="Blocks a canvas needs named to be one at all (a stray `Money:` line is no canvas).",
    )
    review_below: float = Field(
        0.5, ge=0, le=1, description="Below this share, an image or a board link means `needs_review`."
    )

    @field_validator("canvases")
    @classmethod
    def _known(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return [require_valid("canvases", name, Canvas, info) for name in value]


@check("canvas", CanvasParams, reviews=True)
def canvas(submission: Submission, params: CanvasParams) -> CheckOutcome:
    """The best-matching canvas's blocks are found and filled with the student's own content.

    Passes with a `| Money | Бюджет до 10 млн ₽ … |` table holding all seven MISSION blocks, or ten
    `**Prediction Task**: …` bullets of the ML Canvas; partial with some blocks missing, thin, left as
    the template's question, or written in non-standard blocks; `needs_review` when the canvas is
    only an image, a PDF/DOCX or a Miro/Google/Figma link; fails with no canvas at all.
    """
    all_units = units(submission)
    # The canvas graded is the one whose blocks the student laid out (the largest part of its blocks
    # named), then the best filled: a template's questions under ML Canvas blocks are still ML Canvas.
    best: tuple[float, float, int, Any, list[BlockFill], dict[str, Any]] | None = None
    for name in params.canvases:
        compiled = params.derived("canvases", name, _compiled)
        scope = _within(all_units, compiled.within)
        viable = _viable(scope, compiled.anchors)
        fills = [_fill(block, scope, params, compiled.anchors, viable) for block in compiled.blocks]
        share = sum(f.score for f in fills) / len(fills) if fills else 0.0
        named = sum(1 for f in fills if f.state != "missing")
        laid_out = named / len(fills) if fills else 0.0
        if best is None or (laid_out, share) > best[:2]:
            best = (
                laid_out,
                share,
                named,
                _title(params.data("canvases", name), name),
                fills,
                compiled.names,
            )
    assert best is not None
    _, share, named, title, fills, names = best
    findings = _block_findings(title, fills, params.min_words, names)
    evidence = [
        Evidence(f.unit.file, f.unit.line, f"{f.block}: {quote(f.content or f.unit.text, 90)}")
        for f in fills
        if f.unit is not None
    ]
    section = _canvas_section(all_units, params.sections)
    # Own blocks under a canvas heading earn partial credit; the template's blocks left unfilled do not.
    own_blocks = section is not None and share < params.nonstandard and named < params.min_blocks
    if section is not None and own_blocks:
        findings = [
            Finding(
                "canvas.nonstandard", {"title": section.text, "canvas": title}, section.file, section.line
            )
        ]
        evidence.insert(0, Evidence(section.file, section.line, quote(section.text, 90)))
        share = params.nonstandard
    if share < params.review_below:
        media = _canvas_media(submission, all_units, params.sections, params.any_media)
        if media:
            return _needs_review(media, evidence, share)
    if share == 0.0 or (named < params.min_blocks and not own_blocks):
        return CheckOutcome.judged(0, 0.0, [], [Finding("canvas.missing", {"canvas": _titles(params)})])
    # The definition: 2 is a canvas "with all its blocks filled with the project's own content"
    # (brief counts: a one-line block is filled); a block missing, empty or left as the template's
    # question, or blocks of one's own making, is "partial" — however many of the others are done.
    complete = all(f.state in ("filled", "thin") for f in fills) and share >= params.complete_share
    return CheckOutcome.judged(2 if complete else 1, share, evidence[:12], findings)


def _within(all_units: list[Unit], headings: list[str]) -> list[Unit]:
    """The units a canvas's blocks are looked for in: all, or only under the canvas's own headings."""
    if not headings:
        return all_units
    return [u for _, body in regions(all_units, headings) for u in body]


def _title(data: dict[str, Any], name: str) -> Any:
    """The canvas's name as its data gives it: {ru, en} (the renderer picks the language) or one string."""
    title = data.get("title")
    return title if isinstance(title, dict) and title else str(title or name)


def _titles(params: CanvasParams) -> list[Any]:
    return [_title(params.data("canvases", n), n) for n in params.canvases]


@lru_cache(maxsize=65536)
def _core(label: str) -> str:
    label = _NUMBERING.sub("", label)
    return normalize(_GLOSS.sub(" ", label) if "(" in label or "[" in label else label)


@lru_cache(maxsize=1024)
def _labeller(names: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a label names a block (starts with one of its names and says little more), for one
    set of names; each label's answer is remembered, and the names are hashed once, not per label."""
    regex = term_regex(names)
    answers: dict[str, bool] = {}

    def matches(label: str) -> bool:
        answer = answers.get(label)
        if answer is None:
            core = _core(label)
            match = regex.match(core) if core and regex is not None else None
            answer = match is not None and len(core.split()) <= len(match.group(0).split()) + 3
            if len(answers) > 65536:
                answers.clear()
            answers[label] = answer
        return answer

    return matches


def _viable(all_units: list[Unit], anchors: tuple[str, ...]) -> tuple[int, ...]:
    """Indices of the units whose label could name some block: a label no block name starts is
    skipped for every block (one look per unit instead of one per block)."""
    regex = term_regex(anchors)
    if regex is None:
        return ()
    found: list[int] = []
    for i, unit in enumerate(all_units):
        if unit.kind == "row":
            labels: Sequence[str] = [c for c in unit.cells if c][:2]
        elif unit.kind == "header":
            labels = unit.cells
        elif unit.label:
            labels = (unit.label,)
        else:
            continue  # most lines: prose without a label
        for label in labels:
            core = _core(label)
            if core and regex.match(core):
                found.append(i)
                break
    return tuple(found)


def _candidates(
    block: _Block, all_units: list[Unit], anchors: tuple[str, ...], viable: tuple[int, ...]
) -> list[tuple[Unit, str]]:
    """(anchor unit, its content) for every place the block is named (`viable`: indices, in order)."""
    names_it = block.named_by
    found: list[tuple[Unit, str]] = []
    for i in viable:
        unit = all_units[i]
        if unit.kind == "row":
            cells = [c for c in unit.cells if c]
            for j, cell in enumerate(cells[:2]):
                if names_it(cell):
                    found.append((unit, " ".join(cells[j + 1 :])))
                    break
        elif unit.kind == "header":
            found.extend(
                _column(unit, j, all_units[i + 1 :]) for j, c in enumerate(unit.cells) if names_it(c)
            )
        elif unit.label and names_it(unit.label):
            body = unit.body if not is_heading(unit) else ""
            if not body:
                body = _following(all_units, i, anchors)
            found.append((unit, body))
    return found


def _column(header: Unit, index: int, rest: list[Unit]) -> tuple[Unit, str]:
    cells: list[str] = []
    for unit in rest:
        if unit.kind != "row" or unit.file != header.file:
            break
        if index < len(unit.cells):
            cells.append(unit.cells[index])
    return header, " ".join(cells)


def _following(all_units: list[Unit], index: int, anchors: tuple[str, ...]) -> str:
    """Content under a heading or a label-only line: up to the next heading or block label."""
    anchor = all_units[index]
    names_a_block = _labeller(anchors)
    parts: list[str] = []
    following = all_units[index + 1 : index + 1 + MAX_CONTENT_UNITS]
    # A nested block (`- входные данные` with its items indented under it) ends where the nesting does.
    nested = bool(following) and following[0].indent > anchor.indent
    for unit in following:
        if unit.file != anchor.file:
            break
        if unit.kind == "pseudo" and anchor.kind == "pseudo":
            # a `Есть риски:` line inside a bold-labelled block is the block's content; only the
            # next block's label (or a real heading) ends it
            if names_a_block(unit.label or unit.text):
                break
        elif is_heading(unit):
            if not is_heading(anchor) or unit.level <= anchor.level or anchor.kind == "pseudo":
                break
        elif not is_heading(anchor):
            if unit.label and names_a_block(unit.label):
                break
            if nested and unit.indent <= anchor.indent:
                break
            if anchor.bullet and unit.indent < anchor.indent:
                break
        elif unit.label and names_a_block(unit.label) and unit.kind != "row":
            break
        parts.append(unit.text)
    return " ".join(parts)


def _fill(
    block: _Block,
    all_units: list[Unit],
    params: CanvasParams,
    anchors: tuple[str, ...],
    viable: tuple[int, ...],
) -> BlockFill:
    candidates = _candidates(block, all_units, anchors, viable)
    if not candidates:
        return BlockFill(block.id, "missing", None, "")
    best: BlockFill | None = None
    for unit, content in candidates:
        state = _state(content, block.template, params)
        fill = BlockFill(block.id, state, unit, content)
        if best is None or fill.score > best.score:
            best = fill
    assert best is not None
    return best


def _state(content: str, template: frozenset[str], params: CanvasParams) -> str:
    own = [w.casefold() for w in words(content)]
    if not own or normalize(content) in params.placeholders:
        return "empty"
    if template and sum(1 for w in own if w in template) >= 0.7 * len(own):
        return "template"
    return "filled" if len(own) >= params.min_words else "thin"


def _block_findings(
    title: Any, fills: list[BlockFill], min_words: int, names: dict[str, Any]
) -> list[Finding]:
    findings: list[Finding] = []
    missing = [names.get(f.block, f.block) for f in fills if f.state == "missing"]
    empty = [f for f in fills if f.state in ("empty", "template")]
    thin = [f for f in fills if f.state == "thin"]
    if missing and len(missing) < len(fills):
        findings.append(Finding("canvas.blocks_missing", {"canvas": title, "blocks": missing}))
    if empty:
        first = empty[0].unit
        findings.append(
            Finding(
                "canvas.blocks_empty",
                {"blocks": [names.get(f.block, f.block) for f in empty]},
                first.file if first else None,
                first.line if first else None,
            )
        )
    if thin:
        first = thin[0].unit
        findings.append(
            Finding(
                "canvas.blocks_thin",
                {"blocks": [names.get(f.block, f.block) for f in thin], "min_words": min_words},
                first.file if first else None,
                first.line if first else None,
            )
        )
    return findings


def _canvas_section(all_units: list[Unit], sections: list[str]) -> Unit | None:
    """A canvas heading with enough own content under it to be a (non-standard) canvas.

    Under a pasted task item («3. Проанализировать… MISSION Canvas») the content must also look like
    blocks — labelled lines, list items or table rows: a paragraph of prose there is a remark about
    the task («Что нужно сделать по этой задаче?»), not a canvas the student wrote.
    """
    for head, body in regions(all_units, sections):
        if is_anchor(head) and sum(1 for u in body if u.bullet or u.label or u.kind == "row") < 2:
            continue
        words = 0
        for unit in body:  # a region may run to the end of the document: stop counting at 20
            words += unit.words
            if words >= 20:
                return head
    return None


def _canvas_media(
    submission: Submission, all_units: list[Unit], sections: list[str], any_media: bool
) -> list[MediaLink]:
    found = media_links(submission)
    if not found:
        return []
    spans = [
        (h.file, h.line, body[-1].last_line if body else h.line) for h, body in regions(all_units, sections)
    ]
    near = [m for m in found if any(m.file == f and a <= m.line <= b for f, a, b in spans)]
    named = [m for m in found if has_term(sections, f"{m.url} {m.text}")]
    anywhere = [m for m in found if m.kind != "file"] if any_media else []
    return near or named or anywhere


def _needs_review(media: list[MediaLink], evidence: list[Evidence], share: float) -> CheckOutcome:
    shown = [Evidence(m.file, m.line, m.url) for m in media[:3]]
    finding = Finding("canvas.only_media", {"url": media[0].url}, media[0].file, media[0].line)
    return CheckOutcome(Status.NEEDS_REVIEW, share, shown + evidence[:6], [finding])
