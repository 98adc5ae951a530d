"""Fetch a repository's markdown over git smart HTTP, in memory, without a work tree or a subprocess.

dulwich fetches one commit (depth 1) with a `blob:limit` filter: big binaries are never transferred,
nothing is written to disk, and no checkout exists for symlinks, hooks or path tricks to act on. The
pack is received through a byte counter and parsed here, not into a `MemoryRepo` (which inflates and
parses every object it holds): one pass keeps the commit and its trees, the tree walk (bounded in
entries, files and depth) names the markdown blobs, and a second pass keeps only those. Every other
object is inflated once per pass and dropped, so memory is bounded by the limits in
grader/fetch/limits.py, not by what the repository holds. Symlinks and submodules are noted, never
followed. A server that cannot filter (protocol v0) is refused: it would send every blob.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from grader.document.snapshot import (
    MAX_DEPTH,
    MAX_FILES,
    MAX_MARKDOWN_BYTES,
    Note,
    Snapshot,
    is_document,
    is_image,
)
from grader.fetch.bounded import Deadline, Guard
from grader.fetch.failure import FetchFailure, classify_error
from grader.fetch.limits import (
    MAX_ANSWER_BYTES,
    MAX_IMAGES,
    MAX_IMAGES_TOTAL,
    MAX_MARKDOWN_TOTAL,
    MAX_PACK_BYTES,
    MAX_PACK_OBJECTS,
    MAX_TREE_BYTES,
    MAX_TREE_ENTRIES,
    MAX_UNPACKED_BYTES,
    MIB,
)
from grader.fetch.retry import with_retries
from grader.sources.links import Host, RepoLink

if TYPE_CHECKING:
    from dulwich.client import Urllib3HttpGitClient

_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
_FILTER = f"blob:limit={MAX_MARKDOWN_BYTES}".encode()
FETCH_BUDGET_FACTOR = 4  # a whole fetch, retries included, may take this many --timeout periods
T = TypeVar("T")
_COMMIT, _TREE, _BLOB, _TAG = 1, 2, 3, 4
_PEEL_LIMIT = 10  # a tag of a tag of ...: this many levels at most


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

    def _client(self, guard: Guard, need_filter: bool = False) -> Urllib3HttpGitClient:
        # Credentials travel as basic auth scoped to the host's origin: never in a URL or on disk,
        # and dropped by dulwich on a redirect to another origin.
        user = "x-access-token" if self.token else None
        return _client_class()(
            f"{self.host.base}/",
            pool_manager=self._pool,
            username=user,
            password=self.token,
            timeout=self.timeout,
            quiet=True,
            guard=guard,
            need_filter=need_filter,
        )

    @property
    def budget(self) -> float:
        return FETCH_BUDGET_FACTOR * self.timeout

    def _classify(self, exc: Exception) -> FetchFailure:
        return classify_error(exc, self.token)

    def tip(self, link: RepoLink) -> Tip:
        """One round trip: the commit a link points at (its branch from `/tree/...`, else HEAD).

        Tags are peeled: an annotated tag (`/tree/v1`, or a HEAD that names a tag) is its commit."""
        refs, symrefs = with_retries(
            lambda guard: self._ls_remote(link, guard), self._classify, Deadline(self.budget)
        )
        if link.kind is None:
            if "HEAD" not in refs and refs:
                return Tip(None, None, None, "batch.missing_head")
            head = refs.get("HEAD^{}", refs.get("HEAD"))
            return Tip(head, symrefs.get("HEAD"), None)
        # A branch name may hold slashes: the longest prefix of the path that is a branch or tag wins.
        parts = link.rest.split("/")
        for cut in range(len(parts), 0, -1):
            name = "/".join(parts[:cut])
            for ref in (f"refs/heads/{name}", f"refs/tags/{name}"):
                if ref in refs:
                    sub = "/".join(parts[cut:])
                    if link.kind == "blob":
                        sub = sub.rsplit("/", 1)[0] if "/" in sub else ""
                    return Tip(refs.get(f"{ref}^{{}}", refs[ref]), ref, sub or None)
        if len(parts[0]) == 40 and all(c in "0123456789abcdef" for c in parts[0]):
            sub = "/".join(parts[1:])
            return Tip(parts[0], None, sub or None)
        raise FetchFailure("not_found", "batch.no_ref", {"ref": parts[0]})

    def _ls_remote(self, link: RepoLink, guard: Guard) -> tuple[dict[str, str], dict[str, str]]:
        # Protocol v0 advertises every ref (and each tag's peeled commit) in the answer to one GET.
        result = self._client(guard).get_refs(f"{link.owner}/{link.name}.git".encode(), protocol_version=0)
        refs = {k.decode(): v.decode() for k, v in result.refs.items() if v is not None}
        symrefs = {k.decode(): v.decode() for k, v in result.symrefs.items()}
        return refs, symrefs

    def snapshot(
        self, link: RepoLink, sha: str, subpath: str | None, label: str
    ) -> tuple[Snapshot, datetime]:
        """The tree of one commit (every path, the bytes of markdown under `subpath`) and its date."""
        pack = with_retries(
            lambda guard: self._fetch(link, sha, guard), self._classify, Deadline(self.budget)
        )
        snap = Snapshot(label=label, commit=sha, repo=link.repo_url(self.host), subpath=subpath)
        when = _read_pack(pack, sha, snap, subpath)
        if self.token:
            # a README may quote the operator's token: it never leaves the fetch layer (nor is cached)
            secret = self.token.encode()
            for path, data in snap.markdown.items():
                if secret in data:
                    snap.markdown[path] = data.replace(secret, b"***")
        snap.files.sort()
        return snap, when

    def _fetch(self, link: RepoLink, sha: str, guard: Guard) -> bytes:
        from dulwich.objects import ObjectID

        chunks: list[bytes] = []
        received = 0
        want = ObjectID(sha.encode())

        def pack_data(chunk: bytes) -> int:
            nonlocal received
            guard.check()
            received += len(chunk)
            if received > MAX_PACK_BYTES:
                raise FetchFailure("fetch_error", "batch.answer_too_large", {"limit": MAX_PACK_BYTES // MIB})
            chunks.append(chunk)
            return len(chunk)

        def wants(refs: Any, depth: int | None = None) -> list[ObjectID]:
            return [want]

        def progress(_message: bytes) -> None:
            guard.check()

        self._client(guard, need_filter=True).fetch_pack(
            f"{link.owner}/{link.name}.git",
            wants,
            _NoHaves(),
            pack_data,
            progress=progress,
            depth=1,
            filter_spec=_FILTER,
        )
        return b"".join(chunks)


class _NoHaves:
    """The graph walker of an empty repository: nothing to offer the server."""

    shallow: set[bytes] = set()  # noqa: RUF012  (dulwich reads it, never writes)

    def __next__(self) -> None:
        return None

    def ack(self, sha: bytes) -> None:
        pass

    def nak(self) -> None:
        pass


_CLIENT: Callable[..., Urllib3HttpGitClient] | None = None


def _client_class() -> Callable[..., Urllib3HttpGitClient]:
    """dulwich's HTTP client, every answer read through the call's guard (cap and cancellation), and
    refusing a fetch from a server that cannot filter blobs (built on first use: dulwich is lazy)."""
    global _CLIENT
    if _CLIENT is not None:
        return _CLIENT
    from dulwich.client import Urllib3HttpGitClient

    class Client(Urllib3HttpGitClient):
        def __init__(self, *args: Any, guard: Guard, need_filter: bool, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._guard = guard
            self._need_filter = need_filter

        def _http_request(
            self,
            url: str,
            headers: dict[str, str] | None = None,
            data: bytes | Iterator[bytes] | None = None,
            raise_for_status: bool = True,
        ) -> Any:
            self._guard.check()
            resp, read = super()._http_request(url, headers, data, raise_for_status)
            cap = MAX_PACK_BYTES + MAX_ANSWER_BYTES if data is not None else MAX_ANSWER_BYTES
            return resp, self._guard.capped(read, cap)

        def _discover_references(self, *args: Any, **kwargs: Any) -> Any:
            found = super()._discover_references(*args, **kwargs)
            if self._need_filter and not _can_filter(self.protocol_version, found[1]):
                raise FetchFailure("fetch_error", "batch.cannot_filter")
            return found

    _CLIENT = Client
    return Client


def _can_filter(version: int | None, capabilities: set[bytes]) -> bool:
    # dulwich sends a filter only over protocol v2, to a server whose `fetch` lists `filter`.
    if version != 2:
        return False
    for capability in capabilities:
        name, _, value = capability.partition(b"=")
        if name == b"fetch" and b"filter" in value.split():
            return True
    return False


# --- the pack, read in two passes -----------------------------------------------------------------


def _objects(pack: bytes) -> Iterator[tuple[int, str, list[bytes]]]:
    """(type, hex sha, inflated chunks) of every object in a pack, deltas resolved, within the limits."""
    from dulwich.object_format import DEFAULT_OBJECT_FORMAT
    from dulwich.pack import PackData, UnpackedObjectIterator

    if not pack:
        return
    data = PackData.from_file(BytesIO(pack), DEFAULT_OBJECT_FORMAT, size=len(pack))
    try:
        if len(data) > MAX_PACK_OBJECTS:
            raise FetchFailure("fetch_error", "batch.too_many_objects", {"limit": MAX_PACK_OBJECTS})
        unpacked = 0
        for obj in UnpackedObjectIterator.for_pack_data(data):
            chunks = obj.obj_chunks
            assert chunks is not None and isinstance(obj.obj_type_num, int)
            unpacked += sum(len(c) for c in chunks)
            if unpacked > MAX_UNPACKED_BYTES:
                limit = MAX_UNPACKED_BYTES // MIB
                raise FetchFailure("fetch_error", "batch.unpacked_too_large", {"limit": limit})
            yield obj.obj_type_num, obj.sha().hex(), list(chunks)
    finally:
        data.close()


def _read_pack(pack: bytes, sha: str, snap: Snapshot, subpath: str | None) -> datetime:
    """Fill `snap` from a fetched pack; return the commit's date."""
    kept: dict[str, tuple[int, bytes]] = {}
    kept_bytes = 0
    for kind, oid, chunks in _objects(pack):
        if kind in (_COMMIT, _TREE, _TAG):
            kept_bytes += sum(len(c) for c in chunks)
            if kept_bytes > MAX_TREE_BYTES:
                limit = MAX_TREE_BYTES // MIB
                raise FetchFailure("fetch_error", "batch.unpacked_too_large", {"limit": limit})
            kept[oid] = (kind, b"".join(chunks))
    commit = _peel(kept, sha)
    tree, when = _commit_fields(commit, snap)
    wanted: dict[str, list[str]] = {}  # blob sha -> the markdown paths that hold it
    pictures: dict[str, list[str]] = {}  # blob sha -> the image paths that hold it
    snap.notes.extend(_walk(kept, tree, snap, subpath, wanted, pictures))
    kept.clear()
    blobs: dict[str, bytes] = {}
    over_total: set[str] = set()
    if wanted:
        held = 0
        for kind, oid, chunks in _objects(pack):
            if kind != _BLOB or oid not in wanted or oid in blobs:
                continue
            size = sum(len(c) for c in chunks)
            if size > MAX_MARKDOWN_BYTES:
                continue  # a server that ignored the filter: noted as too large below
            if held + size > MAX_MARKDOWN_TOTAL:
                over_total.add(oid)
                continue
            held += size
            blobs[oid] = b"".join(chunks)
    snap.notes.extend(_take_markdown(wanted, blobs, over_total, snap))
    if pictures:
        _take_images(pack, pictures, snap)
    return when


def _take_images(pack: bytes, pictures: dict[str, list[str]], snap: Snapshot) -> None:
    """The small images the pack holds, within the review's caps (the rest are linked to instead)."""
    held = 0
    for kind, oid, chunks in _objects(pack):
        if kind != _BLOB or oid not in pictures:
            continue
        size = sum(len(c) for c in chunks)
        if size > MAX_MARKDOWN_BYTES or held + size > MAX_IMAGES_TOTAL:
            continue
        data = b"".join(chunks)
        for path in pictures.pop(oid):
            if len(snap.images) < MAX_IMAGES:
                snap.images[path] = data
        held += size
        if not pictures or len(snap.images) >= MAX_IMAGES:
            return


def _peel(kept: dict[str, tuple[int, bytes]], sha: str) -> bytes:
    """The commit `sha` names, through any annotated tags."""
    for _ in range(_PEEL_LIMIT):
        kind, raw = kept.get(sha, (0, b""))
        if kind == _COMMIT:
            return raw
        if kind != _TAG:
            break
        first = raw.split(b"\n", 1)[0]
        if not first.startswith(b"object "):
            break
        sha = first[7:].decode("ascii", "replace").strip()
    raise FetchFailure("fetch_error", "batch.fetch_failed", {"detail": "the server sent no such commit"})


def _commit_fields(raw: bytes, snap: Snapshot) -> tuple[str, datetime]:
    """A commit's root tree and committer date (clamped into what `datetime` holds, with a note)."""
    tree = ""
    when: datetime | None = None
    header = raw.split(b"\n\n", 1)[0]
    for line in header.split(b"\n"):
        if line.startswith(b"tree ") and not tree:
            tree = line[5:].decode("ascii", "replace").strip()
        elif line.startswith(b"committer ") and when is None:
            when = _commit_date(line, snap)
    if len(tree) != 40:
        raise FetchFailure("fetch_error", "batch.fetch_failed", {"detail": "a commit without a tree"})
    return tree, when or datetime.fromtimestamp(0, UTC)


_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)  # a day inside the edges: zones and ±days stay valid


def _commit_date(line: bytes, snap: Snapshot) -> datetime:
    fields = line.rsplit(b" ", 2)
    try:
        stamp = int(fields[-2])
    except (ValueError, IndexError):
        snap.notes.append(Note("commit_date_clamped", None, args={"date": "?"}))
        return datetime.fromtimestamp(0, UTC)
    try:
        when = datetime.fromtimestamp(stamp, UTC)
    except (OverflowError, OSError, ValueError):
        when = _LATEST if stamp > 0 else _EARLIEST
        snap.notes.append(Note("commit_date_clamped", None, args={"date": str(stamp)[:30]}))
        return when
    if not _EARLIEST <= when <= _LATEST:
        when = min(max(when, _EARLIEST), _LATEST)
        snap.notes.append(Note("commit_date_clamped", None, args={"date": str(stamp)[:30]}))
    return when


def _entries(raw: bytes) -> Iterator[tuple[int, bytes, str]]:
    """(mode, name, hex sha) of a raw tree, read in place (a big tree is never parsed all at once)."""
    pos, end = 0, len(raw)
    while pos < end:
        space = raw.index(b" ", pos)
        nul = raw.index(b"\0", space)
        if nul + 21 > end:
            raise ValueError("truncated tree")
        yield int(raw[pos:space], 8), raw[space + 1 : nul], raw[nul + 1 : nul + 21].hex()
        pos = nul + 21


def _walk(
    kept: dict[str, tuple[int, bytes]],
    tree_sha: str,
    snap: Snapshot,
    subpath: str | None,
    wanted: dict[str, list[str]],
    pictures: dict[str, list[str]],
) -> list[Note]:
    notes: list[Note] = []
    prefix = f"{subpath.strip('/')}/" if subpath else ""
    seen_entries = 0
    # An explicit stack, not recursion: a 2,000-level tree must not raise RecursionError.
    stack: list[tuple[str, str, int]] = [(tree_sha, "", 0)]
    while stack:
        sha, base, depth = stack.pop()
        kind, raw = kept.get(sha, (0, b""))
        if kind != _TREE:
            continue  # not sent: nothing under it can be read
        try:
            for mode, name, entry_sha in _entries(raw):
                seen_entries += 1
                if seen_entries > MAX_TREE_ENTRIES:
                    notes.append(Note("too_many_files", None, args={"limit": MAX_TREE_ENTRIES}))
                    return notes
                path = f"{base}{name.decode('utf-8', errors='replace')}"
                inside = path.startswith(prefix) or prefix.startswith(f"{path}/")
                if not inside:
                    continue
                if stat.S_ISDIR(mode):
                    if depth + 1 >= MAX_DEPTH:
                        notes.append(Note("nesting_truncated", path, args={"depth": MAX_DEPTH}))
                        continue
                    stack.append((entry_sha, f"{path}/", depth + 1))
                elif mode == 0o160000:
                    notes.append(Note("submodule_skipped", path))
                elif stat.S_ISLNK(mode):
                    notes.append(Note("symlink_skipped", path))
                elif path.startswith(prefix):
                    if len(snap.files) >= MAX_FILES:
                        notes.append(Note("too_many_files", None, args={"limit": MAX_FILES}))
                        return notes
                    snap.files.append(path)
                    if is_document(path):
                        wanted.setdefault(entry_sha, []).append(path)
                    elif is_image(path):
                        pictures.setdefault(entry_sha, []).append(path)
        except ValueError:
            raise FetchFailure("fetch_error", "batch.fetch_failed", {"detail": "a malformed tree"}) from None
    return notes


def _take_markdown(
    wanted: dict[str, list[str]], blobs: dict[str, bytes], over_total: set[str], snap: Snapshot
) -> list[Note]:
    notes: list[Note] = []
    for sha, paths in wanted.items():
        data = blobs.get(sha)
        for path in paths:
            if sha in over_total:
                notes.append(Note("markdown_total_too_large", path, args={"limit": MAX_MARKDOWN_TOTAL}))
            elif data is None:  # left out by the size filter
                size = "> 256 KB"
                notes.append(Note("file_too_large", path, args={"size": size, "limit": MAX_MARKDOWN_BYTES}))
            elif data.startswith(_LFS_POINTER):
                notes.append(Note("lfs_pointer", path))
            else:
                snap.markdown[path] = data
    return notes
