"""Golden reports: every sample's JSON report and Markdown feedback, in Russian and English.

A change to judgement or wording shows here as a diff of `tests/golden/`, to be read and kept on
purpose; a refactor shows none. Regenerate after a deliberate change with

    .venv/bin/python -m pytest tests/test_golden.py --update-goldens

and review `git diff tests/golden/` before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.lang import Lang
from grader.report.json_report import render_json
from grader.report.markdown import render_markdown
from grader.rubric.load import load_rubric

from .conftest import SAMPLES

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.parent for p in SAMPLES.rglob("expected.json"))
LANGS: tuple[Lang, ...] = ("ru", "en")


def _outputs(case: Path, lang: Lang) -> dict[str, str]:
    rubric = json.loads((case / "expected.json").read_text(encoding="utf-8"))["rubric"]
    name = case.relative_to(SAMPLES).as_posix()
    # the label is the case's own name: no absolute path in a golden file
    result = grade(build_submission(read_folder(case, label=name)), load_rubric(rubric), lang)
    return {"json": render_json(result), "md": render_markdown(result)}


@pytest.mark.parametrize("case", CASES, ids=[c.relative_to(SAMPLES).as_posix() for c in CASES])
def test_reports_are_as_golden(case: Path, request: pytest.FixtureRequest) -> None:
    update = bool(request.config.getoption("--update-goldens"))
    folder = GOLDEN / case.relative_to(SAMPLES)
    differ: list[str] = []
    for lang in LANGS:
        for kind, text in _outputs(case, lang).items():
            path = folder / f"{lang}.{kind}"
            if update:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            elif not path.is_file() or path.read_text(encoding="utf-8") != text:
                differ.append(path.name)
    assert not differ, (
        f"{case.name}: {differ} differ from tests/golden (pytest --update-goldens, then review)"
    )


def test_every_golden_belongs_to_a_sample() -> None:
    cases = {c.relative_to(SAMPLES).as_posix() for c in CASES}
    stale = sorted(
        p.parent.relative_to(GOLDEN).as_posix()
        for p in GOLDEN.rglob("*.json")
        if p.parent.relative_to(GOLDEN).as_posix() not in cases
    )
    assert not stale, f"goldens without a sample: {stale}"
