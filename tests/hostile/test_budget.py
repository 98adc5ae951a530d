"""Issue 17, items 2 and 6: every submission — parse *and* checks — has one wall-clock budget, enforced
in a child process killed when it overruns, in `grader check` and in a batch of any size; quadratic
patterns over student text are bounded; a rubric pattern that backtracks is stopped by the budget; a
killed batch leaves no process behind. Inputs are built at test time; budgets are small to keep the
suite fast (the default-size figures are in benchmarks/hostile_bounds.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.document.snapshot import MAX_MARKDOWN_BYTES

GRADER = str(Path(sys.executable).parent / "grader")
ROOT = Path(__file__).resolve().parents[2]
SIZE = MAX_MARKDOWN_BYTES - 16
SLACK = 2.0  # what a budget may be overrun by: killing the child and reporting
GOOD = "# Цели\n\nснизить ущерб от мошенничества\n"
EVIL_RUBRIC = """\
id: evil-pattern
title: "Evil pattern"
version: "1"
languages: [ru, en]
pass_threshold: 40
criteria:
  - id: kanban
    title: "Kanban"
    points: 1
    check: link
    params:
      patterns: ['github\\.com/([\\w-]+/?)+/projects']
"""


def _run(argv: list[str], timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    return proc, time.monotonic() - started


def _bombs(folder: Path, count: int) -> Path:
    # each file parses within the per-file parse budget (3 s) or is skipped; together they do not fit
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(GOOD, "utf-8")
    for i in range(count):
        (folder / f"bomb{i:02d}.md").write_text("![" * (SIZE // 2), "utf-8")
    return folder


def test_check_stops_a_submission_at_its_budget(tmp_path: Path) -> None:
    folder = _bombs(tmp_path / "bombs", 12)  # ~12 × 3 s of parsing unbounded
    proc, elapsed = _run([GRADER, "check", str(folder), "--budget", "2"])
    assert proc.returncode == 2, proc.stderr
    assert elapsed < 2 + SLACK + 1.5, elapsed  # + the interpreter's start-up
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "took over 2 s" in lines[0] and "--budget" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_heading_of_262000_parentheses_is_graded_quickly(tmp_path: Path) -> None:
    # the canvas check's gloss pattern was quadratic on it: 118 s
    folder = tmp_path / "parens"
    folder.mkdir()
    (folder / "README.md").write_text(GOOD + "\n## " + "(" * 262_000 + "\n", "utf-8")
    proc, elapsed = _run([GRADER, "check", str(folder), "--format", "json"], timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert elapsed < 5, elapsed
    assert json.loads(proc.stdout)["criteria"]


def test_a_rubric_pattern_that_backtracks_is_stopped_by_the_budget(tmp_path: Path) -> None:
    rubric = tmp_path / "evil.yaml"
    rubric.write_text(EVIL_RUBRIC, "utf-8")
    folder = tmp_path / "url"
    folder.mkdir()
    (folder / "README.md").write_text("# Kanban\n\nhttps://github.com/" + "a-" * 24 + "!\n", "utf-8")
    proc, elapsed = _run([GRADER, "check", str(folder), "--rubric", str(rubric), "--budget", "1.5"])
    assert proc.returncode == 2 and "took over 1.5 s" in proc.stderr, proc.stderr
    assert elapsed < 1.5 + SLACK + 1.5, elapsed


def _class(tmp_path: Path, bombs: int, good: int) -> Path:
    folder = tmp_path / "class"
    for i in range(good):
        student = folder / f"good{i:02d}"
        student.mkdir(parents=True)
        (student / "README.md").write_text(GOOD, "utf-8")
    for i in range(bombs):
        _bombs(folder / f"bomb{i:02d}", 8)
    return folder


@pytest.mark.parametrize("good", [0, 5])
def test_a_batch_row_is_stopped_at_its_budget_whatever_the_row_count(tmp_path: Path, good: int) -> None:
    # below 40 rows a batch graded in threads, with no budget at all
    source = _class(tmp_path, 1, good)
    out = tmp_path / "out"
    argv = [GRADER, "batch", str(source), "--out", str(out), "--quiet", "--lang", "en", "--budget", "2"]
    proc, elapsed = _run(argv)
    assert proc.returncode in (0, 3), proc.stderr
    assert "Traceback" not in proc.stderr
    rows = {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}
    bomb = rows["bomb00"]
    assert bomb["status"] == "timeout", bomb
    assert "over 2 s" in str(bomb["reason"]), bomb
    assert all(rows[f"good{i:02d}"]["status"] == "graded" for i in range(good))
    assert elapsed < 2 + SLACK + 4, elapsed  # + start-up and the other rows on 2 cores


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_killed_batch_leaves_no_process_behind(tmp_path: Path, sig: signal.Signals) -> None:
    # SIGKILL and SIGTERM to the batch alone (its children must notice); Ctrl-C to the whole process
    # group, as a terminal sends it (the children leave the answer to the parent: no tracebacks)
    source = _class(tmp_path, 3, 3)
    out = tmp_path / "out"
    argv = [GRADER, "batch", str(source), "--out", str(out), "--quiet", "--budget", "30"]
    proc = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        seen: set[int] = set()
        stop = time.monotonic() + 20
        while time.monotonic() < stop and len(seen) < 3:  # the forkserver, the tracker, a grading child
            seen |= _descendants(proc.pid)
            time.sleep(0.1)
        assert len(seen) >= 3, seen
        time.sleep(0.5)
        seen |= _descendants(proc.pid)
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=10)
        assert "Traceback" not in err, err
        stop = time.monotonic() + 5
        while time.monotonic() < stop and any(_alive(p) for p in seen):
            time.sleep(0.1)
        left = [p for p in seen if _alive(p)]
        assert not left, [(p, (Path("/proc") / str(p) / "cmdline").read_bytes()[:120]) for p in left]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
