"""GitHub Actions output: annotations on stdout, a job summary, step outputs — all from one Result.

Everything a student wrote is untrusted here: the runner parses every stdout line for workflow
commands, so student text goes only through `workflow_data`/`workflow_property` (annotations) or
`log_line` inside a `::stop-commands::` block (the readable log), and never carries a token.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from grader.report.escape import (
    log_line,
    md_code,
    md_inline,
    workflow_data,
    workflow_property,
)
from grader.report.labels import fmt_points, label, score_line
from grader.report.markdown import criteria_table
from grader.scoring.result import Result
from grader.secrets import redact
from grader.words import say

# GitHub shows at most 10 annotations of each level per step (50 per job) and 1 MiB of summary.
MAX_PER_LEVEL = 10
SUMMARY_BUDGET = 1024 * 1024 - 16 * 1024  # room for the closing lines
_LEVEL = {"fail": "error", "error": "error", "partial": "warning", "needs_review": "notice", "pass": "notice"}
_ICON = {"pass": "✅", "partial": "🟡", "fail": "❌", "needs_review": "👀", "error": "⚠️"}


def _word(key: str, lang: str, **args: object) -> str:
    return say(f"github.{key}", lang, **args)


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to fix: a finding (or a criterion's feedback, or a warning) with where and its stake."""

    level: str
    title: str
    message: str
    file: str
    line: int | None
    stake: float
    rule: str = ""  # the criterion id; empty for a submission warning


def repo_prefix(path: Path, env: Mapping[str, str]) -> str:
    """The graded folder relative to the repository root (the workspace, else the current folder)."""
    base = Path(env.get("GITHUB_WORKSPACE") or os.getcwd()).resolve()
    try:
        rel = path.resolve().relative_to(base)
    except ValueError:
        return ""
    return "" if str(rel) == "." else rel.as_posix()


def _join(prefix: str, file: str) -> str:
    return str(PurePosixPath(prefix) / file) if prefix else file


def fallback_file(result: Result) -> str:
    """Where a missing thing is pinned: the file the evidence came from, else README.md."""
    for c in result.criteria:
        for e in c.evidence:
            if e.file:
                return e.file
    for c in result.criteria:
        for f in c.findings:
            if f.file:
                return f.file
    return "README.md"


def items(result: Result, prefix: str = "") -> list[Item]:
    """Every finding, ranked so those with the most points at stake come first (stable otherwise)."""
    fallback = fallback_file(result)
    out: list[Item] = []
    for c in result.criteria:
        stake = round(c.max_points - c.points, 2)
        if c.status == "pass" and not c.findings:
            continue
        level = _LEVEL.get(c.status, "warning")
        title = f"{c.title} ({fmt_points(c.points, result.lang)}/{fmt_points(c.max_points, result.lang)})"
        found = [(f.message, f.file, f.line) for f in c.findings]
        if not found:
            found = [(c.feedback or label(c.status, result.lang), None, None)]
        for message, file, line in found:
            out.append(Item(level, title, message, _join(prefix, file or fallback), line, stake, c.id))
    for w in result.warnings:
        title = label("warnings", result.lang)
        out.append(Item("warning", title, w.message, _join(prefix, w.file or fallback), w.line, 0.0))
    return sorted(out, key=lambda i: -i.stake)  # sorted() is stable: rubric order within a stake


def annotation(item: Item, *secret_values: str | None) -> str:
    props = [f"file={workflow_property(item.file)}"]
    if item.line:
        props.append(f"line={item.line}")
    props.append(f"title={workflow_property(redact(item.title, *secret_values))}")
    message = workflow_data(redact(item.message, *secret_values))
    return f"::{item.level} {','.join(props)}::{message}"


def render_annotations(ranked: list[Item], *secret_values: str | None) -> tuple[list[str], int]:
    """At most MAX_PER_LEVEL annotations per level, best first; returns the lines and how many were cut."""
    shown: dict[str, int] = {}
    lines: list[str] = []
    for item in ranked:
        if shown.get(item.level, 0) >= MAX_PER_LEVEL:
            continue
        shown[item.level] = shown.get(item.level, 0) + 1
        lines.append(annotation(item, *secret_values))
    return lines, len(ranked) - len(lines)


def render_log(result: Result, ranked: list[Item], *secret_values: str | None) -> list[str]:
    """The readable log, student text inside a stop-commands block whose token nobody can guess."""
    token = secrets.token_hex(16)
    lines = [f"::stop-commands::{token}", score_line(result)]
    for item in ranked:
        where = log_line(f"{item.file}:{item.line}" if item.line else item.file)
        lines.append(
            f"  - {log_line(item.title, *secret_values)} {where}: {log_line(item.message, *secret_values)}"
        )
    lines.append(f"::{token}::")
    return lines


def link_base(env: Mapping[str, str]) -> str | None:
    """`<server>/<owner>/<repo>/blob/<sha>` when the run says which commit it is."""
    server, repo, sha = (env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server.startswith(("https://", "http://")) and repo.count("/") == 1 and sha.isalnum()):
        return None
    return f"{server.rstrip('/')}/{quote(repo)}/blob/{sha}"


def _where(item: Item, base: str | None) -> str:
    shown = md_code(f"{item.file}:{item.line}" if item.line else item.file)
    if not base:
        return shown
    anchor = f"#L{item.line}" if item.line else ""
    return f"[{shown}]({base}/{quote(item.file, safe='/')}{anchor})"


def render_summary(
    result: Result, ranked: list[Item], hidden: int, base: str | None, prefix: str, *secret_values: str | None
) -> str:
    """The job summary: verdict, a per-criterion table, then what to fix, within GitHub's 1 MiB."""
    lang = result.lang
    icon = "✅" if result.passed else "❌"

    def safe(text: str) -> str:
        return md_inline(redact(text, *secret_values))

    out = [
        f"## {icon} {label('report_title', lang)}: {safe(result.rubric.title)}",
        "",
        f"**{score_line(result)}**",
        "",
        f"{_word('graded_here', lang)}: {md_code(prefix or '.')}"
        + (
            f", {label('commit', lang)} {md_code(result.submission.commit[:12])}"
            if result.submission.commit
            else ""
        ),
    ]
    if result.submission.located:
        # a backslash at the end of a line is a hard break: the two header lines stay two lines
        out[-1] += "\\"
        out.append(f"{label('located', lang)}: {safe(result.submission.located)}")
    for w in result.warnings:
        if w.code == "no_markdown":
            out += ["", f"> ⚠️ {safe(w.message)}"]
    out += ["", *criteria_table(result, safe, _ICON)]
    out += ["", f"### {label('what_to_fix', lang)}", ""]
    out += _fixes(ranked, lang, base, safe, len("\n".join(out).encode("utf-8")))
    if hidden:
        out += ["", f"_{_word('hidden', lang, n=hidden, max=MAX_PER_LEVEL)}_"]
    return "\n".join(out).rstrip() + "\n"


def _fixes(
    ranked: list[Item], lang: str, base: str | None, safe: Callable[[str], str], size: int
) -> list[str]:
    """The numbered list of fixes, cut with a note before the summary would pass GitHub's limit."""
    if not ranked:
        return [label("nothing_to_fix", lang)]
    out = [f"_{_word('ranked', lang)}_", ""]
    legend: set[str] = set()  # the points at stake are said once per criterion, at its first item
    for number, item in enumerate(ranked, 1):
        first = item.rule not in legend
        legend.add(item.rule)
        stake = f" ({_word('stake', lang, points=item.stake)})" if item.stake and first else ""
        line = f"{number}. **{safe(item.title)}**{stake}: {safe(item.message)} — {_where(item, base)}"
        size += len(line.encode("utf-8")) + 1
        if size > SUMMARY_BUDGET:
            out += ["", f"_{_word('cut', lang, n=len(ranked) - number + 1)}_"]
            break
        out.append(line)
    return out


def render_outputs(values: Mapping[str, str]) -> str:
    """`$GITHUB_OUTPUT` lines in the heredoc form, with a delimiter no value contains."""
    lines: list[str] = []
    for name, value in values.items():
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        while delimiter in value:  # pragma: no cover - a 128-bit collision
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        lines += [f"{name}<<{delimiter}", value, delimiter]
    return "\n".join(lines) + "\n"


def output_values(result: Result, report_json: Path | None) -> dict[str, str]:
    return {
        # step outputs are for machines: a decimal point whatever the language
        "score": f"{result.score:g}",
        "max-score": f"{result.max_score:g}",
        "percent": f"{result.percent:g}",
        "passed": "true" if result.passed else "false",
        "report-json": str(report_json.resolve()) if report_json else "",
    }


def run_github(result: Result, path: Path, env: Mapping[str, str], report_json: Path | None = None) -> str:
    """Append the summary and outputs to the files the runner named; return the stdout text."""
    secret_values = (env.get("GITHUB_TOKEN"), env.get("INPUT_TOKEN"))
    prefix = repo_prefix(path, env)
    ranked = items(result, prefix)
    lines, hidden = render_annotations(ranked, *secret_values)
    summary = render_summary(result, ranked, hidden, link_base(env), prefix, *secret_values)
    _append(env.get("GITHUB_STEP_SUMMARY"), summary)
    _append(env.get("GITHUB_OUTPUT"), render_outputs(output_values(result, report_json)))
    return "\n".join(lines + render_log(result, ranked, *secret_values)) + "\n"


def _append(target: str | None, text: str) -> None:
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        from grader.errors import InputError

        raise InputError(f"{target}: cannot write ({exc.strerror})") from None


def error_command(message: str) -> str:
    """A usage or input error as an `::error::` annotation (the message may quote student input)."""
    return f"::error title=grader::{workflow_data(redact(message, os.environ.get('GITHUB_TOKEN')))}"


def render_annotation_text(result: Result) -> str:
    """Only the annotations (no files written): the `github` renderer for callers without a run."""
    lines, _ = render_annotations(items(result))
    return "\n".join(lines) + ("\n" if lines else "")
