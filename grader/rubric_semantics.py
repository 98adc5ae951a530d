"""Rules a rubric's shape cannot express: totals that add up, every text in every declared language."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.rubric import Loc, Localized, Rubric


def semantic_problems(rubric: Rubric) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    if rubric.total_points is not None and abs(rubric.max_score - rubric.total_points) > 1e-9:
        problems.append(
            (
                ("total_points",),
                f"the criteria's points add up to {rubric.max_score:g}, not {rubric.total_points:g} "
                "(change a criterion's points or total_points)",
            )
        )
    for index, criterion in enumerate(rubric.criteria):
        pending = criterion.needs_review_points
        if pending is not None and pending > criterion.points:
            problems.append(
                (
                    ("criteria", index, "needs_review_points"),
                    f"{pending:g} is more than the criterion's {criterion.points:g} points",
                )
            )
    if len(set(rubric.languages)) > 1:
        problems.extend(_missing_translations(rubric))
    return problems


def _missing_translations(rubric: Rubric) -> list[tuple[Loc, str]]:
    texts: list[tuple[Loc, Localized | None]] = [
        (("title",), rubric.title),
        (("description",), rubric.description),
    ]
    for index, criterion in enumerate(rubric.criteria):
        texts.append((("criteria", index, "title"), criterion.title))
        texts.append((("criteria", index, "description"), criterion.description))
        for status, feedback in criterion.feedback.items():
            texts.append((("criteria", index, "feedback", status), feedback))
    problems: list[tuple[Loc, str]] = []
    declared = ", ".join(rubric.languages)
    for loc, text in texts:
        if text is None:
            continue
        for lang in rubric.languages:
            if getattr(text, lang) is None:
                problems.append(
                    (
                        loc,
                        f"missing the `{lang}` text (the rubric declares languages: {declared}; "
                        "give both, or a plain string for both)",
                    )
                )
    return problems
