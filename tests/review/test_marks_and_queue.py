"""The marks every renderer puts on a decided criterion, and what makes the queue."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from grader.cli import main
from grader.report.markdown import render_markdown
from grader.report.text import render_text
from grader.review.queue import reason_of
from grader.scoring.result import Result
from grader.store.decisions import Decision, apply
from tests.review.conftest import start_review


def _criterion(**kw: Any) -> dict[str, Any]:
    base = {"id": "canvas", "title": "Канвас", "points": 1.0, "max_points": 2.0, "status": "partial",
            "required": False, "met": 0.5, "evidence": [], "findings": [], "summary": "s",
            "feedback": "f"}  # fmt: skip
    return {**base, **kw}


def _result(lang: str) -> dict[str, Any]:
    return {
        "lang": lang, "rubric": {"id": "r", "title": "R", "version": "1", "sha256": "x"},
        "submission": {"path": "p", "repo": None, "commit": "new", "status": "graded", "located": None},
        "score": 1.0, "max_score": 2.0, "percent": 50.0, "pass_threshold": 50.0, "passed": True,
        "criteria": [_criterion(status="needs_review", met=0.0)], "warnings": [],
    }  # fmt: skip


def test_markdown_and_text_mark_the_decision_and_show_the_note() -> None:
    made = {
        "canvas": Decision("s", "canvas", 2.0, "old", note_student="всё на месте", who="anna", decided_at="t")
    }
    for lang, mark in (("ru", "Проверено преподавателем"), ("en", "Checked by the instructor")):
        applied = apply(_result(lang), made, "new")
        result = Result.model_validate(applied)
        md = render_markdown(result)
        assert f"**{mark}**" in md and "всё на месте" in md and mark.lower() in md
        text = render_text(result)
        assert mark.lower() in text and "всё на месте" in text
    text = render_text(Result.model_validate(apply(_result("en"), made, "new")))
    assert "a new commit since the decision" in text  # re-check shown to the instructor
    undecided = Result.model_validate(_result("ru"))
    assert "преподавателем" not in render_markdown(undecided).replace("его проверит преподаватель", "")


def test_what_makes_the_queue() -> None:
    assert reason_of(_criterion(status="needs_review")) == "needs_review"
    assert reason_of(_criterion(status="error", points=0.0)) == "error"
    assert reason_of(_criterion(status="partial", met=0.5, points=1.0)) is None  # measured = given
    assert reason_of(_criterion(status="partial", met=0.9, points=1.0)) == "unsure"  # 1.8 vs 1
    assert reason_of(_criterion(status="partial", met=0.0, points=1.0)) == "unsure"
    assert reason_of(_criterion(status="pass", met=1.0, points=2.0)) is None
    decided = {"points": 2.0, "grader_points": 1.0, "grader_status": "needs_review", "recheck": False}
    assert reason_of(_criterion(status="pass", points=2.0, decision=decided)) == "needs_review"
    assert (
        reason_of(_criterion(status="pass", points=2.0, decision={**decided, "recheck": True})) == "recheck"
    )


def test_review_errors_are_one_line_and_exit_2(sample_out: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(tmp_path), "--no-open"])
    assert result.exit_code == 2 and "no gradebook.sqlite here" in result.stderr
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(main, ["review", str(sample_out), "--no-open", "--port", port])
        assert result.exit_code == 2 and f"--port {port}: cannot listen" in result.stderr
        assert result.stderr.count("\n") == 1
    finally:
        taken.close()


def test_a_malformed_decision_is_a_400_not_a_crash(sample_out: Path) -> None:
    served = start_review(sample_out)
    try:
        import time

        for _ in range(50):
            try:
                served.get("/favicon.ico")
                break
            except OSError:
                time.sleep(0.1)
        header = {"X-Grader-Token": served.token}
        for body in ([], {"student_key": "x"}, {"student_key": "x", "criterion": "c", "points": "two"}):
            assert served.request("POST", "/api/decide", body, headers=header)[0] == 400
        unknown = {"student_key": "nobody", "criterion": "canvas", "points": 1}
        status, answer = served.request("POST", "/api/decide", unknown, headers=header)
        assert status == 422 and b"no student" in answer
    finally:
        served.process.terminate()
        served.process.wait(10)
