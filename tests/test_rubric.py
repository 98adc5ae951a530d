"""Rubric loading: bundled by id, and every error located as `file:line:col: field: message`."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from grader.errors import InputError, RubricError
from grader.resources.bundled import bundled_ids
from grader.rubric.load import load_rubric, parse_rubric

from .conftest import ROOT

VALID = """\
id: demo
title: {ru: "Демо", en: "Demo"}
version: "1"
pass_threshold: 50
criteria:
  - id: readme
    title: README
    points: 1
    check: file-exists
    params: {patterns: [README.md]}
"""


def errors(text: str) -> list[str]:
    with pytest.raises(RubricError) as info:
        parse_rubric(text, "r.yaml")
    return info.value.problems


def test_bundled_rubric_loads_by_id_with_stable_ids() -> None:
    assert "otus-mlops-hw1" in bundled_ids()
    loaded = load_rubric("otus-mlops-hw1")
    ids = [c.criterion.id for c in loaded.criteria]
    assert {"business-metrics", "ml-metrics", "canvas", "smart", "structure"} <= set(ids)
    assert len(loaded.sha256) == 64


def test_plain_string_text_means_both_languages() -> None:
    loaded = parse_rubric(VALID, "r.yaml")
    title = loaded.criteria[0].criterion.title
    assert (title.get("ru"), title.get("en")) == ("README", "README")
    assert loaded.rubric.max_score == 1


def test_sha256_is_stable_and_tracks_content() -> None:
    first = parse_rubric(VALID, "a.yaml").sha256
    assert parse_rubric("# a comment\n" + VALID, "b.yaml").sha256 == first
    assert parse_rubric(VALID.replace("points: 1", "points: 2"), "a.yaml").sha256 != first


def test_invalid_yaml_is_one_located_line() -> None:
    assert errors("id: x\ncriteria: [\n  - a: b\n") == [
        "r.yaml:3:3: not valid YAML: did not find expected node content"
    ]


def test_unknown_check_type_suggests_the_nearest() -> None:
    text = VALID.replace("check: file-exists", "check: file-exist")
    assert errors(text) == [
        "r.yaml:9:12: criteria[0].check: unknown check type 'file-exist' "
        "(did you mean 'file-exists'? `grader checks` lists them)"
    ]


def test_wrong_and_unknown_parameters_are_located() -> None:
    text = VALID.replace("params: {patterns: [README.md]}", "params: {patterns: 5, min_cuont: 2}")
    assert errors(text) == [
        "r.yaml:10:24: criteria[0].params.patterns: Input should be a valid list",
        "r.yaml:10:38: criteria[0].params.min_cuont: unknown field "
        "(check its spelling; `grader checks NAME` lists parameters)",
    ]


def test_all_errors_at_once() -> None:
    text = VALID.replace('version: "1"\n', "").replace("points: 1", "points: -1") + (
        "  - id: readme\n    title: again\n    points: 1\n    check: nope\n"
    )
    assert errors(text) == [
        "r.yaml:1:1: version: required field is missing",
        "r.yaml:7:13: criteria[0].points: Input should be greater than 0",
        "r.yaml:10:9: criteria[1].id: duplicate criterion id 'readme' (first at criteria[0]); "
        "ids must be unique",
        "r.yaml:13:12: criteria[1].check: unknown check type 'nope' (`grader checks` lists them)",
    ]


def test_not_a_mapping() -> None:
    assert errors("- a\n- b\n") == ["r.yaml:1:1: the rubric must be a mapping with `id` and `criteria`"]


def test_unknown_id_and_missing_path_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no bundled rubric with this id"):
        load_rubric("no-such-rubric")
    with pytest.raises(InputError, match="rubric file not found"):
        load_rubric(str(tmp_path / "missing.yaml"))


def test_a_quoted_rubric_deadline_date_is_the_end_of_that_day(tmp_path: Path) -> None:
    from grader.scoring.late import rubric_deadline

    text = (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text("utf-8")
    for written in ('"2026-12-01"', "2026-12-01"):
        path = tmp_path / "rubric.yaml"
        path.write_text(text + f"\ndeadline: {written}\n", "utf-8")
        deadline = rubric_deadline(load_rubric(str(path)).rubric.deadline, UTC)
        assert deadline is not None and deadline.isoformat() == "2026-12-01T23:59:59+00:00", written
