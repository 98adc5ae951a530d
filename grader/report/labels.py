"""Words of the reports themselves (not of findings): `report.<key>` in grader/words/report.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from grader.words import language, number, say

if TYPE_CHECKING:
    from grader.scoring.result import Result


def label(key: str, lang: str) -> str:
    """A report word (`score`, `details`, …) or a criterion status (`pass`, `needs_review`, …)."""
    return say(f"report.{key}", lang)


def location(file: str | None, line: int | None) -> str:
    if not file:
        return ""
    return f"{file}:{line}" if line else file


def of_max(points: float, top: float, lang: str, sep: str = " / ") -> str:
    """`2 / 4`, `0,86 / 2`: points out of a maximum."""
    return f"{fmt_points(points, lang)}{sep}{fmt_points(top, lang)}"


def fmt_points(value: float, lang: str) -> str:
    """Points as the language writes them: «0,86» in Russian, "0.86" in English."""
    return number(value, language(lang))


def score_parts(result: Result) -> tuple[str, str]:
    """The score line of every report, in two parts a format may style apart:
    («Баллы: 7 / 10 (70%) — зачтено», «порог 60%»)."""
    lang = result.lang
    verdict = label("passed" if result.passed else "not_passed", lang)
    head = (
        f"{label('score', lang)}: {of_max(result.score, result.max_score, lang)} "
        f"({fmt_points(result.percent, lang)}%) — {verdict}"
    )
    return head, f"{label('threshold', lang)} {fmt_points(result.pass_threshold, lang)}%"


def score_line(result: Result) -> str:
    head, threshold = score_parts(result)
    return f"{head} ({threshold})"
