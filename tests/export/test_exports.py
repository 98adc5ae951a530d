"""Every export parses by its consumer's rules: the format's published schema or documented example."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from grader.cli import main
from grader.store.decisions import Decision, record

SCHEMAS = Path(__file__).parent / "schemas"


def _export(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["export", str(folder), *args])


def _schema(name: str) -> dict[str, object]:
    schema: dict[str, object] = json.loads((SCHEMAS / name).read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _decide(folder: Path, name: str, criterion: str, points: float) -> None:
    db = sqlite3.connect(folder / "gradebook.sqlite", isolation_level=None)
    key = db.execute("SELECT student_key FROM rows WHERE student_name = ?", (name,)).fetchone()[0]
    record(db, Decision(key, criterion, points, note_student="Проверено вручную.", who="teacher"))
    db.close()


def test_gradescope_results_follow_the_autograder_specification(graded: Path) -> None:
    _decide(graded, "Bob", "smart", 2.0)
    result = _export(graded, "--format", "gradescope")
    assert result.exit_code == 0, result.output
    files = sorted((graded / "export" / "gradescope").glob("*/results.json"))
    assert len(files) == 4
    schema = _schema("gradescope-results.schema.json")
    by_output = {}
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        jsonschema.validate(doc, schema)
        assert doc["score"] <= sum(t["max_score"] for t in doc["tests"])
        by_output[path.parent.name] = doc
    bob = next(d for name, d in by_output.items() if name.startswith("bob-"))
    smart = next(t for t in bob["tests"] if t["name"] == "Задачи по SMART")
    assert smart["score"] == 2 and smart["status"] == "passed"  # the decision, not the grader's 0
    assert "Проверено вручную." in smart["output"]


def test_classroom50_results_follow_its_schema(graded: Path, tmp_path: Path) -> None:
    _decide(graded, "Alice", "smart", 1.5)  # classroom50 takes whole points: rounded, and said so
    target = tmp_path / "c50"
    result = _export(graded, "--format", "classroom50", "--classroom", "mlops-2026", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "rounded" in result.output
    schema = _schema("classroom50-result-v1.schema.json")
    owners = set()
    for path in target.glob("*/result.json"):
        doc = json.loads(path.read_text("utf-8"))
        jsonschema.validate(doc, schema)
        assert doc["score"] <= doc["max-score"]  # classroom50's cross-field rules, checked in code there
        assert all(t["score"] <= t["max-score"] for t in doc["tests"])
        assert doc["commit"].endswith(doc["submission"][-7:]) or doc["submission"][-7:] in doc["commit"]
        owners.add(doc["owner"])
    assert owners == {"alice", "bob", "carol", "mallory"}


def test_classroom50_needs_a_classroom(graded: Path) -> None:
    result = _export(graded, "--format", "classroom50")
    assert result.exit_code == 2 and "--classroom" in result.output


def test_moodle_csv_has_an_identifier_and_one_column_per_grade_item(graded: Path, tmp_path: Path) -> None:
    _decide(graded, "Bob", "smart", 2.0)
    out = tmp_path / "grades.csv"
    assert _export(graded, "--format", "moodle", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # Moodle's import reads the first header with a BOM in it
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Identifier", "Student", "ДЗ №1: предварительный анализ антифрод-системы"]
    assert len(set(header)) == len(header) and len(header) == 3 + 7  # the total, then each criterion
    assert len(body) == 5 and all(len(r) == len(header) for r in body)
    dave = next(r for r in body if r[1] == "Dave")
    assert dave[2:] == [""] * (len(header) - 2)  # not graded: no grade to import
    body.remove(dave)
    for row in body:
        assert row[0] and row[0][0] not in "=+-@"  # an identifier to map; no formula (THREATS.md)
        total, *criteria = (float(v) for v in row[2:])  # every grade a plain decimal number
        assert 0 <= total <= 12 and abs(total - sum(criteria)) < 1e-9
    identifiers = {r[0] for r in body}
    assert identifiers == {
        "alice",
        "bob",
        "carol",
        "mallory",
    }  # Dave (no repository): his name  # GitHub logins: map to `username`
    bob = next(r for r in body if r[1] == "Bob")
    assert float(bob[header.index("Задачи по SMART")]) == 2


def test_stepik_csv_is_student_and_points(graded: Path) -> None:
    result = _export(graded, "--format", "stepik")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [list(r) for r in rows[:1]] == [["student", "points"]]
    assert len(rows) == 5
    assert next(r for r in rows if r["student"] == "Dave")["points"] == ""  # not graded
    for row in rows:
        assert row["points"] == "" or 0 <= float(row["points"]) <= 12
        assert row["student"][:1] not in "=+-@"
    hostile = next(r for r in rows if "octocat" in r["student"])
    assert hostile["student"].startswith("'@")  # a formula start neutralised


@pytest.mark.parametrize("fmt", ["moodle", "stepik", "gradescope"])
def test_a_folder_without_a_gradebook_is_one_error(tmp_path: Path, fmt: str) -> None:
    result = _export(tmp_path, "--format", fmt)
    assert result.exit_code == 2 and "no gradebook.sqlite" in result.output
    assert "Traceback" not in result.output
