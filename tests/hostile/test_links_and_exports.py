"""Hostile links never reach git (a marker an attack would create stays absent); huge and broken chat
exports are read in bounded time or refused in one line."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main


def test_command_injection_links_run_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payloads = [
        f"--upload-pack=touch {marker}",
        f"-oProxyCommand=touch {marker}",
        f"ext::sh -c touch% {marker}",
        f"https://github.com/--upload-pack=touch {marker}",
        "file:///etc/passwd",
        "https://github.com@evil.example/o/r",
        "https://gіthub.com/o/r",
    ]
    chat = tmp_path / "chat.txt"
    chat.write_text("".join(f"Student {i}: {p}\n" for i, p in enumerate(payloads)), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(chat), "--out", str(out), "--quiet", "--timeout", "2"])
    assert result.exit_code in (0, 3), result.output
    assert not marker.exists()
    rows = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))["rows"]
    assert all(r["status"] in ("invalid_link",) for r in rows), rows
    unrecognized = (out / "unrecognized.txt").read_text(encoding="utf-8")
    assert len(rows) + len(unrecognized.strip().splitlines()) >= len(payloads) - 2


def test_a_100k_message_telegram_export_is_read_in_bounded_time(tmp_path: Path) -> None:
    messages = [
        {"id": i, "type": "message", "date": "2026-11-20T10:00:00", "date_unixtime": str(1763622000 + i),
         "from": f"Студент {i % 500}", "from_id": f"user{i % 500}",
         "text": ["см. ", {"type": "link", "text": f"https://github.com/u{i % 500}/hw{i % 3}"}]}
        for i in range(100_000)
    ]  # fmt: skip
    messages.append({"id": -1, "type": "service", "action": "pin_message"})
    messages.append({"id": -2, "type": "message", "from": "X", "from_id": "userX"})  # no text at all
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"name": "MLOps", "messages": messages}), encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["links", str(export)])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30
    assert "u499/hw" in result.output.replace("\n", " ") or "u499" in result.output


def test_a_truncated_export_is_one_line_exit_2(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_text('{"name": "MLOps", "messages": [{"id": 1, "type": "mess', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(export), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
