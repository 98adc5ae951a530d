"""Issue 17, items 7 and 8: the gradebook's CSV/XLSX and the terminal summary stay inert.

Fixtures are built at test time: a pasted chat whose names and links carry formula starts after a
separator, terminal escapes (OSC 52 writes the clipboard on `cat gradebook.csv`), BiDi overrides and
GitHub workflow commands. The links point at a closed loopback port, so every row fails fast and the
summary prints each name at the start of a line — as in the documented sharded Actions workflow.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from grader.cli import main

HOST = "http://127.0.0.1:9"  # the discard port: nothing listens, a fetch fails at once
NAMES = [
    "Иван;=1+1",
    "Пётр,+SUM(A1)",
    "Оля\t@cmd",
    "\x1b]52;c;cm0gLXJmIH4=\x07Мария",
    "Глеб\u202eevil\u2066x\u2069\u200b\ufeff\u061c",
    "::error title=grader::All grades below are void",
    "::add-mask::graded",
    "x ##[error]boom",
]
BAD_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def _chat(tmp_path: Path) -> Path:
    """A Telegram export: display names are whatever the students chose."""
    messages = [
        {"id": i, "type": "message", "date_unixtime": str(1_700_000_000 + i), "from": name,
         "from_id": f"user{i}", "text": f"{HOST}/s{i}/hw"}
        for i, name in enumerate(NAMES)
    ]  # fmt: skip
    messages.append(  # a valid link with a formula after `;`
        {"id": 99, "type": "message", "date_unixtime": "1700000099", "from": "Лена", "from_id": "user99",
         "text": f"{HOST}/lena/hw/tree/main;=1+1"}
    )  # fmt: skip
    tmp_path.mkdir(parents=True, exist_ok=True)
    chat = tmp_path / "result.json"
    chat.write_text(json.dumps({"messages": messages}), "utf-8")
    return chat


def _run(tmp_path: Path, *extra: str) -> tuple[str, Path]:
    out = tmp_path / "out"
    argv = ["batch", str(_chat(tmp_path)), "--out", str(out), "--github-url", HOST,
            "--api-url", HOST, "--timeout", "2", "--lang", "en", *extra]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
    assert result.exit_code == 3, result.output
    return result.output, out


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One run for the tests that only read its outputs (each run waits out the fetch retries)."""
    return _run(tmp_path_factory.mktemp("inert"))


def _formula_after_any_separator(text: str) -> bool:
    # What a spreadsheet that splits on any of these (quotes or not) would see as a cell start.
    pieces = re.split(r"[,;\t|\r\n]", text)
    return any(p.strip().strip('"').startswith(("=", "+", "-", "@")) for p in pieces)


def test_csv_cells_are_quoted_clean_and_never_formulas(tmp_path: Path) -> None:
    for dialect in ("excel", "excel-ru"):
        _, out = _run(tmp_path / dialect, "--csv-dialect", dialect, "--workers", "16")
        text = (out / "gradebook.csv").read_text("utf-8").removeprefix("\ufeff")
        assert not BAD_CHARS.search(text)
        delimiter = ";" if dialect == "excel-ru" else ","
        for line in text.splitlines():
            assert line.startswith('"') and line.endswith('"')  # every cell quoted
            rows = list(csv.reader(io.StringIO(line), delimiter=delimiter))
            assert all(cell == "" or not cell.startswith(("=", "+", "-", "@")) for cell in rows[0])
        assert not _formula_after_any_separator(text.replace('""', ""))
        assert "Иван;'=1+1" in text and "main;'=1+1" in text


def test_xlsx_cells_are_text_never_formulas_and_clean(ran: tuple[str, Path]) -> None:
    _, out = ran
    sheet = load_workbook(out / "gradebook.xlsx").active
    assert sheet is not None
    seen = 0
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                seen += 1
                assert not BAD_CHARS.search(cell.value)
                assert not cell.value.startswith(("=", "+", "-", "@"))
    assert seen > len(NAMES)


def test_summary_lines_start_no_workflow_command(ran: tuple[str, Path], tmp_path: Path) -> None:
    output, out = ran
    for line in output.splitlines():
        stripped = line.strip()
        assert not stripped.startswith("::"), line
        assert not re.search(r"::[a-z-]+", stripped.replace(":\u200b:", "")), line
        assert "##[" not in stripped, line
        assert "\x1b" not in line and "\u202e" not in line
    merged = CliRunner().invoke(main, ["merge", str(out), "--out", str(tmp_path / "merged")])
    assert merged.exit_code == 3
    assert not any(re.search(r"::[a-z-]+|##\[", x) for x in merged.output.splitlines())


def test_grader_links_lines_start_no_workflow_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["links", str(_chat(tmp_path)), "--github-url", HOST])
    assert result.exit_code == 0, result.output
    assert "error title=grader" in result.output  # the name is shown ...
    assert not any(re.search(r"::[a-z-]+|##\[", x) for x in result.output.splitlines())  # ... inert
