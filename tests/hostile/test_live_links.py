"""Issue 17, item 9: quoted student text in Markdown feedback and the job summary holds no live link or
ping: bare URLs, `www.`, e-mail addresses and `@org/team` mentions are shown as code (GitHub links and
pings them in plain text, even after a backslash), and `$` is escaped (it starts math)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

PAYLOAD = "см. https://evil.example/x и @evil-org/team, www.evil.example, spy@evil.example, $x^2$ @alice"
README = f"""# Цели

Снизить ущерб от мошенничества {PAYLOAD}

## Бизнес-метрики

- Ущерб клиентов не более 500 тыс. ₽ в месяц {PAYLOAD}.
- Доля ложных срабатываний не более 5 % {PAYLOAD}.
"""
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LIVE = re.compile(r"://evil|www\.evil|@evil|@alice|(?<!\\)\$")


def _outside_code(markdown: str) -> str:
    return _CODE_SPAN.sub("", markdown)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "README.md").write_text(README, "utf-8")
    return sub


def test_markdown_feedback_links_and_pings_nothing(folder: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "markdown", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    assert "`@evil-org/team`" in result.output  # the student's text is still quoted
    live = _LIVE.findall(_outside_code(result.output))
    assert not live, live


def test_the_job_summary_links_and_pings_nothing(tmp_path: Path) -> None:
    # student text in the summary: the graded folder's name (a name cannot hold `/`, so no URL here)
    root = tmp_path / "repo"
    homework = root / "dz1 @evil-org www.evil.example $x$ spy@evil.example"
    homework.mkdir(parents=True)
    (homework / "README.md").write_text(README, "utf-8")
    (root / "README.md").write_text("# Курс\n\nДомашние задания в папках.\n", "utf-8")
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(tmp_path / "out.txt")}
    result = CliRunner(env=env).invoke(main, ["check", str(root), "--format", "github", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    text = summary.read_text("utf-8")
    assert "`@evil-org`" in text and "`www.evil.example`" in text, text
    live = _LIVE.findall(_outside_code(text))
    assert not live, live
