"""Telegram Desktop's own copy-paste format (issue 11, item 5): the name and time from each header."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from grader.sources.gather import gather
from grader.sources.links import parse_host
from grader.sources.rules import Rules

GH = parse_host("https://github.com")
MSK = timezone(timedelta(hours=3))

COPIED = """Анна Смирнова, [21.11.2026 21:40]
Готово
https://github.com/anna/mlops-hw1

Борис Петров, [21.11.2026 22:05]
Моё ДЗ (первое): https://github.com/boris/hw
и вопрос: когда дедлайн?

Вера Ким, [22.11.2026 9:03]
Когда дедлайн?

Анна Смирнова, [22.11.2026 10:15:07]
Исправила: https://github.com/anna/mlops-hw1-v2
"""


def test_copy_format_names_times_and_links(tmp_path: Path) -> None:
    chat = tmp_path / "copied.txt"
    chat.write_text(COPIED, "utf-8")
    found = gather([str(chat)], GH, rules=Rules(zone=MSK))
    by_name = {r.student_name: r for r in found.refs}
    assert set(by_name) == {"Анна Смирнова", "Борис Петров"}  # never «Готово» or «Моё ДЗ (первое)»
    anna, boris = by_name["Анна Смирнова"], by_name["Борис Петров"]
    assert anna.link is not None and anna.link.key == "anna/mlops-hw1-v2"
    assert anna.submitted_at == datetime(2026, 11, 22, 10, 15, 7, tzinfo=MSK)
    assert anna.origin == f"{chat}:12" and anna.others == ("https://github.com/anna/mlops-hw1",)
    assert boris.link is not None and boris.link.key == "boris/hw"
    assert boris.submitted_at == datetime(2026, 11, 21, 22, 5, tzinfo=MSK)
    assert [u.student_name for u in found.unrecognized] == ["Вера Ким"]


def test_copy_format_in_english_locale_and_through_grader_links(tmp_path: Path) -> None:
    chat = tmp_path / "copied.txt"
    chat.write_text("Ann Lee, [11/21/2026 9:40 PM]\nDone https://github.com/ann/hw\n", "utf-8")
    result = CliRunner().invoke(main, ["links", str(chat), "--tz", "Europe/Moscow"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Ann Lee\thttps://github.com/ann/hw\t2026-11-21T21:40:00+03:00")
