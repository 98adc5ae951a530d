"""How closely the grader agrees with an instructor (CONVENTIONS.md, "Accuracy measurement").

    python benchmarks/accuracy.py [DIR] --rubric ID [-v]

DIR holds one folder per submission and a `grades.csv` (a `folder` column and 0–2 grades per
criterion: business_metrics, ml_metrics, smart, canvas, hypothesis_canvas, readme_structure). Without
a grades.csv, every `*/expected.json` case of the rubric is used instead (its points mapped to 0–2).
The grader's points map to 0–2 as round(2 × points / max_points). Prints pooled and per-criterion
exact agreement, within-one agreement, Spearman's rank correlation between the grader's percent and
the instructor's total, and the `needs_review` cases. A missing DIR is skipped politely.

With a `grades_second_rater.csv` beside grades.csv (same columns, rows keyed by `folder`) it also
prints the agreement with the second instructor (only where that instructor graded the cell) and the
share of cells where the grader lies within the two instructors' grades (between their min and max;
equal to the first where only the first graded it). Folders named `owner__repo@sha` are drafts of the
final `owner__repo`: the grader's percent of a draft must be strictly below its final's, or at most
equal when an instructor gave both the same total; the pairs that break it are listed. `-v` lists
every disagreement with the grader's status, findings and evidence.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.rubric.load import load_rubric
from grader.scoring.result import CriterionResult, Result

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = {
    "business_metrics": "business-metrics",
    "ml_metrics": "ml-metrics",
    "smart": "smart",
    "canvas": "canvas",
    "hypothesis_canvas": "hypothesis-canvas",
    "readme_structure": "structure",
}
SECOND_RATER = "grades_second_rater.csv"
DRAFT_MARK = "@"  # `owner__repo@<short sha>`: an earlier commit of the final `owner__repo`


@dataclass
class Case:
    folder: Path
    grades: dict[str, set[int]]  # criterion id -> acceptable 0–2 grades (one, or two for a range)
    total: float
    second: dict[str, int] = field(default_factory=dict)  # the second instructor's 0–2 grades
    second_total: float | None = None


@dataclass
class Tally:
    exact: int = 0
    within: int = 0
    cells: int = 0


@dataclass
class Graded:
    case: Case
    result: Result
    mine: dict[str, int]  # criterion id -> the grader's 0–2 grade


def _row_grades(row: dict[str, str], criteria: set[str]) -> dict[str, int]:
    return {
        COLUMNS[c]: int(v)
        for c, v in row.items()
        if c in COLUMNS and COLUMNS[c] in criteria and v is not None and v.strip() != ""
    }


def cases_from_csv(folder: Path, criteria: set[str]) -> list[Case]:
    cases = []
    with (folder / "grades.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grades = {c: {g} for c, g in _row_grades(row, criteria).items()}
            total = sum(min(g) for g in grades.values())
            cases.append(Case(folder / row["folder"], grades, total))
    second = second_rater(folder, criteria)
    for case in cases:
        theirs = second.get(case.folder.name)
        if theirs:
            case.second = theirs
            case.second_total = float(sum(theirs.values()))
    return cases


def second_rater(folder: Path, criteria: set[str]) -> dict[str, dict[str, int]]:
    """The second instructor's grades by folder name ({} when the file is absent)."""
    path = folder / SECOND_RATER
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["folder"]: _row_grades(row, criteria) for row in csv.DictReader(handle)}


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


def to_grade(criterion: CriterionResult) -> int:
    """The grader's points on the instructors' 0–2 scale."""
    return round(2 * criterion.points / criterion.max_points) if criterion.max_points else 0


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
    graded: list[Graded] = []
    for case in cases:
        result = grade(build_submission(read_folder(case.folder)), loaded, "en")
        percents.append(result.percent)
        totals.append(case.total)
        _compare(case, result, pooled, per, reviews)
        graded.append(Graded(case, result, {c.id: to_grade(c) for c in result.criteria}))
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
    # The percent also counts the criteria the instructors did not grade (decomposition, kanban): the
    # same sum over the compared criteria ranks like with like.
    compared = [float(sum(g.mine[c] for c in g.case.grades if c in g.mine)) for g in graded]
    rho = spearman(compared, totals)
    print(f"Spearman over the compared criteria (grader 0-2 sum vs instructor total): {rho:.3f}")
    print(f"needs_review: {len(reviews)}")
    for line in reviews:
        print(f"  {line}")
    for line in [*second_rater_lines(graded), *within_both_lines(graded), *draft_lines(graded)]:
        print(line)
    if args.verbose:
        print("disagreements:")
        for line in disagreement_lines(graded):
            print(f"  {line}")
    return 0


def _compare(case: Case, result: Result, pooled: Tally, per: dict[str, Tally], reviews: list[str]) -> None:
    by_id = {c.id: c for c in result.criteria}
    for criterion, wanted in case.grades.items():
        got = by_id.get(criterion)
        if got is None:
            continue
        mine = to_grade(got)
        tally = per.setdefault(criterion, Tally())
        exact = mine in wanted
        within = any(abs(mine - w) <= 1 for w in wanted)
        for t in (tally, pooled):
            t.cells += 1
            t.exact += exact
            t.within += within
    for out in result.criteria:
        if out.status == "needs_review":
            links = ", ".join(e.text for e in out.evidence[:2])
            reviews.append(f"{case.folder.name} {out.id}: {links}")


def _per_criterion(tallies: dict[str, Tally], label: str) -> list[str]:
    return [f"  {c:<18} {label} {pct(t.exact, t.cells)}" for c, t in tallies.items()]


def second_rater_lines(graded: list[Graded]) -> list[str]:
    """Agreement with the second instructor, on the cells that instructor graded."""
    rated = [g for g in graded if g.case.second]
    if not rated:
        return ["second rater: none (no grades_second_rater.csv rows for these folders)"]
    pooled = Tally()
    per: dict[str, Tally] = {}
    for g in rated:
        for criterion, theirs in g.case.second.items():
            if criterion not in g.mine:
                continue
            agree = g.mine[criterion] == theirs
            close = abs(g.mine[criterion] - theirs) <= 1
            for t in (per.setdefault(criterion, Tally()), pooled):
                t.cells += 1
                t.exact += agree
                t.within += close
    rho = spearman([g.result.percent for g in rated], [g.case.second_total or 0.0 for g in rated])
    return [
        f"second rater: submissions: {len(rated)}  compared cells: {pooled.cells}",
        f"second rater: exact agreement (pooled): {pct(pooled.exact, pooled.cells)}",
        f"second rater: within-one agreement:     {pct(pooled.within, pooled.cells)}",
        "second rater: per criterion:",
        *_per_criterion(per, "exact"),
        f"second rater: Spearman (grader percent vs second rater total): {rho:.3f}",
    ]


def within_both(graded: Graded, criterion: str) -> bool | None:
    """Whether the grader's grade lies between the two instructors' (None: no first grade)."""
    wanted = graded.case.grades.get(criterion)
    mine = graded.mine.get(criterion)
    if wanted is None or mine is None:
        return None
    theirs = graded.case.second.get(criterion)
    bounds = [*wanted, theirs] if theirs is not None else list(wanted)
    return min(bounds) <= mine <= max(bounds)


def within_both_lines(graded: list[Graded]) -> list[str]:
    pooled = Tally()
    per: dict[str, Tally] = {}
    for g in graded:
        for criterion in g.case.grades:
            inside = within_both(g, criterion)
            if inside is None:
                continue
            for t in (per.setdefault(criterion, Tally()), pooled):
                t.cells += 1
                t.exact += inside
    return [
        f"within both instructors (pooled): {pct(pooled.exact, pooled.cells)}",
        *_per_criterion(per, "within both"),
    ]


def draft_pairs(graded: list[Graded]) -> list[tuple[Graded, Graded]]:
    """(draft, final) for every `owner__repo@sha` folder whose final `owner__repo` was graded too."""
    finals = {g.case.folder.name: g for g in graded if DRAFT_MARK not in g.case.folder.name}
    pairs = []
    for g in graded:
        name = g.case.folder.name
        if DRAFT_MARK in name and name.split(DRAFT_MARK, 1)[0] in finals:
            pairs.append((g, finals[name.split(DRAFT_MARK, 1)[0]]))
    return pairs


def draft_holds(draft: Graded, final: Graded) -> bool:
    """Strictly below its final, or at most equal when an instructor gave both the same total."""
    same = draft.case.total == final.case.total or (
        draft.case.second_total is not None and draft.case.second_total == final.case.second_total
    )
    if same:
        return draft.result.percent <= final.result.percent
    return draft.result.percent < final.result.percent


def _totals(draft: Graded, final: Graded) -> str:
    text = f"instructor {draft.case.total:g} vs {final.case.total:g}"
    if draft.case.second_total is not None and final.case.second_total is not None:
        text += f", second rater {draft.case.second_total:g} vs {final.case.second_total:g}"
    return text


def draft_lines(graded: list[Graded]) -> list[str]:
    pairs = draft_pairs(graded)
    if not pairs:
        return ["drafts below finals: no draft/final pairs"]
    broken = [(d, f) for d, f in pairs if not draft_holds(d, f)]
    lines = [f"drafts below finals: {len(pairs) - len(broken)}/{len(pairs)} pairs hold"]
    for d, f in broken:
        lines.append(
            f"  {d.case.folder.name}: grader {d.result.percent:.1f}% vs final {f.result.percent:.1f}% "
            f"({_totals(d, f)})"
        )
    return lines


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def disagreement_lines(graded: list[Graded], evidence: int = 3) -> list[str]:
    """Every cell where the grader differs from the first instructor, with what the grader saw."""
    lines: list[str] = []
    for g in graded:
        by_id = {c.id: c for c in g.result.criteria}
        for criterion, wanted in g.case.grades.items():
            got = by_id.get(criterion)
            if got is None or g.mine[criterion] in wanted:
                continue
            second = g.case.second.get(criterion)
            also = f", second rater {second}" if second is not None else ""
            inside = " (within both)" if within_both(g, criterion) else ""
            lines.append(
                f"{g.case.folder.name} {criterion}: grader {g.mine[criterion]} ({got.status}), "
                f"instructor {sorted(wanted)}{also}{inside}"
            )
            lines.append(f"    located: {g.result.submission.located or '-'}")
            if got.summary:
                lines.append(f"    summary: {_one_line(got.summary)}")
            for finding in got.findings[:evidence]:
                where = f" ({finding.file}:{finding.line})" if finding.file else ""
                lines.append(f"    finding: {_one_line(finding.message)}{where}")
            for item in got.evidence[:evidence]:
                where = f"{item.file}:{item.line}" if item.line else (item.file or "-")
                lines.append(f"    evidence: {where} «{_one_line(item.text, 120)}»")
            if not got.evidence:
                lines.append("    evidence: none")
    return lines


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
