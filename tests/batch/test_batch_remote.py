"""`grader batch` against real servers on 127.0.0.1: git smart HTTP and a GitHub-shaped REST API."""

from __future__ import annotations

import base64
import fcntl
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grader.cli import main
from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, GitHttpServer, make_empty_repo, make_repo

ROOT = Path(__file__).resolve().parents[2]
Servers = tuple[GitHttpServer, ApiServer]
BEFORE = "2026-11-28T12:00:00+03:00"
AFTER = "2026-12-03T12:00:00+03:00"
DEADLINE = "2026-12-01T23:59+03:00"
FAKE_TOKEN = "ghp_FAKEtoken0123456789abcdefABCDEF0123"


@pytest.fixture
def classroom(repo_root: Path, servers: tuple[GitHttpServer, ApiServer], tmp_path: Path) -> Path:
    git_server, _ = servers
    make_repo(
        repo_root,
        "alice",
        "hw",
        [
            (BEFORE, {"README.md": GOOD_README.encode(), "data/big.bin": b"\0" * 1_000_000}),
            (AFTER, {"README.md": (GOOD_README + "\n## Добавлено после дедлайна\n").encode()}),
        ],
        symlinks={"secret.md": "/etc/passwd"},
    )
    make_empty_repo(repo_root, "bob", "empty")
    make_repo(
        repo_root, "carl", "mono", [(BEFORE, {"hw1/README.md": GOOD_README.encode(), "README.md": b"# x\n"})]
    )
    make_repo(repo_root, "eve", "hw", [(BEFORE, {"main.py": b"print(1)\n"})])
    url = git_server.url
    chat = tmp_path / "chat.txt"
    chat.write_text(
        f"Alice: {url}/Alice/HW.git\n"
        f"Bob: {url}/bob/empty\n"
        f"Carl: {url}/carl/mono/tree/main/hw1\n"
        f"Dave: {url}/dave/missing\n"
        f"=HYPERLINK(1): {url}/eve/hw\n"
        f"Mallory: ext::sh -c touch% /tmp/pwned\n"
        "Vera: когда дедлайн?\n",
        "utf-8",
    )
    return chat


def run(servers: Servers, *args: str, env: dict[str, str] | None = None) -> Result:
    git_server, api = servers
    argv = ["batch", *args, "--github-url", git_server.url, "--api-url", api.url, "--lang", "en"]
    return CliRunner(env={"GITHUB_TOKEN": "", **(env or {})}).invoke(main, argv)


def rows(out: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out / "gradebook.json").read_text("utf-8"))
    return {r["student"]: r for r in data["rows"]}


def test_batch_statuses_outputs_and_safety(servers: Servers, classroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(servers, str(classroom), "--out", str(out))
    assert result.exit_code == 3, result.output
    got = rows(out)
    statuses = {name: r["status"] for name, r in got.items()}
    assert statuses == {
        "Alice": "graded", "Bob": "graded", "Carl": "graded", "Dave": "not_found",
        "=HYPERLINK(1)": "graded", "Mallory": "invalid_link",
    }  # fmt: skip
    assert got["Bob"]["reason"] == "empty repository (no commits)"
    assert got["=HYPERLINK(1)"]["reason"] == "no markdown files in the repository"
    alice = got["Alice"]["result"]
    assert isinstance(alice, dict)
    assert any(w["code"] == "symlink_skipped" for w in alice["warnings"])
    assert alice["score"] > 0
    carl = got["Carl"]["result"]
    assert isinstance(carl, dict)
    assert {e["file"] for c in carl["criteria"] for e in c["evidence"] if e["file"]} <= {"hw1/README.md"}
    # CSV: BOM for Excel, and a formula-looking name is neutralised
    csv_bytes = (out / "gradebook.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    assert '\n"\'=HYPERLINK(1)",' in csv_bytes.decode("utf-8").replace("\r", "")
    # feedback links to the exact line of the graded commit
    feedback = (out / "feedback" / str(got["Alice"]["feedback"])).read_text("utf-8")
    sha = got["Alice"]["commit"]
    assert f"({servers[0].url}/Alice/HW/blob/{sha}/README.md#L" in feedback
    assert "Dave" in result.output and "not found" in result.output  # the status in words
    assert "root:" not in (out / "gradebook.json").read_text("utf-8")  # /etc/passwd never read


def test_unchanged_rerun_and_changed_rubric_fetch_nothing(
    servers: Servers, classroom: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    out = tmp_path / "out"
    run(servers, str(classroom), "--out", str(out))
    first = rows(out)
    posts = git_server.posts
    run(servers, str(classroom), "--out", str(out))
    assert git_server.posts == posts  # only ls-remote round trips, no fetch
    assert rows(out) == first
    rubric = tmp_path / "rubric.yaml"
    text = (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text("utf-8")
    rubric.write_text(re.sub(r"(?m)^pass_threshold: .*$", "pass_threshold: 42", text), "utf-8")
    run(servers, str(classroom), "--out", str(out), "--rubric", str(rubric))
    assert git_server.posts == posts  # re-graded from the cached files
    again = rows(out)
    assert again["Alice"]["result"]["rubric"]["sha256"] != first["Alice"]["result"]["rubric"]["sha256"]  # type: ignore[index]


def test_deadline_pins_last_commit_before_it(servers: Servers, classroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(servers, str(classroom), "--out", str(out), "--deadline", DEADLINE)
    alice = rows(out)["Alice"]
    head = rows_at(servers, classroom, tmp_path / "head")["Alice"]["commit"]
    assert alice["commit"] != head
    # posted on time, kept committing: the state at the deadline is graded, and that is not lateness
    assert alice["later_commits"] is True and alice["late"] is False
    assert str(alice["committed_at"]).startswith("2026-11-28T12:00:00+03:00")  # in the deadline's zone
    feedback = (out / "feedback" / str(alice["feedback"])).read_text("utf-8")
    assert "The state at the deadline was graded (commit " in feedback
    assert "later commits were not counted" in feedback and "after the deadline" not in feedback


def rows_at(servers: Servers, chat: Path, out: Path) -> dict[str, dict[str, object]]:
    run(servers, str(chat), "--out", str(out))
    return rows(out)


def test_penalty_per_day_grades_head_with_penalty(servers: Servers, classroom: Path, tmp_path: Path) -> None:
    rubric = tmp_path / "late.yaml"
    text = (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text("utf-8")
    rubric.write_text(text + "\nlate_policy: {mode: penalty_per_day, percent: 10, max_days: 7}\n", "utf-8")
    out = tmp_path / "out"
    run(servers, str(classroom), "--out", str(out), "--rubric", str(rubric), "--deadline", DEADLINE)
    alice = rows(out)["Alice"]
    assert alice["penalty_percent"] == 20.0  # committed 1 day 12 hours late: two started days
    assert alice["late"] is True
    result = alice["result"]
    assert isinstance(result, dict)
    assert alice["score"] == round(result["score"] * 0.8, 2)
    feedback = (out / "feedback" / str(alice["feedback"])).read_text("utf-8")
    assert "Late penalty: −20%" in feedback


@pytest.mark.parametrize(
    ("mode", "status"),
    [("404", "not_found"), ("rate-limit", "rate_limited"), ("500", "fetch_error"), ("drop", "fetch_error"),
     ("500-once", "graded"), ("retry-after", "graded")],
)  # fmt: skip
def test_api_failures_become_row_statuses(
    servers: Servers, classroom: Path, tmp_path: Path, mode: str, status: str
) -> None:
    _, api = servers
    api.behaviour["alice/hw"] = mode
    out = tmp_path / "out"
    result = run(servers, str(classroom), "--out", str(out), "--deadline", DEADLINE, "--max-wait", "5")
    got = rows(out)
    assert got["Alice"]["status"] == status, got["Alice"]
    assert got["Carl"]["status"] == "graded"  # one bad row never stops the others
    assert result.exit_code == 3


def test_token_is_used_but_never_shown(servers: Servers, classroom: Path, tmp_path: Path) -> None:
    _, api = servers
    api.behaviour["alice/hw"] = "drop"
    out = tmp_path / "out"
    result = run(
        servers, str(classroom), "--out", str(out), "--deadline", DEADLINE, env={"GITHUB_TOKEN": FAKE_TOKEN}
    )
    assert any(FAKE_TOKEN in h for h in api.auth_headers)
    basic = base64.b64encode(f"x-access-token:{FAKE_TOKEN}".encode()).decode()
    assert f"Basic {basic}" in servers[0].auth_headers  # git gets it as basic auth, never in a URL
    assert FAKE_TOKEN not in result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert FAKE_TOKEN.encode() not in path.read_bytes(), path


def test_second_run_on_a_locked_folder_exits_2(servers: Servers, classroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".grader.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(servers, str(classroom), "--out", str(out))
    assert result.exit_code == 2
    assert "another grader run is using this output folder" in result.output


def test_shards_partition_students_and_merge_equals_full_run(
    servers: Servers, classroom: Path, tmp_path: Path
) -> None:
    full = tmp_path / "full"
    run(servers, str(classroom), "--out", str(full))
    parts = []
    for k in (1, 2, 3):
        part = tmp_path / f"shard{k}"
        run(servers, str(classroom), "--out", str(part), "--shard", f"{k}/3")
        parts.append(part)
    names = [set(rows(p)) for p in parts]
    assert sum(len(n) for n in names) == len(rows(full))
    assert set().union(*names) == set(rows(full))
    merged = tmp_path / "merged"
    result = CliRunner().invoke(main, ["merge", *map(str, parts), "--out", str(merged), "--quiet"])
    assert result.exit_code == 3
    assert rows(merged) == rows(full)
    bad = CliRunner().invoke(main, ["batch", str(classroom), "--out", str(tmp_path / "x"), "--shard", "4/3"])
    assert bad.exit_code == 2 and "--shard" in bad.output


def test_store_is_a_wal_sqlite_keyed_by_student(servers: Servers, classroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(servers, str(classroom), "--out", str(out))
    db = sqlite3.connect(out / "gradebook.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    keys = db.execute(
        "SELECT student_key, repo_url, commit_sha, rubric_sha256 FROM rows WHERE status='graded'"
    ).fetchall()
    assert len(keys) == 4 and all(k[0] and k[1] and k[3] for k in keys)


def test_hostile_repository_contents_are_noted_not_followed(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    make_repo(
        repo_root,
        "mallory",
        "hw",
        [(BEFORE, {"README.md": GOOD_README.encode(), "huge.md": b"# big\n" + b"x" * 400_000})],
        symlinks={"docs": "/etc"},
        gitlinks={"vendor/evil": "0123456789abcdef0123456789abcdef01234567"},
    )
    chat = tmp_path / "chat.txt"
    chat.write_text(f"Mallory: {git_server.url}/mallory/hw\n", "utf-8")
    out = tmp_path / "out"
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    result = rows(out)["Mallory"]["result"]
    assert isinstance(result, dict)
    codes = {(w["code"], w["file"]) for w in result["warnings"]}
    assert ("file_too_large", "huge.md") in codes
    assert ("symlink_skipped", "docs") in codes
    assert ("submodule_skipped", "vendor/evil") in codes


@pytest.mark.parametrize(
    ("mode", "status"), [("500", "fetch_error"), ("429", "rate_limited"), ("drop", "fetch_error")]
)
def test_git_server_failures_become_row_statuses(
    servers: Servers, classroom: Path, tmp_path: Path, mode: str, status: str
) -> None:
    git_server, _ = servers
    git_server.behaviour["alice/hw"] = mode
    out = tmp_path / "out"
    assert run(servers, str(classroom), "--out", str(out)).exit_code == 3
    got = rows(out)
    assert got["Alice"]["status"] == status, got["Alice"]
    assert got["Carl"]["status"] == "graded"


@pytest.mark.parametrize("mode", ["hang", "trickle"])
def test_a_silent_or_trickling_server_is_a_timeout(
    servers: Servers, classroom: Path, tmp_path: Path, mode: str
) -> None:
    git_server, _ = servers
    git_server.behaviour["alice/hw"] = mode
    out = tmp_path / "out"
    run(servers, str(classroom), "--out", str(out), "--timeout", "1")
    assert rows(out)["Alice"]["status"] == "timeout"
    assert rows(out)["Carl"]["status"] == "graded"


def test_grading_in_worker_processes_gives_the_same_rows(
    servers: Servers, classroom: Path, tmp_path: Path
) -> None:
    from grader.engine.batch import Batch, Options, open_store
    from grader.rubric.load import load_rubric
    from grader.sources.gather import gather
    from grader.sources.links import parse_host

    git_server, api = servers
    host = parse_host(git_server.url)
    refs = gather([str(classroom)], host).refs
    results = []
    for processes in (0, 2):
        out = tmp_path / f"p{processes}"
        out.mkdir()
        store = open_store(out)
        options = Options(
            rubric=load_rubric("otus-mlops-hw1"), lang="en", host=host, api_url=api.url,
            rubric_ref="otus-mlops-hw1", grade_processes=processes,
        )  # fmt: skip
        Batch(store, options).run(refs)
        results.append({(r.student_key, r.status, r.result) for r in store.member_rows()})
        store.close()
    assert results[0] == results[1]


def test_head_naming_a_missing_branch_is_graded_zero_with_reason(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    bare = make_repo(repo_root, "frank", "hw", [(BEFORE, {"README.md": GOOD_README.encode()})])
    (bare / "HEAD").write_text("ref: refs/heads/nope\n")
    chat = tmp_path / "chat.txt"
    chat.write_text(f"Frank: {git_server.url}/frank/hw\n", "utf-8")
    out = tmp_path / "out"
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    frank = rows(out)["Frank"]
    assert frank["status"] == "graded" and frank["score"] == 0
    assert "HEAD names a branch that does not exist" in str(frank["reason"])


def test_token_is_not_sent_along_a_redirect_to_another_host(
    servers: Servers, classroom: Path, tmp_path: Path
) -> None:
    git_server, api = servers
    git_server.behaviour["alice/hw"] = f"redirect:{api.url}"
    out = tmp_path / "out"
    run(servers, str(classroom), "--out", str(out), env={"GITHUB_TOKEN": FAKE_TOKEN})
    assert any(p.lower().startswith("/alice/hw") for p in api.paths)  # the redirect was followed ...
    assert api.auth_headers == []  # ... without the token
    assert rows(out)["Alice"]["status"] != "graded"


def test_terminal_summary_carries_no_escape_sequences(servers: Servers, tmp_path: Path) -> None:
    git_server, _ = servers
    chat = tmp_path / "chat.txt"
    chat.write_text(
        f"\x1b]0;pwned\x07Eve\u202e: {git_server.url}/eve/missing\n"
        f"Ann: [x](javascript:alert(1)) ::error::boom {git_server.url}/ann/missing\n",
        "utf-8",
    )
    out = tmp_path / "out"
    result = run(servers, str(chat), "--out", str(out))
    assert result.exit_code == 3
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "\x1b" not in (out / "unrecognized.txt").read_text("utf-8")
