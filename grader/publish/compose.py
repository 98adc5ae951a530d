"""What each student is sent: the title and body of an issue (or a commit comment) and a chat text.

Rendered from a GradedRow (its result has the instructors' decisions applied) through the templates;
the feedback itself is the batch's feedback Markdown (grader.report.markdown), so every output words
a criterion the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any
from urllib.parse import urlsplit

from grader.publish.marker import marker, student_hash, with_marker
from grader.publish.templates import Inert, Templates
from grader.report.gradebook import late_note
from grader.report.graded import GradedRow
from grader.report.markdown import render_markdown
from grader.scoring.result import Result
from grader.words import say

# GitHub refuses an issue or comment body over 65,536 characters: what is longer is cut, with a note.
MAX_BODY = 65_000
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_SHORT = re.compile(r"^(.{1,40}?)\s*[:.]\s+\S")


@dataclass(frozen=True, slots=True)
class Delivery:
    graded: GradedRow
    repo: str | None  # owner/name on the host, None when the row has no repository
    lang: str
    title: str
    body: str  # issue body, marker included
    comment: str  # commit comment body, marker included
    feedback_md: str  # the feedback and the late note, Markdown (the chat text is made from it)
    marker: str
    context: dict[str, Any]  # what the templates saw (the chat text renders from it too)

    @property
    def student_key(self) -> str:
        return self.graded.row.student_key


def repo_of(url: str | None) -> str | None:
    """owner/name from a repository URL the batch stored (`https://github.com/owner/name`)."""
    if not url:
        return None
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if len(parts) < 2:
        return None
    owner, name = parts[0], parts[1].removesuffix(".git")
    # GitHub's name rules (the batch checked the link already): nothing else reaches an API path
    if not all(_NAME.fullmatch(p) and p not in (".", "..") for p in (owner, name)):
        return None
    return f"{owner}/{name}"


def short_title(title: str) -> str:
    """`ДЗ №1` from «ДЗ №1: предварительный анализ…»; a title with no short head stays whole."""
    found = _SHORT.match(title)
    return found.group(1) if found else title


def compose(
    g: GradedRow, templates: Templates, lang: str | None = None, zone: tzinfo | None = None
) -> Delivery | None:
    """None for a row that has nothing to deliver (not graded)."""
    if g.result is None:
        return None
    result = Result.model_validate(g.result)
    row = g.row
    sha = row.commit_sha
    base = f"{row.repo_url}/blob/{sha}" if row.repo_url and sha and len(sha) == 40 else None
    feedback = render_markdown(result, link_base=base)
    late = late_note(g, result.lang, zone)
    context = _context(g, result, lang or result.lang, feedback, late)
    mark = marker(result.rubric.id, row.student_key)
    title = " ".join(templates.render("issue_title.txt.j2", context).split())
    body = _fit(templates.render("issue_body.md.j2", context), result.lang)
    comment = _fit(templates.render("commit_comment.md.j2", context), result.lang)
    return Delivery(
        graded=g, repo=repo_of(row.repo_url), lang=context["lang"], title=title[:250],
        body=with_marker(body, mark), comment=with_marker(comment, mark), feedback_md=feedback + late,
        marker=mark, context=context,
    )  # fmt: skip


def _context(g: GradedRow, result: Result, lang: str, feedback: str, late: str) -> dict[str, Any]:
    """The variables every template sees (docs/deliver.md lists them)."""
    row = g.row
    score = g.final_score if g.final_score is not None else result.score
    commit_url = f"{row.repo_url}/commit/{row.commit_sha}" if row.repo_url and row.commit_sha else None
    return {
        "lang": lang,
        "student": {"name": row.student_name, "id": student_hash(row.student_key)},
        "rubric": {"id": result.rubric.id, "title": result.rubric.title,
                   "short": short_title(result.rubric.title), "version": result.rubric.version},
        "score": score, "max_score": result.max_score, "percent": g.final_percent, "passed": result.passed,
        "penalty_percent": row.penalty, "late": Inert(late),
        "repo_url": row.repo_url, "commit": row.commit_sha, "commit_url": commit_url,
        "criteria": [
            {"id": c.id, "title": c.title, "points": c.points, "max_points": c.max_points, "status": c.status,
             "decided": c.decision is not None, "note": c.decision.note if c.decision else ""}
            for c in result.criteria
        ],
        "feedback": Inert(feedback),
        "issue_url": None,
    }  # fmt: skip


def _fit(body: str, lang: str) -> str:
    if len(body) <= MAX_BODY:
        return body
    cut = body.rfind("\n", 0, MAX_BODY - 200)
    note = f"_{say('publish.issue_shortened', lang)}_"
    return body[: cut if cut > 0 else MAX_BODY - 200] + "\n\n" + note + "\n"
