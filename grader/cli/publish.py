"""`grader publish DIR`: deliver a graded batch's feedback to GitHub or as chat texts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from grader.cli.common import api_url_option, lang_option, max_wait_option, reports_errors, token_file_option


@click.command("publish")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--to",
    "to",
    type=click.Choice(["github", "telegram-text"]),
    default="github",
    show_default=True,
    help="GitHub (each student's repository) or plain-text messages for the course chat.",
)
@click.option(
    "--as",
    "as_",
    type=click.Choice(["issue", "commit-comment"]),
    default="issue",
    show_default=True,
    help="On GitHub: one issue per student, or a comment on the graded commit.",
)
@click.option("--yes", "-y", is_flag=True, help="Write to GitHub (without it: a dry run, nothing written).")
@max_wait_option(
    "Wait out a rate limit that ends within this many seconds; else the rest waits for the next run."
)
@click.option(
    "--template-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Templates overriding the bundled ones, by file name (docs/deliver.md).",
)
@click.option(
    "--rubric",
    "-r",
    "rubric_ref",
    default=None,
    help="The rubric (bundled id or YAML file) whose `templates:` folder to use.",
)
@lang_option("Language of the title, greeting and signature (default: the feedback's).", default=None)
@api_url_option("The host's REST API (GitHub Enterprise Server: https://HOST/api/v3).")
@token_file_option
@click.option(
    "--student", "students", multiple=True, metavar="NAME_OR_KEY", help="Only this student (repeatable)."
)
# Seconds between two writes with one token (GitHub asks for about one a second); tests set 0.
@click.option("--write-interval", type=click.FloatRange(0, 60), default=1.0, hidden=True)
@reports_errors
def publish_command(**kw: Any) -> None:
    """Deliver the feedback of the graded folder DIR (made by `grader batch --out DIR`).

    \b
    GitHub: one issue per student in their repository, titled by the rubric and
    the score, found again by a hidden marker and updated, never duplicated. A dry
    run by default: what would be created or updated, with a diff; --yes writes.
    telegram-text: DIR/messages/*.txt and DIR/messages.txt (the chat's order).

    \b
    Exit codes: 0 every student's feedback published (or unchanged); 2 usage
    error; 3 some not published (refused by the repository, rate limited,
    the server failing) — listed with the reason; run again to resume.

    \b
    Examples:
      grader publish out/                      # dry run: what would be published
      grader publish out/ --yes
      grader publish out/ --as commit-comment --yes
      grader publish out/ --to telegram-text
    """
    from grader.publish.cli_run import run_publish

    sys.exit(run_publish(**kw))
