"""Repositories built at test time to be awkward, served by the loopback git server: each is graded
or noted, nothing in it is followed or run, and the batch goes on."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, GitHttpServer, make_empty_repo, make_repo

WHEN = "2026-11-20T10:00:00+03:00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
SUBMODULE_SHA = "0123456789abcdef0123456789abcdef01234567"
NFD = unicodedata.normalize("NFD", "ДЗ №1 й.md")


def run(servers: tuple[GitHttpServer, ApiServer], chat: Path, out: Path) -> dict[str, dict[str, object]]:
    git_server, api = servers
    argv = ["batch", str(chat), "--out", str(out), "--github-url", git_server.url, "--api-url", api.url,
            "--lang", "en", "--quiet", "--timeout", "5"]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
    assert result.exit_code in (0, 3), result.output
    return {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}


def warnings(row: dict[str, object]) -> set[tuple[str, str | None]]:
    result = row["result"]
    assert isinstance(result, dict)
    return {(w["code"], w["file"]) for w in result["warnings"]}


def test_awkward_repositories_are_graded_or_noted(
    repo_root: Path, servers: tuple[GitHttpServer, ApiServer], tmp_path: Path
) -> None:
    git_server, _ = servers
    marker = tmp_path / "pwned"
    make_repo(repo_root, "cases", "hw", [(WHEN, {
        "README.md": GOOD_README.encode(),
        "readme.md": b"# another readme\n",
        "docs/ReadMe.MD": b"# third\n",
        "img/README.md": PNG,
        "cp1251.md": "# Цели\n\nСнизить ущерб\n".encode("cp1251"),
        "utf16.md": b"\xff\xfe" + "# Метрики\n".encode("utf-16-le"),
        "bad-utf8.md": b"# \xff\xfe\xfa broken\n",
        "empty.md": b"",
        "blank.md": b"   \n\t\n",
        "trailing space .md": b"# space\n",
        NFD: b"# nfd\n",
        "new\nline.md": b"# newline in a name\n",
        "-leading-dash.md": b"# dash\n",
        # a nested repository's config that would run a command if any git ran inside a checkout
        "evil/dotgit/config": f"[core]\n\tfsmonitor = touch {marker}\n".encode(),
        ".gitmodules": f'[submodule "x"]\n\tpath = x\n\turl = ext::sh -c touch% {marker}\n'.encode(),
    })], symlinks={"secret.md": "/etc/passwd"}, gitlinks={"x": SUBMODULE_SHA})  # fmt: skip
    make_empty_repo(repo_root, "empty", "hw")
    make_repo(repo_root, "blank", "hw", [(WHEN, {"README.md": b"  \n"})])
    chat = tmp_path / "chat.txt"
    url = git_server.url
    chat.write_text(
        f"Cases: {url}/cases/hw\nEmpty: {url}/empty/hw\nBlank: {url}/blank/hw\n", encoding="utf-8"
    )
    got = run(servers, chat, tmp_path / "out")
    assert not marker.exists()
    cases = got["Cases"]
    assert cases["status"] == "graded"
    codes = warnings(cases)
    assert ("symlink_skipped", "secret.md") in codes
    assert ("submodule_skipped", "x") in codes
    assert ("binary_markdown", "img/README.md") in codes
    assert ("decoded_cp1251", "cp1251.md") in codes
    assert ("decoded_utf16", "utf16.md") in codes
    assert ("decoded_cp1251", "bad-utf8.md") in codes  # invalid UTF-8 is read, never a crash
    result = cases["result"]
    assert isinstance(result, dict)
    assert "root:x:0:0" not in json.dumps(result)
    # empty repositories and blank READMEs are the student's doing: graded, zero, with the reason
    for student in ("Empty", "Blank"):
        assert got[student]["status"] == "graded", got[student]
        assert got[student]["score"] == 0
