"""Issue 17, item 3: one slow submission must not hold back everyone else's outputs, and Ctrl-C or
SIGTERM stops the run promptly with every finished row written out. Fixture built at test time: six
repositories on the loopback host and one whose server trickles its answers at 80 bytes a second."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, GitHttpServer, make_repo

FAST = 6


def _start(chat: Path, out: Path, servers: tuple[GitHttpServer, ApiServer]) -> subprocess.Popen[str]:
    git_server, api = servers
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(chat),
            "--out", str(out), "--quiet", "--workers", "4", "--timeout", "60",
            "--github-url", git_server.url, "--api-url", api.url]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _graded_in_sqlite(out: Path) -> int:
    try:
        db = sqlite3.connect(out / "gradebook.sqlite", timeout=1)
        try:
            return int(db.execute("SELECT count(*) FROM rows WHERE status = 'graded'").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _graded_in_csv(out: Path) -> int:
    try:
        text = (out / "gradebook.csv").read_text("utf-8-sig")
    except OSError:
        return 0
    return sum(1 for row in csv.DictReader(io.StringIO(text)) if row["status"] == "graded")


def _until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def slow_class(repo_root: Path, servers: tuple[GitHttpServer, ApiServer], tmp_path: Path) -> Path:
    git_server, _ = servers
    lines = []
    for i in range(FAST + 1):
        make_repo(
            repo_root, f"s{i}", "hw", [("2026-11-20T10:00:00+03:00", {"README.md": GOOD_README.encode()})]
        )
        lines.append(f"Student {i}: {git_server.url}/s{i}/hw")
    git_server.behaviour[f"s{FAST}/hw"] = "trickle"
    chat = tmp_path / "chat.txt"
    chat.write_text("\n".join(lines) + "\n", "utf-8")
    return chat


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_outputs_exist_mid_run_and_a_signal_stops_promptly_with_them(
    slow_class: Path, servers: tuple[GitHttpServer, ApiServer], tmp_path: Path, stop: signal.Signals
) -> None:
    out = tmp_path / "out"
    proc = _start(slow_class, out, servers)
    try:
        assert _until(lambda: _graded_in_sqlite(out) == FAST, 60)
        # the slow one is still running, and the others' outputs are already there
        assert _until(lambda: _graded_in_csv(out) == FAST, 8)
        assert proc.poll() is None
        assert len(list((out / "feedback").glob("*.md"))) == FAST
        started = time.monotonic()
        proc.send_signal(stop)
        code = proc.wait(timeout=10)
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 130, stderr
    assert took < 5, took
    assert "interrupted" in stderr and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert _graded_in_csv(out) == FAST
    assert (out / "gradebook.xlsx").is_file() and (out / "gradebook.json").is_file()
