"""The docs stay true to the code: the check reference is generated from the checks, and every command
the README shows exists."""

from __future__ import annotations

import re
import tomllib

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


def test_the_architecture_page_and_the_layers_name_every_package() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    stages = next(c for c in contracts if c["name"].startswith("Packages by"))
    layered = {name.strip() for layer in stages["layers"] for name in layer.split("|")}
    grader = ROOT / "grader"
    packages = sorted(p.name for p in grader.iterdir() if (p / "__init__.py").is_file())
    modules = sorted(p.stem for p in grader.glob("*.py") if p.stem != "__init__")
    for name in packages + modules:
        assert f"`{name}`" in page, f"docs/architecture.md does not say what grader.{name} owns"
        assert f"grader.{name}" in layered, f"grader.{name} is in no layer of the package contract"
