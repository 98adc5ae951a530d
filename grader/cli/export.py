"""`grader export DIR --format …`: a graded batch in the formats of the systems courses use."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import reports_errors


@click.command("export")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gradescope", "classroom50", "moodle", "stepik"]),
    required=True,
    help="The system to import the grades into (docs/deliver.md).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write: a file (moodle, stepik; default: standard output) or a folder of one file per "
    "student (gradescope, classroom50; default: DIR/export/FORMAT/).",
)
@click.option("--classroom", default=None, help="classroom50: the classroom's short name (required there).")
@reports_errors
def export_command(folder: Path, fmt: str, output: Path | None, classroom: str | None) -> None:
    """Export the graded folder DIR (decisions applied) for Gradescope, classroom50, Moodle or Stepik.

    \b
    Exit codes: 0 written; 2 usage error (no gradebook in DIR, a missing option).

    \b
    Examples:
      grader export out/ --format moodle -o grades.csv
      grader export out/ --format stepik > points.csv
      grader export out/ --format gradescope            # out/export/gradescope/<student>/results.json
      grader export out/ --format classroom50 --classroom mlops-2026
    """
    from grader.export.run import run_export

    sys.exit(run_export(folder, fmt, output, classroom))
