"""Property tests: any text parses, any bytes grade, any valid parameters run — never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from grader.checks import Status, registry
from grader.document.markdown import parse_markdown
from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.report.json_report import render_json
from grader.report.markdown import render_markdown
from grader.report.text import render_text
from grader.resources.bundled import bundled_dir, bundled_ids
from grader.rubric.load import load_rubric

from .conftest import SAMPLES
from .schema_strategy import from_schema

MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("#*-_`[]()!<>|:.\n\t >0123456789абвёabc")) | st.characters(),
    max_size=400,
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(MARKDOWNISH)
def test_any_text_parses_with_lines_inside_the_file(text: str) -> None:
    text = text.replace("\r", "\n")
    doc = parse_markdown("x.md", text)
    last = doc.line_count
    for section in doc.root.walk():
        assert 1 <= section.line <= section.end_line <= last
    for block in doc.blocks():
        assert 1 <= block.line <= block.end_line <= last
    for located in [*doc.links, *doc.images]:
        assert 1 <= located.line <= last


@SETTINGS
@given(st.binary(max_size=600), MARKDOWNISH)
def test_any_bytes_grade_into_every_report(data: bytes, text: str) -> None:
    snapshot = Snapshot(
        label="x",
        files=["README.md", "hw1/answer.md"],
        markdown={"README.md": data, "hw1/answer.md": text.encode("utf-8", "surrogatepass")},
    )
    submission = build_submission(snapshot)
    for rubric_id in bundled_ids():
        result = grade(submission, load_rubric(rubric_id), "ru")
        assert all(c.status != Status.ERROR.value for c in result.criteria), result.criteria
        json.loads(render_json(result))
        render_markdown(result)
        render_text(result)


def _schemas() -> list[tuple[str, dict[str, object]]]:
    return [(name, check.params.model_json_schema()) for name, check in registry().items()]


@pytest.mark.parametrize(("name", "schema"), _schemas(), ids=[n for n, _ in _schemas()])
def test_any_valid_parameters_run_without_error(name: str, schema: dict[str, object]) -> None:
    check = registry()[name]
    submission = build_submission(_sample_snapshot())

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema))
    def run(raw: object) -> None:
        try:
            params = check.params.model_validate(raw, context={"rubric_dir": bundled_dir()})
        except ValidationError:
            assume(False)
            return
        outcome = check.run(submission, params)
        assert 0.0 <= outcome.met <= 1.0
        for evidence in outcome.evidence:
            assert evidence.line is None or evidence.line >= 1

    run()


def _sample_snapshot() -> Snapshot:
    folder = SAMPLES / "strong-ru"
    markdown = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    return Snapshot(label="strong-ru", files=sorted(markdown), markdown=markdown)


@SETTINGS
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_glob_compiles_and_matches_without_error(pattern: str, path: str) -> None:
    from grader.document.paths import glob_regex

    glob_regex(pattern).match(path)
    glob_regex(pattern, case_sensitive=True).match(path)
