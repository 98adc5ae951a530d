"""Example parameters generated from a check's own parameter model (one source of truth)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from grader.checks import CheckType


def example_params(model: type[BaseModel]) -> dict[str, Any]:
    """Every required parameter with a placeholder of its type; optional ones keep their defaults."""
    schema = model.model_json_schema()
    properties = schema.get("properties", {})
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if field.default is PydanticUndefined and field.default_factory is None:
            out[name] = _placeholder(properties.get(name, {}), schema.get("$defs", {}))
    return out


def _placeholder(prop: dict[str, Any], defs: dict[str, Any]) -> Any:
    if "$ref" in prop:
        return _placeholder(defs.get(prop["$ref"].rsplit("/", 1)[-1], {}), defs)
    if "enum" in prop:
        return prop["enum"][0]
    if "const" in prop:
        return prop["const"]
    if "anyOf" in prop:
        return _placeholder(next(p for p in prop["anyOf"] if p.get("type") != "null"), defs)
    kind = prop.get("type")
    if kind == "array":
        return [_placeholder(prop.get("items", {"type": "string"}), defs)]
    if kind == "integer":
        return max(1, int(prop.get("minimum", 1)))
    if kind == "number":
        return prop.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "object":
        return {}
    return "example"


def example_criterion(check: CheckType) -> dict[str, Any]:
    return {
        "id": f"my-{check.name}",
        "title": {"ru": "Название критерия", "en": "Criterion title"},
        "points": 2,
        "check": check.name,
        "params": example_params(check.params),
        "feedback": {
            "pass": {"ru": "Выполнено.", "en": "Done."},
            "fail": {"ru": "Что добавить.", "en": "What to add."},
        },
    }
