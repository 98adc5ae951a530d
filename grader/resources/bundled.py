"""Where the bundled rubrics and their data live: in the wheel, or in the checkout's `rubrics/`."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def bundled_dir() -> Path:
    """The bundled rubrics: packaged into the wheel, or the repository's `rubrics/` in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the grader package
    packaged = here / "_bundled_rubrics"
    return packaged if packaged.is_dir() else here.parent / "rubrics"


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))
