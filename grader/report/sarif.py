"""SARIF 2.1.0 for GitHub code scanning: one rule per criterion, one result per thing to fix.

Code scanning needs a location on every result, so a finding without a file is pinned to the file
the evidence came from (else README.md), like the annotations.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from grader import __version__
from grader.report.escape import one_line
from grader.report.github import Item, items
from grader.report.labels import fmt_points
from grader.scoring.result import Result
from grader.secrets import redact

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "notice": "note"}
WARNING_RULE = "grader-warning"


def render_sarif(result: Result, prefix: str = "", token: str | None = None) -> str:
    """`prefix` is the graded folder inside the repository, so URIs are relative to its root."""
    rules = [_rule(c.id, redact(c.title, token), c.max_points, c.required) for c in result.criteria]
    rules.append(_rule(WARNING_RULE, "Submission warnings (skipped files, decoding)", 0, False))
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    results = [_result(item, item.rule or WARNING_RULE, index, token) for item in items(result, prefix)]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "grader",
                "version": __version__,
                "informationUri": "https://github.com/your-org/grader",
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"grader/{result.rubric.id}/"},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "rubric": result.rubric.model_dump(mode="json"),
            "score": result.score,
            "maxScore": result.max_score,
            "percent": result.percent,
            "passed": result.passed,
        },
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _rule(rule_id: str, title: str, points: float, required: bool) -> dict[str, Any]:
    shown = one_line(title) or rule_id
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": shown},
        "fullDescription": {"text": f"{shown} — {fmt_points(points, 'en')}" if points else shown},
        "defaultConfiguration": {"level": "error" if required else "warning"},
        "properties": {"points": points, "required": required, "tags": ["homework"]},
    }


def _result(item: Item, rule_id: str, index: dict[str, int], token: str | None) -> dict[str, Any]:
    # a relative URI reference: a space or newline in a student's file name must be percent-encoded
    uri = quote(item.file, safe="/")
    location: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if item.line:
        location["region"] = {"startLine": item.line}
    text = redact(one_line(item.message), token) or rule_id
    stake = f" ({fmt_points(item.stake, 'en')})" if item.stake else ""
    return {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": _LEVEL.get(item.level, "warning"),
        "message": {"text": f"{redact(one_line(item.title), token)}{stake}: {text}"},
        "locations": [{"physicalLocation": location}],
        "properties": {"pointsAtStake": item.stake},
    }
