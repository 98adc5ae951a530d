"""`--format sarif` and `--sarif FILE`: SARIF 2.1.0 that validates and points at repository paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from grader.cli import main

from ..conftest import SHARED
from .conftest import actions_env, build_workspace

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason="validating SARIF needs jsonschema (dev extra)")
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA} (../shared/schemas/ beside the checkout)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the schema says draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _sarif(tmp_path: Path, sample: str, sub: str = "", *extra: str) -> dict[str, Any]:
    run = actions_env(tmp_path, build_workspace(tmp_path, sample, sub))
    target = run.workspace / sub if sub else run.workspace
    result = CliRunner().invoke(main, ["check", str(target), "-f", "sarif", *extra], env=run.env)
    assert result.exit_code in (0, 1), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize("sample", ["strong-ru", "partial-ru", "no-markdown", "task-copied"])
def test_sarif_validates_against_the_schema(tmp_path: Path, sample: str, validator: Any) -> None:
    doc = _sarif(tmp_path, sample)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_one_rule_per_criterion_and_located_results(tmp_path: Path) -> None:
    doc = _sarif(tmp_path, "partial-ru", "hw/1", "--lang", "en")
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    report = json.loads(
        CliRunner().invoke(main, ["check", str(tmp_path / "workspace/hw/1"), "-f", "json", "-l", "en"]).stdout
    )
    assert [r["id"] for r in rules[:-1]] == [c["id"] for c in report["criteria"]]
    assert len({r["id"] for r in rules}) == len(rules)
    assert run["results"], "a partial answer has things to fix"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "hw/1/README.md", "uriBaseId": "%SRCROOT%"}
        assert location["physicalLocation"].get("region", {"startLine": 1})["startLine"] >= 1
    failed = {c["id"] for c in report["criteria"] if c["status"] == "fail"}
    assert {r["ruleId"] for r in run["results"] if r["level"] == "error"} == failed
    assert run["properties"]["score"] == report["score"]


def test_sarif_file_beside_another_format(tmp_path: Path, validator: Any) -> None:
    run = actions_env(tmp_path, build_workspace(tmp_path, "strong-en"))
    out = tmp_path / "out" / "grader.sarif"
    result = CliRunner().invoke(main, ["check", str(run.workspace), "--sarif", str(out)], env=run.env)
    assert result.exit_code == 0, result.output
    assert not list(validator.iter_errors(json.loads(out.read_text(encoding="utf-8"))))


def test_the_validator_rejects_a_broken_document(tmp_path: Path, validator: Any) -> None:
    doc = _sarif(tmp_path, "partial-ru")
    doc["runs"][0]["results"][0]["level"] = "fatal"
    del doc["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(doc))) >= 2


def test_file_names_become_valid_relative_uris(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    (folder / "my docs").mkdir(parents=True)
    (folder / "my docs" / "ответ 1.md").write_text("# Цели\n\nTODO\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(folder), "-f", "sarif"]).stdout
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for run in json.loads(out)["runs"]
        for result in run["results"]
        for loc in result.get("locations", [])
    ]
    assert uris and all(" " not in u and "\n" not in u for u in uris)
    assert "my%20docs/%D0%BE%D1%82%D0%B2%D0%B5%D1%82%201.md" in uris
