"""Which form changes move the grader's grades on real hand-ins (issue 10, metamorphic tests).

    python benchmarks/metamorphic.py [DIR] [--rubric ID] [--only NAME ...]

Applies every transformation of tests/metamorphic/transforms.py to every case of DIR (default
`../shared/real_submissions`: the folders its grades.csv names, else every sub-folder) and grades the
original and the changed tree in-process. Prints, per transformation, how many cases it applied to
and how many case × criterion cells changed their 0–2 grade, then lists them. The task text pasted
is the whole assignment when `../shared/assignment/` has it, else the task items the tests use. A
missing DIR is skipped politely.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.rubric.load import load_rubric
from grader.rubric.model import LoadedRubric

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the transformations live with the tests that use them

from tests.metamorphic.task_text import ITEMS  # noqa: E402
from tests.metamorphic.transforms import COURSE_TASK, Transform, transforms  # noqa: E402
from tests.metamorphic.tree import Tree, load_tree, write_tree  # noqa: E402

SHARED = ROOT.parent / "shared"
ASSIGNMENT = SHARED / "assignment" / "otus-mlops-hw1-task.ru.md"
_ITEM = re.compile(r"^\d\.\s+\*\*")


@dataclass
class Changes:
    applied: int = 0
    cells: list[str] = field(default_factory=list)  # "case criterion: before -> after"
    cases: set[str] = field(default_factory=set)


def assignment_task(path: Path) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """(header, items, footer) of the assignment's markdown: the text around its numbered items."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [i for i, line in enumerate(lines) if _ITEM.match(line)]
    if len(numbered) != len(ITEMS):
        return COURSE_TASK
    topics = [topic for topic, _ in ITEMS]
    items = tuple(zip(topics, (lines[i] for i in numbered), strict=True))
    header = "\n".join(lines[: numbered[0]]).rstrip() + "\n"
    footer = "\n".join(lines[numbered[-1] + 1 :]).strip()
    return header, items, footer


def case_folders(folder: Path) -> list[Path]:
    grades = folder / "grades.csv"
    if grades.is_file():
        with grades.open(encoding="utf-8", newline="") as handle:
            names = [row["folder"] for row in csv.DictReader(handle)]
        return [folder / n for n in names if (folder / n).is_dir()]
    return sorted(p for p in folder.iterdir() if p.is_dir())


def grades_of(tree: Tree, scratch: Path, loaded: LoadedRubric) -> dict[str, int]:
    written = write_tree(tree, Path(tempfile.mkdtemp(dir=scratch)))
    result = grade(build_submission(read_folder(written)), loaded, "en")
    return {c.id: round(2 * c.points / c.max_points) if c.max_points else 0 for c in result.criteria}


def measure(
    cases: list[Path], chosen: list[Transform], loaded: LoadedRubric, scratch: Path
) -> dict[str, Changes]:
    out = {t.name: Changes() for t in chosen}
    check_of = {c.criterion.id: c.criterion.check for c in loaded.criteria}
    for case in cases:
        tree = load_tree(case)
        before = grades_of(tree, scratch, loaded)
        for transform in chosen:
            changed = transform.apply(tree)
            if changed is None:
                continue
            after = grades_of(changed, scratch, loaded)
            tally = out[transform.name]
            tally.applied += 1
            for criterion, grade_before in before.items():
                if check_of.get(criterion) in transform.regrades:
                    continue  # a change this transformation may rightly make (headings dropped)
                if after.get(criterion) != grade_before:
                    tally.cells.append(f"{case.name} {criterion}: {grade_before} -> {after.get(criterion)}")
                    tally.cases.add(case.name)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default=str(SHARED / "real_submissions"))
    parser.add_argument("--rubric", default="otus-mlops-hw1")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="Only these transformations.")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"{folder}: not found, skipped")
        return 0
    task = assignment_task(ASSIGNMENT) if ASSIGNMENT.is_file() else COURSE_TASK
    chosen = [t for t in transforms(task) if t.applies_to(args.rubric)]
    if args.only:
        unknown = set(args.only) - {t.name for t in chosen}
        if unknown:
            print(f"unknown transformation(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        chosen = [t for t in chosen if t.name in args.only]
    cases = case_folders(folder)
    if not cases:
        print(f"{folder}: no cases, skipped")
        return 0
    loaded = load_rubric(args.rubric)
    with tempfile.TemporaryDirectory(prefix="metamorphic-") as scratch:
        changes = measure(cases, chosen, loaded, Path(scratch))
    criteria = len(loaded.rubric.criteria)
    print(f"corpus: {folder}  rubric: {args.rubric}  cases: {len(cases)}  criteria: {criteria}")
    print(f"task text pasted: {'the assignment' if task is not COURSE_TASK else 'the task items'}")
    width = max(len(t.name) for t in chosen)
    for t in chosen:
        c = changes[t.name]
        print(
            f"  {t.name:<{width}}  applied to {c.applied:>2} cases  changed {len(c.cells):>3} of "
            f"{c.applied * criteria:>3} cells in {len(c.cases):>2} cases"
        )
    total = sum(len(c.cells) for c in changes.values())
    print(f"changed cells in all: {total}")
    for t in chosen:
        if changes[t.name].cells:
            print(f"{t.name} ({t.description}):")
            for line in changes[t.name].cells:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
