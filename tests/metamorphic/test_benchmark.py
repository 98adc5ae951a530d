"""benchmarks/metamorphic.py: skips a missing corpus, counts changed cells per transformation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ..conftest import ROOT, SAMPLES


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("metamorphic_bench", ROOT / "benchmarks" / "metamorphic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["metamorphic_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_a_missing_corpus_is_skipped_politely(capsys: pytest.CaptureFixture[str]) -> None:
    assert _benchmark().main(["/no/such/corpus"]) == 0
    assert "not found, skipped" in capsys.readouterr().out


def test_it_reports_each_transformation_over_the_cases_of_grades_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "README.md").write_text(
        (SAMPLES / "strong-en" / "README.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "grades.csv").write_text("folder,smart\none,2\nmissing,0\n", encoding="utf-8")
    assert _benchmark().main([str(tmp_path), "--only", "crlf", "whitespace"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("rubric: otus-mlops-hw1  cases: 1  criteria: 7")
    assert [line.split()[0] for line in lines[2:4]] == ["crlf", "whitespace"]
    assert "applied to  1 cases  changed   0 of   7 cells in  0 cases" in lines[2]
    assert lines[-1] == "changed cells in all: 0"


def test_an_unknown_transformation_is_a_usage_error(tmp_path: Path) -> None:
    assert _benchmark().main([str(tmp_path), "--only", "no-such-change"]) == 2
