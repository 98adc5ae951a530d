"""Hypothesis strategies from the JSON Schemas pydantic writes for check parameters.

Covers what parameter models use: objects, arrays, strings, numbers, booleans, enums, consts,
`anyOf`, `$ref`. Values may still break cross-field rules; callers validate and `assume`.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

TEXT = st.text(alphabet=st.sampled_from(list("abcdefghij абвгд-_.*?/[]")), max_size=12)


def from_schema(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema or "oneOf" in schema:
        return st.one_of([from_schema(s, defs) for s in schema.get("anyOf", schema.get("oneOf", []))])
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, defs)
    if kind == "array":
        items = from_schema(schema.get("items", {"type": "string"}), defs)
        low = schema.get("minItems", 0)
        return st.lists(items, min_size=low, max_size=max(low, schema.get("maxItems", low + 3)))
    if kind == "integer":
        return st.integers(
            schema.get("minimum", schema.get("exclusiveMinimum", -5)), schema.get("maximum", 500)
        )
    if kind == "number":
        return st.floats(schema.get("minimum", 0), schema.get("maximum", 100), allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "string":
        return TEXT
    return st.none() | st.booleans() | TEXT


def _object(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = {name: from_schema(sub, defs) for name, sub in properties.items()}
    return st.fixed_dictionaries(
        {k: v for k, v in fields.items() if k in required},
        optional={k: v for k, v in fields.items() if k not in required},
    )
