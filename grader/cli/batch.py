"""`grader links`, `grader batch`, `grader merge`: many submissions → one gradebook."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from grader.cli.common import (
    api_url_option,
    lang_option,
    max_wait_option,
    reports_errors,
    rubric_option,
    token_file_option,
)

_HOST_OPTIONS = [
    click.option(
        "--github-url",
        default="https://github.com",
        show_default=True,
        help="The git host links point at (GitHub Enterprise Server: its URL).",
    ),
]


KEEP_HELP = (
    "Per student: one hand-in (their own repository first, else the latest; the other links listed), "
    "or every distinct link."
)


def _with_host(f: Any) -> Any:
    for option in reversed(_HOST_OPTIONS):
        f = option(f)
    return f


_CHOICE_OPTIONS = [
    click.option(
        "--ignore-owner",
        "ignore_owner",
        multiple=True,
        metavar="OWNER[/REPO]",
        help="A course account or repository (the template, examples) whose links are never a hand-in; "
        "repeatable. Adds to the rubric's ignore_repos.",
    ),
    click.option(
        "--roster",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        help="CSV `student[,github]`: maps chat names and GitHub logins to students; lists who did "
        "not submit.",
    ),
]


def _with_choice(f: Any) -> Any:
    for option in reversed(_CHOICE_OPTIONS):
        f = option(f)
    return f


@click.command("links")
@click.argument("sources", nargs=-1, required=True)
@click.option("--keep", type=click.Choice(["latest", "all"]), default="latest", show_default=True,
              help=KEEP_HELP)  # fmt: skip
@click.option("--tz", default=None, help="The zone of chat times written without one (e.g. Europe/Moscow).")
@_with_host
@_with_choice
@reports_errors
def links_command(
    sources: tuple[str, ...],
    keep: str,
    tz: str | None,
    github_url: str,
    ignore_owner: tuple[str, ...],
    roster: Path | None,
) -> None:
    """Show the submissions found in SOURCES, and every line that held no repository link.

    \b
    SOURCE: a Telegram Desktop export (result.json), a pasted chat (text), a CSV
    (student,url[,submitted_at]), a folder of submission folders, or - for standard input.

    \b
    Examples:
      grader links result.json
      grader links chat.txt students.csv
    """
    from grader.engine.setup import make_rules, read_host
    from grader.report.escape import log_line
    from grader.scoring.late import parse_zone
    from grader.sources.gather import gather

    host = read_host(github_url)
    rules = make_rules(ignore_owner, roster, [])
    rules.zone = parse_zone(tz) if tz else None
    collected = gather(list(sources), host, keep_all=keep == "all", rules=rules)
    # log_line: names and texts are the students'; in an Actions log a line starting `::` is a command.
    for ref in collected.refs:
        what = ref.link.url(host) if ref.link else ref.shown
        status = f"invalid_link: {log_line(ref.invalid)}" if ref.invalid else ""
        when = ref.submitted_at.isoformat() if ref.submitted_at else "-"
        click.echo(f"{log_line(ref.student_name)[:40]}\t{log_line(what)}\t{when}\t{status}".rstrip())
    replaced = [(ref, other) for ref in collected.refs for other in ref.others]
    if replaced:
        click.echo(f"\nother links, not graded ({len(replaced)}):")
        for ref, other in replaced:
            click.echo(f"{log_line(ref.student_name)[:40]}\t{log_line(other)[:200]}")
    if collected.unrecognized:
        click.echo(f"\nunrecognized ({len(collected.unrecognized)}):")
        for item in collected.unrecognized:
            name, text = log_line(item.student_name)[:40], log_line(item.text)[:100]
            click.echo(f"{log_line(item.origin)}\t{name}\t{text}\t{log_line(item.reason)}")
    if collected.missing:
        click.echo(f"\nno hand-in ({len(collected.missing)}):")
        for name in collected.missing:
            click.echo(log_line(name))


@click.command("batch")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Output folder: gradebook.sqlite/csv/json, feedback/ (created; reused to resume).",
)
@rubric_option
@lang_option("Language of the feedback files and the summary.")
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Parallel fetches (default: 4 per core, at most 16).",
)
@click.option(
    "--deadline",
    default=None,
    help="Grade the state at this moment, e.g. 2026-12-01T23:59+03:00; a date alone is the end of that "
    "day; without an offset the zone comes from --tz or the rubric's deadline_tz.",
)
@click.option(
    "--tz",
    default=None,
    help="The zone of a deadline written without an offset, and of every time shown "
    "(e.g. Europe/Moscow or +03:00).",
)
@click.option(
    "--csv-dialect",
    type=click.Choice(["excel", "excel-ru"]),
    default="excel",
    show_default=True,
    help="gradebook.csv for Excel in English locales (`,`, decimal point) or Russian ones "
    "(`;`, decimal comma).",
)
@click.option(
    "--keep",
    type=click.Choice(["latest", "all"]),
    default="latest",
    show_default=True,
    help=KEEP_HELP,
)
@click.option("--shard", default=None, help="K/N: grade only the K-th of N stable parts of the students.")
@api_url_option("The host's REST API (used for --deadline).")
@token_file_option
@click.option(
    "--budget",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds one submission's grading (parsing every file and every check) may take; past them "
    "its grading process is killed and the row is `timeout`.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds a server may stay silent before a row is `timeout`; one answer may take at most "
    "4 times this, however slowly it trickles.",
)
@max_wait_option("Wait out a rate limit that resets within this many seconds; else the row is rate_limited.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (CI).")
@_with_host
@_with_choice
@reports_errors
def batch_command(**kw: Any) -> None:
    """Grade every submission in SOURCES into the folder --out.

    \b
    Exit codes: 0 every row graded; 2 usage or rubric error, or --out locked by
    another run; 3 some rows not graded (not_found, invalid_link, timeout,
    rate_limited, fetch_error) or not refreshed (the last grade is kept) —
    listed in the summary.
    130 interrupted (Ctrl-C, SIGTERM): finished rows and their outputs are
    written; run the same command again to resume.

    \b
    Examples:
      grader batch sample_submissions --out out/
      grader batch result.json --out out/ --deadline 2026-12-01T23:59+03:00
      grader batch result.json --out out/ --deadline 2026-12-01 --tz Europe/Moscow --csv-dialect excel-ru
      grader batch result.json --out out/shard-1 --shard 1/4
    """
    from grader.cli.batch_run import run_batch

    sys.exit(run_batch(**kw))


@click.command("merge")
@click.argument(
    "dirs", nargs=-1, required=True, type=click.Path(path_type=Path, file_okay=False, exists=True)
)
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True)
@lang_option("Language of the summary.")
@click.option("--quiet", "-q", is_flag=True)
@reports_errors
def merge_command(dirs: tuple[Path, ...], out: Path, lang: str, quiet: bool) -> None:
    """Join the gradebooks of shard runs (DIRS) into one in --out.

    \b
    Example:
      grader merge shard-1 shard-2 shard-3 shard-4 --out gradebook/
    """
    from grader.cli.batch_run import run_merge

    sys.exit(run_merge(list(dirs), out, lang, quiet))
