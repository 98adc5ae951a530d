"""What every export reads from a graded row: points with decisions and the late penalty applied."""

from __future__ import annotations

from dataclasses import dataclass

from grader.report.graded import GradedRow
from grader.scoring.result import CriterionResult, Result


@dataclass(frozen=True, slots=True)
class Graded:
    """A row that has a grade, as the exports see it."""

    g: GradedRow
    result: Result

    @property
    def score(self) -> float:
        """The final score: the instructors' decisions applied, then the late penalty."""
        final = self.g.final_score
        return final if final is not None else self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score


def graded_rows(rows: list[GradedRow]) -> list[Graded]:
    return [Graded(g, Result.model_validate(g.result)) for g in rows if g.result is not None]


def criterion_text(c: CriterionResult) -> str:
    """One criterion's feedback as plain text: the rubric's words, then what to fix, then the decision."""
    from grader.report.escape import one_line

    lines = [one_line(c.summary)] if c.summary else []
    lines += [
        f"- {one_line(f.message)}" + (f" ({f.file}:{f.line})" if f.file and f.line else "")
        for f in c.findings
    ]
    if c.decision is not None and c.decision.note:
        lines.append(one_line(c.decision.note))
    return "\n".join(lines)
