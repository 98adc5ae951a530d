"""How closely the grader agrees with an instructor (CONVENTIONS.md, "Accuracy measurement").

    python benchmarks/accuracy.py [DIR] --rubric ID

DIR holds one folder per submission and a `grades.csv` (a `folder` column and 0–2 grades per
criterion: business_metrics, ml_metrics, smart, canvas, hypothesis_canvas, readme_structure). Without
a grades.csv, every `*/expected.json` case of the rubric is used instead (its points mapped to 0–2).
The grader's points map to 0–2 as round(2 × points / max_points). Prints pooled and per-criterion
exact agreement, within-one agreement, Spearman's rank correlation between the grader's percent and
the instructor's total, and the `needs_review` cases. A missing DIR is skipped politely.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from grader.fetch.folder import read_folder
from grader.pipeline import grade
from grader.result import Result
from grader.rubric import load_rubric
from grader.submission import build_submission

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = {
    "business_metrics": "business-metrics",
    "ml_metrics": "ml-metrics",
    "smart": "smart",
    "canvas": "canvas",
    "hypothesis_canvas": "hypothesis-canvas",
    "readme_structure": "structure",
}


@dataclass
class Case:
    folder: Path
    grades: dict[str, set[int]]  # criterion id -> acceptable 0–2 grades (one, or two for a range)
    total: float


@dataclass
class Tally:
    exact: int = 0
    within: int = 0
    cells: int = 0
    misses: list[str] = field(default_factory=list)


def cases_from_csv(folder: Path, criteria: set[str]) -> list[Case]:
    cases = []
    with (folder / "grades.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grades = {
                COLUMNS[c]: {int(v)}
                for c, v in row.items()
                if c in COLUMNS and COLUMNS[c] in criteria and v != ""
            }
            total = sum(min(g) for g in grades.values())
            cases.append(Case(folder / row["folder"], grades, total))
    return cases


def cases_from_expected(folder: Path, rubric_id: str, max_points: dict[str, float]) -> list[Case]:
    cases = []
    for path in sorted(folder.rglob("expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        if expected.get("rubric") != rubric_id:
            continue
        grades: dict[str, set[int]] = {}
        total = 0.0
        for criterion, want in expected.get("criteria", {}).items():
            if criterion not in max_points:
                continue
            low, high = (want, want) if isinstance(want, int | float) else want
            top = max_points[criterion]
            grades[criterion] = {round(2 * low / top), round(2 * high / top)}
            total += 2 * (low + high) / 2 / top
        cases.append(Case(path.parent, grades, total))
    return cases


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else float("nan")


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "0/0"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default=str(ROOT / "sample_submissions"))
    parser.add_argument("--rubric", default="otus-mlops-hw1")
    parser.add_argument("--verbose", "-v", action="store_true", help="List every disagreement.")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"{folder}: not found, skipped")
        return 0
    loaded = load_rubric(args.rubric)
    max_points = {c.id: c.points for c in loaded.rubric.criteria}
    if (folder / "grades.csv").is_file():
        cases = cases_from_csv(folder, set(max_points))
    else:
        cases = cases_from_expected(folder, args.rubric, max_points)
    if not cases:
        print(f"{folder}: no graded cases for rubric {args.rubric}, skipped")
        return 0
    pooled = Tally()
    per: dict[str, Tally] = {}
    percents: list[float] = []
    totals: list[float] = []
    reviews: list[str] = []
    for case in cases:
        result = grade(build_submission(read_folder(case.folder)), loaded, "en")
        percents.append(result.percent)
        totals.append(case.total)
        _compare(case, result, pooled, per, reviews)
    print(
        f"corpus: {folder}  rubric: {args.rubric}  submissions: {len(cases)}  compared cells: {pooled.cells}"
    )
    print(f"exact agreement (pooled): {pct(pooled.exact, pooled.cells)}")
    print(f"within-one agreement:     {pct(pooled.within, pooled.cells)}")
    print("per criterion:")
    for criterion, tally in per.items():
        print(
            f"  {criterion:<18} exact {pct(tally.exact, tally.cells):<18} "
            f"within-one {pct(tally.within, tally.cells)}"
        )
    print(f"Spearman (grader percent vs instructor total): {spearman(percents, totals):.3f}")
    print(f"needs_review: {len(reviews)}")
    for line in reviews:
        print(f"  {line}")
    if args.verbose:
        print("disagreements:")
        for tally in per.values():
            for miss in tally.misses:
                print(f"  {miss}")
    return 0


def _compare(case: Case, result: Result, pooled: Tally, per: dict[str, Tally], reviews: list[str]) -> None:
    by_id = {c.id: c for c in result.criteria}
    for criterion, wanted in case.grades.items():
        got = by_id.get(criterion)
        if got is None:
            continue
        mine = round(2 * got.points / got.max_points) if got.max_points else 0
        tally = per.setdefault(criterion, Tally())
        exact = mine in wanted
        within = any(abs(mine - w) <= 1 for w in wanted)
        for t in (tally, pooled):
            t.cells += 1
            t.exact += exact
            t.within += within
        if not exact:
            tally.misses.append(f"{case.folder.name} {criterion}: grader {mine}, instructor {sorted(wanted)}")
    for criterion in result.criteria:
        if criterion.status == "needs_review":
            links = ", ".join(e.text for e in criterion.evidence[:2])
            reviews.append(f"{case.folder.name} {criterion.id}: {links}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
