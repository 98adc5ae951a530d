"""The no-network path (a folder of submission folders) and the output files' own rules."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from grader.report.csv_report import render_csv, safe_cell
from grader.report.graded import feedback_name

SAMPLES = Path(__file__).resolve().parents[2] / "sample_submissions"


def test_sample_submissions_demo(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["batch", str(SAMPLES), "--out", str(out), "--lang", "en"])
    assert first.exit_code == 0, first.output
    assert "graded" in first.output and "Scores" in first.output
    data = json.loads((out / "gradebook.json").read_text("utf-8"))
    folders = sorted(p.name for p in SAMPLES.iterdir() if (p / "expected.json").is_file())
    assert [r["student"] for r in data["rows"]] == folders
    for row in data["rows"]:
        assert row["status"] == "graded"
        assert (out / "feedback" / row["feedback"]).is_file()
        assert "expected.json" not in json.dumps(row["result"])
    again = CliRunner().invoke(main, ["batch", str(SAMPLES), "--out", str(out), "--quiet", "--lang", "en"])
    assert again.exit_code == 0 and again.output == ""
    assert json.loads((out / "gradebook.json").read_text("utf-8")) == data


def test_summary_speaks_russian(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(SAMPLES), "--out", str(tmp_path / "o"), "--lang", "ru"])
    assert "Строк: " in result.output and "Баллы" in result.output


def test_csv_cells_never_become_formulas() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}SUM(A1)").startswith("'")
    assert safe_cell(-1.5) == "-1.5"  # numbers stay numbers
    text = render_csv(["student", "total"], [['=HYPERLINK("http://x")', 3.0], ["Анна", 4.5]])
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[1][0] == '\'=HYPERLINK("http://x")' and parsed[2] == ["Анна", "4.5"]


def test_feedback_names_are_safe_and_unique() -> None:
    a = feedback_name("Анна Петрова", "user1")
    b = feedback_name("Анна Петрова", "user2")
    assert a.startswith("anna-petrova-") and a != b
    hostile = feedback_name("../../etc/passwd\n<script>", "user3")
    assert "/" not in hostile and "<" not in hostile and hostile.endswith(".md")
    assert feedback_name("", "k").startswith("student-")


def test_bad_options_are_one_line_and_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    for args, needle in [
        (["--deadline", "tomorrow"], "--deadline"),
        (["--github-url", "http://github.example.org"], "127.0.0.1"),
        (["--shard", "0/2"], "--shard"),
    ]:
        result = runner.invoke(main, ["batch", str(SAMPLES), "--out", str(tmp_path / "o"), *args])
        assert result.exit_code == 2, result.output
        assert needle in result.output and "Traceback" not in result.output
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope.json"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_a_broken_gradebook_file_is_one_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "gradebook.sqlite").write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(main, ["batch", str(SAMPLES), "--out", str(out)])
    assert result.exit_code == 2
    assert "the gradebook is damaged" in result.output and "Traceback" not in result.output
