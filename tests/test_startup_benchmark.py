"""The start-up benchmark runs and prints a ratio for every command (its numbers are for the notes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_startup_benchmark_prints_every_ratio() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--repeat", "1"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    names = ("python -c pass", "import click (floor)", "check's libraries", "grader --help")
    for name in (*names, "grader check strong-ru", "grader rubric validate"):
        assert name in done.stdout and "ratio" in done.stdout, done.stdout
