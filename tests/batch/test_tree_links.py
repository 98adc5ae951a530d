"""One grade per hand-in, whatever the link style (issue 11, item 8).

Every sample is pushed to the loopback git host and graded three ways: `grader check` of the folder
(what the student's Action sees), a batch row for the repository link, and a batch row for a
`/tree/main/<folder>` link to the folder `check` located (or `/tree/main` when it graded the root).
Before the fix a `/tree/` row was graded without the rest of the repository (no root README).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from click.testing import CliRunner

from grader.cli import main
from tests.batch.servers import make_repo
from tests.batch.test_batch_remote import Servers, rows, run

SAMPLES = Path(__file__).resolve().parents[2] / "sample_submissions"


def _files(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "expected.json"
    }


def _cases() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if (p / "expected.json").is_file())


def test_tree_link_repository_link_and_check_grade_the_same(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    lines, checked = [], {}
    for i, case in enumerate(_cases()):
        report = json.loads(CliRunner().invoke(main, ["check", str(case), "--format", "json"]).output)
        checked[case.name] = report["score"]
        make_repo(repo_root, f"s{i}", "hw", [("2026-11-20T10:00:00+03:00", _files(case))])
        located = report["submission"]["located"] or ""
        folder = re.match(r"^([^:()]+?)/ ", located)
        tree = f"/tree/main/{quote(folder.group(1))}" if folder else "/tree/main"
        if folder:  # the repository link too where the answer sits in a folder (fewer rows: faster)
            lines.append(f"repo-{case.name}: {git_server.url}/s{i}/hw")
        lines.append(f"tree-{case.name}: {git_server.url}/s{i}/hw{tree}")
    chat = tmp_path / "chat.txt"
    chat.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    result = run(servers, str(chat), "--out", str(out))
    assert result.exit_code == 0, result.output
    got = rows(out)
    differ = {
        name: (score, got.get(f"repo-{name}", {"score": score})["score"], got[f"tree-{name}"]["score"])
        for name, score in checked.items()
        if not score == got.get(f"repo-{name}", {"score": score})["score"] == got[f"tree-{name}"]["score"]
    }
    assert differ == {}, differ  # (check, repository link, /tree/ link)
    assert len(checked) >= 20
    assert any("/tree/main/" in str(got[f"tree-{n}"]["link"]) for n in checked)
