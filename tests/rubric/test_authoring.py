"""The rubric author's commands: validate, schema, test, explain, init, checks; and `extends:`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from grader.authoring.schema import rubric_schema
from grader.checks import registry
from grader.cli import main
from grader.resources.bundled import bundled_ids
from grader.rubric.load import load_rubric

from ..conftest import ROOT, SAMPLES


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_bundled_rubrics_one_line_each() -> None:
    code, out, _ = invoke("rubric", "validate", *bundled_ids())
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(bundled_ids())
    assert all(": valid — " in line and "sha256" in line for line in lines)


def test_validate_missing_file_is_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke("rubric", "validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "rubric file not found" in err


def test_validate_exit_codes_follow_the_linters(tmp_path: Path) -> None:
    """1: problems found (like ruff, Vale, markdownlint-cli2); 2: the tool could not do its job."""
    broken = ROOT / "tests" / "rubric" / "broken" / "unknown-check.yaml"
    code, out, _ = invoke("rubric", "validate", str(broken))
    assert code == 1 and "unknown check type 'smrt'" in out
    cp1251 = tmp_path / "cp1251.yaml"
    cp1251.write_bytes("id: рубрика\n".encode("cp1251"))
    code, _, err = invoke("rubric", "validate", str(cp1251))
    assert code == 2 and err.startswith(f"error: {cp1251}: cannot read the rubric")
    assert invoke("rubric", "validate", "otus-mlops-hw1", str(broken))[0] == 1
    assert invoke("rubric", "validate", str(broken), str(tmp_path / "nope.yaml"))[0] == 2
    assert invoke("rubric", "validate")[0] == 2  # no FILES: a usage error


def test_schema_is_in_sync_with_the_models() -> None:
    committed = json.loads((ROOT / "rubrics" / "schema.json").read_text(encoding="utf-8"))
    assert committed == rubric_schema(), "regenerate: grader rubric schema -o rubrics/schema.json"
    code, out, _ = invoke("rubric", "schema")
    assert code == 0 and json.loads(out) == committed


def test_schema_accepts_every_bundled_rubric_and_knows_every_check() -> None:
    schema = rubric_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for rubric_id in bundled_ids():
        data = yaml.safe_load((ROOT / "rubrics" / f"{rubric_id}.yaml").read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], rubric_id
    for name in registry():
        variant = schema["$defs"][f"Criterion_{name}"]
        assert variant["properties"]["check"]["const"] == name
        params = schema["$defs"][variant["properties"]["params"]["$ref"].rsplit("/", 1)[-1]]
        assert all("description" in p for p in params.get("properties", {}).values())
    criterion = schema["$defs"]["Criterion"]
    assert criterion["discriminator"]["propertyName"] == "check"
    assert sorted(criterion["discriminator"]["mapping"]) == sorted(registry())


def _hw1() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text(encoding="utf-8")
    )
    return data


def _section_criterion(data: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in data["criteria"] if c["check"] == "section")


@pytest.mark.parametrize(
    ("mistake", "path", "words"),
    [
        ("wrong value", ["params", "min_words"], "-5 is less than the minimum of 0"),
        ("unknown parameter", ["params", "synonims"], "'synonims' was unexpected"),
        ("unknown check", ["check"], "'smrt' is not one of"),
        ("wrong type", ["points"], "'two' is not of type 'number'"),
    ],
)
def test_schema_names_the_one_relevant_error(mistake: str, path: list[str], words: str) -> None:
    """A discriminated union: a bad criterion gets one error about its own check, not a wall of them."""
    data = _hw1()
    target = _section_criterion(data)
    value = {"wrong value": -5, "unknown parameter": ["x"], "unknown check": "smrt", "wrong type": "two"}[
        mistake
    ]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    errors = list(jsonschema.Draft202012Validator(rubric_schema()).iter_errors(data))
    assert len(errors) == 1, [e.message for e in errors]
    assert words in errors[0].message and "\n" not in errors[0].message
    index = data["criteria"].index(_section_criterion(data)) if mistake != "unknown check" else None
    if index is not None:
        assert list(errors[0].absolute_path)[:2] == ["criteria", index]


def test_schema_takes_a_rubric_that_extends_another_as_overrides() -> None:
    validator = jsonschema.Draft202012Validator(rubric_schema())
    validator.check_schema(rubric_schema())
    scaffold = CliRunner().invoke(main, ["rubric", "init", "--from", "otus-mlops-hw1"]).stdout
    assert [e.message for e in validator.iter_errors(yaml.safe_load(scaffold))] == []
    everything = [n for numbers in _examples(scaffold).values() for n in numbers]
    assert [e.message for e in validator.iter_errors(yaml.safe_load(_uncomment(scaffold, everything)))] == []
    child = {"extends": "otus-mlops-hw1", "id": "strict", "criteria": [{"id": "smart", "pionts": 4}]}
    errors = list(validator.iter_errors(child))
    assert [e.message for e in errors] == ["Additional properties are not allowed ('pionts' was unexpected)"]
    assert list(errors[0].absolute_path) == ["criteria", 0]


def test_schema_accepts_the_scaffold_with_every_example() -> None:
    scaffold = CliRunner().invoke(main, ["rubric", "init"]).stdout
    everything = [n for numbers in _examples(scaffold).values() for n in numbers]
    data = yaml.safe_load(_uncomment(scaffold, everything))
    validator = jsonschema.Draft202012Validator(rubric_schema())
    assert [e.message for e in validator.iter_errors(data)] == []
    assert len(data["criteria"]) == len(registry()) + 1


def test_bundled_rubrics_point_editors_at_the_schema() -> None:
    for rubric_id in bundled_ids():
        first = (ROOT / "rubrics" / f"{rubric_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./schema.json"


def test_rubric_test_passes_on_the_bundled_cases() -> None:
    code, out, _ = invoke("rubric", "test", "otus-mlops-hw1")
    assert code == 0
    assert out.splitlines()[-1].endswith(" passed, 0 failed")
    assert all(line.startswith(("PASS", " ")) or "passed" in line for line in out.splitlines())


def test_rubric_test_reports_a_mismatch_with_exit_1(tmp_path: Path) -> None:
    case = tmp_path / "cases" / "wrong"
    case.mkdir(parents=True)
    (case / "README.md").write_text("# Проект\n\nпусто\n", encoding="utf-8")
    (case / "expected.json").write_text(
        json.dumps({"rubric": "otus-mlops-hw1", "criteria": {"business-metrics": 2}, "exit_code": 0})
    )
    code, out, _ = invoke("rubric", "test", "otus-mlops-hw1", "--cases", str(tmp_path / "cases"))
    assert code == 1
    assert "FAIL  wrong" in out
    assert "business-metrics: expected 2, got 0" in out
    assert "exit code: expected 0, got 1" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_explain_in_both_languages() -> None:
    code, ru, _ = invoke("rubric", "explain", "otus-mlops-hw1")
    assert code == 0 and ru.startswith("# ДЗ №1")
    assert "обязательный" in ru
    _, en, _ = invoke("rubric", "explain", "otus-mlops-hw1", "--lang", "en")
    loaded = load_rubric("otus-mlops-hw1")
    for compiled in loaded.criteria:
        assert compiled.criterion.title.get("en") in en


@pytest.mark.parametrize("from_id", [None, "otus-mlops-hw1"])
def test_init_scaffold_validates_and_lists_every_check(from_id: str | None, tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    args = ["rubric", "init", "-o", str(target)] + (["--from", from_id] if from_id else [])
    assert invoke(*args)[0] == 0
    text = target.read_text(encoding="utf-8")
    for name in registry():
        assert f"# {name}: " in text
    code, out, _ = invoke("rubric", "validate", str(target))
    assert code == 0, out


def _examples(scaffold: str) -> dict[str, list[int]]:
    """Each check's example in a scaffold: the numbers of its commented lines."""
    lines = scaffold.splitlines()
    examples: dict[str, list[int]] = {}
    current = None
    for number, line in enumerate(lines):
        if line.startswith("# ") and not line.startswith("#  ") and line[2:].split(":")[0] in registry():
            current = line[2:].split(":")[0]
            examples[current] = []
        elif current is not None and line.startswith("#   "):
            examples[current].append(number)
    return examples


def _uncomment(scaffold: str, numbers: list[int]) -> str:
    """What an editor's toggle-comment does: drop the `# ` of each selected line."""
    lines = scaffold.splitlines()
    for number in numbers:
        assert lines[number].startswith("# ")
        lines[number] = lines[number][2:]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("from_id", [None, "otus-mlops-hw1"])
def test_init_examples_are_valid_yaml_when_uncommented(from_id: str | None, tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    assert invoke("rubric", "init", "-o", str(target), *(["--from", from_id] if from_id else []))[0] == 0
    scaffold = target.read_text(encoding="utf-8")
    examples = _examples(scaffold)
    assert sorted(examples) == sorted(registry()) and all(examples.values())
    base = len(load_rubric(str(target)).criteria)
    for name, numbers in examples.items():  # each example alone
        target.write_text(_uncomment(scaffold, numbers), encoding="utf-8")
        code, out, _ = invoke("rubric", "validate", str(target))
        assert code == 0, (name, out)
        assert f"{base + 1} criteria" in out, name
    everything = [n for numbers in examples.values() for n in numbers]
    target.write_text(_uncomment(scaffold, everything), encoding="utf-8")
    code, out, _ = invoke("rubric", "validate", str(target))
    assert code == 0, out
    assert f"{base + len(registry())} criteria" in out


@pytest.mark.parametrize("where", ["inside", "outside", "stdout"])
def test_init_points_editors_at_the_bundled_schema(where: str, tmp_path: Path) -> None:
    if where == "stdout":
        folder, text = tmp_path, invoke("rubric", "init")[1]
    else:
        folder = (ROOT / "build" / "scaffold-test") if where == "inside" else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        invoke("rubric", "init", "-o", str(folder / "r.yaml"))
        text = (folder / "r.yaml").read_text(encoding="utf-8")
        (folder / "r.yaml").unlink()
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    path = first.split("$schema=", 1)[1]
    assert not path.startswith("http")
    assert Path(path).is_absolute() == (where != "inside")
    schema = folder / path  # a relative path is the open file's folder's
    assert json.loads(schema.read_text(encoding="utf-8")) == rubric_schema()


def test_checks_lists_and_describes() -> None:
    code, out, _ = invoke("checks")
    assert code == 0
    for name in registry():
        assert out.count(f"\n{name} ") + out.startswith(f"{name} ") == 1
    code, out, _ = invoke("checks", "section")
    assert code == 0
    assert "`synonyms` (list of string; required)" in out
    assert "`min_words` (integer; default 0)" in out
    assert "```yaml" in out
    code, _, err = invoke("checks", "sectoin")
    assert code == 2 and "did you mean 'section'?" in err


def test_every_check_documents_itself() -> None:
    for name, check in registry().items():
        assert check.summary, name
        for field_name, field in check.params.model_fields.items():
            assert field.description, f"{name}.{field_name} has no description"


def test_extends_overrides_adds_and_removes_by_id(tmp_path: Path) -> None:
    child = tmp_path / "strict.yaml"
    child.write_text(
        "extends: otus-mlops-hw1\nid: hw1-strict\nversion: '1'\npass_threshold: 70\n"
        "remove_criteria: [kanban]\ncriteria:\n  - id: smart\n    points: 4\n"
        "  - id: length\n    title: Length\n    points: 1\n    check: min-words\n"
        "    params: {min_words: 300}\n",
        encoding="utf-8",
    )
    parent = load_rubric("otus-mlops-hw1")
    loaded = load_rubric(str(child))
    ids = [c.criterion.id for c in loaded.criteria]
    assert ids == [c.criterion.id for c in parent.criteria if c.criterion.id != "kanban"] + ["length"]
    smart = next(c for c in loaded.criteria if c.criterion.id == "smart")
    parent_smart = next(c for c in parent.criteria if c.criterion.id == "smart")
    assert smart.criterion.points == 4
    assert smart.params.model_dump() == parent_smart.params.model_dump()  # inherited keys stay
    assert loaded.rubric.pass_threshold == 70
    assert loaded.rubric.locate == parent.rubric.locate
    assert loaded.sha256 != parent.sha256
    _code, out, _ = invoke("check", str(SAMPLES / "strong-ru"), "--rubric", str(child), "-f", "json")
    assert json.loads(out)["rubric"]["id"] == "hw1-strict"


def test_extends_by_relative_path_and_cycles(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nid: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nid: b\n", encoding="utf-8")
    code, out, _ = invoke("rubric", "validate", str(tmp_path / "a.yaml"))
    assert code == 1
    assert "extends: a cycle through" in out


@pytest.mark.parametrize("rubric_id", bundled_ids())
def test_every_bundled_rubric_passes_its_own_cases(rubric_id: str) -> None:
    code, out, _ = invoke("rubric", "test", rubric_id)
    assert code == 0, out
    assert out.splitlines()[-1].endswith(" passed, 0 failed")


def test_the_tutorial_rubric_is_the_one_the_tutorial_shows() -> None:
    tutorial = (ROOT / "docs" / "rubric-authoring.md").read_text(encoding="utf-8")
    rubric = (ROOT / "rubrics" / "ml-design-doc.yaml").read_text(encoding="utf-8")
    blocks = tutorial.split("```yaml\n")[1:]
    shown = [block.split("```")[0] for block in blocks]
    assert rubric in shown, "docs/rubric-authoring.md must show rubrics/ml-design-doc.yaml in full"
