"""Gradescope's autograder `results.json`, one per student (docs: "Autograder Specifications").

`score` is the final score (decisions and the late penalty applied): Gradescope takes it over the
tests' sum. Each criterion is a test with its points, `max_score`, `passed`/`failed` and its feedback
as `output`.
"""

from __future__ import annotations

from typing import Any

from grader.export.common import Graded, criterion_text


def results_json(item: Graded) -> dict[str, Any]:
    result = item.result
    row = item.g.row
    tests = [
        {
            "name": c.title,
            "number": str(i),
            "score": c.points,
            "max_score": c.max_points,
            "status": "passed" if c.status == "pass" else "failed",
            "output": criterion_text(c),
            "visibility": "visible",
        }
        for i, c in enumerate(result.criteria, 1)
    ]
    penalty = f" (late penalty −{row.penalty:g}%)" if row.penalty else ""
    return {
        "score": item.score,
        "output": f"{result.rubric.title}: {item.score:g} / {item.max_score:g}{penalty}",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"rubric": result.rubric.id, "rubric_sha256": result.rubric.sha256,
                       "repo": row.repo_url, "commit": row.commit_sha},
    }  # fmt: skip
