"""Rules a rubric's shape cannot express: totals that add up, every text in every declared language.

They read the rubric's raw data, not the validated model, so that a rubric with a structural mistake
still gets its semantic problems reported in the same run: a rule whose inputs are themselves broken
(a criterion's points missing, say) is skipped, since the structural error already names them.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from grader.rubric.model import Loc

_LANGUAGES = ("ru", "en")
_STATUSES = ("pass", "partial", "fail", "needs_review")


def semantic_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    criteria = [c for c in _list(data.get("criteria")) if isinstance(c, dict)]
    problems: list[tuple[Loc, str]] = []
    total = data.get("total_points")
    points = [p for p in (c.get("points") for c in criteria) if _number(p)]
    if _number(total) and criteria and len(points) == len(criteria):
        added = sum(points)
        if abs(added - total) > 1e-9:
            problems.append(
                (
                    ("total_points",),
                    f"the criteria's points add up to {added:g}, not {total:g} "
                    "(change a criterion's points or total_points)",
                )
            )
    for index, criterion in _criteria(data):
        pending, own = criterion.get("needs_review_points"), criterion.get("points")
        if _number(pending) and _number(own) and pending > own:
            problems.append(
                (
                    ("criteria", index, "needs_review_points"),
                    f"{pending:g} is more than the criterion's {own:g} points",
                )
            )
    languages = data.get("languages", list(_LANGUAGES))
    if isinstance(languages, list):
        declared = [lang for lang in dict.fromkeys(languages) if lang in _LANGUAGES]
        if len(declared) > 1:
            problems.extend(_missing_translations(data, declared))
    return problems


def _missing_translations(data: dict[str, Any], languages: list[str]) -> list[tuple[Loc, str]]:
    texts: list[tuple[Loc, Any]] = [
        (("title",), data.get("title")),
        (("description",), data.get("description")),
    ]
    for index, criterion in _criteria(data):
        texts.append((("criteria", index, "title"), criterion.get("title")))
        texts.append((("criteria", index, "description"), criterion.get("description")))
        feedback = criterion.get("feedback")
        if isinstance(feedback, dict):
            for status in _STATUSES:
                texts.append((("criteria", index, "feedback", status), feedback.get(status)))
    problems: list[tuple[Loc, str]] = []
    declared = ", ".join(languages)
    for loc, text in texts:
        # a plain string stands for every language; a mapping with no text at all is a shape error
        if not isinstance(text, dict) or not any(isinstance(text.get(lang), str) for lang in _LANGUAGES):
            continue
        for lang in languages:
            if text.get(lang) is None:
                problems.append(
                    (
                        loc,
                        f"missing the `{lang}` text (the rubric declares languages: {declared}; "
                        "give both, or a plain string for both)",
                    )
                )
    return problems


def _criteria(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, c) for i, c in enumerate(_list(data.get("criteria"))) if isinstance(c, dict)]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
