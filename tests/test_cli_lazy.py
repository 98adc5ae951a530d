"""`grader --help` imports no command's module, and lists every command as a plain click group would."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from grader.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_commands_kept_short_help_is_its_own(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None and command.name == name
    kept = click.Command(name, help=COMMANDS[name][2])
    for limit in (20, 45, 60, 80, 94, 200):
        assert kept.get_short_help_str(limit) == command.get_short_help_str(limit), limit


def test_the_help_is_a_plain_groups_help() -> None:
    ctx = click.Context(main)
    eager = click.Group(
        name=main.name,
        commands={name: main.get_command(ctx, name) for name in COMMANDS},
        callback=main.callback,
        params=main.params,
        help=main.help,
        context_settings=main.context_settings,
    )
    for width in ("60", "80", "200"):
        runner = CliRunner(env={"COLUMNS": width})
        assert runner.invoke(main, ["--help"]).output == runner.invoke(eager, ["--help"]).output
    lazy, plain = CliRunner().invoke(main, ["chek"]), CliRunner().invoke(eager, ["chek"])
    assert (lazy.exit_code, lazy.output) == (plain.exit_code, plain.output)
    assert "Did you mean" in lazy.output


def test_the_help_imports_no_command() -> None:
    code = (
        "import sys; from grader.cli import main; main(['--help'], standalone_mode=False); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('grader', 'pydantic', 'yaml')))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1].split() == ["grader", "grader.cli"]


def test_a_commands_help_imports_its_module_only() -> None:
    code = (
        "import sys; from grader.cli import main; main(['rubric', '--help'], standalone_mode=False); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('grader.cli.'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1].split() == ["grader.cli.common", "grader.cli.rubric"]
