"""The docs stay true to the code: the check reference is generated from the checks, and every command
the README shows exists."""

from __future__ import annotations

import re

from click.testing import CliRunner

from grader.checks import registry
from grader.cli import main

from .conftest import ROOT


def test_check_reference_in_docs_is_generated_from_the_code() -> None:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    block = text.split("<!-- generated: grader checks --all -->\n", 1)[1].split("<!-- end generated -->")[0]
    generated = CliRunner().invoke(main, ["checks", "--all"]).stdout
    assert block == generated, "regenerate the reference: grader checks --all"
    for name in registry():
        assert f"### `{name}`" in block


def test_every_grader_command_in_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"^\s*(?:\.venv/bin/)?grader ([a-z]+(?: [a-z]+)?)", readme, flags=re.M))
    assert commands
    for command in sorted(commands):
        words = command.split()
        result = CliRunner().invoke(main, [*words, "--help"])
        if result.exit_code != 0:  # a one-word command followed by an argument
            result = CliRunner().invoke(main, [words[0], "--help"])
        assert result.exit_code == 0, f"grader {command}: {result.output}"


def test_every_command_has_examples_in_its_help() -> None:
    import click

    def commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
        found = []
        for name, command in group.commands.items():
            found.append([*prefix, name])
            if isinstance(command, click.Group):
                found.extend(commands(command, [*prefix, name]))
        return found

    for words in commands(main, []):
        result = CliRunner().invoke(main, [*words, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, f"grader {' '.join(words)} --help shows no example"
