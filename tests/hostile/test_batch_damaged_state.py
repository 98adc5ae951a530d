"""Issue 17, item 13: a damaged gradebook.sqlite is one clear line and exit 2 (how to recover); a bad
cached snapshot is fetched again; a bad row is skipped with a warning. Damage is done at test time."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.batch.test_batch_remote import BEFORE, ROOT, Servers, rows, run

SAMPLES = ROOT / "sample_submissions"


def _graded(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    for name in ("strong-ru", "weak-en", "partial-ru"):
        (folder / name).mkdir(parents=True)
        (folder / name / "README.md").write_bytes((SAMPLES / name / "README.md").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _class_run(out: Path, folder: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def test_a_page_of_random_bytes_is_one_line_exit_2_saying_how_to_recover(tmp_path: Path) -> None:
    out = _graded(tmp_path)
    db = out / "gradebook.sqlite"
    data = bytearray(db.read_bytes())
    chance = random.Random(17)
    for page in range(1, len(data) // 4096):  # every page but the header's: nothing is readable
        data[page * 4096 : page * 4096 + 4096] = bytes(chance.randrange(256) for _ in range(4096))
    db.write_bytes(bytes(data))
    for argv in (["batch", str(tmp_path / "class"), "--out", str(out)],
                 ["merge", str(out), "--out", str(tmp_path / "merged")]):  # fmt: skip
        result = CliRunner().invoke(main, argv)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.output
        assert "damaged" in lines[0] and "move it away" in lines[0] and "free space" not in lines[0]


def test_a_wrong_schema_is_not_called_a_full_disk(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    db = sqlite3.connect(out / "gradebook.sqlite")
    db.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, note TEXT)")
    db.commit()
    db.close()
    result = CliRunner().invoke(main, ["batch", str(SAMPLES / "strong-ru"), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "damaged or not a grader gradebook" in result.output and "free space" not in result.output


def test_a_row_with_an_invalid_result_is_skipped_with_a_warning_and_graded_again(tmp_path: Path) -> None:
    out = _graded(tmp_path)
    db = sqlite3.connect(out / "gradebook.sqlite")
    db.execute("UPDATE rows SET result = '{not json' WHERE student_key = 'folder:weak-en'")
    db.commit()
    db.close()
    merged = CliRunner().invoke(main, ["merge", str(out), "--out", str(tmp_path / "merged"), "--quiet"])
    assert merged.exit_code == 0, merged.output
    assert (
        "folder:weak-en" in merged.stderr and "damaged" in merged.stderr and "Traceback" not in merged.output
    )
    assert "weak-en" not in (tmp_path / "merged" / "gradebook.csv").read_text("utf-8")
    code, _, err = _class_run(out, tmp_path / "class")
    assert code == 0 and "graded again" in err
    assert "weak-en" in (out / "gradebook.csv").read_text("utf-8")
    code, _, err = _class_run(out, tmp_path / "class")
    assert code == 0 and err == ""  # repaired


def test_a_damaged_cached_snapshot_is_fetched_again(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    make_repo(repo_root, "anna", "hw", [(BEFORE, {"README.md": GOOD_README.encode()})])
    chat = tmp_path / "chat.txt"
    chat.write_text(f"Anna: {git_server.url}/anna/hw\n", "utf-8")
    out = tmp_path / "out"
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    first = rows(out)["Anna"]["result"]
    db = sqlite3.connect(out / "gradebook.sqlite")
    db.execute("UPDATE snapshots SET data = x'789c0000deadbeef'")
    db.commit()
    db.close()
    rubric = tmp_path / "rubric.yaml"  # a changed rubric re-grades from the cache ... which is damaged
    text = (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text("utf-8")
    rubric.write_text(re.sub(r"(?m)^pass_threshold: .*$", "pass_threshold: 42", text), "utf-8")
    posts = git_server.posts
    result = run(servers, str(chat), "--out", str(out), "--rubric", str(rubric))
    assert result.exit_code == 0, result.output
    assert git_server.posts > posts  # fetched again
    again = rows(out)["Anna"]
    assert again["status"] == "graded" and isinstance(again["result"], dict) and isinstance(first, dict)
    assert again["result"]["score"] == first["score"]
    posts = git_server.posts
    run(servers, str(chat), "--out", str(out), "--rubric", str(rubric), "--lang", "ru")
    assert git_server.posts == posts  # the new snapshot replaced the damaged one
