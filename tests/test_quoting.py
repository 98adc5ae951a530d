"""Student text quoted in each output: inert in Markdown (`$` too), plain in the terminal and the chat,
header lines kept as lines, the points at stake said once per criterion."""

from __future__ import annotations

from grader.engine.pipeline import grade_folder
from grader.publish.plaintext import to_text
from grader.report.escape import md_inline
from grader.report.github import items, render_summary
from grader.report.markdown import render_markdown
from grader.report.text import render_text
from grader.rubric.load import load_rubric

from .conftest import SAMPLES, MakeSubmission

QUOTED = "Recall >= 0.98 в hw_01, $$x^2$$ и *жирный*"


def test_markdown_quotes_cannot_become_math_or_markup() -> None:
    shown = md_inline(QUOTED)
    assert "$$" not in shown.replace("\\$", "") and "\\$\\$x^2\\$\\$" in shown
    assert "\\*жирный\\*" in shown


def test_chat_text_shows_the_quote_as_written() -> None:
    assert to_text(f"- {md_inline(QUOTED)}\n") == f"• {QUOTED}\n"


def test_terminal_shows_student_text_without_escapes(make_submission: MakeSubmission) -> None:
    folder = make_submission({"README.md": "# hw_01\n\n## Метрики\n\nRecall >= 0.98\n"})
    text = render_text(grade_folder(folder, load_rubric("otus-mlops-hw1"), "ru"), width=300)
    assert "\\>" not in text and "\\_" not in text


def _result(case: str = "layout-hw-folder"):  # type: ignore[no-untyped-def]
    return grade_folder(SAMPLES / case, load_rubric("otus-mlops-hw1"), "ru", label=case)


def test_header_lines_stay_lines() -> None:
    result = _result()
    assert result.submission.located
    for text in (render_markdown(result), render_summary(result, items(result), 0, None, "")):
        before = next(line for line in text.splitlines() if line.startswith("Проверена часть"))
        lines = text.splitlines()
        assert lines[lines.index(before) - 1].endswith("\\")  # a hard break, not a run-on paragraph
    chat = to_text(render_markdown(result))
    assert any(line.startswith("Проверена часть") for line in chat.splitlines())


def test_points_at_stake_said_once_per_criterion() -> None:
    result = _result("weak-en")
    ranked = items(result)
    rules = [i.rule for i in ranked if i.stake]
    assert any(rules.count(r) > 1 for r in rules)  # a criterion with several items to fix
    summary = render_summary(result, ranked, 0, None, "")
    for rule in {i.rule for i in ranked if i.stake}:
        title = next(i.title for i in ranked if i.rule == rule)
        said = [line for line in summary.splitlines() if f"**{md_inline(title)}** (до " in line]
        assert len(said) == 1, (rule, said)
