"""The one result model every report renders from (its JSON form is docs/report-format.md)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceOut(_Out):
    file: str | None
    line: int | None
    text: str


class FindingOut(_Out):
    """Something to fix, in words, and where."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None


class DecisionOut(_Out):
    """An instructor's decision on a criterion (grader.store.decisions): it replaced the grader's points."""

    points: float
    grader_points: float
    grader_status: str
    note: str  # for the student
    by: str
    at: str
    commit: str | None
    recheck: bool  # made on another commit than the one graded now


class WhereOut(_Out):
    """A part of the answer this criterion's check read: lines `line`..`end_line` of `file`
    (1-based, inclusive), headed by one of its headings; `line` 0 for a file named for the part."""

    file: str
    line: int
    end_line: int


class CriterionResult(_Out):
    id: str
    title: str
    points: float
    max_points: float
    status: str
    required: bool
    met: float
    evidence: list[EvidenceOut]
    findings: list[FindingOut]
    summary: str  # the rubric's feedback for this status, in `lang` ("" when it has none)
    feedback: str
    where: list[WhereOut] = []  # the parts headed as this criterion's (the role model), in order
    decision: DecisionOut | None = None  # left out of the JSON when no one decided


class WarningOut(_Out):
    code: str
    file: str | None
    line: int | None
    message: str


class RubricInfo(_Out):
    id: str
    title: str
    version: str
    sha256: str


class SubmissionInfo(_Out):
    path: str
    repo: str | None
    commit: str | None
    status: str
    located: str | None


class Result(_Out):
    schema_version: int = SCHEMA_VERSION
    lang: str
    rubric: RubricInfo
    submission: SubmissionInfo
    score: float
    max_score: float
    percent: float
    pass_threshold: float
    passed: bool
    criteria: list[CriterionResult]
    warnings: list[WarningOut]


# The grader's own result never carries a decision (grader.store.decisions adds them to stored results).
_NO_DECISION = {"criteria": {"__all__": {"decision"}}}


def stored_json(result: Result) -> str:
    """The result as a batch stores it: compact JSON without the (empty) decision keys."""
    return result.model_dump_json(exclude=_NO_DECISION)
