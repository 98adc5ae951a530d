"""`grader report DIR --html FILE`: the class overview as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import lang_option, reports_errors, write_output


@click.command("report")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--html",
    "html_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this HTML file (self-contained: it loads nothing from elsewhere).",
)
@lang_option("Language of the page (default: the language the batch graded in).", default=None)
@reports_errors
def report_command(folder: Path, html_file: Path, lang: str | None) -> None:
    """The overview, per-criterion charts and every student's criteria of a batch folder.

    Instructors' decisions are applied and marked. Exit 0, or 2 when DIR is not a batch folder.

    \b
    Examples:
      grader report out/ --html out/report.html
      grader report out/ --html class.html --lang en
    """
    from grader.report.html import render_html_report
    from grader.review.workspace import Workspace

    space = Workspace(folder)
    try:
        view = space.view()
        text = render_html_report(
            space.graded(),
            folder=str(folder),
            missing=view.missing,
            unrecognized=space.unrecognized(),
            deadline=view.deadline.isoformat() if view.deadline else None,
            lang=lang,
        )
    finally:
        space.close()
    write_output(text, html_file)
    click.echo(f"wrote {html_file}", err=True)
