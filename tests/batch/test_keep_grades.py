"""A grade once made is never destroyed by a later failure (issue 11, item 1)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.batch.test_batch_remote import BEFORE, Servers, rows, run


def _class(servers: Servers, repo_root: Path, tmp_path: Path) -> Path:
    for owner in ("anna", "boris", "vera"):
        make_repo(repo_root, owner, "hw", [(BEFORE, {"README.md": GOOD_README.encode()})])
    chat = tmp_path / "chat.txt"
    url = servers[0].url
    chat.write_text("".join(f"{o.title()}: {url}/{o}/hw\n" for o in ("anna", "boris", "vera")), "utf-8")
    return chat


def _feedback(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "feedback").glob("*.md"))}


def test_rerun_with_the_host_down_keeps_every_grade_and_feedback_file(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    chat = _class(servers, repo_root, tmp_path)
    out = tmp_path / "out"
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    before, files = rows(out), _feedback(out)
    assert len(files) == 3

    servers[0].stop()  # the host cannot be reached (network down, GitHub unavailable)
    servers[1].stop()
    result = run(servers, str(chat), "--out", str(out), "--timeout", "2")
    assert result.exit_code == 3, result.output  # some rows not refreshed
    after = rows(out)
    assert _feedback(out) == files  # byte-identical
    for name, row in after.items():
        assert row["status"] == "graded"
        assert (row["commit"], row["result"], row["score"]) == (
            before[name]["commit"], before[name]["result"], before[name]["score"],
        )  # fmt: skip
        refresh = row["refresh"]
        assert isinstance(refresh, dict) and refresh["status"] != "graded" and refresh["reason"]
        assert refresh["at"]
    assert "Not refreshed (the last grade is kept) (3):" in result.output
    table = (out / "gradebook.csv").read_text("utf-8-sig")
    assert "business-metrics" in table  # the criterion columns stay
    assert table.count('"graded"') == 3


def test_a_repository_turned_private_keeps_its_grade_and_a_later_success_clears_the_mark(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    chat = _class(servers, repo_root, tmp_path)
    out = tmp_path / "out"
    run(servers, str(chat), "--out", str(out))
    before, files = rows(out), _feedback(out)
    hidden = tmp_path / "hidden.git"
    shutil.move(repo_root / "boris" / "hw.git", hidden)  # private: the host answers 404
    result = run(servers, str(chat), "--out", str(out))
    assert result.exit_code == 3
    boris = rows(out)["Boris"]
    assert boris["status"] == "graded" and boris["result"] == before["Boris"]["result"]
    assert boris["refresh"]["status"] == "not_found"  # type: ignore[index]
    assert rows(out)["Anna"]["refresh"] is None
    assert _feedback(out) == files
    csv_text = (out / "gradebook.csv").read_text("utf-8-sig")
    assert '"not_found: ' in csv_text  # the refresh column says what failed

    shutil.move(hidden, repo_root / "boris" / "hw.git")  # public again
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    assert rows(out)["Boris"]["refresh"] is None
    assert rows(out) == before | {}  # same grades, no stale mark


def test_every_graded_commit_and_rubric_is_kept_in_sqlite(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    chat = _class(servers, repo_root, tmp_path)
    out = tmp_path / "out"
    run(servers, str(chat), "--out", str(out))
    bare = repo_root / "anna" / "hw.git"
    work = tmp_path / "anna-work"
    from tests.batch.servers import git

    git("clone", "-q", str(bare), str(work))
    (work / "README.md").write_text(GOOD_README + "\n## Гипотезы\nДобавлено.\n", "utf-8")
    git("commit", "-qam", "more", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    run(servers, str(chat), "--out", str(out))
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        history = db.execute(
            "SELECT commit_sha, rubric_sha256, score FROM grades "
            "WHERE student_key = 'name:anna' ORDER BY rowid"
        ).fetchall()
    finally:
        db.close()
    assert len({c for c, _, _ in history}) == 2  # both commits, each with its rubric sha and score
    assert all(r and s is not None for _, r, s in history)
    assert json.loads((out / "gradebook.json").read_text("utf-8"))["rows"][0]["commit"] == history[-1][0]
