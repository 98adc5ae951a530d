"""Issue 17, item 10: invisible, BiDi and C1 characters in student text reach no output raw. The
terminal filter let U+061C, U+200B, U+2028 and U+FEFF through; the JSON report carried raw U+202E,
U+2066 and C1 `\\x9b` (a one-byte CSI) — `cat report.json` acted on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

INVISIBLE = [
    "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\ufeff", "\u2060",
    "\u2063", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u206a", "\u180e", "\x85", "\x9b", "\x9d", "\x1b",
]  # fmt: skip
CARRIER = "".join(f"x{c}" for c in INVISIBLE)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sub = tmp_path / "sub"
    sub.mkdir()
    text = (
        f"# Цели {CARRIER}\n\n## Бизнес-метрики {CARRIER}\n\n"
        f"- Ущерб клиентов не более 500 тыс. ₽ в месяц {CARRIER}.\n"
        f"- Доля ложных срабатываний не более 5 % {CARRIER}.\n\n## Канвас {CARRIER}\n\n"
        f"| Блок | Ответ |\n|---|---|\n| Ценность {CARRIER} | снизить ущерб {CARRIER} |\n"
    )
    (sub / "README.md").write_text(text, "utf-8")
    return sub


def _check(folder: Path, fmt: str) -> str:
    result = CliRunner().invoke(main, ["check", str(folder), "--format", fmt, "--budget", "20"])
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_no_invisible_character_reaches_the_terminal_or_markdown(folder: Path, fmt: str) -> None:
    out = _check(folder, fmt)
    assert "x" in out
    found = sorted({f"U+{ord(c):04X}" for c in out if c in INVISIBLE})
    assert not found, found


def test_the_json_report_escapes_them_and_keeps_the_text(folder: Path) -> None:
    out = _check(folder, "json")
    found = sorted({f"U+{ord(c):04X}" for c in out if c in INVISIBLE})
    assert not found, found  # written as \\uXXXX escapes
    report = json.loads(out)
    quoted = json.dumps(report, ensure_ascii=False)
    assert any(c in quoted for c in ("\u202e", "\u2066", "\x9b")), (
        "the parsed text keeps what the student wrote"
    )
