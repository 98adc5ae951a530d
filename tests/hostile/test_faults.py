"""Process faults: SIGKILL at random points, a full disk, a second run on the same folder, and a fake
token that must appear nowhere. Each ends with the same gradebook an undisturbed run gives."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

STUDENTS_PER_SAMPLE = 3
FAKE_TOKEN = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"


def batch(
    source: Path, out: Path, *extra: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.Popen[str]:
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(source),
            "--out", str(out), "--quiet", "--lang", "en", *extra]  # fmt: skip
    base = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    return subprocess.Popen(
        argv, env={**base, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )  # type: ignore[call-overload]


def gradebook(out: Path) -> object:
    return json.loads((out / "gradebook.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of submission folders: every sample case, several times over."""
    root = tmp_path_factory.mktemp("class") / "students"
    cases = sorted(p.parent for p in SAMPLES.glob("*/expected.json"))
    for copy in range(STUDENTS_PER_SAMPLE):
        for case in cases:
            shutil.copytree(case, root / f"{case.name}-{copy}")
    return root


@pytest.fixture(scope="module")
def reference(class_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> object:
    out = tmp_path_factory.mktemp("reference") / "out"
    proc = batch(class_folder, out)
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    return gradebook(out)


def test_sigkill_at_random_points_then_resume_gives_the_same_gradebook(
    class_folder: Path, reference: object, tmp_path: Path
) -> None:
    chance = random.Random(20261124)
    out = tmp_path / "out"
    kills = 0
    for _ in range(4):
        proc = batch(class_folder, out)
        time.sleep(chance.uniform(0.05, 0.9))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
    final = batch(class_folder, out)
    assert final.wait(timeout=300) == 0, final.stderr.read() if final.stderr else ""
    assert gradebook(out) == reference
    assert kills >= 1
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_a_second_concurrent_run_exits_at_once(class_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = batch(class_folder, out)
    deadline = time.monotonic() + 30
    while not (out / "gradebook.sqlite").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    second = batch(class_folder, out)
    code = second.wait(timeout=30)
    first.wait(timeout=300)
    if first.returncode == 0 and code == 0:
        pytest.skip("the first run finished before the second started; nothing overlapped")
    assert code == 2
    assert time.monotonic() - started < 10
    err = second.stderr.read() if second.stderr else ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _small_disk() -> None:
    # a file-size limit stands in for a full disk: writes past it fail with EFBIG, not a signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


def test_full_disk_is_one_clear_line_and_a_rerun_completes(
    class_folder: Path, reference: object, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = batch(class_folder, out, preexec_fn=_small_disk)
    code = proc.wait(timeout=120)
    err = proc.stderr.read() if proc.stderr else ""
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "free space" in err
    rerun = batch(class_folder, out)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert gradebook(out) == reference


def test_a_fake_token_appears_in_no_output(class_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "Анна: https://127.0.0.1:9/anna/hw\nБорис: https://github.com/-evil/x\n"
        f"Вера: https://x-access-token:{FAKE_TOKEN}@github.com/vera/hw\n",
        encoding="utf-8",
    )
    proc = batch(chat, out, "--timeout", "2", "--github-url", "http://127.0.0.1:9",
                 env={"GITHUB_TOKEN": FAKE_TOKEN})  # fmt: skip
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode in (0, 3)
    assert FAKE_TOKEN not in stdout and FAKE_TOKEN not in stderr
    for path in out.rglob("*"):
        if path.is_file():
            assert FAKE_TOKEN.encode() not in path.read_bytes(), path
