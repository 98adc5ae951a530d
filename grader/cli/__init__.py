"""The `grader` command line: thin click wrappers that wire the stages together.

Each command lives in its own module, imported only when that command runs or shows its help, and
each command imports the heavy parts only when it runs: `grader --help` imports click and this module.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from gettext import gettext as _
from importlib import import_module
from typing import Any

import click

from grader import __version__

# Every command: the module and name that define it, and its short help as `grader --help` lists it
# (the first sentence of its docstring, kept here so that listing the commands imports none of them;
# tests/test_cli_lazy.py holds the two equal).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "batch": (
        "grader.cli.batch",
        "batch_command",
        "Grade every submission in SOURCES into the folder --out.",
    ),
    "check": (
        "grader.cli.check",
        "check_command",
        "Grade the submission folder PATH against a rubric.",
    ),
    "checks": (
        "grader.cli.checks",
        "checks_command",
        "List the check types a rubric can use; with NAME, its parameters, defaults and an example.",
    ),
    "decisions": (
        "grader.cli.decisions",
        "decisions_group",
        "Export the instructors' decisions to a CSV, or import them from one (round trip).",
    ),
    "export": (
        "grader.cli.export",
        "export_command",
        "Export the graded folder DIR (decisions applied) for Gradescope, classroom50, Moodle or Stepik.",
    ),
    "links": (
        "grader.cli.batch",
        "links_command",
        "Show the submissions found in SOURCES, and every line that held no repository link.",
    ),
    "merge": (
        "grader.cli.batch",
        "merge_command",
        "Join the gradebooks of shard runs (DIRS) into one in --out.",
    ),
    "override": (
        "grader.cli.decisions",
        "override_command",
        "Set the points of one criterion of one student; every output in DIR is written again.",
    ),
    "publish": (
        "grader.cli.publish",
        "publish_command",
        "Deliver the feedback of the graded folder DIR (made by `grader batch --out DIR`).",
    ),
    "report": (
        "grader.cli.report",
        "report_command",
        "The overview, per-criterion charts and every student's criteria of a batch folder.",
    ),
    "review": (
        "grader.cli.review",
        "review_command",
        "Review a batch folder in the browser: the queue, the class at a glance, every student.",
    ),
    "rubric": (
        "grader.cli.rubric",
        "rubric_group",
        "Write and check rubrics: validate, schema, test, explain, init.",
    ),
}


class _LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name; a command's module is imported when the command is first asked for.

    Click reads a group's commands only through this mapping (lookup, the names in order, the
    "did you mean" of a mistyped one), so every behaviour of a plain group stays."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute, _ = COMMANDS[name]
            command = getattr(import_module(module), attribute)
            assert isinstance(command, click.Command) and command.name == name, (module, attribute)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        raise TypeError(f"add {name!r} to grader.cli.COMMANDS instead")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"remove {name!r} from grader.cli.COMMANDS instead")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS


class _LazyGroup(click.Group):
    """A group whose subcommands' modules are imported only when one of them runs or shows its help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands()

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's own listing (shortened the same way), from the short help kept in COMMANDS."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [
            (name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit)) for name in names
        ]
        with formatter.section(_("Commands")):  # click's own title, translated as click does
            formatter.write_dl(rows)


@click.group(
    cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
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
