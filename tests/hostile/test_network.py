"""A git host and an API that misbehave on purpose, on 127.0.0.1: every answer GitHub is known to give
becomes a named row status within a bounded time, the other students are graded, the token is
never shown. (500/429/drop/silence/80 B/s/redirect of the git server and 404/403/429 + Retry-After/
500-once/drop of the API are proven in tests/batch/test_batch_remote.py and not repeated here.)"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.hostile.builders import HostileApi, HostileGit

BEFORE = "2026-11-28T12:00:00+03:00"
DEADLINE = "2026-12-01T23:59+03:00"
FAKE_TOKEN = "ghp_" + "N3tw0rkFAKEtoken0123456789abcdefABCD"
Servers = tuple[HostileGit, HostileApi]


@pytest.fixture
def hostile_servers(tmp_path: Path) -> Iterator[Servers]:
    root = tmp_path / "repos"
    root.mkdir()
    for owner in ("alice", "carl"):
        make_repo(root, owner, "hw", [(BEFORE, {"README.md": GOOD_README.encode()})])
    git_server = HostileGit(root).start()
    api = HostileApi(root).start()
    try:
        yield git_server, api
    finally:
        git_server.stop()
        api.stop()


def run_batch(
    servers: Servers, tmp_path: Path, *extra: str
) -> tuple[dict[str, dict[str, object]], str, float]:
    git_server, api = servers
    chat = tmp_path / "chat.txt"
    chat.write_text(f"Alice: {git_server.url}/alice/hw\nCarl: {git_server.url}/carl/hw\n", "utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(chat), "--out", str(out), "--github-url", git_server.url, "--api-url", api.url,
            "--lang", "en", "--timeout", "2", "--max-wait", "5", *extra]  # fmt: skip
    started = time.monotonic()
    result = CliRunner(env={"GITHUB_TOKEN": FAKE_TOKEN}).invoke(main, argv)
    elapsed = time.monotonic() - started
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output and FAKE_TOKEN not in result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert FAKE_TOKEN.encode() not in path.read_bytes(), path
    rows = {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}
    assert rows["Carl"]["status"] == "graded", rows["Carl"]  # one bad repository never stops the others
    return rows, result.output, elapsed


API_CASES = [
    ("401", "fetch_error"),
    ("hang", "timeout"),
    ("trickle", "timeout"),
    ("short", "fetch_error"),
    ("primary", "rate_limited"),  # resets in an hour: past --max-wait, so not waited out
    ("secondary", "graded"),  # Retry-After: 1 is waited out, then the answer comes
    ("secondary-bare", "rate_limited"),
    ("429-bare", "rate_limited"),
    ("502-once", "graded"),
    ("409-empty", "fetch_error"),
]


@pytest.mark.parametrize(("mode", "status"), API_CASES)
def test_api_misbehaviour_is_a_named_status_in_bounded_time(
    hostile_servers: Servers, tmp_path: Path, mode: str, status: str
) -> None:
    _, api = hostile_servers
    api.hostile["alice/hw"] = mode
    rows, _, elapsed = run_batch(hostile_servers, tmp_path, "--deadline", DEADLINE)
    assert rows["Alice"]["status"] == status, rows["Alice"]
    assert elapsed < 30, elapsed
    if status != "graded":
        assert rows["Alice"]["reason"], rows["Alice"]


GIT_CASES = [("401", "not_found"), ("502-once", "graded"), ("refs-trickle", "timeout")]


@pytest.mark.parametrize(("mode", "status"), GIT_CASES)
def test_git_misbehaviour_is_a_named_status_in_bounded_time(
    hostile_servers: Servers, tmp_path: Path, mode: str, status: str
) -> None:
    git_server, _ = hostile_servers
    git_server.hostile["alice/hw"] = mode
    rows, _, elapsed = run_batch(hostile_servers, tmp_path)
    assert rows["Alice"]["status"] == status, rows["Alice"]
    assert elapsed < 30, elapsed
