"""The role model: what heads each part of the answer (headings, pasted task items answered right
below, file names), what each criterion reads, and where the report says it is (`where`)."""

from __future__ import annotations

from pathlib import Path

from grader.checks._units import units
from grader.document.submission import build_submission
from grader.engine.locate import locate
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.rubric.load import load_rubric
from grader.scoring.result import Result

from ..conftest import MakeSubmission
from ..metamorphic.task_text import HEADER, ITEMS

ITEM = dict(ITEMS)
TASKS = """- Собрать 12 месяцев транзакций в облачное хранилище за 3 недели, чтобы обучить модель; \
разметку проверяет служба безопасности.
- Обучить бустинг с recall ≥ 0,85 при FPR ≤ 5 % к концу второго месяца силами одного DS, чтобы \
доказать достижимость цели по ущербу.
"""


def _result(folder: Path) -> Result:
    return grade(build_submission(read_folder(folder)), load_rubric("otus-mlops-hw1"), "en")


def _graded(folder: Path) -> dict[str, tuple[float, str]]:
    return {c.id: (c.points, c.status) for c in _result(folder).criteria}


def _where(folder: Path) -> dict[str, list[tuple[str, int, int]]]:
    return {c.id: [(w.file, w.line, w.end_line) for w in c.where] for c in _result(folder).criteria}


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


def test_where_names_the_part_under_a_task_item_and_a_file_named_for_its_part(
    make_submission: MakeSubmission,
) -> None:
    under_item = f"# ДЗ 1\n\n{ITEM['tasks']}\n\n{TASKS}"
    assert _where(make_submission({"README.md": under_item}))["smart"] == [("README.md", 3, 6)]
    parts = {
        "README.md": "# ДЗ 1\n\n- [Декомпозиция](<4-Декомпозиция системы.md>)\n",
        "4-Декомпозиция системы.md": "Приём транзакций, скоринг, хранилище признаков, мониторинг.\n",
    }
    where = _where(make_submission(parts))
    assert where["decomposition"] == [("4-Декомпозиция системы.md", 0, 1)]
    assert where["business-metrics"] == []  # it reads the whole answer: no part is its own


def test_where_is_empty_when_no_part_is_headed_for_the_criterion(make_submission: MakeSubmission) -> None:
    where = _where(make_submission({"README.md": "# ДЗ 1\n\nRecall не ниже 0,9, чтобы ущерб был меньше.\n"}))
    assert where["ml-metrics"] == [] and where["smart"] == []


def test_prose_under_a_pasted_canvas_item_is_a_remark_not_a_canvas(make_submission: MakeSubmission) -> None:
    remark = (
        "Что нужно сделать по этой задаче? Поскольку у меня возникло столько вопросов по заданию, хотелось "
        "бы понять, что должно быть в репозитории кроме этого файла, и посмотреть примеры выполнения."
    )
    blocks = (
        "- Идеи: бустинг по признакам платежа и истории клиента, правила как запасной контур.\n"
        "- Стратегия: прототип на исторических данных за три месяца, затем пилот на части платежей.\n"
        "- Команда: два data scientist, ML-инженер и DevOps на полгода проекта.\n"
    )
    prose = _graded(make_submission({"README.md": f"# ДЗ 1\n\n{ITEM['canvas']}\n\n{remark}\n"}))["canvas"]
    listed = _graded(make_submission({"README.md": f"# ДЗ 1\n\n{ITEM['canvas']}\n\n{blocks}"}))["canvas"]
    assert prose[0] == 0.0
    assert listed[0] > 0.0
