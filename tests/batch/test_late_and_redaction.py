"""Late-policy arithmetic and secret redaction: pure functions, checked on their edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from grader.engine.batch import shard_of
from grader.rubric.model import LatePolicy
from grader.scoring.late import late_penalty
from grader.secrets import redact

DEADLINE = datetime(2026, 12, 1, 20, 59, tzinfo=UTC)


def test_penalty_per_started_day_capped_at_max_days() -> None:
    late = partial(late_penalty, DEADLINE, LatePolicy(mode="penalty_per_day", percent=10, max_days=3))
    assert late(DEADLINE, None) == (False, 0.0)
    assert late(DEADLINE + timedelta(minutes=1), None) == (True, 10.0)
    assert late(DEADLINE + timedelta(days=1, seconds=1), None) == (True, 20.0)
    assert late(DEADLINE + timedelta(days=30), None) == (True, 30.0)
    # a backdated commit does not hide a message posted late
    assert late(DEADLINE - timedelta(days=5), DEADLINE + timedelta(hours=2)) == (True, 10.0)


def test_pin_to_deadline_flags_late_without_penalty() -> None:
    late = partial(late_penalty, DEADLINE, LatePolicy(mode="pin_to_deadline"))
    assert late(DEADLINE - timedelta(days=1), DEADLINE + timedelta(days=2)) == (True, 0.0)


def test_redaction_removes_every_token_shape() -> None:
    text = (
        "fatal: https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r "
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnop Authorization: token ghs_abcdefghijklmnop1234 "
        "my-own-secret"
    )
    cleaned = redact(text, "my-own-secret")
    for secret in ("ghp_", "github_pat_", "ghs_", "my-own-secret", "x-access-token:"):
        assert secret not in cleaned


def test_shards_are_stable_and_cover_everyone() -> None:
    keys = [f"user{i}" for i in range(200)]
    shards = [shard_of(k, 4) for k in keys]
    assert set(shards) == {1, 2, 3, 4}
    assert shards == [shard_of(k, 4) for k in keys]
    assert all(shard_of(k, 1) == 1 for k in keys)
