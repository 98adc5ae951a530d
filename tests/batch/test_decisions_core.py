"""Instructors' decisions: stored append-only in gradebook.sqlite, applied to every output of the batch."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.store import decisions
from grader.store.decisions import Decision, DecisionError

SAMPLES = Path(__file__).resolve().parents[2] / "sample_submissions"


def _result() -> dict[str, object]:
    crit = [
        {"id": "a", "points": 1.0, "max_points": 2.0, "status": "partial", "required": True},
        {"id": "b", "points": 0.0, "max_points": 2.0, "status": "needs_review", "required": False},
    ]
    return {"criteria": crit, "score": 1.0, "max_score": 4.0, "percent": 25.0, "pass_threshold": 50.0}


def test_newest_decision_is_in_force_and_withdrawal_restores_the_grader() -> None:
    db = sqlite3.connect(":memory:")
    decisions.record(db, Decision("s1", "b", 1.0, "c1", who="anna"))
    decisions.record(db, Decision("s1", "b", 2.0, "c1", note_student="canvas read from the image"))
    decisions.record(db, Decision("s2", "a", 0.0, "c9"))
    decisions.record(db, Decision("s2", "a", None, "c9"))  # withdrawn
    force = decisions.in_force(db)
    assert force == {"s1": {"b": decisions.history(db, "s1")[1]}}
    assert len(decisions.history(db)) == 4  # nothing is ever overwritten
    assert all(d.decided_at for d in decisions.history(db))


def test_apply_replaces_points_recomputes_totals_and_flags_another_commit() -> None:
    made = {"b": Decision("s1", "b", 2.0, "old", note_student="ok", who="anna", decided_at="t")}
    same = decisions.apply(_result(), made, "old")
    assert same is not None
    b = same["criteria"][1]
    assert (b["points"], b["status"], b["decision"]["grader_points"]) == (2.0, "pass", 0.0)
    assert (same["score"], same["percent"], same["passed"]) == (3.0, 75.0, True)
    assert b["decision"]["recheck"] is False
    moved = decisions.apply(_result(), made, "new")
    assert moved is not None and moved["criteria"][1]["decision"]["recheck"] is True
    assert decisions.to_recheck(moved) == ["b"] and decisions.decided(moved) == ["b"]
    failed_required = decisions.apply(_result(), {"a": Decision("s1", "a", 0.0)}, None)
    assert failed_required is not None and failed_required["passed"] is False


def test_validate_names_what_is_allowed() -> None:
    with pytest.raises(DecisionError, match="between 0 and 2"):
        decisions.validate(_result(), "a", 3)
    with pytest.raises(DecisionError, match="its criteria: a, b"):
        decisions.validate(_result(), "zzz", 1)


def test_a_decision_reaches_the_gradebook_and_the_feedback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["batch", str(SAMPLES), "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    row = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"][0]
    criterion = row["result"]["criteria"][0]
    assert "decision" not in criterion  # the grader's own results carry no empty decision keys
    target = 0.0 if criterion["points"] else criterion["max_points"]
    db = sqlite3.connect(out / "gradebook.sqlite", isolation_level=None)
    decisions.record(db, Decision(row["student_key"], criterion["id"], target, row["commit"], who="t"))
    db.close()
    again = CliRunner().invoke(main, ["batch", str(SAMPLES), "--out", str(out), "--quiet"])
    assert again.exit_code == 0, again.output
    now = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"][0]
    decided = now["result"]["criteria"][0]
    assert decided["points"] == target and decided["decision"]["grader_points"] == criterion["points"]
    assert now["score"] == round(row["score"] - criterion["points"] + target, 2)
