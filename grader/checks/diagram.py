"""`diagram`: a diagram the reader can see — an embedded image, a Mermaid or PlantUML block — or a board.

An image must be there to be seen: a relative path must name a file of the repository. A diagram
given only as a link to an external board (draw.io, Miro, Excalidraw, Lucid) cannot be read by the
grader: the criterion goes to an instructor (`needs_review`) with the link.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field

from grader.checks._roles import regions
from grader.checks._units import units
from grader.checks.base import CheckOutcome, Evidence, Finding, Params, Status, check, names_by_language
from grader.document.markdown import Document
from grader.document.submission import Submission
from grader.text.prose import quote

Kind = Literal["image", "mermaid", "plantuml", "board"]
# (file, first line, last line) of the parts a check looks in
Span = tuple[str, int, int]

_END = 10**9  # the end of a file
_KINDS: tuple[Kind, ...] = ("image", "mermaid", "plantuml", "board")
_PLANTUML_INFO = ("plantuml", "puml", "uml")
_BADGE = re.compile(r"(?:^|\.)(?:shields\.io|badgen\.net|badge\.fury\.io|codecov\.io)$|/badges?/|badge\.svg$")


class DiagramParams(Params):
    section: list[str] | None = Field(
        None,
        description="Headings under which the diagram must be (`Архитектура`, `Architecture`), matched "
        "like `section`'s synonyms; none: anywhere in the graded documents.",
    )

    def role_terms(self) -> tuple[list[str], list[str]]:
        return list(self.section or []), []

    kinds: list[Kind] = Field(
        default_factory=lambda: list(_KINDS),
        min_length=1,
        description="What counts as a diagram: `image` (embedded, `![Схема](pipeline.png)`), "
        "`mermaid` and `plantuml` (fenced blocks GitHub renders or a reader can), `board` (a link "
        "to an external board: sent to an instructor, `needs_review`).",
    )
    boards: list[str] = Field(
        default_factory=lambda: [
            "draw.io",
            "diagrams.net",
            "miro.com",
            "excalidraw.com",
            "lucid.app",
            "lucidchart.com",
        ],
        description="Hosts of diagram boards (a host matches itself and its subdomains: `app.diagrams.net`).",
    )
    min_count: int = Field(1, ge=1, description="How many diagrams are needed to pass.")


@dataclass(frozen=True, slots=True)
class _Seen:
    kind: Kind
    file: str
    line: int
    text: str
    problem: str = ""  # why it is present but not a diagram: a message code (a missing image...)
    detail: str = ""  # an image's source

    @property
    def ok(self) -> bool:
        return not self.problem


@check("diagram", DiagramParams, reviews=True)
def diagram(submission: Submission, params: DiagramParams) -> CheckOutcome:
    """An embedded image, a Mermaid or PlantUML block, or (for review) a link to a diagram board.

    Passes with `![Схема пайплайна](docs/pipeline.png)` when `docs/pipeline.png` is in the repository,
    with a ```` ```mermaid ```` block holding a graph (`flowchart LR` and `A --> B`), with a
    ```` ```plantuml ```` block, or with a remote image; `needs_review` when the only diagram is a link
    to draw.io, diagrams.net, Miro, Excalidraw or Lucid; fails when there is none, when the image's
    file is not in the repository (paths are case-sensitive, as on GitHub), or when the block is
    empty. With `section`, a diagram elsewhere is partial (a board link anywhere still goes to review).
    """
    seen = [s for s in _everything(submission, params) if s.kind in params.kinds]
    spans = section_spans(submission, params.section) if params.section else None
    inside = seen if spans is None else [s for s in seen if _within(s.file, s.line, spans)]
    found = [s for s in inside if s.ok and s.kind != "board"]
    findings = [_problem(s) for s in inside if not s.ok]
    evidence = [Evidence(s.file, s.line, s.text) for s in found[:5]]
    if len(found) >= params.min_count:
        return CheckOutcome.graded(1.0, evidence)
    if found:
        count = {"found": len(found), "min_count": params.min_count}
        return CheckOutcome.graded(
            len(found) / params.min_count, evidence, [Finding("diagram.too_few", count)]
        )
    # a visible diagram in the wrong place is the student's; a board link anywhere goes to review
    elsewhere = [s for s in seen if s.ok and s.kind != "board" and s not in inside]
    if params.section and elsewhere:
        other = elsewhere[0]
        finding = Finding(
            "diagram.outside_section", {"section": names_by_language(params.section)}, other.file, other.line
        )
        return CheckOutcome.graded(0.5, [Evidence(other.file, other.line, other.text)], [finding, *findings])
    boards = [s for s in inside if s.kind == "board"] or [s for s in seen if s.kind == "board"]
    if boards:
        first = boards[0]
        finding = Finding("diagram.only_board", {"url": first.text}, first.file, first.line)
        shown = [Evidence(b.file, b.line, b.text) for b in boards[:3]]
        return CheckOutcome(Status.NEEDS_REVIEW, 0.0, shown, [finding, *findings])
    missing = (
        Finding("diagram.missing_in_section", {"section": names_by_language(params.section)})
        if params.section
        else Finding("diagram.missing")
    )
    return CheckOutcome.graded(0.0, [], [missing, *findings])


def section_spans(submission: Submission, synonyms: list[str]) -> list[Span]:
    """Where the sections headed by one of the synonyms lie: real headings (with their subsections)
    and lines standing for a heading (`**Архитектура**`, `РИСКИ:`)."""
    spans = [(s.file, s.line, s.end_line) for s in submission.find_sections(synonyms)]
    all_units = units(submission)
    index = {id(unit): i for i, unit in enumerate(all_units)}
    for head, body in regions(all_units, synonyms):
        if head.line == 0:  # a document named for the section (`03-архитектура.md`): all of it
            spans.append((head.file, 1, _END))
            continue
        if head.kind != "pseudo":
            continue
        # to the line before the unit that ends the region: a code block or an image line under a
        # bold heading is no unit of its own, but is in its part of the text
        last = body[-1] if body else head
        after = index[id(last)] + 1
        following = all_units[after] if after < len(all_units) else None
        end = following.line - 1 if following is not None and following.file == head.file else _END
        spans.append((head.file, head.line, max(end, last.last_line)))
    return spans


def _within(file: str, line: int, spans: list[Span]) -> bool:
    return any(file == f and first <= line <= last for f, first, last in spans)


def _everything(submission: Submission, params: DiagramParams) -> list[_Seen]:
    files = set(submission.files)
    folded = {f.casefold() for f in files}
    seen: list[_Seen] = []
    for doc in submission.documents:
        for image in doc.images:
            problem = _image(doc, image.src, files, folded)
            if problem is not None:
                text = quote(f"{image.alt} {image.src}".strip(), 100)
                seen.append(_Seen("image", doc.path, image.line, text, problem, image.src))
        for block in doc.code_blocks:
            language = _language(block.info, block.text)
            if language is not None:
                empty = "" if _drawn(block.text) else "diagram.empty_block"
                seen.append(_Seen(language, doc.path, block.line, quote(block.text, 100), empty))
        for link in doc.links:
            if _is_board(link.url, params.boards):
                seen.append(_Seen("board", doc.path, link.line, quote(link.url, 100)))
    return sorted(seen, key=lambda s: (s.file, s.line))


def _image(doc: Document, src: str, files: set[str], folded: set[str]) -> str | None:
    """ "": an image a reader sees; a message code: why they do not; None: not a diagram (a badge)."""
    parts = urlsplit(src.strip())
    if parts.scheme in ("http", "https") or src.startswith("//"):
        host = (parts.hostname or "").lower()
        return None if _BADGE.search(host) or _BADGE.search(parts.path.lower()) else ""
    if parts.scheme == "data":
        return ""
    if parts.scheme or not parts.path:
        return None
    # relative to the document's folder, or (with a leading `/`) to the repository's root
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(doc.path), path)
    target = posixpath.normpath(joined)
    if target in files:
        return ""
    # GitHub's paths are case-sensitive: `Pipeline.PNG` for `pipeline.png` shows a broken image
    return "diagram.image_case" if target.casefold() in folded else "diagram.image_not_found"


def _language(info: str, text: str) -> Literal["mermaid", "plantuml"] | None:
    word = (info.split() or [""])[0].strip("{}.").lower()
    if word == "mermaid":
        return "mermaid"
    if word in _PLANTUML_INFO or text.lstrip().lower().startswith("@startuml"):
        return "plantuml"
    return None


def _drawn(text: str) -> bool:
    """At least one element besides the diagram's type line (`flowchart LR`) and PlantUML's markers."""
    lines = [line.strip() for line in text.splitlines()]
    body = [
        line
        for line in lines
        if line and not line.startswith(("%%", "'")) and line.lower() not in ("@startuml", "@enduml")
    ]
    return len(body) >= 2 or (len(body) == 1 and any(mark in body[0] for mark in ("->", "--", "==")))


def _is_board(url: str, hosts: list[str]) -> bool:
    host = (urlsplit(url.strip()).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in (h.lower() for h in hosts))


def _problem(seen: _Seen) -> Finding:
    if seen.kind == "image":
        return Finding(seen.problem, {"src": seen.detail}, seen.file, seen.line)
    return Finding(seen.problem, {"language": seen.kind}, seen.file, seen.line)
