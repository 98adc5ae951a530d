"""`grader rubric init`: a new rubric that validates as it is, every check type a commented example."""

from __future__ import annotations

from typing import Any

import yaml

from grader.authoring.examples import example_criterion
from grader.checks import registry

_HEADER = """\
# yaml-language-server: $schema=https://your-org.github.io/grader/rubric.schema.json
# (or a local copy: `grader rubric schema -o schema.json`, then `$schema=./schema.json`)
# A rubric: criteria, each graded by a check type (`grader checks` lists them,
# `grader checks NAME` shows one's parameters). Validate: `grader rubric validate FILE`.
"""


def scaffold(from_id: str | None = None) -> str:
    if from_id is not None:
        body: dict[str, Any] = {
            "extends": from_id,
            "id": f"{from_id}-custom",
            "version": "1",
            "title": {"ru": "Моя версия рубрики", "en": "My version of the rubric"},
            "remove_criteria": [],
            "criteria": [],
        }
        text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
        return (
            _HEADER
            + f"# Starts from `{from_id}`: settings given here replace its own; a criterion with one of\n"
            "# its ids is overridden key by key; new ids are added; `remove_criteria` drops some.\n"
            + text
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
    return _HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False) + _examples()


def _examples() -> str:
    lines = ["", "# Examples of every check type: uncomment, rename the id, fill in the parameters."]
    for check in registry().values():
        lines.append(f"#\n# {check.name}: {check.summary}")
        text = yaml.safe_dump([example_criterion(check)], allow_unicode=True, sort_keys=False)
        lines.extend(f"#  {line}" for line in text.splitlines())
    return "\n".join(lines) + "\n"
