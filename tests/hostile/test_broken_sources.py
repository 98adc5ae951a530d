"""Chat exports and class lists in shapes no exporter meant: each is read, or refused in one line with
exit 2 — never a traceback. (100k messages, a truncated export, `text_link` hrefs and service messages
are in test_links_and_exports.py and tests/batch/test_sources.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.sources.gather import gather
from grader.sources.links import parse_host

GH = parse_host("https://github.com")


def _links(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["links", str(path)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("deep.json", '{"messages": ' + "[" * 200_000, "nested too deeply"),
        ("truncated.json", '{"messages": [{"id": 1, "type": "message", "text": "https://', "not valid JSON"),
        ("dict.json", '{"messages": {"1": "https://github.com/a/b"}}', "no `messages` list"),
        ("strmsg.json", '{"messages": "https://github.com/a/b"}', "no `messages` list"),
        ("big.csv", "student,url\nann," + "x" * 200_000 + "\n", "not a readable CSV row"),
        ("header.csv", "student,url," + "x" * 200_000 + "\nann,https://github.com/a/b\n", "CSV header"),
        ("date.csv", "student,url,submitted_at\nann,https://github.com/a/b,tomorrow\n", "not an ISO date"),
    ],
)  # fmt: skip
def test_a_broken_source_is_one_line_exit_2(tmp_path: Path, name: str, content: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    code, _, err = _links(path)
    assert code == 2, err
    assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    batch = CliRunner().invoke(main, ["batch", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert batch.exit_code == 2 and says in batch.stderr


def test_messages_of_every_odd_shape_are_read_or_skipped(tmp_path: Path) -> None:
    odd: list[object] = [
        None, 7, "a string message", ["a", "list"],
        {"type": "service", "action": "pin_message", "text": "https://github.com/svc/x"},
        {"id": 2, "type": "message", "from": None, "from_id": None, "text": None},
        {"id": 3, "type": "message", "from": {"nested": 1}, "from_id": 5, "text": 12345},
        {"id": 4, "type": "message", "from": "Ann", "from_id": "user1", "date_unixtime": "not a number",
         "date": "garbage", "text": [None, 5, {"type": "text_link"}, {"type": "text_link", "href": 7},
                                     {"type": "link", "text": "https://github.com/ann/hw"}]},
        {"id": 5, "type": "message", "from": "Bob", "from_id": "user2", "date_unixtime": "9" * 20,
         "text": [{"type": "text_link", "text": "https://github.com/decoy/shown",
                   "href": "https://github.com/bob/real"}]},
        {"id": 6, "type": "message", "from": "Eve", "from_id": "user3", "text": "https://github.com/eve/hw",
         "text_entities": "not a list"},
    ]  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "MLOps", "messages": odd}), "utf-8")
    found = gather([str(path)], GH)
    by_key = {r.student_key: r for r in found.refs}
    assert by_key["user1"].link is not None and by_key["user1"].link.key == "ann/hw"
    assert by_key["user3"].link is not None and by_key["user3"].link.key == "eve/hw"
    bob = [r for r in gather([str(path)], GH, keep_all=True).refs if r.student_key == "user2"]
    assert "bob/real" in {r.link.key for r in bob if r.link is not None}  # the href, not only the text
    assert "svc/x" not in json.dumps([str(r.link) for r in found.refs])  # service messages are not links
    code, out, err = _links(path)
    assert code == 0, err
    assert "Traceback" not in out + err


def test_a_chat_in_cp1251_with_nul_bytes_and_escapes_is_read(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    text = "Анна: https://github.com/anna/hw\n\x00\x00Борис\x1b[2J: https://github.com/boris/hw\x00\n"
    path.write_bytes(text.encode("cp1251"))
    code, out, err = _links(path)
    assert code == 0, err
    assert "anna/hw" in out and "\x1b" not in out and "\x00" not in out
