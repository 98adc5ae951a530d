"""`section`: a heading with one of the given names, with enough of the student's words under it."""

from __future__ import annotations

from pydantic import Field

from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check
from grader.submission import Submission
from grader.text import quote


class SectionParams(Params):
    synonyms: list[str] = Field(
        min_length=1,
        description="Heading names to accept, in any language (`Бизнес-метрики`, `Business metrics`). "
        "Matched as whole words inside the heading; case, punctuation and ё/е are ignored.",
    )
    min_words: int = Field(0, ge=0, description="Words the section (with its subsections) must hold to pass.")


@check("section", SectionParams)
def section(submission: Submission, params: SectionParams) -> CheckOutcome:
    """A heading matching any of the synonyms exists, with at least `min_words` words under it.

    Passes with `## Бизнес-метрики` followed by enough text; partial when the section is shorter
    than `min_words`; fails when no heading matches.
    """
    candidates = submission.find_sections(params.synonyms)
    if not candidates:
        return CheckOutcome.graded(0.0, [], [Finding("section.missing", {"synonyms": params.synonyms})])
    best = max(candidates, key=lambda s: s.word_count())
    words = best.word_count()
    evidence = [Evidence(best.file, best.line, quote(f"{best.title}: {best.text()}"))]
    if words >= params.min_words:
        return CheckOutcome.graded(1.0, evidence)
    finding = Finding(
        "section.too_short",
        {"title": best.title, "words": words, "min_words": params.min_words},
        best.file,
        best.line,
    )
    return CheckOutcome.graded(words / params.min_words, evidence, [finding])
