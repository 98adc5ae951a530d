"""Grading in worker processes, each submission given one wall-clock budget for parsing and checks.

Parsing and checks are CPU-bound (threads share one GIL) and run on untrusted text: whatever the row
count, every submission is graded in a worker process started by a `forkserver` (never `fork`:
forking while fetch threads run can deadlock), and a worker that overruns a submission's budget is
killed — the row is then `timeout` with the reason — and replaced. At most `processes` workers run;
each stays warm between rows. A worker dies with the batch: it watches a lifeline pipe and carries a
CPU limit (grader/budget.py), so a batch killed by SIGKILL or SIGTERM leaves no worker, forkserver or
resource tracker behind.
"""

from __future__ import annotations

import os
import threading

from grader.budget import DEFAULT_SUBMISSION_BUDGET, BudgetedWorker, BudgetOverrun, WorkerFailed
from grader.document.snapshot import Snapshot
from grader.fetch.failure import FetchFailure
from grader.lang import Lang
from grader.rubric.model import LoadedRubric


def grade_json(loaded: LoadedRubric, snapshot: Snapshot, lang: Lang) -> str:
    """What a worker runs: the snapshot's grade as the result's JSON."""
    from grader.document.submission import build_submission
    from grader.engine.pipeline import grade
    from grader.scoring.result import stored_json

    return stored_json(grade(build_submission(snapshot), loaded, lang))


class GradingProcesses:
    """Grades snapshots for a batch's threads in at most `processes` budgeted workers."""

    def __init__(self, loaded: LoadedRubric, processes: int, budget: float) -> None:
        self.loaded = loaded
        self.budget = budget
        self._limit = max(1, processes)
        self._idle: list[BudgetedWorker] = []
        self._started = 0
        self._closed = False
        self._ready = threading.Condition()

    def _take(self) -> BudgetedWorker:
        with self._ready:
            while not self._idle and self._started >= self._limit:
                self._ready.wait()
            if self._idle:
                return self._idle.pop()
            self._started += 1
        try:
            return BudgetedWorker()
        except BaseException:
            self._give(None)
            raise

    def _give(self, worker: BudgetedWorker | None) -> None:
        with self._ready:
            if worker is None:
                self._started -= 1  # killed or failed: another may start in its place
            elif self._closed:
                worker.close()
                self._started -= 1
            else:
                self._idle.append(worker)
            self._ready.notify()

    def grade(self, snapshot: Snapshot, lang: Lang) -> str:
        worker = self._take()
        try:
            result = worker.run(grade_json, (self.loaded, snapshot, lang), self.budget)
        except BudgetOverrun:
            self._give(None)
            raise FetchFailure("timeout", "batch.grade_budget", {"seconds": self.budget}) from None
        except WorkerFailed as exc:
            worker.kill()
            self._give(None)
            raise FetchFailure("fetch_error", "batch.internal_error", {"detail": exc.detail}) from None
        except Exception:
            self._give(worker)  # the submission's own error, raised in the worker: it is still sound
            raise
        except BaseException:
            worker.kill()
            self._give(None)
            raise
        self._give(worker)
        return result

    def shutdown(self, cancel_futures: bool = True) -> None:
        """Close every idle worker (each exits when its pipe closes); busy ones close when handed back."""
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            self._started -= len(idle)
        for worker in idle:
            worker.close()


def start_pool(
    loaded: LoadedRubric, processes: int = 0, budget: float = DEFAULT_SUBMISSION_BUDGET
) -> GradingProcesses:
    return GradingProcesses(loaded, processes or os.cpu_count() or 1, budget)
