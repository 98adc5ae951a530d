"""Reading a submission folder: git HEAD, symlinks never followed, limits reported as warnings."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from grader.document.snapshot import MAX_DEPTH, MAX_MARKDOWN_BYTES
from grader.fetch.folder import read_folder

from .conftest import MakeSubmission

GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "s",
    "GIT_AUTHOR_EMAIL": "s@example.org",
    "GIT_COMMITTER_NAME": "s",
    "GIT_COMMITTER_EMAIL": "s@example.org",
}


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_git_work_tree_records_head_commit_loose_and_packed(make_submission: MakeSubmission) -> None:
    folder = make_submission({"README.md": "# Цели\n"})
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "hw1")
    sha = git(folder, "rev-parse", "HEAD")
    snapshot = read_folder(folder)
    assert snapshot.commit == sha
    assert snapshot.files == ["README.md"]  # .git/ is skipped
    git(folder, "pack-refs", "--all")
    assert read_folder(folder).commit == sha
    git(folder, "checkout", "-q", "--detach")
    assert read_folder(folder).commit == sha


def test_plain_folder_has_no_commit(make_submission: MakeSubmission) -> None:
    assert read_folder(make_submission({"a.md": "x"})).commit is None


def test_symlinks_are_reported_and_never_read(make_submission: MakeSubmission, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# TOP SECRET\n")
    folder = make_submission({"docs/answer.md": "# ok\n"})
    (folder / "README.md").symlink_to(secret)
    (folder / "linked-dir").symlink_to(tmp_path)
    snapshot = read_folder(folder)
    assert sorted(snapshot.markdown) == ["docs/answer.md"]
    assert sorted((n.code, n.file) for n in snapshot.notes) == [
        ("symlink_skipped", "README.md"),
        ("symlink_skipped", "linked-dir"),
    ]
    assert all(b"TOP SECRET" not in data for data in snapshot.markdown.values())


def test_expected_json_of_a_sample_case_is_not_content(make_submission: MakeSubmission) -> None:
    folder = make_submission({"expected.json": "{}", "sub/expected.json": "{}", "README.md": "x"})
    assert read_folder(folder).files == ["README.md", "sub/expected.json"]


def test_large_files_and_lfs_pointers_are_skipped_with_a_warning(make_submission: MakeSubmission) -> None:
    folder = make_submission(
        {
            "huge.md": "x" * (MAX_MARKDOWN_BYTES + 1),
            "lfs.md": "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n",
            "ok.markdown": "# ok\n",
        }
    )
    snapshot = read_folder(folder)
    assert list(snapshot.markdown) == ["ok.markdown"]
    assert sorted(n.code for n in snapshot.notes) == ["file_too_large", "lfs_pointer"]
    assert snapshot.files == ["huge.md", "lfs.md", "ok.markdown"]


def test_a_very_deep_tree_is_truncated_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "deep"
    current = folder
    for _ in range(MAX_DEPTH + 20):
        current = current / "d"
    current.mkdir(parents=True)
    (current / "bottom.md").write_text("# bottom\n")
    (folder / "README.md").write_text("# top\n")
    snapshot = read_folder(folder)
    assert list(snapshot.markdown) == ["README.md"]
    assert [n.code for n in snapshot.notes] == ["nesting_truncated"]
