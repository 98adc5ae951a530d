"""Metric claims: names written as formulas, bounds read with their direction."""

from __future__ import annotations

import pytest

from grader.checks._claims import Bound, bound_on, bounds, points_wrong_way, readable


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("FN / (TP + FN) ≤ 0,03", "FNR"),
        ("TP/(TP+FN)", "recall"),
        ("\\frac{FP}{FP+TN} < 5%", "FPR"),
        ("$$ \\dfrac{TP}{TP + FP} $$", "precision"),
        ("MAP@5", "MAP@k"),
    ],
)
def test_formulas_and_cut_offs_are_rewritten_into_names(written: str, named: str) -> None:
    assert named in readable(written)


def test_a_ratio_that_names_no_usual_metric_is_left_as_written() -> None:
    assert readable("FP/(TP+FP)") == "FP/(TP+FP)"


def test_bounds_are_shares_with_their_direction() -> None:
    found = bounds("recall ≥ 0,98, FPR не более 5 %, precision at least 0.9, F1 не должен превышать 0.99")
    assert [(b.direction, b.value) for b in found] == [
        ("at_least", 0.98),
        ("at_most", 0.05),
        ("at_least", 0.9),
        ("at_most", 0.99),
    ]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("`Precision <= 0.05` позволит минимизировать", "at_most"),
        ("Precision должна быть не ниже 0,95", "at_least"),
        ("Recall@k ≥ 0.9", "at_least"),
    ],
)
def test_the_bound_right_after_a_name_is_read(text: str, direction: str) -> None:
    bound = bound_on(readable(text), ["precision", "точност*", "recall"])
    assert bound is not None and bound.direction == direction


@pytest.mark.parametrize(
    "text",
    [
        "при Precision > 5 % начнётся отток",  # a condition, not a target
        "Precision минимизирует ложные срабатывания, доля которых не более 5 %",  # the bound is on another
        "Fβ-мера с β < 1",  # the bound is on β
    ],
)
def test_a_bound_not_set_on_the_metric_is_not_read_as_its_target(text: str) -> None:
    assert bound_on(text, ["precision", "f1*", "fβ*", "f мер*"]) is None


def test_a_cap_on_a_quality_metric_or_a_floor_on_an_error_rate_points_the_wrong_way() -> None:
    assert points_wrong_way(Bound("at_most", 0.05, 0), higher_is_better=True)
    assert points_wrong_way(Bound("at_least", 0.9, 0), higher_is_better=False)
    assert not points_wrong_way(Bound("at_least", 0.9, 0), higher_is_better=True)
    assert not points_wrong_way(Bound("at_most", 0.05, 0), higher_is_better=False)
