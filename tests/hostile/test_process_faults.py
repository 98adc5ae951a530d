"""Process faults against repositories on the loopback git server (test_faults.py does the same for
folders): SIGKILLs at seeded random points, then a resume that fetches nothing twice and ends with the
gradebook of an undisturbed run; a truly full disk (a tiny tmpfs); and a fake token that reaches both
servers but no output file, log line or error text."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.hostile.builders import HostileApi, HostileGit

STUDENTS = 14
KILLS = 5
SEED = 20261125
FAKE_TOKEN = "ghp_" + "Sw33pFAKEtoken0123456789abcdefABCDEF"
DEADLINE = "2026-12-01T23:59+03:00"
Servers = tuple[HostileGit, HostileApi]
VOLATILE = {"updated_at", "generated_at", "duration", "elapsed", "started_at", "finished_at"}


@pytest.fixture(scope="module")
def class_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Servers, Path]]:
    root = tmp_path_factory.mktemp("remote-class")
    repos = root / "repos"
    repos.mkdir()
    lines = []
    for i in range(STUDENTS):
        body = GOOD_README if i % 3 else "# Только заголовок\n"
        if i == STUDENTS - 1:  # a student who pasted the operator's token into the answer
            body = body.replace("Снизить отток", f"Токен {FAKE_TOKEN}: снизить отток")
        make_repo(repos, f"s{i:02d}", "hw", [("2026-11-20T10:00:00+03:00", {"README.md": body.encode()})])
        lines.append(f"Студент {i:02d}: URL/s{i:02d}/hw")
    git_server = HostileGit(repos).start()
    api = HostileApi(repos).start()
    chat = root / "chat.txt"
    chat.write_text("\n".join(lines).replace("URL", git_server.url) + "\n", "utf-8")
    try:
        yield (git_server, api), chat
    finally:
        git_server.stop()
        api.stop()


def start(servers: Servers, source: Path, out: Path, *extra: str, token: str = "") -> subprocess.Popen[str]:
    git_server, api = servers
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(source),
            "--out", str(out), "--github-url", git_server.url, "--api-url", api.url, "--lang", "en",
            "--workers", "2", "--timeout", "3", *extra]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    env["GITHUB_TOKEN"] = token
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stable(out: Path) -> object:
    """The gradebook without what differs between two honest runs (times)."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads((out / "gradebook.json").read_text("utf-8")))


def stored(out: Path) -> int:
    if not (out / "gradebook.sqlite").exists():
        return 0
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        return int(db.execute("SELECT count(*) FROM rows").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0
    finally:
        db.close()


def test_sigkill_at_seeded_random_points_then_resume(
    class_servers: tuple[Servers, Path], tmp_path: Path
) -> None:
    servers, chat = class_servers
    git_server, _ = servers
    reference = tmp_path / "reference"
    proc = start(servers, chat, reference)
    assert proc.wait(timeout=120) == 0, proc.communicate()[1]
    git_server.delay = 0.6  # slow fetches, so every kill lands mid-run
    chance = random.Random(SEED)
    out = tmp_path / "out"
    killed_at = []
    try:
        for _ in range(KILLS):
            proc = start(servers, chat, out)
            time.sleep(chance.uniform(0.9, 1.6))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed_at.append(stored(out))
            proc.communicate(timeout=60)
        before = stored(out)
        posts = git_server.posts
        final = start(servers, chat, out)
        _, err = final.communicate(timeout=120)
        assert final.returncode == 0, err
    finally:
        git_server.delay = 0.0
    print(f"kills landed with {killed_at} rows stored; {before} stored before the resume")
    assert killed_at, "no run was still going when its kill came"
    assert killed_at == sorted(killed_at)  # progress is kept across kills
    assert git_server.posts - posts == STUDENTS - before  # the resume fetched nothing twice
    assert stable(out) == stable(reference)
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs a tmpfs mount (root); test_faults.py covers it with RLIMIT_FSIZE")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); test_faults.py uses RLIMIT_FSIZE")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_the_store_stays_intact(
    class_servers: tuple[Servers, Path], tiny_disk: Path, tmp_path: Path
) -> None:
    servers, chat = class_servers
    out = tiny_disk / "out"
    proc = start(servers, chat, out)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "free space" in err
    kept = stored(out)
    print(f"disk full after {kept} of {STUDENTS} rows: {err.strip()}")
    assert kept < STUDENTS  # the disk really filled mid-run
    moved = tmp_path / "moved"
    shutil.copytree(out, moved)
    db = sqlite3.connect(moved / "gradebook.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    # with room again, the same folder resumes to the full gradebook
    posts = servers[0].posts
    rerun = start(servers, chat, moved)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert servers[0].posts - posts == STUDENTS - kept
    reference = tmp_path / "reference"
    assert start(servers, chat, reference).wait(timeout=120) == 0
    assert stable(moved) == stable(reference)


def test_a_fake_token_reaches_the_servers_and_nothing_else(
    class_servers: tuple[Servers, Path], tmp_path: Path
) -> None:
    servers, chat = class_servers
    git_server, api = servers
    extra = tmp_path / "chat.txt"
    extra.write_text(
        chat.read_text("utf-8")
        + f"Злой: http://x-access-token:{FAKE_TOKEN}@{git_server.url.split('://')[1]}/s01/hw\n"
        + f"Токен в тексте {FAKE_TOKEN}: {git_server.url}/s02/hw\n",
        "utf-8",
    )
    git_server.hostile.update({"s03/hw": "401", "s04/hw": "502-once", "s05/hw": "refs-trickle"})
    git_server.behaviour.update({"s06/hw": f"redirect:{api.url}", "s07/hw": "500", "s08/hw": "drop"})
    api.hostile.update({"s09/hw": "401", "s10/hw": "short", "s11/hw": "429-bare"})
    out = tmp_path / "out"
    try:
        proc = start(servers, extra, out, "--deadline", DEADLINE, "--max-wait", "1", token=FAKE_TOKEN)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        for key in ("s03/hw", "s04/hw", "s05/hw", "s06/hw", "s07/hw", "s08/hw"):
            git_server.hostile.pop(key, None)
            git_server.behaviour.pop(key, None)
        api.hostile.clear()
    assert proc.returncode == 3, stderr
    assert any(FAKE_TOKEN in h for h in api.auth_headers)  # the token was really used ...
    assert "Traceback" not in stderr
    assert FAKE_TOKEN not in stdout and FAKE_TOKEN not in stderr  # ... and shown nowhere
    swept = 0
    for path in out.rglob("*"):
        if path.is_file():
            swept += 1
            assert FAKE_TOKEN.encode() not in path.read_bytes(), path
            assert FAKE_TOKEN[4:20].encode() not in path.read_bytes(), path  # not even a part of it
    assert swept >= 4
    assert "Токен ***" in (out / "gradebook.json").read_text("utf-8")  # the quoted answer, redacted
    statuses = {r["status"] for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}
    assert {"graded", "not_found", "timeout", "fetch_error", "rate_limited"} <= statuses
