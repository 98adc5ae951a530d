"""The JSON Schema of the rubric format, from the pydantic models: editors complete and check rubrics.

A criterion is a union discriminated on `check` (pydantic's discriminator): one model per check type,
whose `params` are that check's own parameter model, with descriptions. The discriminator keyword is
OpenAPI's, which JSON Schema validators (the `jsonschema` library, yaml-language-server) ignore, so
the union is also spelled in plain JSON Schema: `check` must be one of the names, and `if` it is one,
`then` that check's criterion applies. A wrong value is then one error about that one criterion,
not one per check type (as with a bare `oneOf`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, create_model

from grader.checks import registry
from grader.rubric.model import Criterion, Rubric

SCHEMA_ID = "https://your-org.github.io/grader/rubric.schema.json"


def _variant(name: str) -> type[BaseModel]:
    check = registry()[name]
    only: Any = Literal[name]  # a type made at run time
    return create_model(
        f"Criterion_{name}",
        __base__=Criterion,
        __doc__=f"A criterion graded by `{name}`: {check.summary}",
        check=(only, Field(description=check.summary)),
        params=(check.params, Field(default_factory=dict, description=f"The parameters of `{name}`.")),
    )


def schema_model() -> type[BaseModel]:
    """The rubric with its criteria as a discriminated union (for the schema only: loading a rubric
    validates in two located passes, see grader/rubric/load.py)."""
    variants = tuple(_variant(name) for name in registry())
    union = Annotated[Union[variants], Field(discriminator="check")]  # type: ignore[valid-type]  # noqa: UP007
    return create_model(
        "Rubric",
        __base__=Rubric,
        criteria=(list[union], Field(min_length=1, description="The criteria, each graded by a check type.")),
    )


def rubric_schema() -> dict[str, Any]:
    schema = schema_model().model_json_schema()
    defs: dict[str, Any] = schema["$defs"]
    items = schema["properties"]["criteria"]["items"]
    names = list(registry())
    mapping: dict[str, str] = items["discriminator"]["mapping"]
    defs["Criterion"] = {
        "description": "A criterion: its `check` names the check type, which decides its `params`.",
        "type": "object",
        "required": ["check"],
        "properties": {"check": {"enum": names, "description": "A check type (`grader checks` lists them)."}},
        "discriminator": items["discriminator"],
        "allOf": [
            {
                "if": {"properties": {"check": {"const": name}}, "required": ["check"]},
                "then": {"$ref": mapping[name]},
            }
            for name in names
        ],
    }
    # a plain string stands for both languages (Localized's before-validator)
    defs["Localized"] = {
        "description": "A text: a plain string for both languages, or {ru: ..., en: ...}.",
        "anyOf": [{"type": "string"}, defs["Localized"]],
    }
    _add_override(defs)
    criteria = schema["properties"]["criteria"]
    properties = {
        **schema["properties"],
        "criteria": {"description": criteria["description"], "type": ["array", "null"]},
    }
    # The keys sit at the root, so an editor completes them whichever branch applies; the branch
    # adds what differs. With `extends:` nothing is required and a criterion overrides one by id.
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "grader rubric",
        "description": "A rubric; with `extends:`, only what it changes in the rubric it starts from.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
        "if": {"required": ["extends"]},
        "then": {"properties": {"criteria": {"items": {"$ref": "#/$defs/CriterionOverride"}}}},
        "else": {
            "required": schema["required"],
            "properties": {
                "criteria": {
                    "type": "array",
                    "minItems": criteria.get("minItems", 1),
                    "items": {"$ref": "#/$defs/Criterion"},
                }
            },
        },
    }


def _add_override(defs: dict[str, Any]) -> None:
    """A criterion in a rubric with `extends:`: it overrides the extended one with its id, key by key,
    or adds a new one (its `params` are not checked here: they may be merged with the extended's)."""
    base = Criterion.model_json_schema()
    for key, value in base.pop("$defs", {}).items():
        defs.setdefault(key, value)
    properties = dict(base["properties"])
    properties["check"] = defs["Criterion"]["properties"]["check"]
    defs["CriterionOverride"] = {
        "description": "A criterion of the extended rubric to override (by `id`, key by key) or a new one.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id"],
        "properties": properties,
    }
