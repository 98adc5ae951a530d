"""`grader publish` against the recording GitHub stand-in: once, again, changed, refused, dry."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

from grader.store.decisions import Decision, record
from tests.publish.conftest import HOSTILE_NAME, publish
from tests.publish.github_stub import GitHubStub


def _issues(stub: GitHubStub, repo: str) -> list[dict[str, object]]:
    return stub.repo(repo).issues


def test_publishing_twice_creates_each_issue_once_then_changes_nothing(
    graded: Path, stub: GitHubStub
) -> None:
    first = publish(stub, graded, "--yes")
    assert first.exit_code == 3, first.output  # carol/noissues refuses
    for repo in ("alice/hw", "bob/hw", "mallory/hw"):
        issues = _issues(stub, repo)
        assert len(issues) == 1, repo
        assert "<!-- grader:otus-mlops-hw1:" in str(issues[0]["body"])
    title = str(_issues(stub, "alice/hw")[0]["title"])
    assert title.startswith("Проверка ДЗ №1: ") and " / 12" in title
    writes = len(stub.writes)
    assert writes == 3
    again = publish(stub, graded, "--yes")
    assert again.exit_code == 3, again.output
    assert len(stub.writes) == writes  # unchanged bodies: no write at all
    assert [line.split()[0] for line in again.output.splitlines() if line.startswith("unchanged ")] == [
        "unchanged"
    ] * 3


def test_marker_found_again_when_the_state_is_lost(graded: Path, stub: GitHubStub) -> None:
    assert publish(stub, graded, "--yes").exit_code == 3
    db = sqlite3.connect(graded / "gradebook.sqlite")
    db.execute("DROP TABLE publications")
    db.commit()
    db.close()
    _issues(stub, "alice/hw")[0]["body"] = str(_issues(stub, "alice/hw")[0]["body"]) + "\nedited by hand\n"
    _issues(stub, "bob/hw")[0]["state"] = "closed"  # closed issues are found too
    before = len(stub.writes)
    result = publish(stub, graded, "--yes")
    assert result.exit_code == 3, result.output
    assert all(len(_issues(stub, r)) == 1 for r in ("alice/hw", "bob/hw", "mallory/hw"))
    new_writes = stub.writes[before:]
    assert [(c.method, c.path) for c in new_writes] == [("PATCH", "/repos/alice/hw/issues/1")]
    assert "edited by hand" not in str(_issues(stub, "alice/hw")[0]["body"])


def test_a_decision_changed_between_runs_updates_the_body(graded: Path, stub: GitHubStub) -> None:
    assert publish(stub, graded, "--yes").exit_code == 3
    old = str(_issues(stub, "bob/hw")[0]["body"])
    db = sqlite3.connect(graded / "gradebook.sqlite", isolation_level=None)
    key = db.execute("SELECT student_key FROM rows WHERE student_name = 'Bob'").fetchone()[0]
    record(db, Decision(key, "ml-metrics", 2.0, note_student="Порог recall не назван.", who="teacher"))
    db.close()
    dry = publish(stub, graded)
    assert "would update" in dry.output and "bob/hw#1" in dry.output
    assert "-title: " in dry.output and "+title: " in dry.output  # the diff shows the new score
    result = publish(stub, graded, "--yes")
    assert result.exit_code == 3, result.output
    issue = _issues(stub, "bob/hw")[0]
    assert len(_issues(stub, "bob/hw")) == 1 and issue["body"] != old
    patched = [c for c in stub.writes if c.method == "PATCH"]
    assert [c.path for c in patched] == ["/repos/bob/hw/issues/1"]


def test_dry_run_makes_no_write_call(graded: Path, stub: GitHubStub) -> None:
    result = publish(stub, graded)
    assert result.exit_code == 3, result.output
    assert stub.writes == []
    assert sum(line.startswith("would create") for line in result.output.splitlines()) == 3
    assert "nothing was written" in result.output


def test_issues_disabled_and_archived_are_listed_and_skipped(graded: Path, stub: GitHubStub) -> None:
    stub.repo("bob/hw").archived = True
    dry = publish(stub, graded)  # the dry run already knows: the repository says so
    assert dry.exit_code == 3 and "archived" in dry.output and "issues are disabled" in dry.output
    result = publish(stub, graded, "--yes")
    assert result.exit_code == 3
    assert "carol/noissues" in result.output and "issues are disabled" in result.output
    assert "bob/hw" in result.output and "archived" in result.output
    assert len(_issues(stub, "alice/hw")) == 1 and len(_issues(stub, "mallory/hw")) == 1
    db = sqlite3.connect(graded / "gradebook.sqlite")
    reasons = dict(db.execute("SELECT repo, reason FROM publications WHERE status = 'refused'").fetchall())
    assert set(reasons) == {"carol/noissues", "bob/hw"}
    assert not [c for c in stub.writes if "/bob/" in c.path or "/carol/" in c.path]  # no write tried


def test_secondary_rate_limit_is_waited_out_within_max_wait(graded: Path, stub: GitHubStub) -> None:
    stub.secondary_limits, stub.retry_after = 2, 1
    result = publish(stub, graded, "--yes", "--max-wait", "5")
    assert result.exit_code == 3, result.output  # only carol (issues disabled)
    assert all(len(_issues(stub, r)) == 1 for r in ("alice/hw", "bob/hw", "mallory/hw"))
    assert "waited 2 s" in result.output


def test_a_rate_limit_longer_than_max_wait_leaves_rows_for_the_next_run(
    graded: Path, stub: GitHubStub
) -> None:
    stub.secondary_limits, stub.retry_after = 1, 120
    result = publish(stub, graded, "--yes", "--max-wait", "1")
    assert result.exit_code == 3
    assert "rate limited for 120 s" in result.output
    assert sum(len(_issues(stub, r)) for r in ("alice/hw", "bob/hw", "mallory/hw")) == 0
    db = sqlite3.connect(graded / "gradebook.sqlite")
    assert db.execute("SELECT count(*) FROM publications WHERE status = 'pending'").fetchone()[0] == 4
    db.close()
    resumed = publish(stub, graded, "--yes")
    assert resumed.exit_code == 3  # carol only
    assert all(len(_issues(stub, r)) == 1 for r in ("alice/hw", "bob/hw", "mallory/hw"))


def test_student_text_cannot_mention_anyone_or_inject_html(graded: Path, stub: GitHubStub) -> None:
    import re

    from markdown_it import MarkdownIt

    assert publish(stub, graded, "--yes").exit_code == 3
    body = str(_issues(stub, "mallory/hw")[0]["body"])
    assert "octocat" in body and "org/team" in body  # quoted, but inert
    html = MarkdownIt("commonmark").enable("table").render(body)
    # GitHub pings @names only in text, never inside <code>: strip code, then no @name may remain.
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", outside_code), outside_code
    assert "<img" not in html and "<script" not in html  # rendered as text, not tags
    assert "49" not in body.replace("0.49", "")  # {{7*7}} is not evaluated
    assert "{{7*7}}" in body or "\\{\\{7\\*7\\}\\}" in body
    assert HOSTILE_NAME not in body  # the name is written escaped, never raw


def test_commit_comments_are_found_again_and_updated(graded: Path, stub: GitHubStub) -> None:
    assert publish(stub, graded, "--as", "commit-comment", "--yes").exit_code == 0
    comments = stub.repo("alice/hw").comments
    assert len(comments) == 1 and len(next(iter(comments.values()))) == 1
    assert not _issues(stub, "alice/hw")
    before = len(stub.writes)
    assert publish(stub, graded, "--as", "commit-comment", "--yes").exit_code == 0
    assert len(stub.writes) == before


def test_the_token_never_appears_in_output_or_the_gradebook(graded: Path, stub: GitHubStub) -> None:
    from tests.publish.conftest import FAKE_TOKEN

    stub.repo("bob/hw").archived = True
    outputs = [publish(stub, graded, "--yes").output, publish(stub, graded).output]
    assert all(c.auth == f"token {FAKE_TOKEN}" or c.auth == f"Bearer {FAKE_TOKEN}" for c in stub.calls)
    for text in outputs:
        assert FAKE_TOKEN not in text
    for path in graded.rglob("*"):
        if path.is_file():
            assert FAKE_TOKEN.encode() not in path.read_bytes(), path


def test_publishing_needs_a_token_and_a_gradebook(graded: Path, stub: GitHubStub, tmp_path: Path) -> None:
    no_token = publish(stub, graded, "--yes", token=None)
    assert no_token.exit_code == 2 and "needs a token" in no_token.output
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = publish(stub, empty)
    assert missing.exit_code == 2 and "no gradebook.sqlite" in missing.output
    assert "Traceback" not in missing.output


def test_writes_are_paced_one_a_second_per_token(graded: Path, stub: GitHubStub) -> None:
    from click.testing import CliRunner

    from grader.cli import main
    from tests.publish.conftest import FAKE_TOKEN

    argv = ["publish", str(graded), "--api-url", stub.url, "--yes"]  # the default pace: one a second
    result = CliRunner(env={"GITHUB_TOKEN": FAKE_TOKEN}).invoke(main, argv)
    assert result.exit_code == 3, result.output
    times = [c.at for c in stub.writes]
    assert len(times) == 3
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times))


def test_a_write_refused_despite_the_repository_is_listed(graded: Path, stub: GitHubStub) -> None:
    # The repository looks writable but GitHub refuses the write (archived meanwhile, no permission).
    stub.repo("alice/hw").fail_writes = (403, "Repository was archived so is read-only.")
    stub.repo("bob/hw").fail_writes = (404, "Not Found")
    result = publish(stub, graded, "--yes")
    assert result.exit_code == 3
    assert "alice/hw" in result.output and "archived" in result.output
    assert "bob/hw" in result.output and "not found, or the token may not write there" in result.output
    assert len(stub.repo("mallory/hw").issues) == 1


def test_an_anonymous_dry_run_reads_public_repositories(graded: Path, stub: GitHubStub) -> None:
    result = publish(stub, graded, token=None)
    assert result.exit_code == 3, result.output
    assert sum(line.startswith("would create") for line in result.output.splitlines()) == 3
    assert all(c.auth is None for c in stub.calls) and stub.writes == []


def test_a_primary_rate_limit_is_waited_until_its_reset(graded: Path, stub: GitHubStub) -> None:
    stub.primary_limits = 1
    result = publish(stub, graded, "--yes", "--max-wait", "5")
    assert result.exit_code == 3, result.output  # carol only
    assert all(len(_issues(stub, r)) == 1 for r in ("alice/hw", "bob/hw", "mallory/hw"))
    assert "waited" in result.output
