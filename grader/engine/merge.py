"""`grader merge`: the gradebooks of shard runs joined into one (rows, decisions, the first one's view)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from grader.engine.batch import locked, open_store
from grader.engine.gradebook_view import copy_view, stored_view
from grader.errors import InputError
from grader.report.gradebook import write_outputs
from grader.report.graded import GradedRow, View
from grader.store import decisions
from grader.store.database import FILENAME, Store, describe_failure

# Told of each source gradebook's damaged rows (left out), as each source is read.
WarnSkipped = Callable[[Path, list[str]], None]


def merge_gradebooks(dirs: list[Path], out: Path, warn: WarnSkipped) -> tuple[list[GradedRow], View]:
    """Every row of `dirs` into `out`'s gradebook, its outputs written; the rows and the view shown."""
    with locked(out):
        try:
            return _merge(dirs, out, warn)
        except sqlite3.Error as exc:  # the target's database (a source's is named in _merge)
            raise InputError(describe_failure(out / FILENAME, exc)) from None


def _merge(dirs: list[Path], out: Path, warn: WarnSkipped) -> tuple[list[GradedRow], View]:
    target = open_store(out)
    try:
        keys: list[tuple[str, str]] = []
        for folder in dirs:
            if not (folder / FILENAME).is_file():
                raise InputError(f"{folder}: no {FILENAME} here (give the --out folders of batch runs)")
            try:
                source = Store(folder / FILENAME)
            except sqlite3.Error as exc:
                raise InputError(describe_failure(folder / FILENAME, exc)) from None
            try:
                rows = source.member_rows()
                source_view = stored_view(source)
                made = decisions.history(source.db)
                warn(folder / FILENAME, source.skipped)
            except sqlite3.Error as exc:
                raise InputError(describe_failure(folder / FILENAME, exc)) from None
            finally:
                source.close()
            with target.transaction():  # a shard's rows and decisions join whole, or not at all
                for row in rows:
                    target.put_row(row)
                known = set(decisions.history(target.db))
                for decision in made:  # a shard's decisions join the merged gradebook, none twice
                    if decision not in known:
                        decisions.record(target.db, decision)
                if folder == dirs[0]:
                    copy_view(source_view, target)
            keys.extend((r.student_key, r.row_key) for r in rows)
        target.set_members(keys)
        view = stored_view(target)
        return write_outputs(out, target.member_rows(), view, target.decisions()), view
    finally:
        target.close()
