"""Deadlines and late work: which deadline applies, and the penalty under the rubric's late policy."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.batch import Options


def effective_deadline(options: Options) -> datetime | None:
    deadline = options.deadline or options.rubric.rubric.deadline
    if deadline is not None and deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return deadline


def late_penalty(
    options: Options, committed_at: datetime | None, submitted_at: datetime | None
) -> tuple[bool, float]:
    """(late, penalty percent) under `penalty_per_day`: started days past the deadline, capped."""
    deadline = effective_deadline(options)
    policy = options.rubric.rubric.late_policy
    if deadline is None:
        return False, 0.0
    times = [t for t in (committed_at, submitted_at) if t is not None]
    if not times or max(times) <= deadline:
        return False, 0.0
    days = math.ceil((max(times) - deadline).total_seconds() / 86400)
    if policy is None or policy.mode != "penalty_per_day":
        return True, 0.0
    if policy.max_days is not None:
        days = min(days, policy.max_days)
    return True, min(100.0, days * policy.percent)
