"""Every domain-check case under tests/checks/cases/*.yaml: params + markdown in, outcome compared.

A case: `check` and `params` (as in a rubric), `files` ({path: markdown}), optional `locate` (a rubric's
`locate:` block, applied first), and `expect`: `status`, `met` (exact or [lo, hi]), `findings` (codes
that must be present), `no_findings` (codes that must be absent), `located` (a substring).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from grader.checks import registry
from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.engine.locate import locate
from grader.resources.bundled import bundled_dir
from grader.rubric.model import Locate
from grader.words.messages import render

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append((f"{path.stem}::{case['name']}", case))
    return out


CASES = _load()


def test_there_are_cases_for_every_domain_check() -> None:
    checked = {case["check"] for _, case in CASES}
    assert {"metrics", "smart", "canvas", "hygiene", "link", "diagram", "table"} <= checked
    assert len(CASES) >= 40


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_case(name: str, case: dict[str, Any]) -> None:
    files: dict[str, str] = case["files"]
    markdown = {p: t.encode("utf-8") for p, t in files.items() if p.endswith(".md")}
    snapshot = Snapshot(label=name, files=sorted(files), markdown=markdown, subpath=case.get("subpath"))
    submission = build_submission(snapshot)
    if "locate" in case:
        spec = Locate.model_validate(case["locate"], context={"rubric_dir": bundled_dir()})
        submission = locate(submission, spec)
    check = registry()[case["check"]]
    expect = case["expect"]
    if "invalid" in expect:
        with pytest.raises(ValidationError, match=expect["invalid"]):
            check.params.model_validate(case.get("params", {}), context={"rubric_dir": bundled_dir()})
        return
    params = check.params.model_validate(case.get("params", {}), context={"rubric_dir": bundled_dir()})
    outcome = check.run(submission, params)
    codes = [f.code for f in outcome.findings]
    if "status" in expect:
        assert outcome.status.value == expect["status"], codes
    if "met" in expect:
        want = expect["met"]
        low, high = (want, want) if isinstance(want, int | float) else want
        assert low - 1e-9 <= outcome.met <= high + 1e-9, (outcome.met, codes)
    for code in expect.get("findings", []):
        assert code in codes, codes
    for code in expect.get("no_findings", []):
        assert code not in codes, codes
    if "located" in expect:
        located = submission.located
        shown = render(located.code, located.args, "en") if located else ""
        assert expect["located"] in shown, shown
    if "documents" in expect:
        assert sorted(d.path for d in submission.documents) == sorted(expect["documents"])
    for evidence in outcome.evidence:
        assert evidence.file is None or evidence.file in files
        assert evidence.line is None or evidence.line >= 1
