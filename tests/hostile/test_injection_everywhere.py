"""Injection payloads as student names, headings and table cells reach every output of one batch run
and one check run as inert text: no formula, no HTML, no link, no terminal escape, no workflow command."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

PAYLOADS = [
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "{{7*7}}",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "@SUM(1)",
    "-2+3",
    "::error::injected",
    "   ::set-output name=grade::100",
    "x ##[add-mask]y",
    "::stop-commands::x",
    "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
    "\x1b[31mred\x1b[0m",
    "[bold red]markup[/bold red] [/bold]",
    "\u202eevil\u202c",
]
# folder names cannot hold "/" or NUL; everything else a student may choose
NAMES = [p.replace("/", "_") for p in PAYLOADS]


def submission_text(payload: str) -> str:
    return (
        f"# {payload}\n\n## Бизнес-метрики {payload}\n\n"
        f"| Метрика | Цель |\n|---|---|\n| {payload} | не более 5 % |\n| Ущерб | не более 500 тыс. ₽ |\n\n"
        f"- {payload}\n"
    )


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile-names")
    sources = root / "students"
    for name, payload in zip(NAMES, PAYLOADS, strict=True):
        folder = sources / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(submission_text(payload), encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(main, ["batch", str(sources), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_every_payload_was_graded(batch_out: tuple[Path, str]) -> None:
    out, _ = batch_out
    rows = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))["rows"]
    assert len(rows) == len(PAYLOADS)
    assert {r["status"] for r in rows} == {"graded"}


def test_gradebook_csv_has_no_formula_cells(batch_out: tuple[Path, str]) -> None:
    out, _ = batch_out
    raw = (out / "gradebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_feedback_files_are_inert_markdown(batch_out: tuple[Path, str]) -> None:
    out, _ = batch_out
    files = sorted((out / "feedback").glob("*.md"))
    assert len(files) == len(PAYLOADS)
    for path in files:
        assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}\.md", path.name), path.name
        text = path.read_text(encoding="utf-8")
        prose = re.sub(r"`[^`\n]*`", "", text)  # code spans render literally
        assert not re.search(r"(?<!\\)<(img|script|/script)", prose)  # only escaped, never raw HTML
        assert not re.search(r"(?<!\\)\]\((?!https?://)", prose)  # no link but to the repository host
        assert "\x1b" not in text and "\u202e" not in text


def test_terminal_summary_has_no_escapes(batch_out: tuple[Path, str]) -> None:
    _, output = batch_out
    assert "\x1b" not in output and "\u202e" not in output


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "github"])
def test_check_outputs_are_inert(fmt: str, tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "README.md").write_text("\n".join(submission_text(p) for p in PAYLOADS), encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "GITHUB_OUTPUT": str(tmp_path / "output.txt")}  # fmt: skip
    result = CliRunner(env=env).invoke(main, ["check", str(folder), "-f", fmt, "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    out = result.stdout
    assert "\x1b" not in out and "\u202e" not in out
    if fmt in ("json", "sarif"):
        json.loads(out)  # student text stays data inside strings
    if fmt == "markdown":
        assert not re.search(r"(?<!\\)<(img|script|/script)", re.sub(r"`[^`\n]*`", "", out))
    if fmt == "github":
        lines = out.splitlines()
        # a workflow command is only ever one the grader wrote: student text never starts a line
        # with "::" outside a stop-commands block, and "##[" never appears
        assert not any("##[" in line for line in lines)
        stopped = False
        token = None
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("::stop-commands::"):
                stopped, token = True, stripped.split("::")[2]
                continue
            if stopped and stripped == f"::{token}::":
                stopped = False
                continue
            if not stopped and stripped.startswith("::"):
                assert stripped.startswith(("::error ", "::warning ", "::notice ", "::error::")), line
                assert "set-output" not in stripped and "add-mask" not in stripped
        summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
        assert "<img" not in summary and "<script" not in summary
