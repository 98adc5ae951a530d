"""A graded batch whose rows point at repositories (served on 127.0.0.1), and the GitHub stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grader.cli import main
from tests.batch.conftest import GOOD_README
from tests.batch.servers import GitHttpServer, make_repo
from tests.publish.github_stub import GitHubStub, github_stub

FAKE_TOKEN = "ghp_PUBLISHtoken0123456789abcdefABCDEF01"
# THREATS.md's payloads, in a student's name and in the text the feedback quotes.
HOSTILE_NAME = '@octocat "><img src=x onerror=alert(1)> {{7*7}}'
HOSTILE_README = GOOD_README.replace(
    "Снизить отток клиентов на 5% за квартал;",
    "Снизить отток клиентов на 5% за квартал @org/team @octocat <script>alert(1)</script> "
    '"><img src=x onerror=alert(1)> {{7*7}};',
).replace("на отложенной выборке.", "на отложенной выборке, спасибо @octocat.")
STUDENTS = {
    "Alice": ("alice", "hw", GOOD_README, "2026-11-28T10:00:00+03:00"),
    "Bob": ("bob", "hw", GOOD_README.replace("Recall не ниже 0.8", "Recall"), "2026-11-28T09:00:00+03:00"),
    "Carol": ("carol", "noissues", GOOD_README, "2026-11-28T11:00:00+03:00"),
    HOSTILE_NAME: ("mallory", "hw", HOSTILE_README, "2026-11-28T12:00:00+03:00"),
}


@pytest.fixture(scope="module")
def graded_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`grader batch` of four students' repositories; copied per test by `graded`."""
    root = tmp_path_factory.mktemp("publish")
    repos = root / "repos"
    repos.mkdir()
    for owner, name, readme, _ in STUDENTS.values():
        make_repo(repos, owner, name, [("2026-11-27T12:00:00+03:00", {"README.md": readme.encode()})])
    server = GitHttpServer(repos).start()
    try:
        lines = ["student,url,submitted_at"]
        for student, (owner, name, _, when) in STUDENTS.items():
            quoted = '"' + student.replace('"', '""') + '"'
            lines.append(f"{quoted},{server.url}/{owner}/{name},{when}")
        lines.append(f"Dave,{server.url}/dave/missing,2026-11-28T08:00:00+03:00")  # not_found: not graded
        csv = root / "links.csv"
        csv.write_text("\n".join(lines) + "\n", "utf-8")
        out = root / "out"
        argv = ["batch", str(csv), "--out", str(out), "--github-url", server.url, "--quiet"]
        result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
        assert result.exit_code == 3, result.output  # Dave's link does not open
    finally:
        server.stop()
    yield out


@pytest.fixture
def graded(graded_dir: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(graded_dir, copy)
    return copy


@pytest.fixture
def stub() -> Iterator[GitHubStub]:
    with github_stub() as s:
        for owner, name, _, _ in STUDENTS.values():
            s.repo(f"{owner}/{name}")
        s.repo("carol/noissues").has_issues = False
        yield s


def publish(stub: GitHubStub, folder: Path, *args: str, token: str | None = FAKE_TOKEN) -> Result:
    argv = ["publish", str(folder), "--api-url", stub.url, "--write-interval", "0", *args]
    return CliRunner(env={"GITHUB_TOKEN": token or ""}).invoke(main, argv)
