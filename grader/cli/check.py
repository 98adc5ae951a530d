"""`grader check`: grade one submission folder and report the score."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli.common import lang_option, reports_errors, rubric_option, write_output
from grader.errors import GraderError
from grader.report import FORMATS

if TYPE_CHECKING:
    from grader.rubric.model import LoadedRubric
    from grader.scoring.result import Result


@click.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@rubric_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@lang_option()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Percent needed to pass, instead of the rubric's own threshold.",
)
@click.option(
    "--fail-below/--no-fail-below",
    default=True,
    show_default=True,
    help="Exit 1 when the submission does not pass (--no-fail-below: exit 0 anyway).",
)
@click.option(
    "--sarif",
    "sarif_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write a SARIF 2.1.0 file here (for GitHub code scanning).",
)
@click.option(
    "--json-report",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the JSON report here (with --format github: the `report-json` output).",
)
@click.option(
    "--budget",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds the whole grading (parsing every file and every check) may take; past them the "
    "grading process is killed and the command exits 2.",
)
@reports_errors
def check_command(
    path: Path,
    rubric_ref: str,
    fmt: str,
    lang: str,
    output: Path | None,
    threshold: float | None,
    fail_below: bool,
    sarif_path: Path | None,
    json_report: Path | None,
    budget: float,
) -> None:
    """Grade the submission folder PATH against a rubric.

    \b
    Exit codes: 0 passed; 1 below the threshold or a required criterion not met;
    2 usage, input or rubric error.

    \b
    Examples:
      grader check sample_submissions/strong-ru
      grader check ./my-repo --rubric rubrics/otus-mlops-hw1.yaml --format json -o report.json
      grader check . --format markdown --lang en
      grader check . --format github --json-report report.json --sarif grader.sarif

    \b
    --format github (in GitHub Actions): annotations on standard output, the job summary
    appended to $GITHUB_STEP_SUMMARY, and score, max-score, percent, passed, report-json
    written to $GITHUB_OUTPUT.
    """
    try:
        passed = _check(path, rubric_ref, fmt, lang, output, threshold, sarif_path, json_report, budget)
    except GraderError as exc:
        if fmt == "github":
            from grader.report.github import error_command

            for line in str(exc).splitlines():
                click.echo(error_command(line))
        raise
    sys.exit(0 if passed or not fail_below else 1)


def _check(
    path: Path,
    rubric_ref: str,
    fmt: str,
    lang: str,
    output: Path | None,
    threshold: float | None,
    sarif_path: Path | None,
    json_report: Path | None,
    budget: float = 20.0,
) -> bool:
    import os
    from dataclasses import replace

    from grader.report import renderer
    from grader.rubric.load import load_rubric

    loaded = load_rubric(rubric_ref)
    if threshold is not None:
        loaded = replace(loaded, rubric=loaded.rubric.model_copy(update={"pass_threshold": threshold}))
    result = _grade_within(budget, path, loaded, lang)
    if json_report is not None:
        write_output(renderer("json")(result), json_report)
    if sarif_path is not None or fmt == "sarif":
        from grader.report.github import repo_prefix
        from grader.report.sarif import render_sarif

        sarif = render_sarif(result, repo_prefix(path, os.environ), os.environ.get("GITHUB_TOKEN"))
        if sarif_path is not None:
            write_output(sarif, sarif_path)
    if fmt == "text":
        from grader.report.text import render_text

        color = output is None and sys.stdout.isatty()
        text = render_text(result, color=color)
    elif fmt == "github":
        from grader.report.github import run_github

        text = run_github(result, path, os.environ, json_report)
    elif fmt == "sarif":
        text = sarif
    else:
        text = renderer(fmt)(result)
    write_output(text, output)
    return result.passed


def _grade_within(budget: float, path: Path, loaded: LoadedRubric, lang: str) -> Result:
    """Grade in a child process given `budget` seconds for parsing and checks; killed past them."""
    from grader.budget import BudgetOverrun, WorkerFailed, run_budgeted
    from grader.engine.pipeline import grade_folder
    from grader.errors import InputError

    try:
        return run_budgeted(grade_folder, (path, loaded, lang), budget)
    except BudgetOverrun:
        raise InputError(
            f"{path}: grading took over {budget:g} s and was stopped (--budget): a document's markup "
            "or a rubric pattern is too costly"
        ) from None
    except WorkerFailed as exc:
        raise InputError(f"{path}: grading failed: {exc.detail}") from None
