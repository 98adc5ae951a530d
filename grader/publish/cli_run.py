"""What `grader publish` does, wired: open the folder, compose, then publish or write chat texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from grader.errors import InputError
from grader.publish.compose import Delivery, compose
from grader.publish.graded import GradedDir, open_graded
from grader.publish.run import COMMENT, ISSUE, Outcome
from grader.publish.templates import Templates
from grader.report.escape import log_line


def run_publish(**kw: Any) -> int:
    graded = open_graded(kw["folder"])
    templates = Templates(kw["template_dir"], _rubric_templates(kw["rubric_ref"], graded))
    chosen = _chosen(graded, kw["students"])
    deliveries: list[Delivery] = []
    skipped: list[tuple[str, str]] = []
    for g in chosen:
        d = compose(g, templates, kw["lang"], graded.zone)
        if d is None:
            skipped.append((g.row.student_name, f"not graded ({g.row.status})"))
        elif kw["to"] == "github" and d.repo is None:
            skipped.append((g.row.student_name, "no repository (a local folder)"))
        else:
            deliveries.append(d)
    for name, why in skipped if kw["to"] == "github" else []:
        click.echo(f"skip       {log_line(name)[:40]}: {why}")
    if kw["to"] == "telegram-text":
        return _chat(graded, chosen, deliveries, templates, kw["lang"])
    return _github(graded, deliveries, kw)


def _rubric_templates(ref: str | None, graded: GradedDir) -> Path | None:
    """The folder a rubric's `templates:` names, relative to the rubric file."""
    if ref is None:
        return None
    from grader.rubric.load import load_rubric, resolve_rubric

    loaded = load_rubric(ref)
    graded_with = {(g.result or {}).get("rubric", {}).get("sha256") for g in graded.rows if g.result}
    if graded_with and loaded.sha256 not in graded_with:
        click.echo(
            f"note: {ref} is not the rubric {graded.path} was graded with; its templates are used", err=True
        )
    if loaded.rubric.templates is None:
        return None
    return resolve_rubric(ref).resolve().parent / loaded.rubric.templates


def _chosen(graded: GradedDir, students: tuple[str, ...]) -> list[Any]:
    if not students:
        return graded.rows
    wanted = {s.casefold() for s in students}
    picked = [
        g for g in graded.rows if {g.row.student_key.casefold(), g.row.student_name.casefold()} & wanted
    ]
    if not picked:
        raise InputError(f"--student {students[0]!r}: no such student in {graded.path}")
    return picked


def _chat(
    graded: GradedDir, rows: list[Any], deliveries: list[Delivery], templates: Templates, lang: str | None
) -> int:
    from grader.publish.chat import chat_order, message, not_graded_message, write_messages
    from grader.publish.state import PublishState

    state = PublishState(graded.store.db)
    by_row = {(d.student_key, d.graded.row.row_key): d for d in deliveries}
    items = []
    for g in chat_order(rows):
        d = by_row.get((g.row.student_key, g.row.row_key))
        if d is None:
            items.append((g, not_graded_message(g, templates, lang)))
            continue
        last = state.get(d.student_key, d.graded.row.row_key, ISSUE)
        url = last.url if last and last.status == "published" else None
        items.append((g, message(d, templates, url)))
    from grader.engine.batch import locked

    with locked(graded.path):
        write_messages(graded.path, items)
    click.echo(f"{len(items)} messages: {graded.path / 'messages'}/, all in the chat's order: "
               f"{graded.path / 'messages.txt'}")  # fmt: skip
    return 0


def _github(graded: GradedDir, deliveries: list[Delivery], kw: dict[str, Any]) -> int:
    from grader.engine.batch import locked
    from grader.engine.setup import read_token
    from grader.publish.github_api import GitHubApi
    from grader.publish.run import publish
    from grader.publish.state import PublishState

    token = read_token(kw["token_file"])
    write = bool(kw["yes"])
    if write and not token:
        raise InputError("publishing to GitHub needs a token: set GITHUB_TOKEN or pass --token-file FILE")
    api = GitHubApi(kw["api_url"], token, kw["max_wait"], kw["write_interval"])
    as_comment = kw["as_"] == "commit-comment"

    def report(o: Outcome) -> None:
        _report(o, write, token, titled=not as_comment)

    with locked(graded.path):
        outcomes = publish(deliveries, api, PublishState(graded.store.db), as_comment, write, report)
    _summary(outcomes, write, api.waited, COMMENT if as_comment else ISSUE)
    return 0 if all(o.done for o in outcomes) else 3


_SHOWN = {
    True: {"create": "created", "update": "updated", "unchanged": "unchanged", "refused": "refused",
           "pending": "not now"},
    False: {"create": "would create", "update": "would update", "unchanged": "unchanged",
            "refused": "refused", "pending": "not now"},
}  # fmt: skip


def _report(o: Outcome, write: bool, token: str | None, titled: bool) -> None:
    name = log_line(o.delivery.graded.row.student_name, token)[:40]
    what = _SHOWN[write][o.action]
    line = f"{what:<13}{log_line(o.where, token)}  {name}"
    if titled and o.action in ("create", "update"):
        line += f"  «{log_line(o.delivery.title, token)}»"
    if o.reason:
        line += f": {log_line(o.reason, token)}"
    click.echo(line)
    if not write:
        # log_line: the diff quotes student text; in an Actions log a line must not start a command
        for diff_line in o.diff:
            click.echo("    " + log_line(diff_line, token))


def _summary(outcomes: list[Outcome], write: bool, waited: float, target: str) -> None:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.action] = counts.get(o.action, 0) + 1
    done = ", ".join(f"{_SHOWN[write][k]} {counts[k]}" for k in _SHOWN[write] if counts.get(k))
    tail = f"; waited {waited:.0f} s for rate limits" if waited else ""
    click.echo(f"\n{target}: {done or 'nothing to publish'}{tail}", err=True)
    if not write and any(o.action in ("create", "update") for o in outcomes):
        click.echo("dry run: nothing was written; run again with --yes to publish", err=True)
    if any(not o.done for o in outcomes):
        click.echo("some were not published (listed above); run the same command again to retry", err=True)
