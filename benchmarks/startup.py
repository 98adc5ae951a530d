"""What a command costs before it does its work: start-up against a bare interpreter, in one run.

    python benchmarks/startup.py [--repeat N]

Times, each in a fresh process (best of N, after one untimed run): `python -c pass`, `python -c
"import click"`, `grader --help`, `grader check` of one bundled sample, and `grader rubric validate`
of a bundled rubric, and prints each one's ratio to the bare interpreter measured in the same run (a
shared machine slows both alike). The student's GitHub Action, editors and pre-commit hooks pay this
on every run. Targets (issue 16): `--help` ≤ 1.5×, `check` ≤ 3× `python -c pass`.

`import click` is the floor of every command: the command line is click, and importing click alone
costs about 3× a bare interpreter on the machine these targets were set on, so no grader row can come
under that row's ratio. `check` cannot come under the libraries it needs either (click, pydantic with
its first model built, markdown-it-py): a row of their own.

A run keeps its validated rubric, the rubric's data and its words in a cache folder
(grader/rubric/cache.py): the grader rows use a fresh temporary one, warmed by the untimed run, as an
editor or a pre-commit hook sees it; the `(no cache)` rows time a run without it (GRADER_NO_CACHE=1), as
a first run, or a CI job that keeps no cache, pays it. A measurement, never a pass/fail: exit code 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_submissions" / "strong-ru"
RUBRIC = ROOT / "rubrics" / "otus-mlops-hw1.yaml"
TARGETS = {"grader --help": 1.5, "grader check strong-ru": 3.0}
FLOOR = "import click (floor)"
CHECK_FLOOR = "check's libraries"
CHECK_LIBRARIES = "import click, pydantic, markdown_it; pydantic.create_model('M')"
NO_CACHE = {"GRADER_NO_CACHE": "1"}


def _grader(*args: str) -> list[str]:
    # the installed entry point's own code path: `python -m` would add runpy's cost to every row
    return [sys.executable, "-c", "import sys; from grader.cli import main; sys.exit(main())", *args]


CHECK = _grader("check", str(SAMPLE), "--format", "json")
VALIDATE = _grader("rubric", "validate", str(RUBRIC))
# name -> (command, extra environment)
COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "python -c pass": ([sys.executable, "-c", "pass"], {}),
    FLOOR: ([sys.executable, "-c", "import click"], {}),
    # what `check` cannot do without: the command line, the rubric's and the result's models, the parser
    CHECK_FLOOR: ([sys.executable, "-c", CHECK_LIBRARIES], {}),
    "grader --help": (_grader("--help"), {}),
    "grader check strong-ru": (CHECK, {}),
    "grader rubric validate": (VALIDATE, {}),
    "  check (no cache)": (CHECK, NO_CACHE),
    "  validate (no cache)": (VALIDATE, NO_CACHE),
}


def best_of(command: list[str], env: dict[str, str], repeat: int) -> float:
    times = []
    for run in range(repeat + 1):
        started = time.perf_counter()
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT, env=env
        )
        if run:  # the first run warms the file system's cache and the grader's own
            times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="grader-startup-cache-") as cache:
        base_env = {**os.environ, "GRADER_CACHE_DIR": cache}
        base_env.pop("GRADER_NO_CACHE", None)
        measured = {
            name: best_of(command, {**base_env, **extra}, args.repeat)
            for name, (command, extra) in COMMANDS.items()
        }
    base = measured["python -c pass"]
    print(f"best of {args.repeat} fresh processes each (after one untimed run)")
    for name, seconds in measured.items():
        target = TARGETS.get(name)
        goal = f"  (target ≤ {target:g}×)" if target else ""
        print(f"  {name:<24} {seconds * 1000:7.1f} ms   ratio {seconds / base:5.1f}×{goal}")
    print(f"  ({FLOOR}: what any click command costs before its own code; no grader row goes below it)")
    print(f"  ({CHECK_FLOOR}: click, pydantic with its first model built, markdown-it-py: check's floor)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
