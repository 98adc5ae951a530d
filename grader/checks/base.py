"""The contract of a check: typed parameters in, an outcome out; no I/O, no points, no wording."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from grader.document.submission import Submission


class Status(StrEnum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    ERROR = "error"


class Params(BaseModel):
    """Base of every check's parameters: unknown keys are an error, so typos surface in the rubric."""

    # validators built on first validation, not at import: a rubric from the cache is never validated
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def role_terms(self) -> tuple[list[str], list[str]]:
        """The headings that name this criterion's part of the answer, and headings that never do:
        the role its check reads (grader/checks/_roles.py). None by default."""
        return [], []


_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def names_by_language(names: list[str]) -> dict[str, list[str]]:
    """Names from a rubric (headings, columns) as a fact in both languages: each language's own
    script first, so an English report's example is an English heading, a Russian one's Russian.
    A pattern (`декомпоз*`, `~часть`) is for matching, not an example: shown only when all are."""
    names = [n for n in names if "*" not in n and "~" not in n] or names
    russian = [n for n in names if _CYRILLIC.search(n)]
    other = [n for n in names if not _CYRILLIC.search(n)]
    return {"ru": russian + other, "en": other + russian}


def regular_expressions(patterns: list[str]) -> list[str]:
    """Validate rubric-given regular expressions; a bad one is a located rubric error, not a crash."""
    for pattern in patterns:
        try:
            with warnings.catch_warnings():
                # "possible nested set" and the like: a pattern whose meaning Python will change
                warnings.simplefilter("error", FutureWarning)
                re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None
        except FutureWarning as exc:
            message = f"ambiguous regular expression: {pattern!r} ({exc}; escape the character with \\)"
            raise ValueError(message) from None
    return patterns


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the check looked and what it saw: the student's own words, located."""

    file: str | None
    line: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A fact feedback is built from: a message code (see grader/words/messages.py) and its arguments.

    Located when the place is known; otherwise it concerns the submission as a whole.
    """

    code: str
    args: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    status: Status
    met: float  # the share of the criterion met, 0.0–1.0: a diagnostic, or the points when no grade
    evidence: list[Evidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # The instructors' ordinal 0/1/2 (fully meets / partly / missing or wrong) when the check judges
    # by the course's definitions: scoring maps it onto the criterion's points, not the share.
    grade: int | None = None

    @classmethod
    def judged(
        cls,
        grade: int,
        met: float,
        evidence: list[Evidence] | None = None,
        findings: list[Finding] | None = None,
    ) -> CheckOutcome:
        """An outcome graded 0/1/2 by the definitions; `met` stays as the share seen."""
        grade = min(2, max(0, grade))
        status = (Status.FAIL, Status.PARTIAL, Status.PASS)[grade]
        return cls(status, min(1.0, max(0.0, met)), evidence or [], findings or [], grade)

    @classmethod
    def graded(
        cls,
        met: float,
        evidence: list[Evidence] | None = None,
        findings: list[Finding] | None = None,
    ) -> CheckOutcome:
        """An outcome whose status follows from how much is met: all, some, or nothing."""
        met = min(1.0, max(0.0, met))
        status = Status.PASS if met >= 1.0 else Status.PARTIAL if met > 0.0 else Status.FAIL
        return cls(status, met, evidence or [], findings or [])


P = TypeVar("P", bound=Params)
CheckFunction = Callable[[Submission, Any], CheckOutcome]


@dataclass(frozen=True, slots=True)
class CheckType:
    name: str
    params: type[Params]
    function: CheckFunction
    # Whether the check may leave a criterion to an instructor (`needs_review`: an answer that is only
    # an image or a board link); `grader rubric explain` tells students so only under those criteria.
    reviews: bool = False

    @property
    def summary(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""

    def run(self, submission: Submission, params: Params) -> CheckOutcome:
        return self.function(submission, params)


_REGISTRY: dict[str, CheckType] = {}


def check(
    name: str, params: type[P], reviews: bool = False
) -> Callable[[Callable[[Submission, P], CheckOutcome]], Any]:
    """Register a check type under a kebab-case name with its parameter model."""

    def register(function: Callable[[Submission, P], CheckOutcome]) -> Any:
        if name in _REGISTRY:
            raise ValueError(f"check type {name!r} is registered twice")
        _REGISTRY[name] = CheckType(name, params, function, reviews)
        return function

    return register
