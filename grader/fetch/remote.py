"""Fetch a repository's markdown over git smart HTTP, in memory, without a work tree or a subprocess.

dulwich fetches one commit (depth 1) with a `blob:limit` filter into a `MemoryRepo`: big binaries are
never transferred, nothing is written to disk, and no checkout exists for symlinks, hooks or path
tricks to act on. The tree is walked from git objects; symlinks and submodules are noted, not followed.
"""

from __future__ import annotations

import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from grader.fetch.bounded import bounded
from grader.fetch.failure import FetchFailure, classify_error
from grader.links import Host, RepoLink
from grader.snapshot import MAX_DEPTH, MAX_FILES, MAX_MARKDOWN_BYTES, Note, Snapshot, is_markdown

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dulwich.client import Urllib3HttpGitClient
    from dulwich.object_store import BaseObjectStore
    from dulwich.objects import ObjectID
    from dulwich.refs import Ref

_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
_FILTER = f"blob:limit={MAX_MARKDOWN_BYTES}".encode()
RETRIES = 2
FETCH_BUDGET_FACTOR = 4  # a whole fetch may take this many --timeout periods
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Tip:
    """What `ls-remote` says: the commit to grade and where the link's path starts inside it."""

    sha: str | None  # None: an empty repository (or HEAD naming a branch that does not exist)
    ref: str | None
    subpath: str | None
    why_empty: str = "batch.empty_repo"  # the reason code when sha is None


class GitRemote:
    """One host's git endpoint, shared by worker threads (urllib3's pool manager is thread-safe)."""

    def __init__(self, host: Host, token: str | None, timeout: float) -> None:
        from dulwich.client import default_urllib3_manager
        from urllib3.util.retry import Retry

        self.host = host
        self.token = token
        self.timeout = timeout
        self._pool = default_urllib3_manager(None, base_url=host.base, timeout=timeout)
        # Callers retry on their own terms: urllib3 must not retry (or wait) behind their backs. It
        # follows redirects (a renamed repository), dropping credentials when the host changes.
        self._pool.connection_pool_kw["retries"] = Retry(
            total=5, connect=0, read=0, status=0, other=0, redirect=5, raise_on_redirect=True
        )
        self._pool.connection_pool_kw["maxsize"] = 32  # one kept-alive connection per worker thread

    def _client(self) -> Urllib3HttpGitClient:
        from dulwich.client import Urllib3HttpGitClient

        # Credentials travel as basic auth scoped to the host's origin: never in a URL or on disk,
        # and dropped by dulwich on a redirect to another origin.
        user = "x-access-token" if self.token else None
        return Urllib3HttpGitClient(
            f"{self.host.base}/",
            pool_manager=self._pool,
            username=user,
            password=self.token,
            timeout=self.timeout,
            quiet=True,
        )

    def tip(self, link: RepoLink) -> Tip:
        """One round trip: the commit a link points at (its branch from `/tree/...`, else HEAD)."""
        budget = FETCH_BUDGET_FACTOR * self.timeout
        refs, symrefs = with_retries(lambda: bounded(lambda: self._ls_remote(link), budget), self.token)
        if link.kind is None:
            if "HEAD" not in refs and refs:
                return Tip(None, None, None, "batch.missing_head")
            return Tip(refs.get("HEAD"), symrefs.get("HEAD"), None)
        # A branch name may hold slashes: the longest prefix of the path that is a branch or tag wins.
        parts = link.rest.split("/")
        for cut in range(len(parts), 0, -1):
            name = "/".join(parts[:cut])
            for ref in (f"refs/heads/{name}", f"refs/tags/{name}"):
                if ref in refs:
                    sub = "/".join(parts[cut:])
                    if link.kind == "blob":
                        sub = sub.rsplit("/", 1)[0] if "/" in sub else ""
                    return Tip(refs[ref], ref, sub or None)
        if len(parts[0]) == 40 and all(c in "0123456789abcdef" for c in parts[0]):
            sub = "/".join(parts[1:])
            return Tip(parts[0], None, sub or None)
        raise FetchFailure("not_found", "batch.no_ref", {"ref": parts[0]})

    def _ls_remote(self, link: RepoLink) -> tuple[dict[str, str], dict[str, str]]:
        # Protocol v0 advertises every ref in the answer to one GET; v2 needs a second request.
        result = self._client().get_refs(f"{link.owner}/{link.name}.git".encode(), protocol_version=0)
        refs = {k.decode(): v.decode() for k, v in result.refs.items() if v is not None}
        symrefs = {k.decode(): v.decode() for k, v in result.symrefs.items()}
        return refs, symrefs

    def snapshot(
        self, link: RepoLink, sha: str, subpath: str | None, label: str
    ) -> tuple[Snapshot, datetime]:
        """The tree of one commit (every path, the bytes of markdown under `subpath`) and its date."""
        from dulwich.objects import ObjectID
        from dulwich.repo import MemoryRepo

        def fetch() -> MemoryRepo:
            repo = MemoryRepo()
            want = ObjectID(sha.encode())

            def wants(refs: Mapping[Ref, ObjectID], depth: int | None = None) -> list[ObjectID]:
                return [want]

            # The socket timeout catches a silent server; this budget catches one that trickles.
            budget = time.monotonic() + FETCH_BUDGET_FACTOR * self.timeout

            def progress(_message: bytes) -> None:
                if time.monotonic() > budget:
                    # not retried: a server this slow would only spend the budget again
                    raise FetchFailure("timeout", "batch.timeout")

            self._client().fetch(
                f"{link.owner}/{link.name}.git",
                repo,
                wants,
                progress=progress,
                depth=1,
                filter_spec=_FILTER,
            )
            return repo

        # the progress budget stops a trickle of many packets; this bound, one packet that never ends
        repo = with_retries(lambda: bounded(fetch, FETCH_BUDGET_FACTOR * self.timeout + 1), self.token)
        commit = repo[ObjectID(sha.encode())]
        snap = Snapshot(label=label, commit=sha, repo=link.repo_url(self.host), subpath=subpath)
        snap.notes.extend(_walk(repo.object_store, commit.tree, snap, subpath))  # type: ignore[attr-defined]
        snap.files.sort()
        when = datetime.fromtimestamp(commit.commit_time, UTC)  # type: ignore[attr-defined]
        return snap, when


def with_retries(call: Callable[[], T], token: str | None) -> T:
    """Transient failures (5xx, dropped connections) are retried with backoff; the rest raise at once."""
    for attempt in range(RETRIES + 1):
        try:
            return call()
        except FetchFailure:
            raise
        except Exception as exc:
            failure = classify_error(exc, token)
            if not failure.transient or attempt == RETRIES:
                raise failure from None
            time.sleep(0.3 * 3**attempt)
    raise AssertionError("unreachable")


def _walk(store: BaseObjectStore, tree_sha: ObjectID, snap: Snapshot, subpath: str | None) -> list[Note]:
    notes: list[Note] = []
    prefix = f"{subpath.strip('/')}/" if subpath else ""
    # An explicit stack, not recursion: a 2,000-level tree must not raise RecursionError.
    stack: list[tuple[ObjectID, str, int]] = [(tree_sha, "", 0)]
    while stack:
        sha, base, depth = stack.pop()
        tree = store[sha]
        for entry in tree.iteritems():  # type: ignore[attr-defined]
            path = f"{base}{entry.path.decode('utf-8', errors='replace')}"
            inside = path.startswith(prefix) or prefix.startswith(f"{path}/")
            if not inside:
                continue
            if stat.S_ISDIR(entry.mode):
                if depth + 1 >= MAX_DEPTH:
                    notes.append(Note("nesting_truncated", path, args={"depth": MAX_DEPTH}))
                    continue
                stack.append((entry.sha, f"{path}/", depth + 1))
            elif entry.mode == 0o160000:
                notes.append(Note("submodule_skipped", path))
            elif stat.S_ISLNK(entry.mode):
                notes.append(Note("symlink_skipped", path))
            elif path.startswith(prefix):
                if len(snap.files) >= MAX_FILES:
                    notes.append(Note("too_many_files", None, args={"limit": MAX_FILES}))
                    return notes
                snap.files.append(path)
                if is_markdown(path):
                    notes.extend(_read_markdown(store, entry.sha, path, snap))
    return notes


def _read_markdown(store: BaseObjectStore, sha: ObjectID, path: str, snap: Snapshot) -> list[Note]:
    if sha not in store:  # left out by the size filter
        return [Note("file_too_large", path, args={"size": "> 256 KB", "limit": MAX_MARKDOWN_BYTES})]
    data = store[sha].as_raw_string()
    if len(data) > MAX_MARKDOWN_BYTES:
        return [Note("file_too_large", path, args={"size": len(data), "limit": MAX_MARKDOWN_BYTES})]
    if data.startswith(_LFS_POINTER):
        return [Note("lfs_pointer", path)]
    snap.markdown[path] = data
    return []
