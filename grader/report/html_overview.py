"""The class at a glance, as numbers: what the review app's overview and `grader report --html` show.

Pure: graded rows (decisions applied) in, counts and chart geometry out; the templates draw them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from grader.report.graded import GradedRow
from grader.words import language
from grader.words.numbers import number

BINS = 10  # the score histogram: 0–10 %, 10–20 %, … 90–100 %


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float  # what the bar measures (a count, a percent)
    x: float
    y: float
    width: float
    height: float
    title: str  # the tooltip: the bar in words


@dataclass(slots=True)
class CriterionStats:
    id: str
    title: str
    max_points: float
    graded: int = 0
    total_points: float = 0.0
    passed: int = 0
    failed: int = 0
    needs_review: int = 0
    decided: int = 0

    @property
    def mean(self) -> float:
        return round(self.total_points / self.graded, 2) if self.graded else 0.0

    @property
    def pass_rate(self) -> float:
        return round(100.0 * self.passed / self.graded, 1) if self.graded else 0.0


@dataclass(slots=True)
class Overview:
    rows: int = 0
    graded: int = 0
    passed: int = 0
    late: list[GradedRow] = field(default_factory=list)
    not_graded: list[GradedRow] = field(default_factory=list)
    refresh_failed: list[GradedRow] = field(default_factory=list)
    decided: int = 0
    recheck: int = 0
    mean_percent: float = 0.0
    histogram: list[Bar] = field(default_factory=list)
    criteria: list[CriterionStats] = field(default_factory=list)
    criterion_bars: list[Bar] = field(default_factory=list)


def overview(graded: Sequence[GradedRow], lang: str = "en") -> Overview:
    """The class at a glance; `lang` writes the charts' tooltips (decimal commas in Russian)."""
    o = Overview(rows=len(graded))
    counts = [0] * BINS
    percents: list[float] = []
    stats: dict[str, CriterionStats] = {}
    for g in graded:
        if g.row.late:
            o.late.append(g)
        if g.row.refresh:
            o.refresh_failed.append(g)
        if g.result is None:
            o.not_graded.append(g)
            continue
        o.graded += 1
        o.passed += bool(g.result.get("passed"))
        percent = g.final_percent or 0.0
        percents.append(percent)
        counts[min(BINS - 1, int(percent // (100 / BINS)))] += 1
        for c in g.result.get("criteria", []):
            s = stats.setdefault(c["id"], CriterionStats(c["id"], c["title"], float(c["max_points"])))
            s.graded += 1
            s.total_points += float(c["points"])
            s.passed += c["status"] == "pass"
            s.failed += c["status"] == "fail"
            s.needs_review += c["status"] == "needs_review"
            decision = c.get("decision")
            if decision:
                s.decided += 1
                o.decided += 1
                o.recheck += bool(decision.get("recheck"))
    o.mean_percent = round(sum(percents) / len(percents), 1) if percents else 0.0
    o.histogram = histogram(counts)
    o.criteria = list(stats.values())
    o.criterion_bars = criterion_bars(o.criteria, lang)
    return o


# Chart boxes in SVG user units; the SVG scales to its container (viewBox), so these are proportions.
HIST_W, HIST_H, HIST_PAD = 600.0, 200.0, 24.0
ROW_H, LABEL_W, BAR_W = 26.0, 170.0, 380.0


def histogram(counts: list[int]) -> list[Bar]:
    top = max(counts) or 1
    step = (HIST_W - 2 * HIST_PAD) / len(counts)
    bars = []
    for i, n in enumerate(counts):
        height = (HIST_H - 2 * HIST_PAD) * n / top
        lo, hi = i * 100 // len(counts), (i + 1) * 100 // len(counts)
        bars.append(
            Bar(f"{lo}", n, HIST_PAD + i * step + 2, HIST_H - HIST_PAD - height, step - 4, height,
                f"{lo}–{hi} %: {n}")
        )  # fmt: skip
    return bars


def criterion_bars(criteria: Sequence[CriterionStats], lang: str = "en") -> list[Bar]:
    """One horizontal bar per criterion: its mean as a share of its maximum (which criteria fail)."""
    bars = []
    shown = language(lang)
    for i, s in enumerate(criteria):
        share = s.mean / s.max_points if s.max_points else 0.0
        words = f"{number(s.mean, shown)} / {number(s.max_points, shown)}, {number(s.pass_rate, shown)} %"
        bars.append(
            Bar(s.id, round(100 * share, 1), LABEL_W, i * ROW_H + 4, BAR_W * share, ROW_H - 8,
                f"{s.id}: {words}")
        )  # fmt: skip
    return bars
