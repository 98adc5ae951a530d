"""A gradebook a Russian spreadsheet opens, and what needs the instructor (issue 11, items 6 and 7)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from grader.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_submissions"


def _batch(*args: str) -> str:
    result = CliRunner().invoke(main, ["batch", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _class(tmp_path: Path, names: tuple[str, ...], where: str = "class") -> Path:
    folder = tmp_path / where
    for name in names:
        shutil.copytree(SAMPLES / name, folder / name)
    return folder


def test_xlsx_has_typed_cells_a_frozen_filtered_header_and_feedback_links(tmp_path: Path) -> None:
    folder = _class(tmp_path, ("strong-ru", "canvas-image-only", "no-markdown"))
    out = tmp_path / "out"
    _batch(str(folder), "--out", str(out), "--lang", "ru")
    book = load_workbook(out / "gradebook.xlsx")
    assert len(book.sheetnames) == 1 and book.sheetnames[0].startswith("otus-mlops-hw1")
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert "business-metrics (max 2)" in header and "total" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    col = {str(h).split(" (max")[0]: i for i, h in enumerate(header)}
    body = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    strong = body["strong-ru"]
    for name in ("total", "max", "percent", "business-metrics", "penalty_percent"):
        cell = strong[col[name]]  # numbers, not text (openpyxl reads 10.0 back as 10)
        assert cell.data_type == "n" and type(cell.value) in (int, float), name
    assert strong[col["late"]].value is False and strong[col["late"]].data_type == "b"
    link = strong[col["feedback"]]
    assert link.hyperlink is not None and link.hyperlink.target == link.value
    assert (out / str(link.value)).is_file()
    image = body["canvas-image-only"]
    assert str(image[col["needs_review"]].value).startswith("canvas: ")
    assert body["strong-ru"][col["needs_review"]].value is None


def test_excel_ru_csv_reads_back_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    folder = _class(tmp_path, ("strong-ru", "layout-hw-folder", "canvas-miro-link"))
    out = tmp_path / "out"
    _batch(str(folder), "--out", str(out), "--csv-dialect", "excel-ru")
    raw = (out / "gradebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == 3 and "needs_review" in table[0]
    percents = [r["percent"] for r in table] + [r["total"] for r in table]
    assert any("," in p for p in percents) and not any("." in p for p in percents)
    assert all(re.fullmatch(r"\d+(,\d+)?", p) for p in percents)
    miro = next(r for r in table if r["student"] == "canvas-miro-link")
    assert miro["needs_review"].startswith("canvas: ")
    # the default dialect keeps commas and decimal points
    _batch(str(folder), "--out", str(tmp_path / "en"))
    plain = list(csv.DictReader(io.StringIO((tmp_path / "en" / "gradebook.csv").read_text("utf-8-sig"))))
    assert [r[c].replace(".", ",") for c in ("percent", "total") for r in plain] == percents


def test_one_sheet_per_rubric_run_after_a_merge(tmp_path: Path) -> None:
    first = _class(tmp_path, ("strong-ru",), "a")
    second = _class(tmp_path, ("weak-en",), "b")
    rubric = tmp_path / "changed.yaml"
    text = (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text("utf-8")
    rubric.write_text(re.sub(r"(?m)^version: .*$", "version: '9'", text), "utf-8")
    _batch(str(first), "--out", str(tmp_path / "run1"), "--quiet")
    _batch(str(second), "--out", str(tmp_path / "run2"), "--quiet", "--rubric", str(rubric))
    merged = tmp_path / "merged"
    runs = [str(tmp_path / "run1"), str(tmp_path / "run2")]
    result = CliRunner().invoke(main, ["merge", *runs, "--out", str(merged)])
    assert result.exit_code == 0, result.output
    book = load_workbook(merged / "gradebook.xlsx")
    assert len(book.sheetnames) == 2 and any(name.endswith(" 9") for name in book.sheetnames)


def test_summary_lists_the_rows_that_need_review(tmp_path: Path) -> None:
    folder = _class(tmp_path, ("strong-en", "canvas-image-only"))
    output = _batch(str(folder), "--out", str(tmp_path / "out"), "--lang", "en")
    assert "Need the instructor's review (1):" in output
    line = next(x for x in output.splitlines() if x.startswith("  canvas-image-only"))
    assert "canvas: " in line
