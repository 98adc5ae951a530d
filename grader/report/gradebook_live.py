"""The gradebook's files kept current while a batch runs, not only at its end.

One slow submission must not hold back everyone else's CSV, XLSX, JSON and feedback: the rows
already in SQLite are written out every few seconds (never more than ~5% of the run's time: the
pause grows with what a write costs), and once more when the run ends or is interrupted.
"""

from __future__ import annotations

import time
from pathlib import Path

from grader.report.gradebook import write_outputs
from grader.report.graded import View
from grader.store.database import Store

MIN_PAUSE = 2.0  # seconds between two writes at least
COST_FACTOR = 20  # and at least 20 times what the last write took


class LiveOutputs:
    def __init__(self, out: Path, store: Store, view: View) -> None:
        self.out, self.store, self.view = out, store, view
        self._last = time.monotonic()
        self._cost = 0.0
        self._dirty = False

    def changed(self) -> None:
        self._dirty = True

    def tick(self) -> None:
        """Write the outputs when rows changed and the pause since the last write has passed."""
        if self._dirty and time.monotonic() - self._last >= max(MIN_PAUSE, COST_FACTOR * self._cost):
            self.write()

    def write(self) -> None:
        started = time.monotonic()
        write_outputs(self.out, self.store.member_rows(), self.view, self.store.decisions())
        self._last = time.monotonic()
        self._cost = self._last - started
        self._dirty = False
