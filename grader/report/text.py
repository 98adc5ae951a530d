"""The terminal report: a rich table of criteria, points, status and what to fix."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.report.escape import one_line, plain
from grader.report.labels import fmt_points, label, location, of_max, score_line
from grader.scoring.result import Result
from grader.store.decisions import words

_STYLE = {"pass": "green", "partial": "yellow", "fail": "red", "needs_review": "cyan", "error": "magenta"}


def render_text(result: Result, color: bool = False, width: int = 110) -> str:
    lang = result.lang
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    # rich.text.Text is never parsed for markup, so student text like "[/bold]" stays text.
    title = Text(f"{plain(result.rubric.title)} — {one_line(result.submission.path)}", style="bold")
    console.print(title)
    table = Table(show_lines=False, expand=False)
    table.add_column(label("criterion", lang))
    table.add_column(label("points", lang), justify="right")
    table.add_column(label("status", lang))
    table.add_column(label("what_to_fix", lang))
    for c in result.criteria:
        fixes = [f"{f.message} ({location(f.file, f.line)})" if f.file else f.message for f in c.findings]
        status = label(c.status, lang)
        if c.decision is not None:
            d = c.decision
            status += f" ({words('mark', lang)}; {words('grader', lang)} {fmt_points(d.grader_points, lang)}"
            status += f"; {words('recheck', lang)})" if d.recheck else ")"
            if d.note:
                fixes.insert(0, f"{words('note', lang)}: {d.note}")
        table.add_row(
            Text(one_line(c.title) + (" *" if c.required else "")),
            Text(of_max(c.points, c.max_points, lang, "/")),
            Text(status, style=_STYLE.get(c.status, "")),
            Text(plain("\n".join(fixes)) or "—"),
        )
    console.print(table)
    console.print(
        Text(
            score_line(result),
            style="bold green" if result.passed else "bold red",
        )
    )
    for w in result.warnings:
        where = location(w.file, w.line)
        console.print(Text(f"! {where + ': ' if where else ''}{one_line(w.message)}", style="yellow"))
    return buffer.getvalue()
