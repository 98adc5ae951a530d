"""Grading in a pool of processes: parsing and checks are CPU-bound, and threads share one GIL.

Workers are started by a `forkserver` (never `fork`: forking while fetch threads run can deadlock)
and load the rubric themselves; a worker whose rubric differs from the parent's refuses to start.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from grader.lang import Lang
from grader.rubric import LoadedRubric
from grader.snapshot import Snapshot

_LOADED: LoadedRubric | None = None


def _init(rubric_ref: str, sha256: str) -> None:
    global _LOADED
    from grader.rubric import load_rubric

    loaded = load_rubric(rubric_ref)
    if loaded.sha256 != sha256:
        raise RuntimeError("the rubric changed while the batch was starting")
    _LOADED = loaded


def grade_json(snapshot: Snapshot, lang: Lang) -> str:
    from grader.pipeline import grade
    from grader.submission import build_submission

    assert _LOADED is not None
    return grade(build_submission(snapshot), _LOADED, lang).model_dump_json()


def start_pool(rubric_ref: str, sha256: str, processes: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(
        processes, mp_context=context, initializer=_init, initargs=(rubric_ref, sha256)
    )
