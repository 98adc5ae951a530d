"""What every command shares: one clear line and exit 2 for usage, input and rubric errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from grader.errors import GraderError

P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., object])

# Shared options: every command names a rubric and a language the same way.
rubric_option = click.option(
    "--rubric",
    "-r",
    "rubric_ref",
    default="otus-mlops-hw1",
    show_default=True,
    help="A bundled rubric id or the path of a rubric YAML file.",
)


def lang_option(help: str = "Language of the feedback.", default: str | None = "ru") -> Callable[[F], F]:
    """`--lang`; `default=None` when the language otherwise comes from what is rendered."""
    return click.option(
        "--lang",
        "-l",
        type=click.Choice(["ru", "en"]),
        default=default,
        show_default=default is not None,
        help=help,
    )


def max_wait_option(help: str) -> Callable[[F], F]:
    """How long a command that talks to GitHub may wait out a rate limit."""
    return click.option(
        "--max-wait", type=click.FloatRange(0, 3600), default=60.0, show_default=True, help=help
    )


# Every command that talks to GitHub reads its host and token the same way (never a token argument).
def api_url_option(help: str) -> Callable[[F], F]:
    return click.option("--api-url", default="https://api.github.com", show_default=True, help=help)


token_file_option = click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A file holding the token (default: the GITHUB_TOKEN variable). Never pass it on the command line.",
)


R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn GraderError into its message on stderr and exit code 2, never a traceback."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GraderError as exc:
            for line in str(exc).splitlines() or [exc.__class__.__name__]:
                click.echo(f"error: {line}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        from grader.errors import InputError

        raise InputError(f"{output}: cannot write the report ({exc.strerror})") from None
