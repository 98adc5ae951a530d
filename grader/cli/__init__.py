"""The `grader` command line: thin click wrappers that wire the stages together.

Each command lives in its own module and imports the heavy parts only when it runs.
"""

from __future__ import annotations

import click

from grader import __version__
from grader.cli.batch import batch_command, links_command, merge_command
from grader.cli.check import check_command
from grader.cli.checks import checks_command
from grader.cli.decisions import decisions_group, override_command
from grader.cli.export import export_command
from grader.cli.publish import publish_command
from grader.cli.report import report_command
from grader.cli.review import review_command
from grader.cli.rubric import rubric_group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="grader")
def main() -> None:
    """Grade course homework written as GitHub markdown against YAML rubrics.

    \b
    Examples:
      grader check sample_submissions/strong-ru
      grader check . --format markdown --lang en --output feedback.md
      grader batch sample_submissions --out out/
      grader batch result.json --out out/ --deadline 2026-12-01T23:59+03:00
      grader rubric validate my-rubric.yaml
      grader checks smart
    """


main.add_command(check_command)
main.add_command(links_command)
main.add_command(batch_command)
main.add_command(merge_command)
main.add_command(rubric_group)
main.add_command(checks_command)
main.add_command(publish_command)
main.add_command(export_command)
main.add_command(review_command)
main.add_command(override_command)
main.add_command(decisions_group)
main.add_command(report_command)
