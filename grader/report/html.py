"""`grader report DIR --html FILE`: the class overview and every student's criteria in one HTML file.

Self-contained: the stylesheet is inlined, the charts are inline SVG, no script, and a Content
Security Policy in the file forbids loading anything from elsewhere — it can be mailed or attached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from grader.report.gradebook_table import criterion_ids
from grader.report.graded import GradedRow
from grader.report.html_model import places, points_of, status_of, student_id
from grader.report.html_overview import overview
from grader.report.html_words import words
from grader.words.numbers import number

TEMPLATES = Path(__file__).with_name("html_templates")


def environment(*folders: Path) -> jinja2.Environment:
    """Jinja2 with autoescape on for every template name (select_autoescape would skip some)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in (*folders, TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(places=places, points_of=points_of, status_of=status_of, student_id=student_id)
    env.filters["num"] = number  # `{{ x|num(lang) }}`: «66,7» on a Russian page, «66.7» on an English one
    return env


def page_lang(graded: Sequence[GradedRow], default: str = "ru") -> str:
    """The language the batch wrote its feedback in (every result carries it)."""
    for g in graded:
        if g.result and g.result.get("lang") in ("ru", "en"):
            return str(g.result["lang"])
    return default


def render_html_report(
    graded: Sequence[GradedRow],
    folder: str,
    missing: Sequence[str] = (),
    unrecognized: Sequence[Sequence[str]] = (),
    deadline: str | None = None,
    lang: str | None = None,
) -> str:
    lang = lang or page_lang(graded)
    t = words(lang)
    href: Callable[[GradedRow], str] = lambda g: f"#s-{student_id(g)}"  # noqa: E731
    context: dict[str, Any] = {
        "lang": lang, "t": t, "o": overview(graded, lang), "graded": list(graded),
        "ids": criterion_ids(graded),
        "missing": list(missing), "unrecognized": [list(u) for u in unrecognized], "href": href,
        "folder": folder, "deadline": deadline, "title": f"{t('overview')}: {_rubric_title(graded)}",
        # Our own stylesheet, not student text: inside <style> escaping would break its quotes.
        "css": markupsafe.Markup((TEMPLATES / "style.css").read_text("utf-8")),
    }  # fmt: skip
    return environment().get_template("report.html").render(context)


def _rubric_title(graded: Sequence[GradedRow]) -> str:
    for g in graded:
        if g.result:
            info = g.result.get("rubric") or {}
            return f"{info.get('title') or info.get('id') or ''} {info.get('version') or ''}".strip()
    return ""
