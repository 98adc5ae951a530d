"""`min-words`: the submission's documents hold at least so many words of the student's own."""

from __future__ import annotations

from pydantic import Field

from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check
from grader.document.paths import matches
from grader.document.submission import Submission
from grader.text.prose import quote


class MinWordsParams(Params):
    min_words: int = Field(ge=1, description="Words needed across the matching documents.")
    files: list[str] = Field(
        default_factory=lambda: ["*.md", "*.markdown"],
        description="Glob patterns of the documents to count.",
    )


@check("min-words", MinWordsParams)
def min_words(submission: Submission, params: MinWordsParams) -> CheckOutcome:
    """The matching documents hold at least `min_words` words in all.

    Passes with a 300-word README for `min_words: 200`; partial credit in proportion below it;
    fails with no words at all.
    """
    counted = [doc for doc in submission.documents if matches(doc.path, params.files)]
    counts = {doc.path: doc.word_count() for doc in counted}
    total = sum(counts.values())
    largest = sorted(counted, key=lambda doc: (-counts[doc.path], doc.path))[:3]
    evidence = [Evidence(doc.path, 1, quote(doc.plain_text(), 80)) for doc in largest if counts[doc.path]]
    findings: list[Finding] = []
    if total < params.min_words:
        findings.append(Finding("min-words.too_short", {"words": total, "min_words": params.min_words}))
    return CheckOutcome.graded(total / params.min_words, evidence, findings)
