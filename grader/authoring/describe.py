"""`grader checks`: the check types and, for one, its parameters, defaults and an example."""

from __future__ import annotations

import inspect
import json
from typing import Any

import yaml
from pydantic_core import PydanticUndefined

from grader.authoring.examples import example_criterion
from grader.checks import CheckType


def list_checks(checks: dict[str, CheckType]) -> str:
    width = max(len(name) for name in checks)
    lines = [f"{name.ljust(width)}  {check.summary}" for name, check in checks.items()]
    lines.append("")
    lines.append("`grader checks NAME` shows a check's parameters, defaults and an example.")
    return "\n".join(lines) + "\n"


def describe_check(check: CheckType, level: int = 1) -> str:
    """A check's documentation from its docstring and parameter model; `level` of its heading."""
    doc = inspect.cleandoc(check.function.__doc__ or "")
    top, sub = "#" * level, "#" * (level + 1)
    lines = [f"{top} `{check.name}`", "", doc, "", f"{sub} Parameters", ""]
    schema = check.params.model_json_schema()
    properties: dict[str, Any] = schema.get("properties", {})
    for name, field in check.params.model_fields.items():
        prop = properties.get(name, {})
        required = field.default is PydanticUndefined and field.default_factory is None
        if required:
            default = "required"
        else:
            value = field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
            default = f"default {json.dumps(value, ensure_ascii=False)}"
        lines.append(f"- `{name}` ({_type(prop)}; {default}): {field.description or ''}".rstrip())
    example = {"criteria": [example_criterion(check)]}
    lines += [
        "",
        f"{sub} Example",
        "",
        "```yaml",
        yaml.safe_dump(example, allow_unicode=True, sort_keys=False).rstrip(),
        "```",
    ]
    return "\n".join(lines) + "\n"


def _type(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in prop["enum"])
    if "anyOf" in prop:
        return " | ".join(_type(p) for p in prop["anyOf"])
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    return str(kind)
