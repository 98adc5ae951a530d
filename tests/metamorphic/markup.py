"""Transformations of one markdown text: markup changed, meaning kept (used by transforms.py)."""

from __future__ import annotations

import re

from .tree import LATER_HOMEWORK, code_mask, heading, headings, plain

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^[-*+][ \t]+(.*)$")
_LABELLED = re.compile(r"^(?:\*\*|__)?([^:*_|]{1,60}?)(?:\*\*|__)?\s*(?::|—|–|\s-)\s*(?:\*\*|__)?\s*(\S.*)$")
_CANVAS_HEADING = re.compile(r"(?i)canvas|канвас|mission")
_PARAGRAPH_START = re.compile(r"^ {0,3}[^\s|>#<`~\-*+\d]")

# Which part of an answer a heading names, in the task items' topics (task_text.ITEMS).
TOPICS = (
    ("goals", re.compile(r"(?i)цел|goal|бизнес|business")),
    ("ml-metric", re.compile(r"(?i)метрик|metric")),
    ("canvas", re.compile(r"(?i)canvas|канвас|mission")),
    ("decomposition", re.compile(r"(?i)декомпоз|decompos|архитект|architect|компонент")),
    ("tasks", re.compile(r"(?i)smart|задач|tasks|гипотез|hypothes")),
    ("kanban", re.compile(r"(?i)kanban|канбан|github projects|доск")),
)


def _lines(text: str) -> tuple[list[str], str]:
    ending = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n").split("\n"), ending


def _join(lines: list[str], ending: str) -> str:
    return ending.join(lines)


def _cells(row: str) -> list[str]:
    body = row.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _bold(text: str) -> str:
    bare = plain(text)
    return f"**{bare}**" if bare else ""


def _label(cell: str) -> str:
    """A header cell's words (`<!-- -->`, used for a header-less table, has none)."""
    return plain(re.sub(r"<!--.*?-->|<[^>]*>", "", cell))


def _table_as_list(header: list[str], rows: list[list[str]]) -> list[str]:
    labels = [_label(h) for h in header]
    if len(rows) == 1 and len(header) > 2 and all(labels):  # blocks as columns: an item per column
        return [f"- {_bold(h)}: {c}" for h, c in zip(labels, rows[0], strict=False) if c]
    out: list[str] = []
    for row in rows:
        cells = [*row, *[""] * (len(header) - len(row))][: max(len(header), 1)]
        if not cells[0] and out:  # a merged cell: the row continues the item above
            out[-1] += "; " + " ".join(c for c in cells[1:] if c)
            continue
        if len(cells) == 2 or not any(labels[1:]):
            lead, tail = _bold(" — ".join(c for c in cells[:-1] if c)), cells[-1]
            out.append(f"- {lead}: {tail}" if lead and tail else f"- {lead or tail}")
            continue
        named = "; ".join(f"{h}: {c}" if h else c for h, c in zip(labels[1:], cells[1:], strict=False) if c)
        lead = _bold(cells[0])
        out.append(f"- {lead} — {named}" if lead and named else f"- {lead or named}")
    return out


def tables_to_lists(text: str) -> str:
    """Every pipe table outside code as a list: one item per row (per column for a one-row table)."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        starts = (
            not code[i]
            and i + 1 < len(lines)
            and "|" in line
            and not line.startswith((" " * 4, "\t", ">"))
            and _DELIMITER.match(lines[i + 1]) is not None
            and "-" in lines[i + 1]
        )
        if not starts:
            out.append(line)
            i += 1
            continue
        header = _cells(line)
        j = i + 2
        rows = []
        while j < len(lines) and lines[j].strip() and "|" in lines[j] and not code[j]:
            rows.append(_cells(lines[j]))
            j += 1
        if out and out[-1].strip():
            out.append("")
        out.extend(_table_as_list(header, rows))
        if j < len(lines) and lines[j].strip():
            out.append("")
        i = j
    return _join(out, ending)


def canvas_lists_to_tables(text: str) -> str:
    """A list of labelled canvas blocks (`- **Money**: ...`) under a canvas heading, as a table."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    out: list[str] = []
    under_canvas = False
    i = 0
    while i < len(lines):
        found = None if code[i] else heading(lines[i])
        if found:
            under_canvas = bool(_CANVAS_HEADING.search(found[1]))
        if code[i] or not under_canvas or not _LIST_ITEM.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        items, j = _list_items(lines, i)
        labelled = [_LABELLED.match(item) for item in items]
        if len(items) < 4 or any(m is None for m in labelled):
            out.extend(lines[i:j])
            i = j
            continue
        english = not re.search(r"[а-яё]", " ".join(items), re.IGNORECASE)
        if out and out[-1].strip():
            out.append("")
        out.append("| Block | Content |" if english else "| Блок | Содержание |")
        out.append("|---|---|")
        for m in labelled:
            assert m is not None
            out.append(f"| {_bold(m[1])} | {m[2].replace('|', '/')} |")
        if j < len(lines) and lines[j].strip():
            out.append("")
        i = j
    return _join(out, ending)


def _list_items(lines: list[str], start: int) -> tuple[list[str], int]:
    """The items of a flat list starting at `start` (continuation lines joined) and where it ends."""
    items: list[str] = []
    j = start
    while j < len(lines):
        match = _LIST_ITEM.match(lines[j])
        if match:
            items.append(match[1].strip())
        elif lines[j].startswith(("  ", "\t")) and lines[j].strip() and items:
            if _LIST_ITEM.match(lines[j].strip()):  # a nested list: not a flat canvas
                return [], _end_of_list(lines, j)
            items[-1] += " " + lines[j].strip()
        elif not lines[j].strip() and j + 1 < len(lines) and _LIST_ITEM.match(lines[j + 1]):
            pass  # a loose list: the blank line between items
        else:
            break
        j += 1
    return items, j


def _end_of_list(lines: list[str], j: int) -> int:
    while j < len(lines) and (lines[j].strip() == "" or lines[j].startswith(("  ", "\t", "-", "*", "+"))):
        if not lines[j].strip() and (
            j + 1 >= len(lines) or not lines[j + 1].startswith((" ", "-", "*", "+"))
        ):
            break
        j += 1
    return j


def shift_headings(text: str) -> str:
    lines, ending = _lines(text)
    for i, level, _ in headings(lines):
        if level < 6:
            lines[i] = re.sub(r"^( {0,3})#", r"\1##", lines[i], count=1)
    return _join(lines, ending)


def bold_headings(text: str) -> str:
    """Headings below level 1 as `**Text**` lines, each followed by a blank line."""
    lines, ending = _lines(text)
    found = {i: t for i, level, t in headings(lines) if level >= 2 and plain(t)}
    out: list[str] = []
    for i, line in enumerate(lines):
        if i not in found:
            out.append(line)
            continue
        out.append(_bold(found[i]))
        if i + 1 < len(lines) and lines[i + 1].strip():
            out.append("")
    return _join(out, ending)


def extra_whitespace(text: str) -> str:
    """Two trailing spaces on every line outside code, every blank line doubled, blank lines around."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    out = ["", " "]
    for i, line in enumerate(lines):
        if code[i]:
            out.append(line)
        elif not line.strip():
            out.extend(["  ", ""])
        else:
            out.append(line if line.endswith("\\") else line + "  ")
    out.extend(["", "   ", ""])
    return _join(out, ending)


def details_wrapper(text: str) -> str | None:
    """The whole answer inside `<details><summary>ДЗ 1</summary>` (not for a file holding others)."""
    if re.search(r"(?i)<details", text) or _names_later_homework(text):
        return None
    summary = "ДЗ 1" if re.search(r"[а-яё]", text, re.IGNORECASE) else "Homework 1"
    ending = "\r\n" if "\r\n" in text else "\n"
    body = text.rstrip("\r\n")
    return ending.join(["<details>", f"<summary>{summary}</summary>", "", body, "", "</details>", ""])


def _names_later_homework(text: str) -> bool:
    lines, _ = _lines(text)
    return any(LATER_HOMEWORK.search(t) for _, _, t in headings(lines))


LATER_RU = (
    "В облаке создан бакет объектного хранилища, и в него скопированы исходные файлы. Затем поднят "
    "кластер из трёх узлов, на нём проверено чтение файлов из бакета, а после проверки кластер удалён, "
    "чтобы не тратить ресурсы."
)
LATER_EN = (
    "An object storage bucket was created in the cloud and the source files were copied into it. Then a "
    "three-node cluster was started, reading the files from the bucket was checked, and the cluster was "
    "deleted afterwards so as not to waste resources."
)


def later_homework_title(number: int, russian: bool) -> str:
    return f"ДЗ №{number}. Инфраструктура в облаке" if russian else f"Homework {number}. Cloud infrastructure"


def later_number(text: str) -> int:
    """2, or the next number when the text already names a later homework."""
    numbers = [int(m[1]) for m in LATER_HOMEWORK.finditer(text)]
    return max(numbers, default=1) + 1


def later_homework_section(text: str) -> str:
    lines, ending = _lines(text)
    levels = [level for _, level, _ in headings(lines)]
    level = min((lv for lv in set(levels) if levels.count(lv) >= 2), default=2)
    russian = bool(re.search(r"[а-яё]", text, re.IGNORECASE))
    title = later_homework_title(later_number(text), russian)
    body = lines[:-1] if lines and not lines[-1].strip() else lines
    added = ["", f"{'#' * level} {title}", "", LATER_RU if russian else LATER_EN, ""]
    return _join([*body, *added], ending)


def paste_task(
    text: str, header: str, items: tuple[tuple[str, str], ...], footer: str, glued: bool
) -> str | None:
    """The task's header above the answer and each task item before the section that answers it.

    `glued`: the item goes right above the section's first paragraph with no blank line between, as
    students paste it (the paragraph then reads as the item's continuation). Sections after a later
    homework's heading get no item. None when no section answers any item.
    """
    lines, ending = _lines(text)
    by_topic = dict(items)
    inserts: dict[int, str] = {}
    used: set[str] = set()
    for i, level, title in headings(lines):
        if LATER_HOMEWORK.search(title):
            break
        if level < 2:  # a title or a homework's heading, not a part of the answer
            continue
        topic = next((t for t, pattern in TOPICS if pattern.search(title) and t in by_topic), None)
        if topic is None or topic in used:
            continue
        at = _first_paragraph(lines, i) if glued else i
        if at is not None:
            used.add(topic)
            inserts[at] = by_topic[topic]
    if not inserts and not header:
        return None
    out: list[str] = []
    if header:
        out.extend(
            [*header.rstrip("\n").split("\n"), "", *(item for _, item in items), "", footer, "", "---", ""]
        )
    for i, line in enumerate(lines):
        if i in inserts:
            out.extend([inserts[i]] if glued else ["", inserts[i], ""])
        out.append(line)
    return _join(out, ending)


def task_items_for_headings(text: str, items: tuple[tuple[str, str], ...]) -> str | None:
    """Each section's heading replaced by the task item it answers, pasted as the task has it
    (`2. **Аргументированно выбрать метрику** …`), the student's title kept as the answer's first
    line: the answer under a task item, with no heading of the student's own. None when no section
    answers an item."""
    lines, ending = _lines(text)
    by_topic = dict(items)
    used: set[str] = set()
    changed = False
    for i, level, title in headings(lines):
        if LATER_HOMEWORK.search(title):
            break
        topic = next((t for t, pattern in TOPICS if pattern.search(title) and t in by_topic), None)
        if level < 2 or topic is None or topic in used:
            continue
        used.add(topic)
        lines[i] = f"{by_topic[topic]}{ending}{ending}{plain(title)}."
        changed = True
    return _join(lines, ending) if changed else None


def _first_paragraph(lines: list[str], heading_at: int) -> int | None:
    """The first line of the paragraph that opens a section, if the section opens with one."""
    j = heading_at + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and heading(lines[j]) is None and _PARAGRAPH_START.match(lines[j]):
        return j
    return None


# Emoji students put before their headings (`## 🎯 Цели`), one after another.
_EMOJI = ("🎯", "📊", "🧭", "✅", "📌", "🧩", "🚀")
_HEADING_MARKS = re.compile(r"^( {0,3}#{1,6}[ \t]+)")
_NUMBERED = re.compile(r"^(\d{1,2}|[IVX]{1,4})[.)]\s+")


def emoji_headings(text: str) -> str:
    """An emoji before the text of every heading below the title."""
    lines, ending = _lines(text)
    found = [i for i, level, t in headings(lines) if level >= 2 and plain(t)]
    for n, i in enumerate(found):
        lines[i] = _HEADING_MARKS.sub(lambda m, n=n: f"{m[1]}{_EMOJI[n % len(_EMOJI)]} ", lines[i], count=1)
    return _join(lines, ending)


def renumbered_headings(text: str) -> str:
    """Headings below the title numbered `1.`, `2.`, … — or, when they are numbered, their numbers
    removed (`## 2. Метрики` → `## Метрики`)."""
    lines, ending = _lines(text)
    found = [(i, t) for i, level, t in headings(lines) if level >= 2 and plain(t)]
    numbered = any(_NUMBERED.match(t) for _, t in found)
    for n, (i, t) in enumerate(found, start=1):
        new = _NUMBERED.sub("", t, count=1) if numbered else f"{n}. {t}"
        marks = _HEADING_MARKS.match(lines[i])
        if marks and new.strip():
            lines[i] = marks[1] + new
    return _join(lines, ending)


def _anchor(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    words = re.sub(r"[^\w\- ]", "", plain(title).lower())
    return words.replace(" ", "-")


def contents_added(text: str) -> str | None:
    """A table of contents (links to the headings below the title) after the title."""
    lines, ending = _lines(text)
    found = [(i, level, t) for i, level, t in headings(lines) if level >= 2 and plain(t)]
    if len(found) < 2:
        return None
    russian = re.search(r"[а-яё]", text, re.IGNORECASE) is not None
    title = "Содержание" if russian else "Contents"
    toc = [f"{'  ' * (level - 2)}- [{plain(t)}](#{_anchor(t)})" for _, level, t in found]
    first = headings(lines)[0]
    at = first[0] + 1 if first[1] == 1 else 0
    block = ["", f"## {title}", "", *toc, ""]
    return _join([*lines[:at], *block, *lines[at:]], ending)


def setext_headings(text: str) -> str:
    """Level 1 and 2 headings underlined (`Цели` over `----`) instead of opened with `#`."""
    lines, ending = _lines(text)
    out: list[str] = []
    # a title that reads as a list item (`1. Цели`) cannot be underlined: it would be a list and a rule
    found = {
        i: (level, t)
        for i, level, t in headings(lines)
        if level <= 2 and plain(t) and not re.match(r"(?:\d{1,9}[.)]|[-*+])(?:\s|$)", t)
    }
    for i, line in enumerate(lines):
        if i not in found:
            out.append(line)
            continue
        level, title = found[i]
        if out and out[-1].strip():
            out.append("")  # an underlined heading must not continue a paragraph above it
        out.extend([title, ("=" if level == 1 else "-") * max(3, len(title))])
    return _join(out, ending)


def wrapped_paragraphs(text: str) -> str:
    """Paragraph lines longer than 60 characters broken between words, as some editors save them."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if code[i] or len(line) <= 60 or not _PARAGRAPH_START.match(line) or line.endswith(("\\", "  ")):
            out.append(line)
            continue
        words, current = line.split(" "), ""
        for word in words:
            if current and len(current) + 1 + len(word) > 60:
                out.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        out.append(current)
    return _join(out, ending)


_BULLET = re.compile(r"^( {0,3})([-*+])([ \t]+)")
_ORDERED = re.compile(r"^( {0,3})(\d{1,9})\.([ \t]+)")


def bullets_restyled(text: str) -> str:
    """List markers in the other style: `-` as `*`, `*` and `+` as `-`, `1.` as `1)`."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    for i, line in enumerate(lines):
        if code[i] or heading(line) or re.match(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$", line):
            continue  # a thematic break (`***`, `- - -`) is no list item
        line = _BULLET.sub(lambda m: f"{m[1]}{'*' if m[2] == '-' else '-'}{m[3]}", line, count=1)
        lines[i] = _ORDERED.sub(r"\1\2)\3", line, count=1)
    return _join(lines, ending)


def table_pipes_trimmed(text: str) -> str:
    """Tables without their outer pipes (`a | b` rows, as GitHub allows)."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if code[i] or not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2):
            continue
        inner = stripped[1:-1].strip()
        # a one-column row needs its pipes to stay a table, a row with an empty first or last cell
        # to keep that cell
        if "|" not in inner or inner.startswith("|") or inner.endswith(("|", "\\")):
            continue
        lines[i] = inner
    return _join(lines, ending)


_NBSP, _THIN = "\u00a0", "\u202f"


def word_typography(text: str) -> str:
    """What a text pasted from Word or Google Docs looks like: a no-break space in numbers
    (`500 000`) and before units and dashes, `«»` quotes, ` — ` for ` - `."""
    lines, ending = _lines(text)
    code = code_mask(lines)
    for i, line in enumerate(lines):
        if code[i] or "`" in line or "|" in line or "](" in line or "<" in line:
            continue
        line = re.sub(r"(?<=\d) (?=\d{3}\b)", _THIN, line)
        line = re.sub(r"(?<=\d) (?=(?:%|₽|руб|тыс|млн|мс|ms|сек)\b|%|₽)", _NBSP, line)
        line = re.sub(r"(?<=\S) - (?=\S)", f"{_NBSP}— ", line)
        line = re.sub(r'"([^"\n]{1,80})"', r"«\1»", line)
        lines[i] = line
    return _join(lines, ending)
