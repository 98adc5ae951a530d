"""Issue 17, item 4: in folder mode `.git/HEAD`, the ref it names and `packed-refs` are opened with
O_NOFOLLOW, must be regular files and are read up to a cap: a `HEAD` symlinked to /dev/zero read until
MemoryError (2.7 GB), a FIFO hung `grader check` forever (LMS zips restore symlinks and FIFOs).
Each case runs `grader check` in a child with an address-space limit and a timeout."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

GRADER = str(Path(sys.executable).parent / "grader")
SHA = "0123456789abcdef0123456789abcdef01234567"


def _limit_memory() -> None:  # a reader that never ends must hit this, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def _head_to_zero(git: Path) -> None:
    (git / "HEAD").symlink_to("/dev/zero")


def _head_fifo(git: Path) -> None:
    os.mkfifo(git / "HEAD")


def _head_huge(git: Path) -> None:
    with (git / "HEAD").open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB of NULs, no disk


def _ref_to_zero(git: Path) -> None:
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "refs" / "heads" / "main").symlink_to("/dev/zero")


def _ref_fifo(git: Path) -> None:
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads").mkdir(parents=True)
    os.mkfifo(git / "refs" / "heads" / "main")


def _ref_through_linked_folder(git: Path) -> None:
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    outside = git.parent.parent / "outside"
    (outside / "heads").mkdir(parents=True)
    (outside / "heads" / "main").write_text(SHA + "\n")
    (git / "refs").symlink_to(outside)


def _packed_fifo(git: Path) -> None:
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    os.mkfifo(git / "packed-refs")


def _packed_to_zero(git: Path) -> None:
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "packed-refs").symlink_to("/dev/zero")


CASES: dict[str, Callable[[Path], None]] = {
    "head-dev-zero": _head_to_zero,
    "head-fifo": _head_fifo,
    "head-64mb": _head_huge,
    "ref-dev-zero": _ref_to_zero,
    "ref-fifo": _ref_fifo,
    "ref-via-linked-folder": _ref_through_linked_folder,
    "packed-refs-fifo": _packed_fifo,
    "packed-refs-dev-zero": _packed_to_zero,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_git_state_is_ignored(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "sub"
    git = folder / ".git"
    git.mkdir(parents=True)
    (folder / "README.md").write_text("# Цели\n\nснизить ущерб\n", "utf-8")
    CASES[name](git)
    proc = subprocess.run(
        [GRADER, "check", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=20,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert report["submission"]["commit"] is None  # nothing read from the hostile file
    assert "Traceback" not in proc.stderr
