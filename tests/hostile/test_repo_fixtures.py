"""Repositories no checkout could hold, written with `git fast-import` and served by the loopback git
server: every one is graded or noted within its limits, nothing in it is followed or run, and the
files are decoded honestly. (A symlink to /etc/passwd, an `ext::` submodule, a committed fsmonitor
config, case-different READMEs, a PNG README, cp1251/UTF-16 LE/invalid UTF-8, empty and blank READMEs,
an empty repository and HEAD at a missing branch are in test_hostile_repos.py and tests/batch.)"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.document.snapshot import MAX_DEPTH, MAX_FILES
from grader.document.submission import build_submission
from grader.fetch.remote import GitRemote
from grader.sources.links import RepoLink, parse_host
from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, GitHttpServer
from tests.hostile.builders import FILE, GITLINK, SYMLINK, fast_repo

Servers = tuple[GitHttpServer, ApiServer]
NFC = unicodedata.normalize("NFC", "й.md")
NFD = unicodedata.normalize("NFD", "й.md")
LFS = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 52428800\n"
HUGE = 50 * 1024 * 1024


def _run(servers: Servers, tmp_path: Path, lines: list[str]) -> dict[str, dict[str, object]]:
    git_server, api = servers
    chat = tmp_path / "chat.txt"
    chat.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(chat), "--out", str(out), "--github-url", git_server.url, "--api-url", api.url,
            "--lang", "en", "--quiet", "--timeout", "10"]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output
    return {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}


def _warnings(row: dict[str, object]) -> set[tuple[str, str | None]]:
    result = row["result"]
    assert isinstance(result, dict), row
    return {(w["code"], w["file"]) for w in result["warnings"]}


def test_limits_are_named_statuses_and_the_rest_is_graded(
    repo_root: Path, servers: Servers, tmp_path: Path
) -> None:
    readme = ("README.md", FILE, GOOD_README.encode())
    deep = "/".join(["d"] * 2000) + "/deep.md"
    fast_repo(repo_root, "deep", "hw", [readme, (deep, FILE, b"# deep\n")])
    many = [(f"data/{i // 200:03d}/{i}.txt", FILE, b"x\n") for i in range(MAX_FILES + 500)]
    fast_repo(repo_root, "many", "hw", [readme, *many])
    fast_repo(repo_root, "huge", "hw", [readme, ("huge.md", FILE, b"# big\n" + b"x" * HUGE),
                                        ("model.md", FILE, LFS)])  # fmt: skip
    url = servers[0].url
    started = time.monotonic()
    got = _run(servers, tmp_path, [f"Deep: {url}/deep/hw", f"Many: {url}/many/hw", f"Huge: {url}/huge/hw"])
    assert time.monotonic() - started < 60
    for student in ("Deep", "Many", "Huge"):
        assert got[student]["status"] == "graded", got[student]
        assert float(got[student]["score"]) > 0, got[student]  # the README is still graded  # type: ignore[arg-type]
    assert any(code == "nesting_truncated" for code, _ in _warnings(got["Deep"]))
    assert ("too_many_files", None) in _warnings(got["Many"])
    assert ("file_too_large", "huge.md") in _warnings(got["Huge"])
    assert ("lfs_pointer", "model.md") in _warnings(got["Huge"])
    assert MAX_DEPTH < 2000


def test_a_50mb_markdown_file_is_never_transferred(repo_root: Path, servers: Servers) -> None:
    fast_repo(repo_root, "huge", "hw", [("README.md", FILE, b"# ok\n"), ("huge.md", FILE, b"y" * HUGE)])
    remote = GitRemote(parse_host(servers[0].url), None, 10)
    link = RepoLink("huge", "hw")
    tip = remote.tip(link)
    assert tip.sha is not None
    snapshot, _ = remote.snapshot(link, tip.sha, None, "huge")
    assert "huge.md" in snapshot.files and "huge.md" not in snapshot.markdown
    assert {n.code for n in snapshot.notes} == {"file_too_large"}


def test_embedded_repositories_links_and_names_do_nothing(
    repo_root: Path, servers: Servers, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    hook = f"#!/bin/sh\ntouch {marker}\n".encode()
    config = f"[core]\n\tbare = true\n\tfsmonitor = touch {marker}\n\thooksPath = hooks\n".encode()
    entries = [
        ("README.md", FILE, GOOD_README.encode()),
        # a bare repository committed inside the submission, with hooks and an fsmonitor command
        ("vendor/evil.git/HEAD", FILE, b"ref: refs/heads/main\n"),
        ("vendor/evil.git/config", FILE, config),
        ("vendor/evil.git/hooks/post-checkout", 0o100755, hook),
        ("vendor/evil.git/hooks/fsmonitor-watchman", 0o100755, hook),
        ("vendor/evil.git/objects/info/.keep", FILE, b""),
        ("vendor/evil.git/refs/heads/.keep", FILE, b""),
        (".gitmodules", FILE, f'[submodule "m"]\n\tpath = m\n\turl = ext::sh -c touch% {marker}\n'.encode()),
        ("m", GITLINK, b"0123456789abcdef0123456789abcdef01234567"),
        ("docs/README.md", SYMLINK, b"../../../../../../etc/passwd"),
        ("up.md", SYMLINK, b"/etc/shadow"),
        ("trailing space .md", FILE, b"# trailing\n"),
        ("notes.md ", FILE, b"# not markdown: the name ends in a space\n"),
        (NFC, FILE, b"# nfc\n"),
        (NFD, FILE, b"# nfd\n"),
        ("new\nline.md", FILE, b"# newline\n"),
        ("-rf.md", FILE, b"# dash\n"),
        ("--upload-pack=touch x.md", FILE, b"# option\n"),
    ]
    fast_repo(repo_root, "mallory", "hw", entries)
    got = _run(servers, tmp_path, [f"Mallory: {servers[0].url}/mallory/hw"])
    assert not marker.exists()
    row = got["Mallory"]
    assert row["status"] == "graded", row
    codes = _warnings(row)
    assert {("symlink_skipped", "docs/README.md"), ("symlink_skipped", "up.md")} <= codes
    assert ("submodule_skipped", "m") in codes
    text = json.dumps(row)
    assert "root:x:0:0" not in text and "root:" not in text
    remote = GitRemote(parse_host(servers[0].url), None, 10)
    link = RepoLink("mallory", "hw")
    sha = remote.tip(link).sha
    assert sha is not None
    snapshot, _ = remote.snapshot(link, sha, None, "mallory")
    # every odd name is a distinct file, read as the bytes it holds
    for name in ("trailing space .md", NFC, NFD, "new\nline.md", "-rf.md", "--upload-pack=touch x.md"):
        assert name in snapshot.markdown, name
    assert snapshot.markdown[NFC] != snapshot.markdown[NFD]
    assert "notes.md " in snapshot.files and "notes.md " not in snapshot.markdown
    assert "vendor/evil.git/config" in snapshot.files  # a file like any other, never a repository


ENCODED = {
    "bom.md": b"\xef\xbb\xbf# \xd0\xa6\xd0\xb5\xd0\xbb\xd0\xb8\n\ntext\n",
    "utf16be.md": b"\xfe\xff" + "# Цели\n\ntext\n".encode("utf-16-be"),
    "crlf.md": "# Цели\r\n\r\ntext\r\n\r\n## Метрики\r\n".encode(),
    "cr.md": "# Цели\r\rtext\r\r## Метрики\r".encode(),
    "cp1251.md": "# Цели\n\nтекст\n\n## Метрики\n".encode("cp1251"),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_every_encoding_is_decoded_with_its_lines(repo_root: Path, servers: Servers, name: str) -> None:
    fast_repo(repo_root, "enc", "hw", [(name, FILE, ENCODED[name])])
    remote = GitRemote(parse_host(servers[0].url), None, 10)
    link = RepoLink("enc", "hw")
    sha = remote.tip(link).sha
    assert sha is not None
    snapshot, _ = remote.snapshot(link, sha, None, "enc")
    submission = build_submission(snapshot)
    (doc,) = submission.documents
    titles = [(s.title, s.line) for s in submission.sections() if s.title]
    assert titles[0] == ("Цели", 1), titles
    if "Метрики" in doc.text:
        assert ("Метрики", 5) in titles, titles
    assert "\r" not in doc.text and "\ufeff" not in doc.text
