"""Rubrics: YAML validated in two passes (shape, then each check's parameters), errors located.

A bad rubric stops everything before anyone is graded: every problem is reported at once, one
`file:line:col: field: message` line each.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from grader.bundled import bundled_dir, bundled_ids
from grader.checks import CheckType, Params, registry
from grader.errors import InputError, RubricError
from grader.lang import LANGUAGES, Lang
from grader.yamlpos import LocatedYaml, YamlSyntaxError, load_yaml

DEFAULT_RUBRIC = "otus-mlops-hw1"
Loc = tuple[str | int, ...]
# Where a part of a rubric was written, as `file:line:col` (after `extends:`, possibly another file).
Where = Callable[[Loc], str]
FeedbackStatus = Literal["pass", "partial", "fail", "needs_review"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
        from grader.resources import require

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


def resolve_rubric(ref: str) -> Path:
    """A rubric reference is a path to a YAML file or the id of a bundled rubric."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or "/" in ref or path.is_file():
        if not path.is_file():
            raise InputError(f"{ref}: rubric file not found (give a YAML path or a bundled id)")
        return path
    candidate = bundled_dir() / f"{ref}.yaml"
    if not candidate.is_file():
        known = ", ".join(bundled_ids()) or "none"
        raise InputError(f"{ref}: no bundled rubric with this id (bundled: {known})")
    return candidate


def load_rubric(ref: str = DEFAULT_RUBRIC) -> LoadedRubric:
    path = resolve_rubric(ref)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the rubric ({exc.__class__.__name__})") from None
    return parse_rubric(text, str(path), path.resolve().parent)


def parse_rubric(text: str, source: str, base: Path | None = None) -> LoadedRubric:
    """Validate a rubric's text; `base` is its folder, where named resources are looked up first."""
    data, where = _resolved(text, source, base, ())
    problems: list[str] = []
    rubric: Rubric | None = None
    try:
        rubric = Rubric.model_validate(data, context={"rubric_dir": base})
    except ValidationError as exc:
        problems.extend(_located_errors(exc, where, ()))
    compiled = _compile_criteria(data, where, problems, base)
    from grader.rubric_semantics import semantic_problems

    # on the raw data: reported in the same run as any structural problem
    problems.extend(_line(where, loc, message) for loc, message in semantic_problems(data))
    if problems or rubric is None:
        raise RubricError(sorted(problems, key=_position))
    return LoadedRubric(rubric, compiled, source, _sha256(rubric, compiled))


def _located(text: str, source: str) -> LocatedYaml:
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        where = f"{exc.position.line}:{exc.position.column}" if exc.position else "1:1"
        raise RubricError([f"{source}:{where}: not valid YAML: {exc.message}"]) from None
    if not isinstance(located.data, dict):
        raise RubricError([f"{source}:1:1: the rubric must be a mapping with `id` and `criteria`"])
    return located


def _resolved(
    text: str, source: str, base: Path | None, chain: tuple[Path, ...]
) -> tuple[dict[str, Any], Where]:
    """The rubric's data after `extends:`, and where each part of it was written."""
    located = _located(text, source)

    def where(loc: Loc) -> str:
        position = located.position(loc)
        return f"{source}:{position.line}:{position.column}"

    data: dict[str, Any] = located.data
    parent = data.get("extends")
    if parent is None:
        return data, where
    from grader.rubric_extends import extend

    return extend(data, where, *_parent(parent, base, chain, where))


def _parent(
    ref: Any, base: Path | None, chain: tuple[Path, ...], where: Where
) -> tuple[dict[str, Any], Where]:
    if not isinstance(ref, str) or not ref:
        raise RubricError([f"{where(('extends',))}: extends: give a bundled rubric id or a path"])
    relative = (base / ref) if base is not None else Path(ref)
    try:
        path = relative if relative.is_file() else resolve_rubric(ref)
    except InputError as exc:
        raise RubricError([f"{where(('extends',))}: extends: {exc}"]) from None
    resolved = path.resolve()
    if resolved in chain:
        raise RubricError([f"{where(('extends',))}: extends: a cycle through {path}"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([f"{where(('extends',))}: extends: cannot read {path} ({exc})"]) from None
    return _resolved(text, str(path), resolved.parent, (*chain, resolved))


def _compile_criteria(
    data: dict[str, Any], where: Where, problems: list[str], base: Path | None
) -> list[CompiledCriterion]:
    """Second pass: each criterion's `check` must exist and its `params` fit the check's model."""
    raw = data.get("criteria")
    if not isinstance(raw, list):
        return []
    checks = registry()
    compiled: list[CompiledCriterion] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        loc: tuple[str | int, ...] = ("criteria", index)
        criterion_id = item.get("id")
        if isinstance(criterion_id, str):
            if criterion_id in seen:
                problems.append(
                    _line(
                        where,
                        (*loc, "id"),
                        f"duplicate criterion id {criterion_id!r} "
                        f"(first at criteria[{seen[criterion_id]}]); ids must be unique",
                    )
                )
            seen.setdefault(criterion_id, index)
        name = item.get("check")
        if not isinstance(name, str):
            continue
        check_type = checks.get(name)
        if check_type is None:
            near = difflib.get_close_matches(name, list(checks), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            problems.append(
                _line(
                    where,
                    (*loc, "check"),
                    f"unknown check type {name!r} ({hint}`grader checks` lists them)",
                )
            )
            continue
        params_raw = item.get("params") or {}
        try:
            params = check_type.params.model_validate(params_raw, context={"rubric_dir": base})
        except ValidationError as exc:
            problems.extend(_located_errors(exc, where, (*loc, "params")))
            continue
        try:
            criterion = Criterion.model_validate(item)
        except ValidationError:
            continue  # already reported by the first pass
        compiled.append(CompiledCriterion(criterion, check_type, params))
    return compiled


def _located_errors(exc: ValidationError, where: Where, prefix: Loc) -> list[str]:
    lines = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown field (check its spelling; `grader checks NAME` lists parameters)"
        elif error["type"] == "missing":
            message = "required field is missing"
        lines.append(_line(where, loc, message))
    return lines


def _position(problem: str) -> tuple[str, int, int]:
    """Problems in the order they appear in the files, whichever pass found them."""
    match = re.match(r"(.*?):(\d+):(\d+): ", problem)
    return (match[1], int(match[2]), int(match[3])) if match else (problem, 0, 0)


def _line(where: Where, loc: Loc, message: str) -> str:
    return f"{where(loc)}: {_field(loc)}: {message}"


def _field(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "union[", "literal[")) or part in {"str", "dict"}:
            continue  # pydantic's internal validator names mean nothing to a rubric author
        else:
            out += f".{part}" if out else part
    return out or "(root)"


def _sha256(rubric: Rubric, compiled: list[CompiledCriterion]) -> str:
    """sha256 of the resolved rubric as canonical JSON (sorted keys, no whitespace, UTF-8)."""
    data = rubric.model_dump(mode="json")
    params = {c.criterion.id: c.params.model_dump(mode="json") for c in compiled}
    for criterion in data["criteria"]:
        criterion["params"] = params.get(criterion["id"], criterion["params"])
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
