"""`grader check`: grade one submission folder and report the score."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import reports_errors, write_output

FORMATS = ("text", "json", "markdown")


@click.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--rubric",
    "-r",
    "rubric_ref",
    default="otus-mlops-hw1",
    show_default=True,
    help="A bundled rubric id or the path of a rubric YAML file.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--lang",
    "-l",
    type=click.Choice(["ru", "en"]),
    default="ru",
    show_default=True,
    help="Language of the feedback.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@reports_errors
def check_command(path: Path, rubric_ref: str, fmt: str, lang: str, output: Path | None) -> None:
    """Grade the submission folder PATH against a rubric.

    \b
    Exit codes: 0 passed; 1 below the threshold or a required criterion not met;
    2 usage, input or rubric error.

    \b
    Examples:
      grader check sample_submissions/strong-ru
      grader check ./my-repo --rubric rubrics/otus-mlops-hw1.yaml --format json -o report.json
      grader check . --format markdown --lang en
    """
    from grader.pipeline import grade_folder
    from grader.report import renderer
    from grader.rubric import load_rubric

    loaded = load_rubric(rubric_ref)
    result = grade_folder(path, loaded, lang)  # type: ignore[arg-type]
    if fmt == "text":
        from grader.report.text import render_text

        color = output is None and sys.stdout.isatty()
        text = render_text(result, color=color)
    else:
        text = renderer(fmt)(result)
    write_output(text, output)
    sys.exit(0 if result.passed else 1)
