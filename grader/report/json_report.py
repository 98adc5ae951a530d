"""The JSON report: sorted keys, stable order, UTF-8 (the machine-readable contract)."""

from __future__ import annotations

import json

from grader.report.escape import json_inert
from grader.scoring.result import Result


def render_json(result: Result) -> str:
    data = result.model_dump(mode="json")
    for criterion in data["criteria"]:
        if criterion["decision"] is None:
            del criterion["decision"]  # the key exists only for decided criteria
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return json_inert(text) + "\n"
