"""docs/report-format.md stays true: real JSON output has exactly the documented shape."""

from __future__ import annotations

import json
import re
from typing import Any

from click.testing import CliRunner

from grader.cli import main

from .conftest import ROOT, SAMPLES

DOC = ROOT / "docs" / "report-format.md"


def shape(value: Any) -> Any:
    """The key tree of a JSON value: lists merge the shapes of their items."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        merged: dict[str, Any] = {}
        for item in value:
            item_shape = shape(item)
            if isinstance(item_shape, dict):
                merged.update(item_shape)
        return [merged]
    return None


def documented_example() -> Any:
    text = DOC.read_text(encoding="utf-8")
    (block,) = re.findall(r"```json\n(.*?)\n```", text, flags=re.S)
    return json.loads(block)


def conforms(actual: Any, documented: Any, where: str = "") -> list[str]:
    """Differences between two shapes; an empty list in the output fits any documented item shape."""
    if isinstance(documented, dict) and isinstance(actual, dict):
        problems = [f"{where}.{k}: undocumented" for k in actual.keys() - documented.keys()]
        problems += [f"{where}.{k}: missing" for k in documented.keys() - actual.keys()]
        for key in actual.keys() & documented.keys():
            problems += conforms(actual[key], documented[key], f"{where}.{key}")
        return problems
    if isinstance(documented, list) and isinstance(actual, list):
        return conforms(actual[0], documented[0], f"{where}[]") if actual[0] else []
    return [] if (actual is None) == (documented is None) else [f"{where}: type differs"]


def test_output_has_exactly_the_documented_shape() -> None:
    for sample, lang in (("partial-ru", "en"), ("strong-ru", "ru"), ("no-markdown", "en")):
        result = CliRunner().invoke(main, ["check", str(SAMPLES / sample), "-f", "json", "--lang", lang])
        assert conforms(shape(json.loads(result.stdout)), shape(documented_example())) == []


def test_every_top_level_key_is_in_the_key_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    for key in documented_example():
        assert f"`{key}" in text, key
