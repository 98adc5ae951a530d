"""`grader checks [NAME]`: the available check types, or one check's parameters and an example."""

from __future__ import annotations

import click

from grader.cli.common import reports_errors


@click.command("checks")
@click.argument("name", required=False)
@click.option(
    "--all", "show_all", is_flag=True, help="Describe every check type (the reference in docs/checks.md)."
)
@reports_errors
def checks_command(name: str | None, show_all: bool) -> None:
    """List the check types a rubric can use; with NAME, its parameters, defaults and an example.

    \b
    Examples:
      grader checks
      grader checks section
      grader checks --all
    """
    import difflib

    from grader.authoring.describe import describe_check, list_checks
    from grader.checks import registry
    from grader.errors import InputError

    checks = registry()
    if show_all:
        click.echo("\n".join(describe_check(check, level=3) for check in checks.values()), nl=False)
        return
    if name is None:
        click.echo(list_checks(checks), nl=False)
        return
    if name not in checks:
        near = difflib.get_close_matches(name, list(checks), n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise InputError(f"{name}: no such check type ({hint}`grader checks` lists them)")
    click.echo(describe_check(checks[name]), nl=False)
