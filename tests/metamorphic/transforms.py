"""Transformations of a hand-in that must not change any criterion's grade (issue 10, metamorphic tests).

Each is a pure function from a tree ({path: text or bytes}, see tree.py) to a new tree, or None when
it does not apply to that tree (nothing to move, no table to turn into a list...). They rewrite the
form a real student might choose — where the answer lives, how it is split, named, marked up and
wrapped — and never what it says. The task text pasted in is the course's own (task_text.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from . import layout, markup
from .task_text import FOOTER, HEADER, ITEMS
from .tree import Tree, answer_file, markdown_files, text_of

Apply = Callable[[Tree], Tree | None]


@dataclass(frozen=True)
class Transform:
    name: str
    description: str
    apply: Apply
    rubrics: frozenset[str] | None = None  # the rubrics it is meaningful for (None: any)
    # check types that grade the very form this transform changes (a `table` check requires a table):
    # for a rubric with one of them, the change is a change of content, not of form
    changes_form_of: frozenset[str] = frozenset()
    # check types whose grade this change may rightly move (headings dropped: the structure check):
    # their criteria are not compared, every other one is
    regrades: frozenset[str] = frozenset()

    def applies_to(self, rubric: str) -> bool:
        if self.rubrics is not None and rubric not in self.rubrics:
            return False
        return not self.changes_form_of & _checks_of(rubric)


@cache
def _checks_of(rubric: str) -> frozenset[str]:
    from grader.rubric.load import load_rubric

    return frozenset(c.criterion.check for c in load_rubric(rubric).criteria)


def _on_markdown(change: Callable[[str], str]) -> Apply:
    """A transform that rewrites every markdown file's text (None when nothing changes)."""

    def apply(tree: Tree) -> Tree | None:
        out = dict(tree)
        for path in markdown_files(tree):
            out[path] = change(text_of(tree, path))
        return out if out != tree else None

    return apply


def _on_answer(change: Callable[[str], str | None]) -> Apply:
    """A transform that rewrites the answer file's text (None when it does not apply)."""

    def apply(tree: Tree) -> Tree | None:
        path = answer_file(tree)
        if path is None:
            return None
        new = change(text_of(tree, path))
        if new is None or new == tree[path]:
            return None
        return {**tree, path: new}

    return apply


def crlf(tree: Tree) -> Tree | None:
    out: Tree = {
        p: c.replace("\r\n", "\n").replace("\n", "\r\n") if isinstance(c, str) else c for p, c in tree.items()
    }
    return out if out != tree else None


def task_pasted(task: tuple[str, tuple[tuple[str, str], ...], str]) -> Apply:
    header, items, footer = task

    def change(text: str) -> str | None:
        return markup.paste_task(text, header, items, footer, glued=False)

    return _on_answer(change)


def task_items_for_headings(items: tuple[tuple[str, str], ...]) -> Apply:
    def change(text: str) -> str | None:
        return markup.task_items_for_headings(text, items)

    return _on_answer(change)


def task_glued(items: tuple[tuple[str, str], ...]) -> Apply:
    def change(text: str) -> str | None:
        return markup.paste_task(text, "", items, "", glued=True)

    return _on_answer(change)


HW1 = frozenset({"otus-mlops-hw1"})
# The course rubrics grade what the answer says; the tutorial rubric `ml-design-doc` asks for a
# file named README.md, which a .txt answer rightly lacks.
COURSE = frozenset({"otus-mlops-hw1", "mlops-goals-metrics"})
COURSE_TASK = (HEADER, ITEMS, FOOTER)


def transforms(task: tuple[str, tuple[tuple[str, str], ...], str] = COURSE_TASK) -> list[Transform]:
    """Every transformation; `task` is the task text pasted by the task transforms (header, items, footer)."""
    return [
        Transform("into-docs", "the answer moved into docs/, a root README linking to it", layout.into_docs),
        Transform(
            "split-linked", "the answer split into files linked from an index README", layout.split_linked
        ),
        Transform(
            "titled-files",
            "the answer split into linked files named for their parts, with no heading inside",
            layout.titled_files,
        ),
        Transform(
            "task-pasted",
            "the task text pasted above the answer and its items between",
            task_pasted(task),
            HW1,
        ),
        Transform(
            "task-glued", "each task item pasted with the answer on its next line", task_glued(task[1]), HW1
        ),
        Transform(
            "task-items-for-headings",
            "each section's heading replaced by the pasted task item it answers",
            task_items_for_headings(task[1]),
            HW1,
            regrades=frozenset({"hygiene"}),
        ),
        Transform(
            "table-to-list",
            "every markdown table written as a list",
            _on_markdown(markup.tables_to_lists),
            changes_form_of=frozenset({"table"}),
        ),
        Transform(
            "canvas-list-to-table",
            "a canvas written as a list becomes a table",
            _on_markdown(markup.canvas_lists_to_tables),
        ),
        Transform(
            "later-hw-section",
            "a later homework's section added after the answer",
            _on_answer(markup.later_homework_section),
        ),
        Transform("later-hw-folder", "a later homework's folder added", layout.later_homework_folder),
        Transform(
            "renamed-answer", "README.md renamed answer.md, a README index beside it", layout.renamed_answer
        ),
        Transform(
            "spaces-in-names",
            "the answer in a folder and file whose names have spaces",
            layout.spaces_in_names,
        ),
        Transform("headings-shifted", "every heading one level deeper", _on_markdown(markup.shift_headings)),
        Transform(
            "bold-headings",
            "headings below the title written as bold lines",
            _on_markdown(markup.bold_headings),
        ),
        Transform(
            "emoji-headings",
            "an emoji before every heading below the title",
            _on_markdown(markup.emoji_headings),
        ),
        Transform(
            "renumbered-headings",
            "headings below the title numbered 1., 2., … (or their numbers removed)",
            _on_markdown(markup.renumbered_headings),
        ),
        Transform(
            "contents-added",
            "a table of contents linking the headings, after the title",
            _on_answer(markup.contents_added),
        ),
        Transform(
            "setext-headings",
            "level 1 and 2 headings underlined instead of opened with #",
            _on_markdown(markup.setext_headings),
        ),
        Transform(
            "wrapped-paragraphs",
            "paragraph lines broken at 60 characters",
            _on_markdown(markup.wrapped_paragraphs),
        ),
        Transform(
            "bullets-restyled",
            "list markers in the other style (- as *, 1. as 1))",
            _on_markdown(markup.bullets_restyled),
        ),
        Transform(
            "table-pipes-trimmed",
            "tables without their outer pipes",
            _on_markdown(markup.table_pipes_trimmed),
        ),
        Transform(
            "word-typography",
            "text as pasted from Word: no-break spaces in numbers and before units, «» quotes, — dashes",
            _on_markdown(markup.word_typography),
        ),
        Transform("crlf", "CRLF line endings", crlf),
        Transform(
            "details-wrapper",
            "the answer wrapped in <details><summary>ДЗ 1</summary>",
            _on_answer(markup.details_wrapper),
        ),
        Transform(
            "whitespace", "trailing spaces and extra blank lines", _on_markdown(markup.extra_whitespace)
        ),
        Transform("txt-answer", "the answer file saved as .txt", layout.txt_answer, COURSE),
    ]


def by_name(names: list[str] | None = None) -> list[Transform]:
    every = transforms()
    return every if names is None else [t for t in every if t.name in names]
