"""What makes a start fast changes nothing: libyaml reads data as PyYAML does, and a cached rubric is the
rubric (rebuilt when it, its data or the grader change; a broken cache is rebuilt, none works too)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from grader.yamlpos import load_data

from .conftest import ROOT

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
