"""`link`: the graded documents link to something of a given kind (a Kanban board in GitHub Projects)."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check, regular_expressions
from grader.document.submission import Submission
from grader.lang import Lang
from grader.text.prose import quote

_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+")


class LinkParams(Params):
    patterns: list[str] = Field(
        min_length=1,
        description="Regular expressions a link's URL must match "
        "(`github\\.com/(users|orgs)/[^/]+/projects`).",
    )
    what: str | dict[Lang, str] | None = Field(
        None,
        description='What the link is, for feedback, as «Нет ссылки на …» / "No link to the …" take it '
        "(Russian: the accusative): one text or one per language (`{ru: Kanban-доску, en: Kanban board}`); "
        "without it the feedback says the link asked for is missing.",
    )

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return regular_expressions(value)


@check("link", LinkParams)
def link(submission: Submission, params: LinkParams) -> CheckOutcome:
    """A link (markdown, HTML or a bare URL) whose address matches one of the patterns.

    Passes with `[Kanban](https://github.com/users/me/projects/1)` for a GitHub Projects pattern;
    fails when no link matches.
    """
    regexes = [re.compile(p, re.IGNORECASE) for p in params.patterns]
    for doc in submission.documents:
        found: list[tuple[str, int]] = [(item.url, item.line) for item in doc.links]
        # one search of the whole text (a bare URL never spans a line break), lines counted as it goes
        line, counted = 1, 0
        for match in _BARE_URL.finditer(doc.text):
            line += doc.text.count("\n", counted, match.start())
            counted = match.start()
            found.append((match.group(0), line))
        for url, where in sorted(found, key=lambda f: f[1]):
            if any(r.search(url) for r in regexes):
                return CheckOutcome.graded(1.0, [Evidence(doc.path, where, quote(url, 100))])
    if params.what is None:
        return CheckOutcome.graded(0.0, [], [Finding("link.missing_any", {})])
    return CheckOutcome.graded(0.0, [], [Finding("link.missing", {"what": params.what})])
