"""What a command costs before it does its work: start-up against a bare interpreter, in one run.

    python benchmarks/startup.py [--repeat N]

Times, each in a fresh process (best of N): `python -c pass`, `grader --help`, `grader check` of one
bundled sample, and `grader rubric validate` of a bundled rubric, and prints each one's ratio to the
bare interpreter measured in the same run (a shared machine slows both alike). The student's GitHub
Action, editors and pre-commit hooks pay this on every run. Targets (issue 16): `--help` ≤ 1.5×,
`check` ≤ 3× `python -c pass`. A measurement, never a pass/fail: the exit code is 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_submissions" / "strong-ru"
RUBRIC = ROOT / "rubrics" / "otus-mlops-hw1.yaml"
TARGETS = {"grader --help": 1.5, "grader check strong-ru": 3.0}


def _grader(*args: str) -> list[str]:
    # the installed entry point's own code path: `python -m` would add runpy's cost to every row
    return [sys.executable, "-c", "import sys; from grader.cli import main; sys.exit(main())", *args]


COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "grader --help": _grader("--help"),
    "grader check strong-ru": _grader("check", str(SAMPLE), "--format", "json"),
    "grader rubric validate": _grader("rubric", "validate", str(RUBRIC)),
}


def best_of(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    measured = {name: best_of(command, args.repeat) for name, command in COMMANDS.items()}
    base = measured["python -c pass"]
    print(f"best of {args.repeat} fresh processes each")
    for name, seconds in measured.items():
        target = TARGETS.get(name)
        goal = f"  (target ≤ {target:g}×)" if target else ""
        print(f"  {name:<24} {seconds * 1000:7.1f} ms   ratio {seconds / base:5.1f}×{goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
