"""Extracting tasks or hypotheses for the `smart` check, in the shapes students write them.

S/M/A/R/T tables per task, one table with the letters, `**Specific:**` lines (with or without a
Russian gloss), nested lists under `## Задачи`, a `ЗАДАЧИ:` label followed by a list, prose
hypotheses ("We believe that…", "Мы считаем, что…").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.checks._units import Unit, is_heading
from grader.text.terms import normalize, term_regex

LETTERS = "smart"


@dataclass(slots=True)
class Item:
    """One task or hypothesis: where it starts, its text, and the letters the student labelled."""

    file: str
    line: int
    title: str
    parts: list[str] = field(default_factory=list)
    labelled: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(p for p in self.parts if p)


def letter_of(label: str, letters: dict[str, list[str]]) -> str | None:
    """Which SMART letter a label names (`S`, `Specific (Конкретная)`, `S(Specific)`), if any."""
    core = normalize(label)
    # normalised text is words joined by single spaces (no brackets, no hyphens): counting needs no regex
    if not core or core.count(" ") >= 5:
        return None
    first = core.split(" ", 1)[0]
    for letter in LETTERS:
        if first == letter or _starts(core, letters.get(letter, [])):
            return letter
    return None


def _starts(core: str, names: list[str]) -> bool:
    regex = term_regex(tuple(names))
    return regex is not None and regex.match(core) is not None


def labelled_items(body: list[Unit], letters: dict[str, list[str]]) -> list[Item]:
    """Items told apart by letter labels: a letter seen again starts the next item."""
    items: list[Item] = []
    current: Item | None = None
    letter: str | None = None
    title = ""
    for unit in body:
        found = _unit_letter(unit, letters)
        if found is None:
            if is_heading(unit) or (unit.kind == "line" and not unit.bullet and unit.label and not unit.body):
                title = unit.text
                letter = None
            elif current is not None and letter is not None:
                current.parts.append(unit.text)
                current.labelled[letter] += " " + unit.text
            continue
        letter, content = found
        if current is None or letter in current.labelled:
            current = Item(unit.file, unit.line, title or unit.text)
            items.append(current)
        current.labelled[letter] = content
        current.parts.append(content)
    return items


def _unit_letter(unit: Unit, letters: dict[str, list[str]]) -> tuple[str, str] | None:
    if unit.kind == "row":
        cells = [c for c in unit.cells if c]
        if cells:
            letter = letter_of(cells[0], letters)
            if letter is not None:
                return letter, " ".join(cells[1:])
        return None
    if unit.kind in ("line", "pseudo") and unit.label:
        letter = letter_of(unit.label, letters)
        if letter is not None:
            return letter, unit.body
    return None


def list_items(body: list[Unit]) -> list[Item]:
    """Top-level list items (children folded in), or table rows, or substantial paragraphs."""
    bullets = [u for u in body if u.bullet]
    items: list[Item] = []
    if bullets:
        top = min(u.indent for u in bullets)
        current: Item | None = None
        for unit in body:
            if unit.bullet and unit.indent == top:
                current = Item(unit.file, unit.line, unit.text, [unit.text])
                items.append(current)
            elif current is not None and not is_heading(unit) and (unit.indent > top or not unit.bullet):
                current.parts.append(unit.text)
        return items
    rows = [u for u in body if u.kind == "row"]
    if rows:
        return [Item(u.file, u.line, u.text, [u.text]) for u in rows]
    return [Item(u.file, u.line, u.text, [u.text]) for u in body if u.kind == "line" and u.words >= 8]


def column_items(body: list[Unit], letters: dict[str, list[str]]) -> list[Item]:
    """A table with a column per letter (`| Задача | S | M | A | R | T |`): each row one task, each
    cell the content of its column's letter."""
    items: list[Item] = []
    columns: dict[int, str] = {}
    for unit in body:
        if unit.kind == "header":
            columns = {i: letter for i, cell in enumerate(unit.cells) if (letter := letter_of(cell, letters))}
            if len(set(columns.values())) < 3:
                columns = {}
            continue
        if unit.kind != "row" or not columns:
            continue
        title = next((c for i, c in enumerate(unit.cells) if i not in columns and c), unit.text)
        item = Item(unit.file, unit.line, title, [title])
        for index, letter in columns.items():
            if index < len(unit.cells) and unit.cells[index]:
                item.labelled[letter] = unit.cells[index]
                item.parts.append(unit.cells[index])
        items.append(item)
    return items
