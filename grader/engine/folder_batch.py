"""One `grader batch` run into its output folder, the outputs following the rows as they finish.

The folder is locked and its gradebook opened; the source lines without a link (unrecognized.txt)
and the view are recorded; every output is written again while rows finish, and once more at the
end or when the run is interrupted. The CLI only shows progress and the summary.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from grader.engine.batch import Batch, Done, locked, open_store
from grader.engine.gradebook_view import remember_view, stored_view
from grader.engine.setup import Plan
from grader.errors import InputError
from grader.report.gradebook import write_outputs
from grader.report.gradebook_live import LiveOutputs
from grader.report.graded import GradedRow
from grader.sources.refs import Unrecognized
from grader.store.database import FILENAME, Store, describe_failure


class FolderRun:
    def __init__(self, out: Path, store: Store, plan: Plan, csv_dialect: str) -> None:
        self.out, self.store, self.plan = out, store, plan
        write_unrecognized(out, plan.unrecognized)
        remember_view(store, plan.options.deadline, plan.options.zone, csv_dialect)
        self.view = replace(stored_view(store), missing=tuple(plan.missing))
        self._live = LiveOutputs(out, store, self.view)

    def grade(self, advance: Callable[[], None]) -> None:
        """Grade every ref; `advance` is called once per finished row (the CLI's progress bar)."""

        def finished(done: Done) -> None:
            advance()
            self._live.changed()

        Batch(self.store, self.plan.options).run(self.plan.refs, finished, self._live.tick)

    def stop(self) -> int:
        """After an interrupt: the outputs of every row finished so far, the store closed; how many."""
        self._live.write()
        done = len(self.store.member_rows())
        self.store.close()
        return done

    def finish(self) -> list[GradedRow]:
        """The outputs of every row, written once more (decisions applied)."""
        return write_outputs(self.out, self.store.member_rows(), self.view, self.store.decisions())


@contextmanager
def folder_run(out: Path, plan: Plan, csv_dialect: str) -> Iterator[FolderRun]:
    """The run, with `out` locked (exit 2 if another run holds it) and SQLite or disk failures as one line."""
    with locked(out):
        try:
            store = open_store(out)
        except sqlite3.Error as exc:
            raise InputError(describe_failure(out / FILENAME, exc)) from None
        try:
            yield FolderRun(out, store, plan, csv_dialect)
        except sqlite3.Error as exc:
            raise InputError(describe_failure(out / FILENAME, exc)) from None
        except OSError as exc:
            # A full disk or a read-only folder: what is written so far stays, a re-run resumes.
            raise InputError(f"{out}: cannot write the results ({exc}); free space and run again") from None
        finally:
            store.close()


def write_unrecognized(out: Path, items: list[Unrecognized]) -> None:
    from grader.report.escape import one_line

    lines = [f"{i.origin}\t{one_line(i.student_name)}\t{one_line(i.text)[:300]}\t{i.reason}" for i in items]
    (out / "unrecognized.txt").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
