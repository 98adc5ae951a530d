"""The shapes of the data a rubric names (vocabularies, canvases), checked when the rubric loads.

A vocabulary or canvas is YAML a rubric author writes; a mistyped key would otherwise read as an
empty list and quietly change every grade. Each reference in a check's parameters is validated
against its model, and a problem is a located rubric error naming the data file and the key.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from grader.errors import RubricError
from grader.resources.named import load_resource, require, resource_path, rubric_dir

_WORD = re.compile(r"[^\W_]")


def _terms_valid(value: list[str]) -> list[str]:
    for term in value:
        if not _WORD.search(term):
            raise ValueError(f"term {term!r} has no word to match")
        if re.search(r"~(?![^\W\d_])", term):
            raise ValueError(f"term {term!r}: `~` must stand right before a word (`~доля`)")
    return value


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built when first used


Terms = list[str]


class MetricsVocabulary(_Data):
    """`rubrics/vocabularies/<name>.yaml` for the `metrics` check (and the SMART check's M)."""

    business: dict[str, Terms] = Field(description="Business metrics: name -> terms.")
    ml: dict[str, Terms] = Field(description="ML metrics: name -> terms.")
    framing: Terms = Field(default_factory=list, description="Phrases that call something a business metric.")
    explanation: Terms = Field(default_factory=list, description="Words that give a reason.")
    reason_headers: Terms = Field(default_factory=list, description="Headers of a table's 'why' column.")
    higher_is_better: list[str] = Field(default_factory=list, description="ML metrics better when higher.")
    lower_is_better: list[str] = Field(default_factory=list, description="ML metrics better when lower.")
    ml_sections: Terms = Field(default_factory=list, description="Headings of the ML metric's own part.")
    constraints: Terms = Field(default_factory=list, description="The customer's constraints (budget, time).")
    labels: dict[str, dict[str, str]] = Field(default_factory=dict, description="Names shown in feedback.")

    @field_validator("framing", "explanation", "reason_headers", "ml_sections", "constraints")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        return _terms_valid(value)

    @model_validator(mode="after")
    def _names_known(self) -> MetricsVocabulary:
        for group in (self.business, self.ml):
            for terms in group.values():
                _terms_valid(terms)
        unknown = sorted((set(self.higher_is_better) | set(self.lower_is_better)) - set(self.ml))
        if unknown:
            raise ValueError(f"higher_is_better / lower_is_better name metrics not under ml: {unknown}")
        unlabelled = sorted(set(self.labels) - set(self.business) - set(self.ml))
        if unlabelled:
            raise ValueError(f"labels for metrics the vocabulary does not have: {unlabelled}")
        return self


class SmartVocabulary(_Data):
    """`rubrics/vocabularies/<name>.yaml` for the `smart` check."""

    letters: dict[str, Terms] = Field(description="Labels students put on each letter: s, m, a, r, t.")
    achievable: Terms = Field(default_factory=list, description="A's evidence: a baseline, resources.")
    relevant: Terms = Field(default_factory=list, description="R's evidence: a tie to a business goal.")
    sections: Terms = Field(default_factory=list, description="Headings of task lists.")
    not_sections: Terms = Field(default_factory=list, description="Headings that only look like them.")
    board: Terms = Field(default_factory=list, description="Words of a pointer to a board.")
    hypothesis: Terms = Field(default_factory=list, description="Openings of prose hypotheses.")

    @field_validator("achievable", "relevant", "sections", "not_sections", "board", "hypothesis")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        return _terms_valid(value)

    @field_validator("letters")
    @classmethod
    def _five_letters(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if set(value) != set("smart"):
            raise ValueError(f"letters must be exactly s, m, a, r, t (found: {', '.join(sorted(value))})")
        return value


class CanvasBlock(_Data):
    id: str = Field(min_length=1, description="The block's id (stable: evidence and tests name it).")
    title: dict[str, str] | str | None = Field(
        None, description="The block's name in feedback, `{ru: …, en: …}` or one string (default: the id)."
    )
    names: Terms = Field(min_length=1, description="How students head the block (terms).")
    template: str = Field("", description="The template's own question, so repeating it is not filling it.")

    @field_validator("names")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        return _terms_valid(value)


class Canvas(_Data):
    """`rubrics/canvases/<name>.yaml`."""

    title: dict[str, str] | str = Field(description="The canvas's name, `{ru: …, en: …}` or one string.")
    blocks: list[CanvasBlock] = Field(min_length=1, description="The canvas's blocks, in order.")
    within: Terms = Field(default_factory=list, description="Only look for the blocks under these headings.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Canvas:
        ids = [b.id for b in self.blocks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"block ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        return self


_CHECKED: dict[tuple[str, str], None] = {}


def require_valid(kind: str, name: str, model: type[_Data], info: ValidationInfo | None) -> str:
    """`require`, and the named data's contents valid against its model: a ValueError naming the
    file and the key otherwise (pydantic locates it at the parameter in the rubric)."""
    require(kind, name, info)
    path = resource_path(kind, name, rubric_dir(info))
    assert path is not None  # require() found it
    key = (str(path), model.__name__)
    if key in _CHECKED:
        return name
    try:
        data: Any = load_resource(kind, name, rubric_dir(info))
    except RubricError as exc:
        raise ValueError(f"{kind}/{path.name}: cannot load ({exc})") from None
    try:
        model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "(top)"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ValueError(f"{kind}/{path.name}: {where}: {message}") from None
    _CHECKED[key] = None
    return name
