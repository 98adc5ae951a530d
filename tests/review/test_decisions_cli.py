"""`grader override` and `grader decisions export|import`: a spreadsheet round trip, errors as one line."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _decided(out: Path) -> dict[tuple[str, str], tuple[float, str]]:
    rows = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]
    return {
        (r["student_key"], c["id"]): (c["points"], c["decision"]["note"])
        for r in rows for c in (r["result"] or {}).get("criteria", []) if c.get("decision")
    }  # fmt: skip


def test_override_by_name_or_key_and_its_one_line_errors(sample_out: Path) -> None:
    code, stdout, _ = _invoke("override", str(sample_out), "canvas-image-only", "canvas", "2", "--note", "ок")
    assert code == 0 and "folder:canvas-image-only canvas: 2" in stdout
    assert _decided(sample_out) == {("folder:canvas-image-only", "canvas"): (2.0, "ок")}
    text = (sample_out / "feedback").glob("canvas-image-only-*.md").__next__().read_text("utf-8")
    assert "**Проверено преподавателем** (программа поставила 1 / 2" in text and "ок" in text
    bad = [
        (["nobody", "canvas", "1"], "no student 'nobody'"),
        (["canvas-image-only", "zzz", "1"], "criterion 'zzz' is not in this rubric"),
        (["canvas-image-only", "canvas", "3"], "must be between 0 and 2, not 3"),
        (["canvas-image-only", "canvas", "two"], "POINTS 'two' is not a number"),
    ]
    for args, message in bad:
        code, _, stderr = _invoke("override", str(sample_out), *args)
        assert code == 2 and stderr.count("\n") == 1 and message in stderr, stderr
    code, _, stderr = _invoke("override", str(sample_out.parent / "nowhere"), "x", "canvas", "1")
    assert code == 2 and "no gradebook.sqlite here" in stderr
    code, _, _ = _invoke("override", str(sample_out), "folder:canvas-image-only", "canvas", "-")
    assert code == 0 and _decided(sample_out) == {}  # withdrawn: the grader's points are back


def test_export_then_import_elsewhere_gives_the_same_decisions(sample_out: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(sample_out, twin)
    _invoke("override", str(sample_out), "canvas-image-only", "canvas", "2", "--note", "=HYPERLINK(1)")
    _invoke("override", str(sample_out), "weak-en", "smart", "1", "--private-note", "спросить на семинаре")
    sheet = tmp_path / "decisions.csv"
    assert _invoke("decisions", "export", str(sample_out), str(sheet))[0] == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text("utf-8-sig"))))
    assert [(r["student"], r["criterion"], r["points"]) for r in rows] == [
        ("canvas-image-only", "canvas", "2"), ("weak-en", "smart", "1"),
    ]  # fmt: skip
    assert rows[0]["note_student"] == "'=HYPERLINK(1)"  # inert in a spreadsheet
    code, stdout, _ = _invoke("decisions", "import", str(twin), str(sheet))
    assert code == 0 and "imported 2" in stdout
    assert _decided(twin) == _decided(sample_out)
    assert _decided(twin)[("folder:canvas-image-only", "canvas")][1] == "=HYPERLINK(1)"
    again = _invoke("decisions", "import", str(twin), str(sheet))
    assert again[0] == 0 and "imported 0" in again[1]  # an untouched export changes nothing
    db = sqlite3.connect(twin / "gradebook.sqlite")
    notes = db.execute("SELECT note_self FROM decisions WHERE criterion = 'smart'").fetchall()
    db.close()
    assert notes == [("спросить на семинаре",)]


def test_an_import_with_bad_rows_names_each_and_stores_nothing(sample_out: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "edited.csv"
    sheet.write_text(
        "student;criterion;points;note_student\n"
        "canvas-image-only;canvas;2;fine\n"
        "canvas-image-only;canvas;9;\n"
        "nobody;smart;1;\n"
        "weak-en;smart;one;\n"
        "weak-en;zzz;1;\n",
        "utf-8",
    )
    code, _, stderr = _invoke("decisions", "import", str(sample_out), str(sheet))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:4]] == [f"{sheet}:{n}" for n in (3, 4, 5, 6)]
    assert "nothing was imported" in lines[-1]
    assert _decided(sample_out) == {}  # not even the good row
    missing = tmp_path / "no-columns.csv"
    missing.write_text("name,score\nx,1\n", "utf-8")
    code, _, stderr = _invoke("decisions", "import", str(sample_out), str(missing))
    assert code == 2 and f"{missing}:1: missing columns" in stderr


def test_a_folder_hand_in_that_changed_flags_its_decision(tmp_path: Path) -> None:
    from tests.review.conftest import SAMPLES, batch

    folders = tmp_path / "class"
    shutil.copytree(SAMPLES / "canvas-image-only", folders / "anna")
    out = batch(folders, tmp_path / "out")
    assert _invoke("override", str(out), "anna", "canvas", "2")[0] == 0
    batch(folders, out)
    row = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"][0]
    canvas = next(c for c in row["result"]["criteria"] if c["id"] == "canvas")
    assert canvas["decision"]["recheck"] is False
    readme = folders / "anna" / "README.md"
    readme.write_text(readme.read_text("utf-8") + "\nЕщё строка.\n", "utf-8")
    batch(folders, out)
    row = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"][0]
    canvas = next(c for c in row["result"]["criteria"] if c["id"] == "canvas")
    assert canvas["decision"]["recheck"] is True and canvas["points"] == 2.0


def test_a_decision_while_a_batch_holds_the_folder_is_stored_and_written_by_that_batch(
    sample_out: Path,
) -> None:
    from grader.engine.batch import locked
    from tests.review.conftest import SAMPLES, batch

    before = (sample_out / "gradebook.json").read_bytes()
    with locked(sample_out):  # what a running `grader batch` holds
        result = CliRunner().invoke(main, ["override", str(sample_out), "canvas-image-only", "canvas", "2"])
    assert result.exit_code == 0 and "a batch run is using" in result.stderr
    assert (sample_out / "gradebook.json").read_bytes() == before  # not written under the batch's feet
    batch(SAMPLES, sample_out)
    assert _decided(sample_out) == {("folder:canvas-image-only", "canvas"): (2.0, "")}
