"""A graded batch folder, read back: its rows as every output shows them (decisions applied)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from grader.errors import InputError
from grader.report.graded import GradedRow, build
from grader.store.database import FILENAME, Store


@dataclass(frozen=True, slots=True)
class GradedDir:
    path: Path
    store: Store
    rows: list[GradedRow]
    zone: tzinfo | None


def open_graded(path: Path) -> GradedDir:
    """The batch output folder `path` (made by `grader batch --out`), or one clear error (exit 2)."""
    import sqlite3

    from grader.scoring.late import parse_zone
    from grader.store.database import describe_failure

    db = path / FILENAME
    if not db.is_file():
        raise InputError(f"{path}: no {FILENAME} here; give the folder `grader batch --out` wrote")
    try:
        store = Store(db)
        rows = build(store.member_rows(), store.decisions())
        zone_name = store.meta("zone")
    except sqlite3.Error as exc:
        raise InputError(describe_failure(db, exc)) from None
    zone = parse_zone(zone_name) if zone_name else None
    return GradedDir(path, store, rows, zone)
