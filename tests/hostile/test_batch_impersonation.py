"""Issue 17, item 14: in a pasted chat, a line `Alice: <link>` inside Bob's message takes Alice's
row — a pasted chat cannot tell who wrote a line. Alice's own link must still be listed, not lost,
and the docs recommend the Telegram JSON export (keyed by `from_id`), which no message text can fool."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main

HOST = "http://127.0.0.1:9"
ROOT = Path(__file__).resolve().parents[2]


def _chat(tmp_path: Path) -> Path:
    chat = tmp_path / "chat.txt"
    chat.write_text(
        f"Alice: моя работа {HOST}/alice/hw\n"
        f"Bob: моя {HOST}/bob/hw\n"
        "Bob: и ещё кое-что\n"
        f"Alice: {HOST}/mallory/fake\n",  # written by Bob, pasted as if Alice said it
        "utf-8",
    )
    return chat


def test_the_replaced_link_is_listed_by_grader_links(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["links", str(_chat(tmp_path)), "--github-url", HOST])
    assert result.exit_code == 0, result.output
    listed = result.output.split("other links, not graded (1):", 1)
    assert len(listed) == 2 and f"Alice\t{HOST}/alice/hw" in listed[1]


def test_the_replaced_link_is_in_the_gradebook(tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["batch", str(_chat(tmp_path)), "--out", str(out), "--github-url", HOST, "--api-url", HOST,
            "--timeout", "2", "--quiet"]  # fmt: skip
    assert CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv).exit_code == 3
    alice = next(
        r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"] if r["student"] == "Alice"
    )
    assert f"{HOST}/alice/hw" in [alice["link"], *alice["other_links"]]
    assert f"{HOST}/alice/hw" in (out / "gradebook.csv").read_text("utf-8")


def test_the_docs_recommend_the_telegram_json_export() -> None:
    docs = (ROOT / "docs" / "batch.md").read_text("utf-8")
    assert "Prefer the Telegram JSON export over a pasted chat" in docs and "from_id" in docs
