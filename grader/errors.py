"""Errors that stop a command before anyone is graded (exit code 2)."""

from __future__ import annotations


class GraderError(Exception):
    """A usage, input or rubric error: printed as one line, exit code 2."""

    exit_code = 2


class InputError(GraderError):
    """The path or option given on the command line cannot be used."""


class RubricError(GraderError):
    """The rubric is not valid: carries every problem, one `file:line:col: message` each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
