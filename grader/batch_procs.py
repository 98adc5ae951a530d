"""Grading in processes, one per submission, each given one wall-clock budget for parsing and checks.

Parsing and checks are CPU-bound (threads share one GIL) and run on untrusted text: whatever the row
count, every submission is graded in its own child process, started by a `forkserver` (never `fork`:
forking while fetch threads run can deadlock), and killed when it overruns its budget — the row is
then `timeout` with the reason. At most `processes` children run at once. A child dies with the batch:
it watches its pipe to the parent and carries a CPU limit (grader/budget.py), so a batch killed by
SIGKILL or SIGTERM leaves no worker, forkserver or resource tracker behind.
"""

from __future__ import annotations

import os
import threading

from grader.budget import DEFAULT_SUBMISSION_BUDGET, BudgetOverrun, WorkerFailed, run_budgeted
from grader.fetch.failure import FetchFailure
from grader.lang import Lang
from grader.rubric import LoadedRubric
from grader.snapshot import Snapshot


def grade_json(loaded: LoadedRubric, snapshot: Snapshot, lang: Lang) -> str:
    """What a child runs: the snapshot's grade as the result's JSON."""
    import grader.fetch.reasons  # noqa: F401  (the texts of the notes a fetch may leave)
    from grader.pipeline import grade
    from grader.submission import build_submission

    return grade(build_submission(snapshot), loaded, lang).model_dump_json()


class GradingProcesses:
    """Grades snapshots for a batch's threads, each in a budgeted child process."""

    def __init__(self, loaded: LoadedRubric, processes: int, budget: float) -> None:
        self.loaded = loaded
        self.budget = budget
        self._slots = threading.BoundedSemaphore(max(1, processes))

    def grade(self, snapshot: Snapshot, lang: Lang) -> str:
        with self._slots:
            try:
                return run_budgeted(grade_json, (self.loaded, snapshot, lang), self.budget)
            except BudgetOverrun:
                raise FetchFailure("timeout", "batch.grade_budget", {"seconds": f"{self.budget:g}"}) from None
            except WorkerFailed as exc:
                raise FetchFailure("fetch_error", "batch.internal_error", {"detail": exc.detail}) from None

    def shutdown(self, cancel_futures: bool = True) -> None:
        """Nothing to stop: each child ends with its submission (or is killed at its budget)."""


def start_pool(
    loaded: LoadedRubric, processes: int = 0, budget: float = DEFAULT_SUBMISSION_BUDGET
) -> GradingProcesses:
    return GradingProcesses(loaded, processes or os.cpu_count() or 1, budget)
