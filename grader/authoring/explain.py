"""`grader rubric explain`: the rubric as Markdown a student can read."""

from __future__ import annotations

from grader.lang import Lang
from grader.report.escape import md_inline
from grader.rubric import LoadedRubric
from grader.words import say


def explain(loaded: LoadedRubric, lang: Lang) -> str:
    rubric = loaded.rubric
    out = [f"# {md_inline(rubric.title.get(lang))}", ""]
    if rubric.description:
        out += [md_inline(rubric.description.get(lang)), ""]
    out += [
        f"{say('explain.max', lang)}: {rubric.max_score:g} {say('explain.points', lang)}. "
        f"{say('explain.threshold', lang)} {rubric.pass_threshold:g}%.",
        "",
    ]
    for compiled in loaded.criteria:
        criterion = compiled.criterion
        out.append(
            f"## {md_inline(criterion.title.get(lang))} — {criterion.points:g} {say('explain.points', lang)}"
        )
        out.append("")
        if criterion.required:
            out += [f"*{say('explain.required', lang)}*", ""]
        if criterion.description:
            out += [md_inline(criterion.description.get(lang)), ""]
        if lang == "en" or criterion.description is None:  # check summaries are written in English
            out += [f"{say('explain.checked', lang)}: {md_inline(compiled.check.summary)}", ""]
        pending = criterion.needs_review_points
        if pending is None:
            pending = rubric.needs_review_points
        if pending:
            out += [
                f"{say('explain.review', lang)} {min(pending, criterion.points):g} "
                f"{say('explain.points', lang)}.",
                "",
            ]
    return "\n".join(out).rstrip() + "\n"
