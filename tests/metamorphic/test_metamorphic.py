"""Form changes a student might make must not change any criterion's 0–2 grade (issue 10).

Every transformation of transforms.py is applied to every case of sample_submissions/ (graded with
the rubric of its expected.json); the grade per criterion, round(2 × points / max), of the transformed
tree must equal the original's. A transformation that does not apply to a case (nothing to move, no
table) is skipped for it. Known failures are marked xfail (not strict) with the reason, so that a fix
shows as XPASS and a new regression fails.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.rubric.load import load_rubric
from grader.rubric.model import LoadedRubric

from ..conftest import SAMPLES
from .transforms import Transform, transforms
from .tree import Tree, load_tree, write_tree

CASES = sorted(p.parent for p in SAMPLES.rglob("expected.json"))
TRANSFORMS = transforms()

# Grader bugs a transformation reveals, by transformation: (why, the cases it shows on). Empty now:
# every known one is fixed. A new one goes here only with its reason and an issue; xfail is strict,
# so a fix that lands shows at once and the entry must go.
KNOWN: dict[str, tuple[str, set[str]]] = {}


@cache
def _rubric(rubric_id: str) -> LoadedRubric:
    return load_rubric(rubric_id)


def _case_rubric(case: Path) -> str:
    return str(json.loads((case / "expected.json").read_text(encoding="utf-8"))["rubric"])


def grades_of(tree: Tree, folder: Path, rubric_id: str) -> dict[str, int]:
    """The 0–2 grade per criterion of a tree written into `folder`."""
    result = grade(build_submission(read_folder(write_tree(tree, folder))), _rubric(rubric_id), "en")
    return {c.id: round(2 * c.points / c.max_points) if c.max_points else 0 for c in result.criteria}


@cache
def _original(case: Path, scratch: Path) -> tuple[Tree, dict[str, int]]:
    tree = load_tree(case)
    return tree, grades_of(tree, scratch / "original", _case_rubric(case))


def _compared(rubric_id: str, transform: Transform) -> set[str]:
    """The criteria a transformation must leave as they were: all but those it may rightly regrade."""
    return {
        c.criterion.id for c in _rubric(rubric_id).criteria if c.criterion.check not in transform.regrades
    }


def _params() -> list[object]:
    params: list[object] = []
    for transform in TRANSFORMS:
        for case in CASES:
            name = str(case.relative_to(SAMPLES))
            why, cases = KNOWN.get(transform.name, ("", set()))
            reason = why if name in cases else None
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(transform, case, id=f"{transform.name}:{name}", marks=marks))
    return params


def test_there_are_at_least_ten_transformations_and_they_are_named_uniquely() -> None:
    names = [t.name for t in TRANSFORMS]
    assert len(names) >= 10 and len(set(names)) == len(names)


def test_a_written_tree_grades_as_the_sample_folder(tmp_path: Path) -> None:
    case = SAMPLES / "strong-ru"
    direct = grade(build_submission(read_folder(case)), _rubric("otus-mlops-hw1"), "en")
    assert grades_of(load_tree(case), tmp_path, "otus-mlops-hw1") == {
        c.id: round(2 * c.points / c.max_points) for c in direct.criteria
    }


@pytest.mark.parametrize(("transform", "case"), _params())
def test_a_form_change_keeps_every_grade(
    transform: Transform, case: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rubric_id = _case_rubric(case)
    if not transform.applies_to(rubric_id):
        pytest.skip(f"{transform.name} is not meaningful for rubric {rubric_id}")
    scratch = tmp_path_factory.getbasetemp() / "metamorphic" / case.relative_to(SAMPLES)
    tree, before = _original(case, scratch)
    changed = transform.apply(tree)
    if changed is None:
        pytest.skip(f"{transform.name} does not apply to {case.name}")
    after = grades_of(changed, tmp_path_factory.mktemp(transform.name), rubric_id)
    kept = _compared(rubric_id, transform)
    diff = {c: f"{before[c]} -> {after.get(c)}" for c in before if c in kept and after.get(c) != before[c]}
    assert not diff, f"{transform.description}: {diff}"
