"""`grader rubric ...`: validate, test, explain, scaffold rubrics and print their JSON Schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader.cli.common import lang_option, reports_errors, write_output


@click.group("rubric")
def rubric_group() -> None:
    """Write and check rubrics: validate, schema, test, explain, init.

    \b
    Examples:
      grader rubric validate rubrics/otus-mlops-hw1.yaml
      grader rubric test otus-mlops-hw1
      grader rubric explain otus-mlops-hw1 --lang en
      grader rubric init > my-rubric.yaml
    """


@rubric_group.command("validate")
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check rubric FILES (paths or bundled ids): every problem as `file:line:col: message`.

    Exit codes: 0 all valid; 1 problems found (a rubric is invalid); 2 a usage error or a file
    that cannot be read (missing, not UTF-8).

    \b
    Examples:
      grader rubric validate my-rubric.yaml
      grader rubric validate rubrics/*.yaml otus-mlops-hw1
    """
    from grader.errors import GraderError, RubricError
    from grader.rubric.load import load_rubric

    invalid = unreadable = False
    for ref in files:
        try:
            loaded = load_rubric(ref)
        except RubricError as exc:
            invalid = True
            for problem in exc.problems:
                click.echo(problem)
            click.echo(f"{ref}: {len(exc.problems)} problem(s)", err=True)
            continue
        except GraderError as exc:
            unreadable = True
            click.echo(f"error: {exc}", err=True)
            continue
        rubric = loaded.rubric
        click.echo(
            f"{ref}: valid — {rubric.id} v{rubric.version}, {len(rubric.criteria)} criteria, "
            f"{rubric.max_score:g} points, sha256 {loaded.sha256[:12]}"
        )
    # like ruff and Vale: 1 for findings, 2 when the tool could not do its job
    sys.exit(2 if unreadable else 1 if invalid else 0)


@rubric_group.command("schema")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the schema to this file instead of standard output.",
)
@reports_errors
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the rubric format (every check type's parameters included).

    The bundled rubrics start with `# yaml-language-server: $schema=./schema.json`, so editors
    with the YAML language server complete and check them.

    \b
    Example:
      grader rubric schema -o schema.json
    """
    from grader.authoring.schema import rubric_schema

    write_output(json.dumps(rubric_schema(), ensure_ascii=False, indent=2) + "\n", output)


@rubric_group.command("test")
@click.argument("rubric_ref", metavar="RUBRIC")
@click.option(
    "--cases",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of case folders (each with expected.json); default: the bundled samples.",
)
@reports_errors
def test(rubric_ref: str, cases: Path | None) -> None:
    """Grade every case whose expected.json names RUBRIC and compare, like a test runner.

    Exit codes: 0 all cases match; 1 a mismatch; 2 usage or rubric error.

    \b
    Examples:
      grader rubric test otus-mlops-hw1
      grader rubric test my-rubric.yaml --cases my-cases/
    """
    from grader.authoring.cases import default_cases_dir, find_cases, run_case
    from grader.errors import InputError
    from grader.rubric.load import load_rubric

    loaded = load_rubric(rubric_ref)
    folder = cases if cases is not None else default_cases_dir()
    if not folder.is_dir():
        raise InputError(f"{folder}: no sample cases here (give --cases DIR)")
    found = find_cases(folder, loaded.rubric.id)
    if not found:
        raise InputError(f"{folder}: no case's expected.json names rubric {loaded.rubric.id!r}")
    results = [run_case(case, loaded, folder) for case in found]
    width = max(len(r.case) for r in results)
    for r in results:
        click.echo(f"{'PASS' if r.ok else 'FAIL'}  {r.case.ljust(width)}  {r.summary}")
        for mismatch in r.mismatches:
            click.echo(f"      {mismatch}")
    failed = sum(not r.ok for r in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


@rubric_group.command("explain")
@click.argument("rubric_ref", metavar="RUBRIC")
@lang_option("Language of the explanation.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None)
@reports_errors
def explain(rubric_ref: str, lang: str, output: Path | None) -> None:
    """Render RUBRIC as Markdown a student can read: criteria, points, what is checked.

    \b
    Example:
      grader rubric explain otus-mlops-hw1 --lang en -o CRITERIA.md
    """
    from grader.authoring.explain import explain as render
    from grader.rubric.load import load_rubric

    write_output(render(load_rubric(rubric_ref), lang), output)  # type: ignore[arg-type]


@rubric_group.command("init")
@click.option("--from", "from_id", default=None, help="Start from this rubric (by id or path).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None)
@reports_errors
def init(from_id: str | None, output: Path | None) -> None:
    """Scaffold a new rubric, with a commented example of every check type.

    \b
    Examples:
      grader rubric init -o my-rubric.yaml
      grader rubric init --from otus-mlops-hw1 -o hw1-strict.yaml
    """
    from grader.authoring.scaffold import scaffold

    if from_id is not None:
        from grader.rubric.load import resolve_rubric

        resolve_rubric(from_id)  # a wrong id is a usage error now, not a surprise later
    write_output(scaffold(from_id, output), output)
