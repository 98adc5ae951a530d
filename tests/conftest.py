"""Shared fixtures: the repository's paths and a helper that writes a submission folder."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_submissions"
SHARED = ROOT.parent / "shared"

# Under tests a code missing from grader/words/ raises instead of showing the bare code (subprocesses
# of the tests inherit it); production falls back to the code so that a grade is never lost.
os.environ["GRADER_STRICT_WORDS"] = "1"
# The tests' rubric cache (grader/rubric/cache.py) is a folder of their own, never the user's cache:
# the subprocesses of the tests inherit it; it is removed when the run ends.
_CACHE = tempfile.mkdtemp(prefix="grader-test-cache-")
os.environ["GRADER_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

MakeSubmission = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_submission(tmp_path: Path) -> MakeSubmission:
    """Write {relative path: text or bytes} into a fresh folder and return it."""
    counter = 0

    def make(files: dict[str, str | bytes]) -> Path:
        nonlocal counter
        counter += 1
        root = tmp_path / f"submission-{counter}"
        root.mkdir()
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current reports (review the diff before committing)",
    )
