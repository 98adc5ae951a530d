"""`grader rubric explain`: the rubric as Markdown a student can read."""

from __future__ import annotations

from grader.lang import Lang
from grader.report.escape import md_inline
from grader.rubric import LoadedRubric

_WORDS: dict[str, dict[Lang, str]] = {
    "points": {"ru": "баллов", "en": "points"},
    "max": {"ru": "Максимум", "en": "Maximum"},
    "threshold": {"ru": "Зачёт от", "en": "Passing from"},
    "required": {"ru": "обязательный: без него работа не зачтена", "en": "required: no pass without it"},
    "checked": {"ru": "Как проверяется", "en": "How it is checked"},
    "review": {
        "ru": "Если ответ дан только картинкой или ссылкой на доску, критерий проверит "
        "преподаватель; до этого он приносит",
        "en": "If the answer is only an image or a link "
        "to a board, an instructor reviews this criterion; until then it earns",
    },
}


def explain(loaded: LoadedRubric, lang: Lang) -> str:
    rubric = loaded.rubric
    out = [f"# {md_inline(rubric.title.get(lang))}", ""]
    if rubric.description:
        out += [md_inline(rubric.description.get(lang)), ""]
    out += [
        f"{_WORDS['max'][lang]}: {rubric.max_score:g} {_WORDS['points'][lang]}. "
        f"{_WORDS['threshold'][lang]} {rubric.pass_threshold:g}%.",
        "",
    ]
    for compiled in loaded.criteria:
        criterion = compiled.criterion
        out.append(
            f"## {md_inline(criterion.title.get(lang))} — {criterion.points:g} {_WORDS['points'][lang]}"
        )
        out.append("")
        if criterion.required:
            out += [f"*{_WORDS['required'][lang]}*", ""]
        if criterion.description:
            out += [md_inline(criterion.description.get(lang)), ""]
        if lang == "en" or criterion.description is None:  # check summaries are written in English
            out += [f"{_WORDS['checked'][lang]}: {md_inline(compiled.check.summary)}", ""]
        pending = criterion.needs_review_points
        if pending is None:
            pending = rubric.needs_review_points
        if pending:
            out += [
                f"{_WORDS['review'][lang]} {min(pending, criterion.points):g} {_WORDS['points'][lang]}.",
                "",
            ]
    return "\n".join(out).rstrip() + "\n"
