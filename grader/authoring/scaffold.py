"""`grader rubric init`: a new rubric that validates as it is, every check type a commented example.

Each example is a criterion commented out line by line with `# ` — what an editor's "toggle comment"
adds and removes — and indented as an item of the `criteria:` list it follows, so uncommenting any of
them gives a valid rubric.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from grader.authoring.examples import example_criterion
from grader.checks import registry
from grader.resources.bundled import bundled_dir

_COMMENT = "# "


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key (`criteria:\\n  - id: ...`), as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _flat(value: Any) -> bool:
    return not isinstance(value, dict) and (not isinstance(value, list) or all(map(_flat, value)))


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    """Lists of plain values on one line (`patterns: [README.md]`, `columns: [[Риск, Risk]]`)."""
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_flat(data))


_IndentedDumper.add_representer(list, _list)


def schema_path(target: Path | None) -> str:
    """The bundled JSON Schema, relative to the folder the rubric is written to; absolute for stdout."""
    schema = (bundled_dir() / "schema.json").resolve()
    folder = target.resolve().parent if target is not None else None
    # relative only inside the tree that ships the schema (a rubric written in the checkout); from
    # anywhere else (/tmp, a course's own repository) the absolute path survives moving the tree
    tree = schema.parent.parent
    if folder is None or not folder.is_relative_to(tree):
        return schema.as_posix()
    return Path(os.path.relpath(schema, folder)).as_posix()


def _header(target: Path | None) -> str:
    return (
        f"# yaml-language-server: $schema={schema_path(target)}\n"
        "# (the schema bundled with grader; `grader rubric schema -o schema.json` writes a copy)\n"
        "# A rubric: criteria, each graded by a check type (`grader checks` lists them,\n"
        "# `grader checks NAME` shows one's parameters). Validate: `grader rubric validate FILE`.\n"
    )


def _dump(body: dict[str, Any]) -> str:
    return yaml.dump(body, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False)


def scaffold(from_id: str | None = None, target: Path | None = None) -> str:
    """The scaffold's text; `target` is where it will be written (for the schema's relative path)."""
    if from_id is not None:
        body: dict[str, Any] = {
            "extends": from_id,
            "id": f"{from_id}-custom",
            "version": "1",
            "title": {"ru": "Моя версия рубрики", "en": "My version of the rubric"},
            "remove_criteria": [],
        }
        return (
            _header(target)
            + f"# Starts from `{from_id}`: settings given here replace its own; a criterion with one of\n"
            "# its ids is overridden key by key; new ids are added; `remove_criteria` drops some.\n"
            + _dump(body)
            + "criteria:  # none yet: every criterion of the extended rubric as it is\n"
            + _examples()
        )
    body = {
        "id": "my-homework",
        "title": {"ru": "Моё домашнее задание", "en": "My homework"},
        "version": "1",
        "languages": ["ru", "en"],
        "pass_threshold": 60,
        "criteria": [
            {
                "id": "readme",
                "title": {"ru": "README", "en": "README"},
                "points": 1,
                "required": True,
                "check": "file-exists",
                "params": {"patterns": ["README.md"]},
                "feedback": {
                    "pass": {"ru": "README на месте.", "en": "The README is there."},
                    "fail": {"ru": "Добавьте README.md.", "en": "Add a README.md."},
                },
            }
        ],
    }
    return _header(target) + _dump(body) + _examples()


def _examples() -> str:
    """Every check type's example criterion, commented; `criteria:` must be the text's last key."""
    lines = ["", "# Examples of every check type: uncomment one, rename its id, fill in the parameters."]
    for check in registry().values():
        lines.append(f"#\n# {check.name}: {check.summary}")
        text = _dump({"criteria": [example_criterion(check)]})
        items = text.splitlines()[1:]  # drop the `criteria:` key: the items sit under the live one
        lines.extend(_COMMENT + line for line in items)
    return "\n".join(lines) + "\n"
