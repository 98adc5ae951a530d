"""`section`: a heading with one of the given names, with enough of the student's words under it."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import Field

from grader.checks._roles import regions
from grader.checks._units import units
from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check, names_by_language
from grader.document.markdown import Section
from grader.document.submission import Submission
from grader.text.prose import quote, word_count


class SectionParams(Params):
    synonyms: list[str] = Field(
        min_length=1,
        description="Heading names to accept, in any language (`Бизнес-метрики`, `Business metrics`). "
        "Matched as whole words inside the heading; case, punctuation and ё/е are ignored. Written as "
        "vocabulary terms: `архитектур*` takes any ending, `~декомпозиция` every form of the word; "
        "reports name only the plain ones.",
    )
    min_words: int = Field(0, ge=0, description="Words the section (with its subsections) must hold to pass.")

    def role_terms(self) -> tuple[list[str], list[str]]:
        return list(self.synonyms), []


@check("section", SectionParams)
def section(submission: Submission, params: SectionParams) -> CheckOutcome:
    """A heading matching any of the synonyms exists, with at least `min_words` words under it.

    Passes with `## Бизнес-метрики` (or a line standing for a heading: `**Бизнес-метрики**`,
    `БИЗНЕС-МЕТРИКИ:`) followed by enough text; partial when the section is shorter than
    `min_words`; fails when no heading matches.
    """
    ignored = submission.ignored_lines
    texts = {doc.path: doc.text for doc in submission.documents if doc.path in ignored}
    found = [
        _Found(s.title, s.file, s.line, s.text(), _own_words(s, ignored.get(s.file, frozenset()), texts))
        for s in submission.find_sections(params.synonyms)
    ]
    # a bold line or a `Label:` line standing for a heading (`**Декомпозиция**`, `ДЕКОМПОЗИЦИЯ:`), or
    # a document named for the section (`4-Декомпозиция.docx`: its name is its heading, line 0)
    for head, body in regions(units(submission), params.synonyms):
        if head.kind == "pseudo" or head.line == 0:
            text = " ".join(u.text for u in body)
            line = head.line or None
            found.append(_Found(head.label or head.text, head.file, line, text, word_count(text)))
    if not found:
        return CheckOutcome.graded(
            0.0, [], [Finding("section.missing", {"synonyms": names_by_language(params.synonyms)})]
        )
    best = max(found, key=lambda f: f.words)
    evidence = [Evidence(best.file, best.line, quote(f"{best.title}: {best.text}"))]
    if best.words >= params.min_words:
        return CheckOutcome.graded(1.0, evidence)
    finding = Finding(
        "section.too_short",
        {"title": best.title, "words": best.words, "min_words": params.min_words},
        best.file,
        best.line,
    )
    return CheckOutcome.graded(best.words / params.min_words, evidence, [finding])


def _own_words(section: Section, ignored: frozenset[int], texts: dict[str, str]) -> int:
    """Words under a section and its subsections (their headings too), the pasted task's lines not
    counted (a task item glued to the answer's first line leaves the answer's lines counted)."""
    if not ignored:
        return section.word_count()
    lines = texts[section.file].split("\n")
    words = 0
    for part in section.walk():
        if part is not section and part.line not in ignored:
            words += word_count(part.title)
        for block in part.blocks:
            if block.line not in ignored:
                words += word_count(block.text)
            else:
                end = min(block.end_line, len(lines))
                words += sum(
                    word_count(lines[n - 1]) for n in range(block.line + 1, end + 1) if n not in ignored
                )
    return words


class _Found(NamedTuple):
    title: str
    file: str
    line: int | None
    text: str
    words: int
