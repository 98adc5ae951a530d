"""`grader rubric explain`: the rubric as Markdown a student can read, in the student's language.

Per criterion: what it asks (the rubric's description) and what earns each grade (the rubric's
feedback per status) — the rubric's own texts, never a check's English docstring.
"""

from __future__ import annotations

from grader.lang import Lang
from grader.report.escape import md_inline
from grader.rubric.model import CompiledCriterion, LoadedRubric
from grader.words import say

# status, its words, the points it earns (None: the criterion's full points)
_GRADES = (
    ("pass", "explain.grade_pass", None),
    ("partial", "explain.grade_partial", 0.0),
    ("fail", "explain.grade_fail", 0.0),
)


def explain(loaded: LoadedRubric, lang: Lang) -> str:
    rubric = loaded.rubric
    out = [f"# {md_inline(rubric.title.get(lang))}", ""]
    if rubric.description:
        out += [md_inline(rubric.description.get(lang)), ""]
    out += [say("explain.total", lang, points=rubric.max_score, threshold=rubric.pass_threshold), ""]
    for compiled in loaded.criteria:
        out += _criterion(compiled, lang, rubric.needs_review_points)
    return "\n".join(out).rstrip() + "\n"


def _criterion(compiled: CompiledCriterion, lang: Lang, rubric_pending: float) -> list[str]:
    criterion = compiled.criterion
    out = [f"## {md_inline(criterion.title.get(lang))} — {say('unit.points', lang, n=criterion.points)}", ""]
    if criterion.required:
        out += [f"*{say('explain.required', lang)}*", ""]
    if criterion.description:
        out += [md_inline(criterion.description.get(lang)), ""]
    else:
        out += [say("explain.no_description", lang), ""]
    feedback = criterion.feedback
    grades = []
    for status, code, grade in _GRADES:
        text = feedback.get(status)  # type: ignore[call-overload]
        if text is not None:
            head = say(code, lang, points=criterion.points if grade is None else grade)
            grades.append(f"- **{head}**: {md_inline(text.get(lang))}")
    # only where the check can leave the criterion to an instructor, or the rubric says it may
    if compiled.check.reviews or "needs_review" in feedback:
        pending = criterion.needs_review_points
        pending = min(rubric_pending if pending is None else pending, criterion.points)
        given = feedback.get("needs_review")
        text = md_inline(given.get(lang)) if given is not None else say("explain.review_default", lang)
        grades.append(f"- **{say('explain.grade_needs_review', lang, points=pending)}**: {text}")
    if grades:
        out += [f"{say('explain.grades', lang)}", "", *grades, ""]
    return out
