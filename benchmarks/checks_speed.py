"""The domain checks must cost less than markdown-it-py's parse of the same documents.

    python benchmarks/checks_speed.py [DIR ...] [--repeat N]

Grades every submission folder under the given corpora (default: sample_submissions and, when it
exists beside the checkout, ../shared/real_submissions) with both course rubrics. Prints the time
markdown-it-py takes to parse the markdown, the time of locating the homework plus every check, and
their ratio (checks / parse); the target is a ratio below 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import grader.text
from grader.checks import _terms, _units, canvas, metrics
from grader.document import _parser
from grader.fetch.folder import read_folder
from grader.locate import locate
from grader.pipeline import run_check
from grader.rubric import load_rubric
from grader.submission import Submission, build_submission

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "sample_submissions", ROOT.parent / "shared" / "real_submissions"]


def folders(corpora: list[Path]) -> list[Path]:
    """Submission folders: a corpus's sample cases (`*/expected.json`), or its subfolders."""
    found: list[Path] = []
    for corpus in corpora:
        if not corpus.is_dir():
            print(f"{corpus}: not found, skipped")
            continue
        cases = sorted(p.parent for p in corpus.rglob("expected.json"))
        found.extend(cases or sorted(p for p in corpus.iterdir() if p.is_dir()))
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    submissions: list[Submission] = [build_submission(read_folder(f)) for f in folders(args.dirs or DEFAULT)]
    texts = [doc.text for s in submissions for doc in s.documents]
    rubrics = [load_rubric("otus-mlops-hw1"), load_rubric("mlops-goals-metrics")]
    md = _parser()
    parse = checks = float("inf")
    per_rubric = {loaded.rubric.id: float("inf") for loaded in rubrics}
    for _ in range(args.repeat):
        started = time.perf_counter()
        for text in texts:
            md.parse(text)
        parse = min(parse, time.perf_counter() - started)
        # each submission is graded once: no help from caches filled in earlier rounds
        _units._CACHE.clear()
        _terms._matcher.cache_clear()
        canvas._label_matches.cache_clear()
        canvas._core.cache_clear()
        _terms.normalize.cache_clear()
        grader.text.normalize.cache_clear()
        metrics._target_numbers.cache_clear()
        total = 0.0
        for loaded in rubrics:
            started = time.perf_counter()
            for submission in submissions:
                located = locate(submission, loaded.rubric.locate)
                for criterion in loaded.criteria:
                    run_check(criterion, located)
            spent = time.perf_counter() - started
            per_rubric[loaded.rubric.id] = min(per_rubric[loaded.rubric.id], spent)
            total += spent
        checks = min(checks, total)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"submissions: {len(submissions)}  documents: {len(texts)}  markdown: {size / 1024:.0f} KiB")
    print(f"markdown-it-py parse:            {parse * 1000:8.1f} ms")
    print(f"locate + checks (2 rubrics):     {checks * 1000:8.1f} ms")
    for rubric_id, spent in per_rubric.items():
        # a grading run uses one rubric: its checks against the one parse of the same documents
        print(f"  {rubric_id + ':':29s} {spent * 1000:8.1f} ms   ratio {spent / parse:5.2f}")
    print(f"ratio checks / parse:            {checks / parse:8.2f}  (target < 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
