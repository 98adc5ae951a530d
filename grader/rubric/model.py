"""The rubric's model: what a validated rubric is (pydantic models) and what loading it yields.

Loading, `extends:` and the semantic rules (grader/rubric/load.py, rubric_extends.py, rubric_semantics.py)
build on this module; it imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from grader.checks import CheckType, Params
from grader.lang import LANGUAGES, Lang

Loc = tuple[str | int, ...]
# Where a part of a rubric was written, as `file:line:col` (after `extends:`, possibly another file).
Where = Callable[[Loc], str]
FeedbackStatus = Literal["pass", "partial", "fail", "needs_review"]


class _Model(BaseModel):
    # validators built on first validation, not at import: a rubric from the cache is never validated
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Localized(_Model):
    """A text in Russian and English; a plain string in YAML stands for both."""

    ru: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"ru": value, "en": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_empty(self) -> Localized:
        if self.ru is None and self.en is None:
            raise ValueError("give the text in `ru`, `en` or both")
        return self

    def get(self, lang: Lang) -> str:
        """The text in `lang`, or in the other language when this one is missing."""
        text = self.ru if lang == "ru" else self.en
        return text if text is not None else (self.en or self.ru or "")


class LatePolicy(_Model):
    mode: Literal["penalty_per_day", "pin_to_deadline"] = Field(
        description="`penalty_per_day`: grade the latest commit, minus `percent` per day late; "
        "`pin_to_deadline`: grade the last commit at or before the deadline."
    )
    percent: float = Field(0, ge=0, le=100, description="Penalty per started day, in percent.")
    max_days: int | None = Field(None, ge=0, description="Days after which the penalty stops growing.")


class Criterion(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable kebab-case id.")
    title: Localized
    description: Localized | None = Field(None, description="What is checked, in plain words.")
    points: float = Field(gt=0, description="Points for fully meeting the criterion.")
    required: bool = Field(
        False, description="Passing needs this criterion met: pass, partial or needs_review."
    )
    check: str = Field(description="A check type name (see `grader checks`).")
    params: dict[str, Any] = Field(default_factory=dict, description="The check's parameters.")
    feedback: dict[FeedbackStatus, Localized] = Field(
        default_factory=dict, description="Feedback per status, per language."
    )
    needs_review_points: float | None = Field(
        None, ge=0, description="Points while an instructor has not reviewed (default: rubric's)."
    )


class Locate(_Model):
    """How to find this homework inside a repository that may hold a whole course's work."""

    homework: int | None = Field(
        None, ge=0, description="The homework's number: `hw_01/`, `ДЗ №1/`, `# Домашнее задание 1` match 1."
    )
    names: list[str] = Field(
        default_factory=lambda: [
            "hw",
            "homework",
            "hometask",
            "home task",
            "dz",
            "дз",
            "домашнее задание",
            "домашняя работа",
            "lab",
            "task",
        ],
        description="Words that, followed by the number, name a homework in paths and headings.",
    )
    keywords: list[str] = Field(
        default_factory=list,
        description="Terms of the homework's subject (`мошеннич*`, `canvas`): without a name match, "
        "the document holding the most of them is graded.",
    )
    fingerprint: str | None = Field(
        None,
        description="A fingerprint under `rubrics/fingerprints/` of the task text: copied lines "
        "are never counted as answers.",
    )

    @field_validator("fingerprint")
    @classmethod
    def _known_fingerprint(cls, value: str | None, info: ValidationInfo) -> str | None:
        from grader.resources.named import require

        return None if value is None else require("fingerprints", value, info)


class Rubric(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Localized
    version: str
    description: Localized | None = None
    languages: list[Lang] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)
    pass_threshold: float = Field(ge=0, le=100, description="Percent of the maximum needed to pass.")
    needs_review_points: float = Field(
        0, ge=0, description="Points a `needs_review` criterion earns until an instructor decides."
    )
    deadline: datetime | date | None = Field(
        None, description="When the homework is due; a date alone means the end of that day."
    )
    deadline_tz: str | None = Field(
        None, description="The deadline's zone when it has no offset, e.g. `Europe/Moscow` or `+03:00`."
    )
    ignore_repos: list[str] = Field(
        default_factory=list,
        description="Course repositories (`owner` or `owner/name`): their links are never a hand-in.",
    )
    late_policy: LatePolicy | None = None
    criteria: list[Criterion] = Field(min_length=1)

    @field_validator("deadline", mode="before")
    @classmethod
    def _date_alone(cls, value: object) -> object:
        # a quoted "2026-12-01" is a date as an unquoted one is (the end of that day), not midnight
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return date.fromisoformat(value.strip())
        return value

    locate: Locate | None = Field(
        None, description="How to find the homework in a repository (paths, headings, task text)."
    )
    total_points: float | None = Field(
        None,
        gt=0,
        description="The maximum score the author intends: the criteria's points must add up to it.",
    )
    extends: str | None = Field(
        None,
        description="A rubric (bundled id, or a path relative to this file) whose settings and criteria "
        "this one starts from: criteria with the same id are overridden key by key, new ids are added.",
    )
    remove_criteria: list[str] = Field(
        default_factory=list, description="Ids of the extended rubric's criteria to drop."
    )
    templates: str | None = Field(
        None,
        exclude=True,  # how feedback is delivered, not how it is graded: no part of the rubric's sha256
        description="A folder (relative to this file) of Jinja2 templates for `grader publish`: its files "
        "override the bundled ones of the same name (docs/deliver.md).",
    )

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.criteria)


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    criterion: Criterion
    check: CheckType
    params: Params


@dataclass(frozen=True, slots=True)
class LoadedRubric:
    rubric: Rubric
    criteria: list[CompiledCriterion]
    source: str
    sha256: str
