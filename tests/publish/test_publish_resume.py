"""A publish killed mid-way resumes without duplicates; errors never show the token."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.publish.conftest import FAKE_TOKEN, publish
from tests.publish.github_stub import GitHubStub, wait_for

REPOS = ("alice/hw", "bob/hw", "mallory/hw")


def test_a_killed_publish_resumes_without_duplicates(graded: Path, stub: GitHubStub) -> None:
    # The second write is done on the server but never answered: the process is killed waiting,
    # so the state table never hears of it. The next run must find that issue by its marker.
    stub.hang_after_writes = 1
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "publish", str(graded), "--yes",
            "--api-url", stub.url, "--write-interval", "0"]  # fmt: skip
    env = {**os.environ, "GITHUB_TOKEN": FAKE_TOKEN}
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        assert wait_for(lambda: stub.done_writes() >= 2), "the second write never came"
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert FAKE_TOKEN.encode() not in out + err
    assert sum(len(stub.repo(r).issues) for r in REPOS) == 2
    stub.hang_after_writes = None
    stub.release.set()
    db = sqlite3.connect(graded / "gradebook.sqlite")
    assert db.execute("SELECT count(*) FROM publications WHERE status = 'published'").fetchone()[0] == 1
    db.close()
    before = len(stub.writes)
    resumed = publish(stub, graded, "--yes")
    assert resumed.exit_code == 3, resumed.output  # carol: issues disabled
    assert [len(stub.repo(r).issues) for r in REPOS] == [1, 1, 1]
    assert [c.method for c in stub.writes[before:]] == ["POST"]  # only the one never written
    again = publish(stub, graded, "--yes")
    assert again.exit_code == 3 and len(stub.writes) == before + 1


def test_server_errors_leave_the_row_for_the_next_run_and_never_show_the_token(
    graded: Path, stub: GitHubStub
) -> None:
    stub.repo("alice/hw").fail_writes = (422, f"Validation failed for token {FAKE_TOKEN}")
    stub.repo("bob/hw").fail_writes = (502, "Bad gateway")
    result = publish(stub, graded, "--yes")
    assert result.exit_code == 3
    assert FAKE_TOKEN not in result.output
    assert "alice/hw" in result.output and "422" in result.output
    assert "bob/hw" in result.output and "502" in result.output
    assert len(stub.repo("mallory/hw").issues) == 1
    assert [c.path for c in stub.writes].count("/repos/bob/hw/issues") == 1  # a POST is never repeated
    db = sqlite3.connect(graded / "gradebook.sqlite")
    stored = " ".join(str(r) for r in db.execute("SELECT * FROM publications").fetchall())
    db.close()
    assert FAKE_TOKEN not in stored and "pending" in stored
    assert FAKE_TOKEN.encode() not in (graded / "gradebook.sqlite").read_bytes()
    stub.repo("alice/hw").fail_writes = stub.repo("bob/hw").fail_writes = None
    assert publish(stub, graded, "--yes").exit_code == 3  # carol only
    assert [len(stub.repo(r).issues) for r in REPOS] == [1, 1, 1]


def test_a_rejected_token_stops_with_one_line(graded: Path, stub: GitHubStub) -> None:
    stub.repo("alice/hw").fail_writes = (401, "Bad credentials")
    result = publish(stub, graded, "--yes", "--student", "Alice")
    assert result.exit_code == 2
    assert "refused the token" in result.output and "Traceback" not in result.output
