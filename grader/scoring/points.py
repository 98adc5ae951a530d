"""Pure arithmetic: outcomes to points, points to a total, a percent and a verdict."""

from __future__ import annotations

from collections.abc import Sequence

from grader.checks import CheckOutcome, Status
from grader.rubric.model import Criterion, Rubric

# A criterion waiting for an instructor (a canvas pasted as an image) is not failed: it counts as met
# until someone reviews it, so a student is never failed for what the grader cannot read.
MET_STATUSES = (Status.PASS, Status.PARTIAL, Status.NEEDS_REVIEW)


def criterion_points(criterion: Criterion, outcome: CheckOutcome, rubric: Rubric) -> float:
    if outcome.grade is not None and outcome.status is not Status.NEEDS_REVIEW:
        share = outcome.grade / 2
    elif outcome.status is Status.PASS:
        share = 1.0
    elif outcome.status is Status.PARTIAL:
        share = outcome.met
    elif outcome.status is Status.NEEDS_REVIEW:
        pending = criterion.needs_review_points
        if pending is None:
            pending = rubric.needs_review_points
        # what the grader could read (a DOCX answer, capped by the check) is the floor of credit
        provisional = criterion.points * outcome.grade / 2 if outcome.grade is not None else 0.0
        return round(min(max(pending, provisional), criterion.points), 2)
    else:
        share = 0.0
    return round(criterion.points * share, 2)


def percent(score: float, max_score: float) -> float:
    return round(100.0 * score / max_score, 1) if max_score else 0.0


def passed(rubric: Rubric, score: float, statuses: Sequence[tuple[Criterion, Status]]) -> bool:
    """Over the threshold, and every `required` criterion met (pass, partial or needs_review)."""
    if percent(score, rubric.max_score) < rubric.pass_threshold:
        return False
    return all(status in MET_STATUSES for criterion, status in statuses if criterion.required)
