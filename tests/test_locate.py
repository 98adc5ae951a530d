"""What the report says about the part it graded: what was picked, what else was close, how sure."""

from __future__ import annotations

from pathlib import Path

from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.rubric.load import load_rubric

from .conftest import SAMPLES, MakeSubmission

ANSWER = (SAMPLES / "strong-ru" / "README.md").read_text(encoding="utf-8")


def located(folder: Path) -> str:
    result = grade(build_submission(read_folder(folder)), load_rubric("otus-mlops-hw1"), "en")
    assert result.submission.located is not None
    return result.submission.located


def test_another_part_that_also_holds_an_answer_is_named_as_close(make_submission: MakeSubmission) -> None:
    said = located(make_submission({"hw_01/README.md": ANSWER, "README.md": ANSWER}))
    assert said.startswith("hw_01/ (its name matches homework 1)")
    assert "close too: README.md" in said


def test_a_part_with_almost_no_own_words_is_taken_but_said_to_be_a_guess(
    make_submission: MakeSubmission,
) -> None:
    said = located(
        make_submission({"hw_01/README.md": "# ДЗ 1\n\nЦель: ущерб < 500 тыс.\n", "src/main.py": "x"})
    )
    assert said.startswith("hw_01/")
    assert "almost none of your own words" in said


def test_a_sure_pick_says_nothing_more(make_submission: MakeSubmission) -> None:
    said = located(make_submission({"hw_01/README.md": ANSWER, "hw_02/README.md": "# ДЗ 2\n\nОблако.\n"}))
    assert said == "hw_01/ (its name matches homework 1)"


def _graded(folder: Path) -> dict[str, tuple[float, str, list[str]]]:
    result = grade(build_submission(read_folder(folder)), load_rubric("otus-mlops-hw1"), "en")
    return {c.id: (c.points, c.status, [f.code for f in c.findings]) for c in result.criteria}


GOALS_ONLY = ANSWER.split("## ML-метрика")[0]  # the strong answer's goals and business metrics alone


def test_when_another_part_would_earn_more_the_grade_stands_and_an_instructor_decides(
    make_submission: MakeSubmission,
) -> None:
    both = _graded(make_submission({"hw_01/README.md": GOALS_ONLY, "README.md": ANSWER}))
    alone = _graded(make_submission({"hw_01/README.md": GOALS_ONLY}))
    smart = both["smart"]
    assert smart[1] == "needs_review" and smart[2][0] == "review.other_part"
    assert smart[0] == alone["smart"][0]  # the graded part's points, until someone decides
    assert both["business-metrics"] == alone["business-metrics"]  # the rival earns no more there


def test_a_rival_that_earns_no_more_changes_nothing(make_submission: MakeSubmission) -> None:
    both = _graded(make_submission({"hw_01/README.md": ANSWER, "README.md": GOALS_ONLY}))
    alone = _graded(make_submission({"hw_01/README.md": ANSWER}))
    assert {k: v[:2] for k, v in both.items()} == {k: v[:2] for k, v in alone.items()}
    assert not any("review.other_part" in v[2] for v in both.values())


# The strong answer with its SMART section cut out, and that section alone.
_BEFORE_SMART, _, _REST = ANSWER.partition("## Задачи по SMART")
SMART_PART = "## Задачи по SMART" + _REST.split("## Структура репозитория")[0]
WITHOUT_SMART = _BEFORE_SMART + "## Структура репозитория" + _REST.split("## Структура репозитория")[1]
NAMED = "# ДЗ 1\n\n"  # a heading that names the homework: the file is found by it


def _smart(folder: Path) -> float:
    return _graded(folder)["smart"][0]


def test_parts_side_by_side_with_a_file_found_by_its_heading_are_one_answer(
    make_submission: MakeSubmission,
) -> None:
    whole = _smart(make_submission({"README.md": NAMED + ANSWER}))
    split = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART, "5-SMART-задачи.md": SMART_PART}))
    assert whole > 0
    assert split == whole  # as when the file is found by its subject (`1-Цели.docx`, `2-Метрики.docx`)


def test_a_file_beside_it_that_names_another_homework_is_no_part_of_it(
    make_submission: MakeSubmission,
) -> None:
    alone = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART}))
    other = _smart(
        make_submission({"README.md": NAMED + WITHOUT_SMART, "notes.md": "# ДЗ 2\n\n" + SMART_PART})
    )
    named_path = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART, "hw_02.md": SMART_PART}))
    beside = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART, "5-SMART.md": SMART_PART}))
    assert other == named_path == alone < beside


def test_a_file_in_another_folder_is_not_beside_it(make_submission: MakeSubmission) -> None:
    alone = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART}))
    deeper = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART, "extra/5-SMART.md": SMART_PART}))
    beside = _smart(make_submission({"README.md": NAMED + WITHOUT_SMART, "5-SMART.md": SMART_PART}))
    assert deeper == alone < beside


INDEX = "# Антифрод\n\nОтвет на ДЗ: [ответ](docs/answer.md).\n"


def test_parts_beside_the_index_that_links_the_answer_are_part_of_it(make_submission: MakeSubmission) -> None:
    # the answer moved into docs/ while its other parts stayed beside the README that links to it
    for heading in (NAMED, ""):  # found by its heading, or by the subject it covers
        whole = _smart(make_submission({"README.md": INDEX, "docs/answer.md": heading + ANSWER}))
        split = _smart(
            make_submission(
                {"README.md": INDEX, "docs/answer.md": heading + WITHOUT_SMART, "5-SMART.md": SMART_PART}
            )
        )
        other = _smart(
            make_submission(
                {
                    "README.md": INDEX,
                    "docs/answer.md": heading + WITHOUT_SMART,
                    "notes.md": "# ДЗ 2\n\n" + SMART_PART,
                }
            )
        )
        alone = _smart(make_submission({"README.md": INDEX, "docs/answer.md": heading + WITHOUT_SMART}))
        assert split == whole > alone == other, heading
