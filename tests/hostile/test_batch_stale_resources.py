"""Issue 17, item 11: the re-grade key covers what a rubric's named resources hold, not only their
names. Editing a vocabulary once re-graded nothing, while a fresh run changed the totals. The rubric
and its data are copied at test time; each run is its own process (resources are cached per process)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_submissions"
CASES = ("strong-ru", "strong-en", "partial-ru", "metrics-no-targets")


def _batch(folder: Path, rubric: Path, out: Path) -> dict[str, object]:
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(folder),
            "--out", str(out), "--rubric", str(rubric), "--quiet"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]
    return {r["student"]: r["score"] for r in rows}


def _without_ml_terms(text: str) -> str:
    """The vocabulary with every ML metric's terms replaced by one no student writes."""
    head, _, rest = text.partition("\nml:\n")
    block, sep, tail = rest.partition("\n\n") if "\n\n" in rest else (rest, "", "")
    lines = re.sub(r"(?m)^(  [\w-]+): \[[^\]]*\]", r'\1: ["zzqx"]', block)
    lines = re.sub(r'(?m)^\s+"[^\n]*"[,\]]\s*$', "", lines)
    return f"{head}\nml:\n{lines}{sep}{tail}"


def test_editing_a_vocabulary_regrades_like_a_fresh_run(tmp_path: Path) -> None:
    data = tmp_path / "rubric"
    data.mkdir()
    shutil.copy(ROOT / "rubrics" / "otus-mlops-hw1.yaml", data / "hw1.yaml")
    for kind in ("vocabularies", "canvases", "fingerprints"):
        shutil.copytree(ROOT / "rubrics" / kind, data / kind)
    folder = tmp_path / "class"
    for case in CASES:
        shutil.copytree(SAMPLES / case, folder / case)
    out = tmp_path / "out"
    before = _batch(folder, data / "hw1.yaml", out)

    vocabulary = data / "vocabularies" / "metrics.yaml"
    vocabulary.write_text(_without_ml_terms(vocabulary.read_text("utf-8")), "utf-8")
    again = _batch(folder, data / "hw1.yaml", out)
    fresh = _batch(folder, data / "hw1.yaml", tmp_path / "fresh")
    assert fresh != before  # the edit matters ...
    assert again == fresh  # ... and the re-run sees it, as a fresh run does
