"""Issue 17, item 5: a server that lies (low likelihood on github.com, real behind proxies and on
Enterprise hosts). A protocol-v0 server gets no filter, so it is refused before any pack is asked
for; an endless ref advertisement and an endless JSON answer stop at MAX_ANSWER_BYTES, and the
reader stops with them (the server sees the client go); the 4 × --timeout bound holds across
retries. Servers are loopback fakes that end by themselves (FLOOD_LIMIT, fixed sleeps)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.fetch.limits import MAX_ANSWER_BYTES
from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.hostile.builders import FILE, FLOOD_LIMIT, HostileApi, HostileGit, fast_repo
from tests.hostile.test_network import BEFORE, DEADLINE, Servers, run_batch


@pytest.fixture
def lying_servers(tmp_path: Path) -> Iterator[Servers]:
    root = tmp_path / "repos"
    root.mkdir()
    # alice's repository holds a 4 MB blob a filter would leave out (random: it does not compress)
    fast_repo(
        root,
        "alice",
        "hw",
        [("README.md", FILE, GOOD_README.encode()), ("big.md", FILE, os.urandom(4 << 20))],
    )
    make_repo(root, "carl", "hw", [(BEFORE, {"README.md": GOOD_README.encode()})])
    git_server = HostileGit(root).start()
    api = HostileApi(root).start()
    try:
        yield git_server, api
    finally:
        git_server.stop()
        api.stop()


def test_a_server_that_cannot_filter_is_refused_before_any_pack(
    lying_servers: Servers, tmp_path: Path
) -> None:
    git_server, _ = lying_servers
    git_server.hostile["alice/hw"] = "v0"
    rows, _, _ = run_batch(lying_servers, tmp_path)
    assert rows["Alice"]["status"] == "fetch_error", rows["Alice"]
    assert "cannot filter" in str(rows["Alice"]["reason"]), rows["Alice"]
    assert git_server.posts == 1  # carl's fetch only: alice's 4 MB were never asked for


def test_an_endless_ref_advertisement_stops_at_the_cap(lying_servers: Servers, tmp_path: Path) -> None:
    git_server, _ = lying_servers
    git_server.hostile["alice/hw"] = "refs-flood"
    rows, _, elapsed = run_batch(lying_servers, tmp_path)
    assert rows["Alice"]["status"] == "fetch_error", rows["Alice"]
    assert "over 8 MB" in str(rows["Alice"]["reason"]), rows["Alice"]
    time.sleep(0.5)
    assert 0 < git_server.flooded < MAX_ANSWER_BYTES + 16 * 1024 * 1024 < FLOOD_LIMIT
    assert elapsed < 20, elapsed


def test_an_endless_api_answer_stops_at_the_cap(lying_servers: Servers, tmp_path: Path) -> None:
    _, api = lying_servers
    api.hostile["alice/hw"] = "huge-json"
    rows, _, elapsed = run_batch(lying_servers, tmp_path, "--deadline", DEADLINE)
    assert rows["Alice"]["status"] == "fetch_error", rows["Alice"]
    assert "over 8 MB" in str(rows["Alice"]["reason"]), rows["Alice"]
    time.sleep(0.5)
    assert 0 < api.flooded < MAX_ANSWER_BYTES + 16 * 1024 * 1024 < FLOOD_LIMIT
    assert elapsed < 20, elapsed


def test_the_bound_holds_across_retries(lying_servers: Servers, tmp_path: Path) -> None:
    # each answer trickles for 3 s and then drops: transient, so retried — within one 4 × 1 s budget
    git_server, _ = lying_servers
    git_server.hostile["alice/hw"] = "slow-drop"
    started = time.monotonic()
    rows, _, _ = run_batch(lying_servers, tmp_path, "--timeout", "1", "--workers", "1")
    elapsed = time.monotonic() - started
    assert rows["Alice"]["status"] in ("timeout", "fetch_error"), rows["Alice"]
    assert git_server.hostile_hits["alice/hw"] <= 3
    assert elapsed < 4 * 1 + 4, elapsed  # the budget, plus carl's row and the start-up
