"""The JSON Schema of the rubric format, from the pydantic models: editors complete and check rubrics.

A criterion is a union discriminated on `check`: each check type's `params` carry that check's own
parameter schema, with descriptions.
"""

from __future__ import annotations

import copy
from typing import Any

from grader.checks import registry
from grader.rubric import Rubric

SCHEMA_ID = "https://your-org.github.io/grader/rubric.schema.json"


def rubric_schema() -> dict[str, Any]:
    schema = Rubric.model_json_schema()
    defs: dict[str, Any] = schema.setdefault("$defs", {})
    base = defs["Criterion"]
    variants = []
    for name, check in registry().items():
        params = check.params.model_json_schema()
        for key, value in params.pop("$defs", {}).items():
            defs.setdefault(key, value)
        params.setdefault("description", check.summary)
        variant = copy.deepcopy(base)
        variant["title"] = f"Criterion graded by `{name}`"
        variant["properties"]["check"] = {"const": name, "description": check.summary}
        variant["properties"]["params"] = params
        defs[f"Criterion_{name}"] = variant
        variants.append({"$ref": f"#/$defs/Criterion_{name}"})
    defs["Criterion"] = {
        "description": "A criterion: its `check` names the check type, which decides its `params`.",
        "oneOf": variants,
    }
    # a plain string stands for both languages (Localized's before-validator)
    defs["Localized"] = {
        "description": "A text: a plain string for both languages, or {ru: ..., en: ...}.",
        "anyOf": [{"type": "string"}, defs["Localized"]],
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "grader rubric"
    return schema
