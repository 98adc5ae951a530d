"""Sources: a Telegram export, a pasted chat, CSV and folders become typed refs; nothing is dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.errors import InputError
from grader.sources.gather import gather
from grader.sources.links import parse_host

GH = parse_host("https://github.com")
ROOT = Path(__file__).resolve().parents[2]


def _telegram(tmp_path: Path, messages: list[dict[str, object]]) -> Path:
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "MLOps", "type": "private_group", "messages": messages}), "utf-8")
    return path


def _msg(id: int, sender: str, sender_id: str, unix: int, text: object) -> dict[str, object]:
    return {"id": id, "type": "message", "date": "2026-11-20T10:00:00", "date_unixtime": str(unix),
            "from": sender, "from_id": sender_id, "text": text}  # fmt: skip


def test_telegram_export_shapes(tmp_path: Path) -> None:
    source = _telegram(
        tmp_path,
        [
            {"id": 1, "type": "service", "action": "join_group_by_link", "actor": "Анна"},
            _msg(2, "Анна", "user1", 1_700_000_000, "Моя работа https://github.com/anna/hw1"),
            _msg(3, "Борис", "user2", 1_700_000_100, [
                "Сдаю: ", {"type": "text_link", "text": "вот репо", "href": "https://github.com/boris/mlops"}]),
            _msg(4, "Анна", "user1", 1_700_000_200, [
                {"type": "link", "text": "https://github.com/anna/hw1-v2"}, " (исправила)"]),
            _msg(5, "Вера", "user3", 1_700_000_300, "Когда дедлайн?"),
            {"id": 6, "type": "message", "from": "Глеб", "from_id": "user4", "date_unixtime": "1700000400"},
            _msg(7, "Глеб", "user4", 1_700_000_500, "https://github.com/gleb"),
        ],
    )  # fmt: skip
    found = gather([str(source)], GH)
    by_key = {r.student_key: r for r in found.refs}
    assert set(by_key) == {"user1", "user2"}
    assert by_key["user1"].link is not None and by_key["user1"].link.key == "anna/hw1-v2"  # the latest
    assert by_key["user2"].link is not None and by_key["user2"].link.key == "boris/mlops"  # the href
    assert by_key["user1"].student_name == "Анна"
    assert {u.student_name for u in found.unrecognized} == {"Вера", "Глеб"}
    everything = gather([str(source)], GH, keep_all=True)
    assert len([r for r in everything.refs if r.student_key == "user1"]) == 2


def test_truncated_export_is_one_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "result.json"
    source.write_text('{"messages": [{"id": 1, "text": "https://github.com/a/b"', "utf-8")
    with pytest.raises(InputError, match=r"result.json:1:\d+: not valid JSON"):
        gather([str(source)], GH)


def test_pasted_chat_names_and_owner_fallback(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "Иван Петров: вот https://github.com/ivan/hw1.\n"
        "https://github.com/Olga/Homework\n"
        "Мария: а где задание?\n"
        "Пётр: https://github.com@evil.example/p/r\n",
        "utf-8",
    )
    found = gather([str(chat)], GH)
    names = {r.student_name: r for r in found.refs}
    assert names["Иван Петров"].link is not None
    assert names["Olga"].student_key == "github:olga"
    assert names["Пётр"].invalid is not None
    assert [u.student_name for u in found.unrecognized] == ["Мария"]


def test_csv_with_times_and_bad_rows(tmp_path: Path) -> None:
    table = tmp_path / "students.csv"
    table.write_text(
        "student,url,submitted_at\n"
        "Anna,https://github.com/anna/hw1,2026-11-30T10:00+03:00\n"
        "Boris,--upload-pack=touch /tmp/x,\n"
        "Anna,https://github.com/anna/hw1-new,2026-12-01T10:00+03:00\n",
        "utf-8",
    )
    found = gather([str(table)], GH)
    refs = {r.student_name: r for r in found.refs}
    assert refs["Anna"].link is not None and refs["Anna"].link.name == "hw1-new"
    assert refs["Boris"].invalid is not None


def test_folder_of_folders_skips_files_and_hidden(tmp_path: Path) -> None:
    found = gather([str(ROOT / "sample_submissions")], GH)
    assert [r.student_name for r in found.refs] == sorted(
        p.name for p in (ROOT / "sample_submissions").iterdir() if (p / "expected.json").is_file()
    )


def test_links_command_prints_table_and_unrecognized(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text("Anna: https://github.com/anna/hw1\nhello\n", "utf-8")
    result = CliRunner().invoke(main, ["links", str(chat)])
    assert result.exit_code == 0
    assert "Anna\thttps://github.com/anna/hw1" in result.output
    assert "unrecognized (1)" in result.output
    stdin = CliRunner().invoke(main, ["links", "-"], input="Bob: https://github.com/bob/x\n")
    assert "Bob\thttps://github.com/bob/x" in stdin.output


def test_folder_of_folders_skips_groups_of_sample_cases(tmp_path: Path) -> None:
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "README.md").write_text("# hw\n")
    for case in ("strong", "weak"):
        (tmp_path / "other-rubric" / case).mkdir(parents=True)
        (tmp_path / "other-rubric" / case / "expected.json").write_text("{}")
    (tmp_path / "bob" / "hw1").mkdir(parents=True)  # a student's own sub-folder is not a case
    (tmp_path / "bob" / "hw1" / "README.md").write_text("# hw\n")
    refs = gather([str(tmp_path)], GH).refs
    assert [r.student_name for r in refs] == ["alice", "bob"]
