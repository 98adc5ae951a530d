"""The transformations themselves: they change the form only, keep links working, paste real task text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from grader.text.fingerprint import copied_lines

from ..conftest import ROOT, SAMPLES
from . import layout, markup
from .task_text import FOOTER, HEADER, ITEMS
from .transforms import transforms
from .tree import Tree, load_tree, map_links, markdown_files, move, resolve, text_of

CASES = sorted(p.parent for p in SAMPLES.rglob("expected.json"))


def _dead_links(tree: Tree) -> set[tuple[str, str]]:
    """(document, link) for every relative link that points at no file or folder of the tree."""
    folders = {str(Path(p).parent.as_posix()) for p in tree} | {"."}
    dead: set[tuple[str, str]] = set()
    for path in markdown_files(tree):
        here = str(Path(path).parent.as_posix())

        def check(raw: str, path: str = path, here: str = here) -> str:
            target = resolve(raw, here)
            if target not in tree and target not in folders:
                dead.add((path, raw))
            return raw

        map_links(text_of(tree, path), check)
    return dead


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(SAMPLES)) for c in CASES])
def test_no_transformation_breaks_a_link_that_worked(case: Path) -> None:
    tree = load_tree(case)
    before = len(_dead_links(tree))
    for transform in transforms():
        changed = transform.apply(tree)
        if changed is not None:
            assert len(_dead_links(changed)) <= before, (transform.name, _dead_links(changed))


def test_the_pasted_task_text_is_what_the_rubric_fingerprints_as_the_task() -> None:
    data = yaml.safe_load((ROOT / "rubrics" / "fingerprints" / "otus-mlops-hw1.yaml").read_text("utf-8"))
    items = [item for _, item in ITEMS]
    lines = list(enumerate([*HEADER.splitlines(), *items, FOOTER], 1))
    found = copied_lines(lines, frozenset(data["sentences"]), openers=frozenset(data["openers"]))
    prose = {n for n, line in lines if len(line) > 40 and not line.startswith(("#", "**"))}
    assert len(prose) >= 12 and prose <= found


def test_a_moved_document_keeps_its_links_and_links_to_it_follow() -> None:
    tree: Tree = {
        "README.md": "See [the answer](hw/README.md) and [the folder](hw/).\n",
        "hw/README.md": "![canvas](img/c.png) [top](../README.md) [web](https://example.com/x.md)\n",
        "hw/img/c.png": b"\x89PNG",
    }
    out = move(tree, "hw/README.md", "docs/My answer.md")
    assert out["docs/My answer.md"] == (
        "![canvas](../hw/img/c.png) [top](../README.md) [web](https://example.com/x.md)\n"
    )
    assert (
        out["README.md"] == "See [the answer](docs/My%20answer.md) and [the folder](docs/My%20answer.md).\n"
    )


def test_a_split_answer_is_an_index_of_relative_links_to_its_sections() -> None:
    text = "# Title\n\nIntro.\n\n## Goals\n\nLosses.\n\n## Metric\n\nRecall.\n\n```\n## not a heading\n```\n"
    out = layout.split_linked({"README.md": text})
    assert out is not None
    assert (
        out["README.md"]
        == "# Title\n\nIntro.\n\n- [Goals](docs/01-goals.md)\n- [Metric](docs/02-metric.md)\n"
    )
    assert out["docs/01-goals.md"] == "## Goals\n\nLosses.\n"
    assert out["docs/02-metric.md"] == "## Metric\n\nRecall.\n\n```\n## not a heading\n```\n"


def test_tables_become_lists_and_canvas_lists_become_tables() -> None:
    table = "| Метрика | Цель |\n|---|---|\n| **Ущерб** | ≤ 500 тыс. ₽ |\n| FPR | ≤ 5 % |\n"
    assert markup.tables_to_lists(table) == "- **Ущерб**: ≤ 500 тыс. ₽\n- **FPR**: ≤ 5 %\n"
    one_row = "| Money | Ideas | Inputs |\n|---|---|---|\n| 10 млн | бустинг | CSV |\n"
    assert markup.tables_to_lists(one_row) == "- **Money**: 10 млн\n- **Ideas**: бустинг\n- **Inputs**: CSV\n"
    canvas = (
        "## ML Canvas\n\n- **Task**: fraud or not\n- **Data**: CSV\n- **Features**: amount\n- Decisions: no\n"
    )
    assert markup.canvas_lists_to_tables(canvas) == (
        "## ML Canvas\n\n| Block | Content |\n|---|---|\n| **Task** | fraud or not |\n| **Data** | CSV |\n"
        "| **Features** | amount |\n| **Decisions** | no |\n"
    )
    assert markup.canvas_lists_to_tables("## Goals\n\n- **A**: a\n- **B**: b\n- **C**: c\n- **D**: d\n") == (
        "## Goals\n\n- **A**: a\n- **B**: b\n- **C**: c\n- **D**: d\n"
    )


def test_heading_transforms_leave_code_alone_and_glue_items_to_paragraphs() -> None:
    text = "# T\n\n## Метрика\n\nRecall ≥ 0,9.\n\n```\n# code\n```\n"
    assert markup.shift_headings(text) == "## T\n\n### Метрика\n\nRecall ≥ 0,9.\n\n```\n# code\n```\n"
    assert markup.bold_headings(text) == "# T\n\n**Метрика**\n\nRecall ≥ 0,9.\n\n```\n# code\n```\n"
    glued = markup.paste_task(text, "", ITEMS, "", glued=True)
    assert glued == f"# T\n\n## Метрика\n\n{dict(ITEMS)['ml-metric']}\nRecall ≥ 0,9.\n\n```\n# code\n```\n"


def test_a_later_homework_takes_the_next_number() -> None:
    assert markup.later_number("# ДЗ 1") == 2
    assert markup.later_number("hw_02/README.md # Домашнее задание 3") == 4
    tree: Tree = {"README.md": "# ДЗ 1\n\nОтвет.\n", "hw_02/README.md": "# ДЗ 2\n"}
    out = layout.later_homework_folder(tree)
    assert out is not None and set(out) - set(tree) == {"hw_03/README.md"}
