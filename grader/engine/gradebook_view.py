"""How a gradebook's outputs show it (the deadline, its zone, the CSV dialect), kept in its store.

The batch run records it; `grader merge` and the review app read it back, so every output written
from the same SQLite file shows the same times however it was written.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from grader.report.graded import View
from grader.scoring.late import parse_zone, zone_name
from grader.store.database import Store


def remember_view(store: Store, deadline: datetime | None, zone: tzinfo | None, dialect: str) -> None:
    with store.transaction():
        store.set_meta("deadline", deadline.isoformat() if deadline else None)
        store.set_meta("zone", zone_name(zone) if zone else None)
        store.set_meta("csv_dialect", dialect)


def stored_view(store: Store) -> View:
    """The view the last run stored (without the roster's missing students: SQLite does not hold them)."""
    deadline, zone = store.meta("deadline"), store.meta("zone")
    return View(
        zone=parse_zone(zone) if zone else None,
        deadline=datetime.fromisoformat(deadline) if deadline else None,
        csv_dialect=store.meta("csv_dialect") or "excel",
    )


def copy_view(view: View, target: Store) -> None:
    """`view` into `target` (in the caller's transaction: merge copies it with the rows)."""
    target.set_meta("deadline", view.deadline.isoformat() if view.deadline else None)
    target.set_meta("zone", zone_name(view.zone) if view.zone else None)
    target.set_meta("csv_dialect", view.csv_dialect)
