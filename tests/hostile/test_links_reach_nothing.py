"""Hostile links in a chat, aimed at a live loopback git server: none of them reaches it (or any git),
no command runs (a marker an attack would create stays absent), and embedded credentials are shown
nowhere — while the one honest link in the same chat is fetched and graded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, make_repo
from tests.hostile.builders import HostileGit

SECRET = "ghp_" + "EmbeddedFAKE0123456789abcdefABCDEFgh"


@pytest.fixture
def git_server(repo_root: Path) -> Iterator[HostileGit]:
    make_repo(repo_root, "alice", "hw", [("2026-11-20T10:00:00+03:00", {"README.md": GOOD_README.encode()})])
    server = HostileGit(repo_root).start()
    try:
        yield server
    finally:
        server.stop()


def payloads(url: str, hostport: str, marker: Path, repo_root: Path) -> list[str]:
    return [
        f"--upload-pack=touch {marker}",
        f"-oProxyCommand=touch {marker}",
        f"ext::sh -c touch% {marker}",
        f"{url}/--upload-pack=touch%20{marker}/hw",
        f"{url}/%2D%2Dupload-pack=x/hw",
        f"git@127.0.0.1:-oProxyCommand=touch%20{marker}/hw.git",
        "file:///etc",
        f"file://{repo_root}/alice/hw.git",
        f"http://{hostport}@evil.example/alice/hw",
        f"http://evil.example@{hostport}/alice/hw",
        f"http://x-access-token:{SECRET}@{hostport}/alice/hw",
        f"http://{hostport}.evil.example/alice/hw",
        f"http://127.0.0.1:{hostport.split(':')[1]}/alice/hw/../../../etc",
        f"{url}/alice/" + "a" * 10_000,
        f"{url}/alice/hw/tree/-c core.fsmonitor=touch%20{marker}",
        f"{url}/alice/hw\u202e",
    ]


def test_hostile_links_never_reach_the_server(
    git_server: HostileGit, repo_root: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    hostport = git_server.url.split("://", 1)[1]
    attacks = payloads(git_server.url, hostport, marker, repo_root)
    chat = tmp_path / "chat.txt"
    lines = [f"Student{i}: {p}" for i, p in enumerate(attacks)]
    chat.write_text("\n".join([*lines, f"Alice: {git_server.url}/alice/hw"]) + "\n", "utf-8")
    out = tmp_path / "out"
    api = ApiServer(repo_root)  # never started: nothing may need it
    argv = ["batch", str(chat), "--out", str(out), "--github-url", git_server.url, "--api-url", api.url,
            "--lang", "en", "--timeout", "2"]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
    assert result.exit_code == 3, result.output
    assert not marker.exists()
    # only the honest repository was ever asked for
    asked = {p.lower().split("?")[0].removesuffix("/info/refs") for p in git_server.paths}
    assert asked and asked <= {"/alice/hw.git", "/alice/hw.git/git-upload-pack"}, asked
    rows = {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}
    assert rows.pop("Alice")["status"] == "graded"
    assert {r["status"] for r in rows.values()} == {"invalid_link"}
    unrecognized = (out / "unrecognized.txt").read_text("utf-8").splitlines()
    assert len(rows) + len(unrecognized) == len(attacks), (sorted(rows), unrecognized)
    assert SECRET not in result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
