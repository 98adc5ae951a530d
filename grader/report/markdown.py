"""The Markdown report: the feedback a student reads, with file:line for every finding."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

from grader.report.escape import md_code, md_inline
from grader.report.labels import label, location, of_max, score_parts
from grader.scoring.result import CriterionResult, Result
from grader.store.decisions import words


def render_markdown(result: Result, link_base: str | None = None) -> str:
    """`link_base` (`<repo>/blob/<sha>`) turns each `file:line` into a link to that exact line."""
    lang = result.lang
    out = [
        f"# {label('report_title', lang)}: {md_inline(result.rubric.title)}",
        "",
        "**{}** ({})".format(*score_parts(result)),
        "",
        f"{label('submission', lang)}: {md_code(result.submission.path)}"
        + (
            f", {label('commit', lang)} {md_code(result.submission.commit[:12])}"
            if result.submission.commit
            else ""
        ),
    ]
    if result.submission.located:
        # a backslash at the end of a line is a hard break: the two header lines stay two lines
        out[-1] += "\\"
        out.append(f"{label('located', lang)}: {md_inline(result.submission.located)}")
    out += ["", *criteria_table(result, md_inline)]
    out += ["", f"## {label('details', lang)}", ""]
    for c in result.criteria:
        out.extend(_criterion(c, lang, link_base))
    if result.warnings:
        out += [f"## {label('warnings', lang)}", ""]
        for w in result.warnings:
            where = location(w.file, w.line)
            prefix = f"{_where(where, w.file, w.line, link_base)}: " if where else ""
            out.append(f"- {prefix}{md_inline(w.message)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def criteria_table(
    result: Result, escape: Callable[[str], str], icons: Mapping[str, str] | None = None
) -> list[str]:
    """The per-criterion table of points and status (also the GitHub job summary's)."""
    lang = result.lang
    out = [
        f"| {label('criterion', lang)} | {label('points', lang)} | {label('status', lang)} |",
        "|---|---:|---|",
    ]
    for c in result.criteria:
        required = f" ({label('required', lang)})" if c.required else ""
        icon = f"{icons.get(c.status, '')} " if icons else ""
        decided = f" · {words('mark', lang)}" if c.decision else ""
        out.append(
            f"| {escape(c.title)}{required} | {of_max(c.points, c.max_points, lang)} "
            f"| {icon}{label(c.status, lang)}{decided} |"
        )
    return out


def _where(where: str, file: str | None, line: int | None, link_base: str | None) -> str:
    if not link_base or not file:
        return md_code(where)
    anchor = f"#L{line}" if line else ""
    # quote() leaves no character that could close the link or start markup
    return f"[{md_code(where)}]({link_base}/{quote(file, safe='/')}{anchor})"


def _decision(c: CriterionResult, lang: str) -> list[str]:
    """The instructor's mark on a decided criterion: what the grader gave, and the note for the student."""
    d = c.decision
    if d is None:
        return []
    grader = f"{words('grader', lang)} {of_max(d.grader_points, c.max_points, lang)}"
    out = [f"**{words('mark', lang).capitalize()}** ({grader}, {label(d.grader_status, lang)}).", ""]
    if d.note:
        out += [f"> {words('note', lang)}: {md_inline(d.note)}", ""]
    return out


def _criterion(c: CriterionResult, lang: str, link_base: str | None = None) -> list[str]:
    out = [
        f"### {md_inline(c.title)} — {of_max(c.points, c.max_points, lang)} ({label(c.status, lang)})",
        "",
    ]
    out += _decision(c, lang)
    # The parts of `feedback` one by one, so that each place becomes a link (in a batch). A decided
    # criterion's summary is the rubric's words for the grader's status, which no longer holds.
    if c.summary and c.decision is None:
        out += [md_inline(c.summary), ""]
    for f in c.findings:
        where = location(f.file, f.line)
        shown = f" ({_where(where, f.file, f.line, link_base)})" if where else ""
        out.append(f"- {label('what_to_fix', lang)}: {md_inline(f.message)}{shown}")
    for e in c.evidence:
        where = location(e.file, e.line)
        shown = _where(where, e.file, e.line, link_base)
        out.append(f"- {label('evidence', lang)}: {shown} — {md_inline(e.text)}")
    out.append("")
    return out
