"""Decisions survive re-grades: kept on the same commit; after a push, kept and flagged re-check with a
diff of the criterion's text (real git servers on 127.0.0.1, as the batch tests use)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from tests.batch.servers import git, make_repo
from tests.batch.test_batch_remote import BEFORE, Servers, run
from tests.review.conftest import Served

CANVAS_IMAGE = """# ДЗ 1: антифрод

## Бизнес-цели и метрики
Снизить ущерб от мошенничества на 5% за квартал; метрика — доля ущерба от оборота в месяц.

## ML-метрики
Recall не ниже 0.8 и precision не ниже 0.6 на отложенной выборке.

## MISSION Canvas
![канвас](canvas.png)
"""
LATER = "2026-11-29T12:00:00+03:00"


def _rows(out: Path) -> dict[str, dict[str, object]]:
    return {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}


def _canvas(row: dict[str, object]) -> dict[str, object]:
    result = row["result"]
    assert isinstance(result, dict)
    return next(c for c in result["criteria"] if c["id"] == "canvas")


def _push(repo_root: Path, owner: str, files: dict[str, bytes]) -> None:
    work = repo_root / "_work" / owner / "hw"
    for rel, data in files.items():
        (work / rel).write_bytes(data)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "more", cwd=work, env={"GIT_AUTHOR_DATE": LATER, "GIT_COMMITTER_DATE": LATER})
    git("push", "-q", str(repo_root / owner / "hw.git"), "main", cwd=work)


def test_a_decision_is_kept_on_the_same_commit_and_flagged_after_a_push(
    servers: Servers, repo_root: Path, tmp_path: Path, review: Callable[[Path], Served]
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    make_repo(repo_root, "anna", "hw", [(BEFORE, {"README.md": CANVAS_IMAGE.encode(), "canvas.png": png})])
    chat = tmp_path / "chat.txt"
    chat.write_text(f"Anna: {servers[0].url}/anna/hw\n", "utf-8")
    out = tmp_path / "out"
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    first = _rows(out)["Anna"]
    assert _canvas(first)["status"] == "needs_review"

    done = CliRunner().invoke(main, ["override", str(out), "Anna", "canvas", "2", "--note", "всё на месте"])
    assert done.exit_code == 0, done.output
    assert _canvas(_rows(out)["Anna"])["points"] == 2.0  # the outputs were written again at once

    assert run(servers, str(chat), "--out", str(out)).exit_code == 0  # the same commit
    same = _rows(out)["Anna"]
    decision = _canvas(same)["decision"]
    assert isinstance(decision, dict)
    assert (same["commit"], _canvas(same)["points"], decision["recheck"]) == (first["commit"], 2.0, False)

    moved = CANVAS_IMAGE.replace(
        "![канвас](canvas.png)", "Канвас теперь таблицей: Mission | Value\n\n![канвас](canvas.png)"
    )
    _push(repo_root, "anna", {"README.md": moved.encode()})
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    after = _rows(out)["Anna"]
    assert after["commit"] != first["commit"]
    decision = _canvas(after)["decision"]
    assert isinstance(decision, dict)
    assert decision["recheck"] is True and decision["commit"] == first["commit"]
    assert _canvas(after)["points"] == 2.0  # kept until someone decides again
    assert "re-check" in (out / "gradebook.csv").read_text("utf-8-sig")

    # The queue shows it first, as a re-check, with what changed in the criterion's text.
    served = review(out)
    status, page = served.get("/queue")
    text = page.decode()
    assert status == 200 and "reason-recheck" in text
    assert '<span class="add">+Канвас теперь таблицей: Mission | Value</span>' in text
    # Deciding again on the new commit clears the flag.
    key = str(after["student_key"])
    again = {"student_key": key, "criterion": "canvas", "points": 2}
    assert served.request("POST", "/api/decide", again, headers={"X-Grader-Token": served.token})[0] == 200
    decision = _canvas(_rows(out)["Anna"])["decision"]
    assert isinstance(decision, dict) and decision["recheck"] is False


def test_a_repositorys_small_images_are_cached_at_fetch_and_shown_inline(
    servers: Servers, repo_root: Path, tmp_path: Path, review: Callable[[Path], Served]
) -> None:
    from grader.store.database import Store

    png = b"\x89PNG\r\n\x1a\n" + b"\1" * 64
    big = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 1200  # 300 KB: past the pack's blob filter
    files = {"README.md": CANVAS_IMAGE.encode(), "canvas.png": png, "big.png": big}
    make_repo(repo_root, "anna", "hw", [(BEFORE, files)])
    chat = tmp_path / "chat.txt"
    chat.write_text(f"Anna: {servers[0].url}/anna/hw\n", "utf-8")
    out = tmp_path / "out"
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    row = _rows(out)["Anna"]
    store = Store(out / "gradebook.sqlite")
    try:
        (snapshot,) = store.snapshots_of(str(row["repo"]), str(row["commit"]))
    finally:
        store.close()
    assert snapshot.images == {"canvas.png": png}  # the big one is linked to on the host instead

    served = review(out)
    page = served.get("/queue")[1].decode()
    shown = [part.split('"')[0] for part in page.split('src="') if part.startswith("/img/")]
    assert shown, "the canvas image is inline in the queue"
    status, body = served.get(shown[0])
    assert (status, body) == (200, png)
