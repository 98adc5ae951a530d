"""`grader rubric explain` for students: the rubric's own texts, in the student's language."""

from __future__ import annotations

from pathlib import Path

from grader.authoring.explain import explain
from grader.checks import registry
from grader.rubric.load import load_rubric

RUBRIC = """
id: tiny
title: {ru: "Мини-ДЗ", en: "Mini homework"}
version: "1"
pass_threshold: 50
needs_review_points: 0.5
criteria:
  - id: readme
    title: {ru: "README", en: "README"}
    points: 1
    check: file-exists
    params: {patterns: ["README.md"]}
  - id: canvas
    title: {ru: "Канвас", en: "Canvas"}
    points: 2
    check: canvas
    feedback:
      pass: {ru: "Канвас заполнен.", en: "The canvas is filled."}
      fail: {ru: "Канваса нет.", en: "No canvas."}
"""


def _loaded(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "tiny.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return load_rubric(str(path))


def test_a_criterion_without_description_says_so_in_the_students_language(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    ru, en = explain(loaded, "ru"), explain(loaded, "en")
    assert "нет описания в рубрике" in ru and "no description in the rubric" in en
    for name, check in registry().items():  # never a check's (English) docstring
        if check.summary:
            assert check.summary not in ru, name


def test_what_earns_each_grade_is_the_rubrics_feedback(tmp_path: Path) -> None:
    ru = explain(_loaded(tmp_path), "ru")
    assert "- **2 балла**: Канвас заполнен." in ru
    assert "- **0 баллов**: Канваса нет." in ru
    assert "Максимум: 3 балла." in ru


def test_needs_review_only_where_a_criterion_can_need_it(tmp_path: Path) -> None:
    ru = explain(_loaded(tmp_path), "ru")
    readme, canvas = ru.split("## Канвас")
    assert "до решения преподавателя" not in readme
    assert "**0,5 балла до решения преподавателя**" in canvas
