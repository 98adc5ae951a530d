"""When a stored row is graded again, and what a row keeps when it cannot be refreshed.

A row is skipped when its tip (the commit, or a folder's content hash) and its settings key match the
stored ones: the key names everything besides the commit that a grade depends on. Plain values in,
so the batch and its jobs (and the review app, which checks a folder's hash) share one definition.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from grader.document.snapshot import Snapshot
from grader.lang import Lang
from grader.rubric.model import LoadedRubric
from grader.store.database import Row


def resources_digest(rubric_file: str) -> str:
    """The content of every resource the rubric may name (beside it, then bundled).

    The rubric's sha256 covers the names it uses, not what they hold: an edited vocabulary must
    re-grade too. Hashing every file of each kind (a few small YAML files) is simpler and safer
    than following each check's references; an unrelated edit only costs a re-grade from cache.
    """
    from grader.resources.named import data_files, data_folders

    digest = hashlib.sha256()
    for folder in data_folders(Path(rubric_file).resolve().parent):
        for path in data_files(folder):
            digest.update(f"{folder.parent.name}/{folder.name}/{path.name}\0".encode())
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def settings_key(loaded: LoadedRubric, lang: Lang, deadline: datetime | None) -> str:
    """What a row's grade depends on besides the commit: the resolved rubric, the content of every
    resource it can name, the grader's version, language, deadline (the one in force) and late
    policy. A change re-grades (from the cached files, without fetching)."""
    import grader

    rubric = loaded.rubric
    data = {
        "resources": resources_digest(loaded.source),
        "grader": grader.__version__,
        # 2: a `/tree/` link grades its folder inside the whole tree (rows graded before are re-graded)
        "snapshot_format": 2,
        "rubric": loaded.sha256,
        "lang": lang,
        "deadline": deadline.isoformat() if deadline else None,
        "policy": rubric.late_policy.model_dump() if rubric.late_policy else None,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def unchanged(previous: Row | None, tip: str | None, settings: str) -> bool:
    """Whether the stored row already holds this tip's grade under these settings (nothing to do)."""
    # A row whose last refresh failed is re-graded (from the cache) so the stale mark goes away.
    return (
        previous is not None
        and previous.status == "graded"
        and previous.refresh is None
        and previous.tip == tip
        and previous.settings == settings
    )


def keep_grade(previous: Row | None, new: Row) -> Row:
    """A grade once made is never destroyed by a later failure (CONVENTIONS.md, Batch).

    A row that could not be refreshed keeps the last graded result, commit and feedback; the failure
    is recorded beside it, so the gradebook says the grade is stale and why.
    """
    if new.status == "graded" or previous is None or previous.status != "graded" or not previous.result:
        return new
    return replace(previous, refresh=new.status, refresh_reason=new.reason, refresh_at=new.updated_at)


def content_hash(snapshot: Snapshot) -> str:
    """A folder has no commit: its identity is what it holds (paths and markdown bytes)."""
    digest = hashlib.sha256()
    for path in snapshot.files:
        digest.update(path.encode("utf-8", "replace") + b"\0")
    for path in sorted(snapshot.markdown):
        digest.update(path.encode("utf-8", "replace") + b"\0" + snapshot.markdown[path] + b"\0")
    return f"content:{digest.hexdigest()[:40]}"
