"""What makes a start fast changes nothing: libyaml reads data as PyYAML does, and a cached rubric is the
rubric (rebuilt when it, its data or the grader change; a broken cache is rebuilt, none works too)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import grader.rubric.load as rubric_module
from grader.errors import RubricError
from grader.resources import named as resources
from grader.resources.yamlpos import load_data
from grader.rubric import cache as rubric_cache
from grader.rubric.cache import cache_dir
from grader.rubric.load import load_rubric, parse_rubric, resolve_rubric

from .conftest import ROOT, SAMPLES

DATA = sorted([*ROOT.joinpath("rubrics").rglob("*.yaml"), *ROOT.joinpath("grader", "words").glob("*.yaml")])


@pytest.mark.parametrize("path", DATA, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_reads_every_data_file_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_data(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["a: [1, 2\nb: 3\n", "a: b: c\n", "\tx: 1\n", "a: *nope\n"])
def test_a_yaml_error_is_the_one_pyyaml_raises(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as ours:
        load_data(text)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.safe_load(text)
    assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))


# --- the rubric cache --------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRADER_CACHE_DIR", str(folder))
    monkeypatch.delenv("GRADER_NO_CACHE", raising=False)
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "rubrics").glob("*.pickle"))


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def validate(*args: object) -> None:
        raise AssertionError("validated again: the cache was not used")

    monkeypatch.setattr(rubric_module, "_parse", validate)


def test_a_cached_rubric_is_the_rubric_it_validated(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_rubric("otus-mlops-hw1")
    assert len(_entries(cache)) == 1
    path = resolve_rubric("otus-mlops-hw1")
    fresh = parse_rubric(path.read_text(encoding="utf-8-sig"), str(path), path.resolve().parent)
    _no_validation(monkeypatch)
    again = load_rubric("otus-mlops-hw1")
    assert again == first == fresh and again is not first
    assert again.sha256 == fresh.sha256


def test_a_changed_rubric_is_validated_again(cache: Path, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    text = resolve_rubric("otus-mlops-hw1").read_text(encoding="utf-8")
    rubric.write_text(text, encoding="utf-8")
    assert load_rubric(str(rubric)).rubric.pass_threshold == 40
    rubric.write_text(text.replace("pass_threshold: 40", "pass_threshold: 70"), encoding="utf-8")
    assert load_rubric(str(rubric)).rubric.pass_threshold == 70
    rubric.write_text(text.replace("pass_threshold: 40", "pass_threshold: 170"), encoding="utf-8")
    with pytest.raises(RubricError):
        load_rubric(str(rubric))


def test_data_put_beside_the_rubric_is_validated(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A canvas put beside the rubric takes the bundled one's place: the rubric is validated again."""
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(resolve_rubric("otus-mlops-hw1").read_text(encoding="utf-8"), encoding="utf-8")
    load_rubric(str(rubric))
    (tmp_path / "canvases").mkdir()
    (tmp_path / "canvases" / "ml-canvas.yaml").write_text("title: broken\nblocks: []\n", encoding="utf-8")
    monkeypatch.setattr(resources, "_FOUND", {})  # this process's own memory of where names were found
    with pytest.raises(RubricError, match="ml-canvas"):
        load_rubric(str(rubric))


def test_a_changed_extended_rubric_is_read_again(cache: Path, tmp_path: Path) -> None:
    parent = tmp_path / "parent.yaml"
    parent.write_text(resolve_rubric("otus-mlops-hw1").read_text(encoding="utf-8"), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nversion: '2'\n", encoding="utf-8")
    assert load_rubric(str(child)).rubric.pass_threshold == 40
    text = parent.read_text(encoding="utf-8")
    parent.write_text(text.replace("pass_threshold: 40", "pass_threshold: 75"), encoding="utf-8")
    assert load_rubric(str(child)).rubric.pass_threshold == 75


def test_a_corrupt_entry_is_rebuilt(cache: Path) -> None:
    first = load_rubric("otus-mlops-hw1")
    for broken in (b"", b"not a pickle", pickle.dumps({"format": "another"}), pickle.dumps([1, 2])):
        for entry in _entries(cache):
            entry.write_bytes(broken)
        assert load_rubric("otus-mlops-hw1") == first
        assert all(pickle.loads(entry.read_bytes())["loaded"] == first for entry in _entries(cache))


def test_no_cache_and_an_unwritable_one_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRADER_CACHE_DIR", str(folder))
    monkeypatch.setenv("GRADER_NO_CACHE", "1")
    assert cache_dir() is None
    first = load_rubric("otus-mlops-hw1")
    assert not folder.exists()
    monkeypatch.delenv("GRADER_NO_CACHE")
    folder.write_text("a file where the folder should be", encoding="utf-8")
    assert load_rubric("otus-mlops-hw1") == first


def test_a_warm_cache_grades_without_the_dictionaries(cache: Path) -> None:
    """The cache brings the vocabularies' data and the forms of their `~` words: grading with it
    neither parses YAML nor loads pymorphy3 (about a tenth of a second), and grades the same."""
    code = (
        "import sys, json; from pathlib import Path; from grader.rubric.load import load_rubric; "
        "from grader.engine.pipeline import grade_folder; "
        f"result = grade_folder(Path({str(SAMPLES / 'strong-ru')!r}), load_rubric('otus-mlops-hw1'), 'ru'); "
        "print(json.dumps([sorted(m for m in sys.modules if m in ('pymorphy3', 'yaml.cyaml')), "
        "result.model_dump(mode='json')]))"
    )
    runs = [
        json.loads(
            subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        )
        for _ in range(2)
    ]
    assert runs[0][1] == runs[1][1]
    assert "pymorphy3" in runs[0][0] and runs[1][0] == []


def test_an_edited_grader_is_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout whose code changed keeps its version number: the code's own files are in the key."""
    module = tmp_path / "check.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(rubric_cache, "_STAMPED", ((tmp_path, (".py",)),))
    before = rubric_cache._key("id: x\n", "rubric.yaml", tmp_path)
    assert rubric_cache._key("id: x\n", "rubric.yaml", tmp_path) == before
    module.write_text("x = 22\n", encoding="utf-8")
    assert rubric_cache._key("id: x\n", "rubric.yaml", tmp_path) != before
