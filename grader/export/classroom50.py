"""classroom50's `result.json` (its schema `classroom50/result/v1`), one per student repository.

The schema takes whole points only: fractional points are rounded half up, and the caller is told.
Identity fields come from the graded repository: `owner` is its owner, `commit` a link to the graded
commit, `submission` a `submit/<UTC time>-<short sha>` name for this grading.
"""

from __future__ import annotations

import math
from datetime import UTC
from typing import Any

from grader.export.common import Graded, criterion_text
from grader.publish.compose import repo_of
from grader.scoring.late import stored_time


def _whole(value: float) -> int:
    return math.floor(value + 0.5)


def _utc(text: str | None) -> str | None:
    moment = stored_time(text)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


def result_json(item: Graded, classroom: str) -> tuple[dict[str, Any] | None, bool]:
    """(the document, whether points were rounded); None for a row with no repository or commit."""
    row = item.g.row
    repo = repo_of(row.repo_url)
    if repo is None or not row.commit_sha or not row.repo_url:
        return None, False
    when = _utc(row.committed_at) or _utc(row.submitted_at) or _utc(row.updated_at) or "1970-01-01T00:00:00Z"
    tag = f"submit/{when.replace('-', '').replace(':', '')}-{row.commit_sha[:7]}"
    commit = f"{row.repo_url}/commit/{row.commit_sha}"
    tests = []
    rounded = False
    for c in item.result.criteria:
        points, top = _whole(c.points), _whole(c.max_points)
        rounded |= points != c.points or top != c.max_points
        tests.append({"test-name": c.title, "passed": c.status == "pass", "score": min(points, top),
                      "max-score": top, "output": criterion_text(c)})  # fmt: skip
    score, top = _whole(item.score), _whole(item.max_score)
    rounded |= score != item.score or top != item.max_score
    doc = {
        "schema": "classroom50/result/v1", "classroom": classroom, "assignment": item.result.rubric.id,
        "assignment_type": "individual", "owner": repo.split("/")[0], "submission": tag,
        "commit": commit, "release": f"{row.repo_url}/releases/tag/{tag}", "review": commit,
        "datetime": when, "graded_at": _utc(row.updated_at) or when,
        "score": min(score, top), "max-score": top, "tests": tests,
    }  # fmt: skip
    return doc, rounded
