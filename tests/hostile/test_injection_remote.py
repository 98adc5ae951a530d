"""Injection payloads where test_injection_everywhere.py does not put them: as Telegram sender names and
repository text fetched from the loopback git server, and as file names inside a submission. Every
output of `grader batch` and every `grader check` format keeps them inert."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.batch.servers import ApiServer, GitHttpServer
from tests.hostile.builders import FILE, fast_repo
from tests.hostile.test_injection_everywhere import PAYLOADS, submission_text

Servers = tuple[GitHttpServer, ApiServer]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
RAW_HTML = re.compile(r"(?<!\\)<(img|script|/script)", re.IGNORECASE)
# names a file may have on Linux and in git (no "/" or NUL), each a payload
FILE_NAMES = [
    "::error::x.md",
    "%0A::set-output name=grade::100.md",
    "x ##[add-mask]y.md",
    '"><img src=x onerror=alert(1)>.md',
    "\x1b[31mred\x1b[0m.md",
    "\u202eevil\u202c.md",
    "[bold red]x[link=http:evil.example]y.md",
    "=HYPERLINK(1).md",
    "new\nline::warning::x.md",
    "{{7*7}}.md",
]


def _inert_terminal(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\x9b\u202e\u202d\u2066\u2067\u2068"), repr(text[:200])


def test_sender_names_and_repository_text_are_inert_in_every_batch_output(
    repo_root: Path, servers: Servers, tmp_path: Path
) -> None:
    git_server, api = servers
    messages = []
    for i, payload in enumerate(PAYLOADS):
        fast_repo(repo_root, f"p{i:02d}", "hw", [("README.md", FILE, submission_text(payload).encode())])
        link = {"type": "text_link", "text": payload, "href": f"{git_server.url}/p{i:02d}/hw"}
        messages.append({"id": i, "type": "message", "date_unixtime": str(1_763_622_000 + i), "from": payload,
                         "from_id": f"user{i}", "text": [payload, " ", link]})  # fmt: skip
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"name": "MLOps", "messages": messages}), "utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(export), "--out", str(out), "--github-url", git_server.url, "--api-url", api.url,
            "--lang", "en", "--timeout", "5"]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
    assert result.exit_code == 0, result.output
    _inert_terminal(result.output)
    rows = json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]
    assert len(rows) == len(PAYLOADS) and {r["status"] for r in rows} == {"graded"}
    names = {r["student"] for r in rows}
    for payload in ("{{7*7}}", '=HYPERLINK("http://evil.example","x")', "::error::injected"):
        assert payload in names  # JSON keeps the data as data
    raw = (out / "gradebook.csv").read_bytes().decode("utf-8-sig")
    for row in csv.reader(io.StringIO(raw)):
        for cell in row:
            assert not cell.startswith(FORMULA), cell
    files = sorted((out / "feedback").glob("*.md"))
    assert len(files) == len(PAYLOADS)
    for path in files:
        assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}\.md", path.name), path.name
        text = path.read_text("utf-8")
        _inert_terminal(text)
        prose = re.sub(r"`[^`\n]*`", "", text)
        assert not RAW_HTML.search(prose), path.name
        assert not re.search(r"(?<!\\)\]\((?!https?://127\.0\.0\.1)", prose), path.name
    _inert_terminal((out / "unrecognized.txt").read_text("utf-8"))


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.fixture
def named_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in FILE_NAMES:
        (folder / name).write_text(submission_text(name), "utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "github"])
def test_file_names_are_inert_in_every_check_format(named_folder: Path, tmp_path: Path, fmt: str) -> None:
    summary = tmp_path / "summary.md"
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(tmp_path / "o"),
    }
    result = CliRunner(env=env).invoke(main, ["check", str(named_folder), "-f", fmt, "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    out = result.stdout
    _inert_terminal(out)
    if fmt in ("json", "sarif"):
        data = json.loads(out)
        # JSON keeps the graded file's name as a string; SARIF keeps it as a percent-encoded URI.
        names = {quote(name, safe="/") for name in FILE_NAMES} if fmt == "sarif" else set(FILE_NAMES)
        assert set(_strings(data)) & names
    if fmt == "markdown":
        assert not RAW_HTML.search(re.sub(r"`[^`\n]*`", "", out))
    if fmt == "github":
        assert "##[" not in out
        stopped: str | None = None
        for line in out.splitlines():
            bare = line.strip()
            if stopped is None and bare.startswith("::stop-commands::"):
                stopped = bare.split("::")[2]
            elif stopped is not None and bare == f"::{stopped}::":
                stopped = None
            elif stopped is None and bare.startswith("::"):
                command = bare[2:].split(" ", 1)[0].split("::", 1)[0]
                assert command in ("error", "warning", "notice", "group", "endgroup"), line
                assert "set-output" not in bare and "add-mask" not in bare, line
        summary_text = summary.read_text("utf-8") if summary.exists() else ""
        _inert_terminal(summary_text)
        assert not RAW_HTML.search(re.sub(r"`[^`\n]*`", "", summary_text))
