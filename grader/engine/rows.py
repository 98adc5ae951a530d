"""Gradebook rows as one batch run writes them: its rubric, settings and language, no secret in them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from grader.engine.link_job import HandIn
from grader.lang import Lang
from grader.secrets import redact
from grader.sources.refs import SubmissionRef
from grader.store.database import Row


@dataclass(frozen=True, slots=True)
class RowMaker:
    rubric_sha256: str
    settings: str
    lang: Lang
    token: str | None

    def say(self, code: str, **args: object) -> str:
        """A row's reason in the run's language (the settings key holds the language)."""
        from grader.words.messages import render

        return render(code, args, self.lang)

    def row(self, ref: SubmissionRef, status: str, reason: str | None) -> Row:
        """A row with no grade yet: who, which link, the status and why."""
        return Row(
            student_key=ref.student_key,
            row_key=ref.row_key,
            # a name or message may quote the operator's token: it never reaches a report
            student_name=redact(ref.student_name, self.token),
            link=redact(ref.shown, self.token),
            origin=ref.origin,
            submitted_at=ref.submitted_at.isoformat() if ref.submitted_at else None,
            status=status,
            reason=redact(reason, self.token) if reason else None,
            repo_url=None,
            tip=None,
            commit_sha=None,
            committed_at=None,
            rubric_sha256=self.rubric_sha256,
            settings=self.settings,
            late=False,
            later_commits=False,
            penalty=0.0,
            result=None,
            updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
            other_links=json.dumps([redact(o, self.token) for o in ref.others]) if ref.others else None,
        )

    def graded(self, ref: SubmissionRef, hand_in: HandIn, result: str) -> Row:
        """The row of a graded hand-in; `result` is the grade's stored JSON."""
        row = self.row(ref, "graded", self.say(hand_in.reason) if hand_in.reason else None)
        # A token is [A-Za-z0-9_]: replacing it keeps the JSON valid.
        row.result = result.replace(self.token, "***") if self.token else result
        row.tip = hand_in.tip
        row.commit_sha = hand_in.commit
        row.repo_url = hand_in.snapshot.repo
        row.committed_at = hand_in.committed_at
        row.later_commits = hand_in.later_commits
        row.late = hand_in.late
        row.penalty = hand_in.penalty
        return row
