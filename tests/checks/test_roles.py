"""Pasted task items as anchors: "what follows answers task 5" is read as a heading would be."""

from __future__ import annotations

from pathlib import Path

from grader.checks._units import units
from grader.fetch.folder import read_folder
from grader.locate import locate
from grader.pipeline import grade
from grader.rubric import load_rubric
from grader.submission import build_submission

from ..conftest import MakeSubmission
from ..metamorphic.task_text import HEADER, ITEMS

ITEM = dict(ITEMS)
TASKS = """- Собрать 12 месяцев транзакций в облачное хранилище за 3 недели, чтобы обучить модель; \
разметку проверяет служба безопасности.
- Обучить бустинг с recall ≥ 0,85 при FPR ≤ 5 % к концу второго месяца силами одного DS, чтобы \
доказать достижимость цели по ущербу.
"""


def _graded(folder: Path) -> dict[str, tuple[float, str]]:
    result = grade(build_submission(read_folder(folder)), load_rubric("otus-mlops-hw1"), "en")
    return {c.id: (c.points, c.status) for c in result.criteria}


def _units(folder: Path) -> list[tuple[str, int, str]]:
    loaded = load_rubric("otus-mlops-hw1")
    located = locate(build_submission(read_folder(folder)), loaded.rubric.locate, Path("rubrics"))
    return [(u.kind, u.level, u.text[:20]) for u in units(located)]


def test_a_task_item_answered_right_below_heads_its_answer(make_submission: MakeSubmission) -> None:
    under_item = f"# ДЗ 1\n\n{ITEM['tasks']}\n\n{TASKS}"
    under_heading = f"# ДЗ 1\n\n## Задачи по SMART\n\n{TASKS}"
    item = _graded(make_submission({"README.md": under_item}))["smart"]
    heading = _graded(make_submission({"README.md": under_heading}))["smart"]
    assert item == heading and item[0] > 0
    kinds = _units(make_submission({"README.md": under_item}))
    assert ("pseudo", 2, "Определить задачи, р") in kinds  # under `# ДЗ 1`: a `##` of its own


def test_a_pasted_task_with_no_answer_between_its_items_makes_no_anchor(
    make_submission: MakeSubmission,
) -> None:
    pasted = HEADER + "\n" + "\n".join(text for _, text in ITEMS) + "\n\n## Мой ответ\n\n" + TASKS
    kinds = _units(make_submission({"README.md": pasted}))
    assert ("heading", 2, "Мой ответ") in kinds
    starts = ("Сформулировать цели", "Аргументированно", "Проанализировать", "Попытаться", "Определить")
    assert not [k for k in kinds if k[2].startswith(starts)]  # the items stay left out, none an anchor
