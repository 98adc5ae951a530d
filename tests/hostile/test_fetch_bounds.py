"""Issue 17, items 1, 12 and 16: what one fetch may cost is bounded by the limits in
grader/fetch/limits.py, not by what the repository holds; annotated tags are peeled; a commit dated
past `datetime`'s range is clamped with a warning; a README quoting the operator's token is redacted
before the snapshot leaves the fetch layer (so before it is cached).

Repositories are built at test time with `git fast-import` and served by the loopback git server."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import grader.fetch.remote as remote_module
from grader.cli import main
from grader.fetch.failure import FetchFailure
from grader.fetch.limits import MAX_MARKDOWN_TOTAL
from grader.fetch.remote import GitRemote
from grader.sources.links import RepoLink, parse_host
from tests.batch.conftest import GOOD_README
from tests.batch.servers import ApiServer, GitHttpServer, git
from tests.hostile.builders import FILE, fast_repo

Servers = tuple[GitHttpServer, ApiServer]
ROOT = Path(__file__).resolve().parents[2]
README = ("README.md", FILE, GOOD_README.encode())
BLOB = 200 * 1024


def _many_blobs(count: int) -> list[tuple[str, int, bytes]]:
    # distinct, compressible: the pack is small, what it inflates to is not
    return [(f"data/{i:05d}.txt", FILE, b"%d\n" % i + b"a" * BLOB) for i in range(count)]


def test_many_small_blobs_are_inflated_one_at_a_time(repo_root: Path, servers: Servers) -> None:
    # 600 blobs of 200 KB: ~120 MB unpacked from a pack of ~1 MB. A MemoryRepo held all of it (and
    # parsed each object); the two-pass reader holds one object at a time and keeps only markdown.
    fast_repo(repo_root, "blobs", "hw", [README, *_many_blobs(600)])
    probe = textwrap.dedent(
        f"""
        import sys
        from grader.fetch.remote import GitRemote
        from grader.sources.links import RepoLink, parse_host
        remote = GitRemote(parse_host({servers[0].url!r}), None, 10)
        link = RepoLink("blobs", "hw")
        tip = remote.tip(link)
        def peak():  # VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss into a child
            for line in open("/proc/self/status"):
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        before = peak()
        snap, _ = remote.snapshot(link, tip.sha, None, "blobs")
        after = peak()
        print(len(snap.files), sorted(snap.markdown), (after - before) // 1024)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    files, markdown, grown_mb = int(out[0]), out[1], int(out[-1])
    assert files == 601 and "README.md" in markdown
    assert grown_mb < 40, f"peak RSS grew {grown_mb} MB while fetching 120 MB of small blobs"


@pytest.mark.parametrize(
    ("limit", "value", "code"),
    [
        ("MAX_UNPACKED_BYTES", 8 * 1024 * 1024, "batch.unpacked_too_large"),
        ("MAX_PACK_OBJECTS", 20, "batch.too_many_objects"),
        ("MAX_PACK_BYTES", 4096, "batch.answer_too_large"),
    ],
)
def test_a_pack_past_a_limit_is_a_named_failure(
    repo_root: Path, servers: Servers, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, code: str
) -> None:
    # the limits are lowered so that a small repository crosses each (the defaults are in SECURITY.md)
    fast_repo(repo_root, "blobs", "hw", [README, *_many_blobs(60)])
    monkeypatch.setattr(remote_module, limit, value)
    remote = GitRemote(parse_host(servers[0].url), None, 10)
    link = RepoLink("blobs", "hw")
    tip = remote.tip(link)
    assert tip.sha is not None
    with pytest.raises(FetchFailure) as caught:
        remote.snapshot(link, tip.sha, None, "blobs")
    assert caught.value.status == "fetch_error" and caught.value.code == code


def test_tree_entries_are_bounded(repo_root: Path, servers: Servers, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_repo(repo_root, "wide", "hw", [README, *[(f"f{i:04d}.txt", FILE, b"x") for i in range(300)]])
    monkeypatch.setattr(remote_module, "MAX_TREE_ENTRIES", 100)
    remote = GitRemote(parse_host(servers[0].url), None, 10)
    link = RepoLink("wide", "hw")
    tip = remote.tip(link)
    assert tip.sha is not None
    snap, _ = remote.snapshot(link, tip.sha, None, "wide")
    assert ("too_many_files", None) in {(n.code, n.file) for n in snap.notes}
    assert len(snap.files) <= 100


def test_markdown_kept_per_submission_is_bounded(repo_root: Path, servers: Servers) -> None:
    # 48 markdown files of 250 KB (each under the per-file limit): 12 MB, past the 8 MB kept in all
    docs = [(f"docs/{i:02d}.md", FILE, b"# %d\n" % i + b"word " * 50_000) for i in range(48)]
    fast_repo(repo_root, "docs", "hw", [README, *docs])
    remote = GitRemote(parse_host(servers[0].url), None, 10)
    link = RepoLink("docs", "hw")
    tip = remote.tip(link)
    assert tip.sha is not None
    snap, _ = remote.snapshot(link, tip.sha, None, "docs")
    assert sum(len(d) for d in snap.markdown.values()) <= MAX_MARKDOWN_TOTAL
    skipped = {n.file for n in snap.notes if n.code == "markdown_total_too_large"}
    assert skipped and len(skipped) + len(snap.markdown) == 49


def _batch(
    servers: Servers, tmp_path: Path, lines: list[str], token: str = ""
) -> dict[str, dict[str, object]]:
    git_server, api = servers
    chat = tmp_path / "chat.txt"
    chat.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(chat), "--out", str(out), "--github-url", git_server.url, "--api-url", api.url,
            "--lang", "en", "--quiet", "--timeout", "10"]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": token}).invoke(main, argv)
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output
    return {r["student"]: r for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"]}


def test_annotated_tags_are_peeled(repo_root: Path, servers: Servers, tmp_path: Path) -> None:
    # `/tree/v1` with an annotated tag, and a server whose HEAD names a tag: both the tag's commit
    for owner in ("tagged", "headtag"):
        bare = fast_repo(repo_root, owner, "hw", [README])
        git("tag", "-a", "v1", "-m", "release", "main", cwd=bare)
    git("symbolic-ref", "HEAD", "refs/tags/v1", cwd=repo_root / "headtag" / "hw.git")
    url = servers[0].url
    rows = _batch(servers, tmp_path, [f"Tagged: {url}/tagged/hw/tree/v1", f"Headtag: {url}/headtag/hw"])
    for student in ("Tagged", "Headtag"):
        assert rows[student]["status"] == "graded", rows[student]
        assert float(rows[student]["score"]) > 0, rows[student]  # type: ignore[arg-type]


def test_a_commit_dated_past_datetimes_range_is_clamped(
    repo_root: Path, servers: Servers, tmp_path: Path
) -> None:
    bare = fast_repo(repo_root, "future", "hw", [README])
    # rewrite the one commit with a committer date no datetime holds (year ~ 3 billion)
    raw = git("cat-file", "commit", "main", cwd=bare).replace(" 1763622000 +0000", " 99999999999999999 +0000")
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
        input=raw.encode(), cwd=bare, capture_output=True, check=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
             "GIT_CONFIG_NOSYSTEM": "1"},
    ).stdout.decode().strip()  # fmt: skip
    git("update-ref", "refs/heads/main", sha, cwd=bare)
    rows = _batch(servers, tmp_path, [f"Future: {servers[0].url}/future/hw"])
    row = rows["Future"]
    assert row["status"] == "graded", row
    result = row["result"]
    assert isinstance(result, dict)
    assert "commit_date_clamped" in {w["code"] for w in result["warnings"]}


FAKE_TOKEN = "ghp_" + "Sn4pshotFAKEtoken0123456789abcdefABCD"


def test_a_readme_quoting_the_token_is_redacted_before_it_is_cached(
    repo_root: Path, servers: Servers, tmp_path: Path
) -> None:
    quoted = GOOD_README + f"\n\nMy token: {FAKE_TOKEN}\n"
    fast_repo(repo_root, "leaky", "hw", [("README.md", FILE, quoted.encode())])
    remote = GitRemote(parse_host(servers[0].url), FAKE_TOKEN, 10)
    link = RepoLink("leaky", "hw")
    tip = remote.tip(link)
    assert tip.sha is not None
    snap, _ = remote.snapshot(link, tip.sha, None, "leaky")
    assert FAKE_TOKEN.encode() not in snap.markdown["README.md"]
    assert b"My token: ***" in snap.markdown["README.md"]
    _batch(servers, tmp_path, [f"Leaky: {servers[0].url}/leaky/hw"], token=FAKE_TOKEN)
    db = tmp_path / "out" / "gradebook.sqlite"
    assert FAKE_TOKEN.encode() not in db.read_bytes()
    import sqlite3
    import zlib

    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in conn.execute(f"select * from {table}"):
                for cell in row:
                    if isinstance(cell, bytes):
                        with contextlib.suppress(zlib.error):
                            cell = zlib.decompress(cell)
                        assert FAKE_TOKEN.encode() not in cell, table


class PanicException(BaseException):
    """What pyo3 raises when dulwich's Rust extension panics (seen under a memory limit): a
    BaseException, which `except Exception` lets through. A real panic cannot be provoked on demand,
    so this one is raised where the fetch would have raised it."""


def test_a_panic_in_one_fetch_is_that_rows_error(
    repo_root: Path, servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for owner in ("panics", "fine"):
        fast_repo(repo_root, owner, "hw", [README])
    real = GitRemote.snapshot

    def snapshot(self: GitRemote, link: RepoLink, *args: object, **kwargs: object) -> object:
        if link.owner == "panics":
            raise PanicException("called `Result::unwrap()` on an `Err` value: out of memory")
        return real(self, link, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(GitRemote, "snapshot", snapshot)
    url = servers[0].url
    rows = _batch(servers, tmp_path, [f"Panics: {url}/panics/hw", f"Fine: {url}/fine/hw"])
    assert rows["Fine"]["status"] == "graded", rows["Fine"]
    assert rows["Panics"]["status"] == "fetch_error", rows["Panics"]
    assert "PanicException" in str(rows["Panics"]["reason"]), rows["Panics"]
