"""`grader export`: read the graded folder, write one format (files are replaced atomically)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from grader.errors import InputError
from grader.export.common import Graded, graded_rows
from grader.files import write_atomic
from grader.publish.graded import open_graded
from grader.report.escape import json_inert


def run_export(folder: Path, fmt: str, output: Path | None, classroom: str | None) -> int:
    if fmt == "classroom50" and not classroom:
        raise InputError("--format classroom50 needs --classroom NAME (the classroom's short name)")
    source = open_graded(folder)
    graded = graded_rows(source.rows)
    if fmt in ("moodle", "stepik"):
        from grader.export.tables import moodle_csv, points_csv

        text = (moodle_csv if fmt == "moodle" else points_csv)(source.rows, graded)
        if output is None:
            click.echo(text, nl=False)
        else:
            _write(output, text)
        return 0
    target = output or folder / "export" / fmt
    written = _per_student(target, fmt, graded, classroom or "")
    click.echo(f"{written} {fmt} files in {target}/", err=True)
    return 0


def _per_student(target: Path, fmt: str, graded: list[Graded], classroom: str) -> int:
    from grader.export.classroom50 import result_json
    from grader.export.gradescope import results_json

    name = "results.json" if fmt == "gradescope" else "result.json"
    written, rounded, skipped = 0, 0, []
    for item in graded:
        if fmt == "gradescope":
            doc = results_json(item)
        else:
            found, was_rounded = result_json(item, classroom)
            if found is None:
                skipped.append(item.g.row.student_name)
                continue
            doc, rounded = found, rounded + was_rounded
        stem = (item.g.feedback or "student.md").removesuffix(".md")
        text = json_inert(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"
        _write(target / stem / name, text)
        written += 1
    if rounded:
        click.echo(f"note: classroom50 takes whole points: {rounded} students' points were rounded", err=True)
    if skipped:
        what = f"{len(skipped)} rows have no repository or commit (classroom50 needs them)"
        click.echo(f"note: {what}: skipped", err=True)
    return written


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the export ({exc.strerror})") from None
