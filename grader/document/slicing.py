"""Slicing a parsed document by line spans, without parsing it again.

Locating grades a part of a document (the homework's section) or a document without some parts
(another homework's section). The model is sliced: blocks and sections outside the kept lines go,
line numbers stay those of the file, so findings still point at the student's lines.
"""

from __future__ import annotations

from grader.document.markdown import Block, Document, Section


def narrowed(doc: Document, span: tuple[int, int]) -> Document:
    """Only the homework's own section of a document that also holds other homeworks."""
    start, end = span
    lines = doc.text.split("\n")
    kept = [line if start <= n <= end else "" for n, line in enumerate(lines, start=1)]
    root = Section(title="", level=0, file=doc.path, line=1, end_line=doc.root.end_line)
    root.blocks, root.children = keep(doc.root, start, end)
    return Document(
        path=doc.path,
        text="\n".join(kept),
        encoding=doc.encoding,
        root=root,
        links=[link for link in doc.links if start <= link.line <= end],
        images=[image for image in doc.images if start <= image.line <= end],
        source=doc.source,
    )


def without(doc: Document, spans: list[tuple[int, int]]) -> Document:
    """The document minus the given spans: every other line, block and section kept."""
    if not spans:
        return doc
    start = 1
    kept: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if first > start:
            kept.append((start, first - 1))
        start = max(start, last + 1)
    if start <= doc.root.end_line:
        kept.append((start, doc.root.end_line))
    lines = doc.text.split("\n")
    inside = [any(a <= n <= b for a, b in kept) for n in range(1, len(lines) + 1)]
    text = "\n".join(line if inside[n] else "" for n, line in enumerate(lines))
    root = Section(title="", level=0, file=doc.path, line=1, end_line=doc.root.end_line)
    blocks: list[Block] = []
    children: list[Section] = []
    for first, last in kept:
        part_blocks, part_children = keep(doc.root, first, last)
        blocks.extend(part_blocks)
        children.extend(part_children)
    root.blocks, root.children = blocks, children
    return Document(
        path=doc.path,
        text=text,
        encoding=doc.encoding,
        root=root,
        links=[link for link in doc.links if inside[min(link.line, len(lines)) - 1]],
        images=[image for image in doc.images if inside[min(image.line, len(lines)) - 1]],
        source=doc.source,
    )


def keep(section: Section, start: int, end: int) -> tuple[list[Block], list[Section]]:
    """The blocks and subsections of a section inside [start, end]: the model sliced, not re-parsed.

    A section whose heading lies outside the range hands what it keeps to its parent.
    """
    blocks = [b for b in section.blocks if start <= b.line <= end]
    children: list[Section] = []
    for child in section.children:
        kept_blocks, kept_children = keep(child, start, end)
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
