"""A batch killed with SIGKILL midway and run again ends with the same gradebook as an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, GitHttpServer, make_repo

STUDENTS = 10


def _grader(chat: Path, out: Path, git_server: GitHttpServer, api: ApiServer) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(chat),
            "--out", str(out), "--quiet", "--workers", "2",
            "--github-url", git_server.url, "--api-url", api.url]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _written(out: Path) -> int:
    try:
        db = sqlite3.connect(out / "gradebook.sqlite", timeout=1)
        try:
            return int(db.execute("SELECT count(*) FROM rows").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _gradebook(out: Path) -> object:
    return json.loads((out / "gradebook.json").read_text("utf-8"))


def test_sigkill_then_rerun_gives_the_same_gradebook(
    repo_root: Path, servers: tuple[GitHttpServer, ApiServer], tmp_path: Path
) -> None:
    git_server, api = servers
    lines = []
    for i in range(STUDENTS):
        body = GOOD_README + "\n".join(f"- пункт {j}" for j in range(i)) + "\n"
        make_repo(repo_root, f"s{i}", "hw", [("2026-11-20T10:00:00+03:00", {"README.md": body.encode()})])
        lines.append(f"Student {i}: {git_server.url}/s{i}/hw")
    chat = tmp_path / "chat.txt"
    chat.write_text("\n".join(lines) + "\n", "utf-8")

    reference = tmp_path / "reference"
    assert _grader(chat, reference, git_server, api).wait(timeout=120) == 0

    git_server.delay = 0.3  # slow fetches so the kill lands midway
    out = tmp_path / "out"
    proc = _grader(chat, out, git_server, api)
    deadline = time.monotonic() + 60
    while _written(out) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    done_before = _written(out)
    assert 3 <= done_before < STUDENTS

    git_server.delay = 0.0
    posts = git_server.posts
    rerun = _grader(chat, out, git_server, api)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert _gradebook(out) == _gradebook(reference)
    assert _written(out) == STUDENTS
    # Rows written before the kill are not fetched again (at most the ones in flight are).
    assert git_server.posts - posts <= STUDENTS - done_before
