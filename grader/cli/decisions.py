"""`grader override` and `grader decisions export|import`: instructors' decisions without a browser."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click

from grader.cli.common import reports_errors

_DIR = click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
_WHO = click.option("--who", default=None, help="Who decides (default: your login name).")


def _input_error(exc: Exception) -> NoReturn:
    from grader.errors import InputError

    raise InputError(str(exc)) from None


@click.command("override")
@_DIR
@click.argument("student")
@click.argument("criterion")
@click.argument("points")
@click.option("--note", default="", help="A note the student reads in the feedback.")
@click.option("--private-note", default="", help="A note for yourself: kept in the gradebook, never shown.")
@_WHO
@reports_errors
def override_command(
    folder: Path, student: str, criterion: str, points: str, note: str, private_note: str, who: str | None
) -> None:
    """Set the points of one criterion of one student; every output in DIR is written again.

    STUDENT is a student key or a unique name (as in gradebook.csv); POINTS a number from 0 to the
    criterion's maximum, or `-` to withdraw the decision (the grader's points are back). Exit 0, or 2
    with one line saying what is wrong.

    \b
    Examples:
      grader override out/ "Анна Смирнова" canvas 2 --note "Канвас на картинке заполнен полностью"
      grader override out/ tg:123456 smart -
    """
    from grader.review.workspace import Pending, Workspace
    from grader.store.decisions import DecisionError

    value: float | None = None
    if points.strip() != "-":
        try:
            value = float(points.replace(",", "."))
        except ValueError:
            _input_error(ValueError(f"POINTS {points!r} is not a number (or `-` to withdraw)"))
    space = Workspace(folder)
    try:
        made = space.decide(Pending(student, criterion, value, note, private_note, who=who or ""))
    except DecisionError as exc:
        _input_error(exc)
    finally:
        space.close()
    shown = "withdrawn" if made.points is None else f"{made.points:g}"
    click.echo(f"{made.student_key} {made.criterion}: {shown} (commit {(made.commit_sha or '-')[:12]})")
    _say_unwritten(space.written, folder)


def _say_unwritten(written: bool, folder: Path) -> None:
    if not written:
        click.echo(
            f"note: a batch run is using {folder}: the decision is stored, and that run writes the "
            "outputs with it when it ends",
            err=True,
        )


@click.group("decisions")
def decisions_group() -> None:
    """Export the instructors' decisions to a CSV, or import them from one (round trip).

    \b
    Examples:
      grader decisions export out/ decisions.csv
      grader decisions import out/ decisions.csv
    """


@decisions_group.command("export")
@_DIR
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@reports_errors
def export_command(folder: Path, file: Path) -> None:
    """Write the decisions in force to FILE (CSV, UTF-8 with a BOM for Excel).

    \b
    Example:
      grader decisions export out/ decisions.csv
    """
    from grader.cli.common import write_output
    from grader.review.decisions_csv import render_export
    from grader.review.workspace import Workspace

    space = Workspace(folder)
    try:
        text = render_export(space)
    finally:
        space.close()
    write_output(text, file)
    click.echo(f"wrote {file}", err=True)


@decisions_group.command("import")
@_DIR
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_WHO
@reports_errors
def import_command(folder: Path, file: Path, who: str | None) -> None:
    """Store the decisions of FILE (the columns of an export); every output in DIR is written again.

    Every row is checked first; with any problem nothing is stored, each problem is printed as
    FILE:LINE: message and the exit code is 2. Rows equal to the decision in force are skipped.

    \b
    Example:
      grader decisions import out/ decisions.csv
    """
    import dataclasses

    from grader.review.decisions_csv import read_import
    from grader.review.workspace import Workspace

    space = Workspace(folder)
    try:
        wanted = read_import(space, file)
        if who:
            wanted = [dataclasses.replace(p, who=p.who or who) for p in wanted]
        space.decide_many(wanted)
    finally:
        space.close()
    click.echo(f"imported {len(wanted)} decision(s) into {folder}")
    _say_unwritten(space.written, folder)
