"""`table`: a table with the given columns, enough rows, and its cells filled in (a risks table).

Columns are named by synonyms in any language, matched as whole words inside a header cell with case,
punctuation and ё/е ignored: `Вероятность (1–5)` is a `вероятность` column. A cell of a dash, dots,
`TBD` or `TODO` is empty; rows of the pasted task's own text are not the student's and are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field, field_validator

from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check, names_by_language
from grader.checks.diagram import section_spans
from grader.document.markdown import Table
from grader.document.submission import Submission
from grader.lang import Lang
from grader.text.prose import has_words, normalize, phrase_in, quote

_PLACEHOLDERS = frozenset({"tbd", "todo", "tba", "xxx", "н д", "нет данных"})


class TableParams(Params):
    columns: list[list[str]] = Field(
        min_length=1,
        description="The columns the table must have, each a list of names in any language "
        "(`[[Риск, Risk], [Вероятность, Probability], [Меры, Mitigation]]`); a plain string is one "
        "name. Matched as whole words inside a header cell; case and punctuation are ignored.",
    )
    min_rows: int = Field(1, ge=1, description="Data rows (not counting the header) the table must have.")
    min_filled: float = Field(
        1.0,
        ge=0,
        le=1,
        description="The share of the required columns' cells that must be filled in (0–1): a dash, "
        "dots, `TBD` or an empty cell is not.",
    )
    section: list[str] | None = Field(
        None,
        description="Headings under which the table must be (`Риски`, `Risks`); none: anywhere.",
    )

    def role_terms(self) -> tuple[list[str], list[str]]:
        return list(self.section or []), []

    what: str | dict[Lang, str] = Field(
        "table",
        description="What the table is, for feedback: one text (`risks table`) or one per language "
        "(`{ru: таблица рисков, en: risks table}`).",
    )

    @field_validator("columns", mode="before")
    @classmethod
    def _plain_names(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [[item] if isinstance(item, str) else item for item in value]
        return value

    @field_validator("columns")
    @classmethod
    def _named(cls, value: list[list[str]]) -> list[list[str]]:
        for names in value:
            if not any(normalize(name) for name in names):
                raise ValueError("every column needs at least one name with letters or digits")
        return value


@check("table", TableParams)
def table(submission: Submission, params: TableParams) -> CheckOutcome:
    """A table with every given column, at least `min_rows` rows, and its cells filled in.

    Passes with `| Риск | Вероятность | Меры |` followed by a filled row for the columns
    `[[Риск, Risk], [Вероятность, Probability], [Меры, Mitigation]]`; partial when a column is missing,
    rows are too few or cells are empty (the share met is the product of the three); fails when no
    table has any of the columns, or the table is the template with every cell empty. With `section`,
    only tables under those headings count, and a matching table elsewhere is partial.
    """
    tables = list(submission.tables())
    spans = section_spans(submission, params.section) if params.section else None
    inside = tables if spans is None else [t for t in tables if _within(t, spans)]
    judged = [_judge(t, submission, params) for t in inside]
    judged = [j for j in judged if j.matched]
    if not judged:
        return _missing(submission, params, tables, inside)
    best = max(judged, key=lambda j: (j.met, j.matched, j.rows))
    found = best.table
    evidence = [Evidence(found.file, found.line, quote(found.text, 160))]
    return CheckOutcome.graded(best.met, evidence, best.findings)


def _missing(
    submission: Submission, params: TableParams, tables: list[Table], inside: list[Table]
) -> CheckOutcome:
    columns = [_first(names) for names in params.columns]
    if params.section:
        elsewhere = [t for t in tables if t not in inside and _judge(t, submission, params).matched]
        if elsewhere:
            other = elsewhere[0]
            args = {"what": params.what, "section": names_by_language(params.section)}
            finding = Finding("table.outside_section", args, other.file, other.line)
            return CheckOutcome.graded(
                0.5, [Evidence(other.file, other.line, quote(other.text, 160))], [finding]
            )
        args = {"what": params.what, "section": names_by_language(params.section)}
        return CheckOutcome.graded(0.0, [], [Finding("table.missing_in_section", args)])
    return CheckOutcome.graded(0.0, [], [Finding("table.missing", {"what": params.what, "columns": columns})])


@dataclass(frozen=True, slots=True)
class _Judged:
    table: Table
    matched: int  # required columns found in the header
    rows: int  # the student's rows with anything in them
    met: float
    findings: list[Finding]


def _judge(table: Table, submission: Submission, params: TableParams) -> _Judged:
    indices = _columns(table.header, params.columns)
    matched = [i for i in indices if i is not None]
    ignored = submission.ignored_lines.get(table.file, frozenset())
    rows = [
        row
        for row, line in zip(table.rows, table.row_lines, strict=False)
        if line not in ignored and any(_filled(cell) for cell in row)
    ]
    findings: list[Finding] = []
    where = {"what": params.what}
    missing = [_first(names) for names, i in zip(params.columns, indices, strict=True) if i is None]
    if missing and matched:
        findings.append(
            Finding("table.missing_columns", {**where, "columns": missing}, table.file, table.line)
        )
    if len(rows) < params.min_rows:
        counts = {**where, "rows": len(rows), "min_rows": params.min_rows}
        findings.append(Finding("table.too_few_rows", counts, table.file, table.line))
    cells = [row[i] if i < len(row) else "" for row in rows for i in matched]
    filled = sum(_filled(cell) for cell in cells) / len(cells) if cells else 0.0
    if rows and filled < params.min_filled:
        shares = {**where, "filled": round(100 * filled), "min_filled": round(100 * params.min_filled)}
        findings.append(Finding("table.empty_cells", shares, table.file, table.line))
    met = (
        len(matched)
        / len(params.columns)
        * min(1.0, len(rows) / params.min_rows)
        * (min(1.0, filled / params.min_filled) if params.min_filled > 0 else 1.0)
    )
    return _Judged(table, len(matched), len(rows), met, findings)


def _columns(header: list[str], columns: list[list[str]]) -> list[int | None]:
    """For each required column, the index of the first header cell it names (each cell used once)."""
    taken: set[int] = set()
    out: list[int | None] = []
    for names in columns:
        index = next(
            (
                i
                for i, cell in enumerate(header)
                if i not in taken and any(phrase_in(name, cell) for name in names)
            ),
            None,
        )
        if index is not None:
            taken.add(index)
        out.append(index)
    return out


def _filled(cell: str) -> bool:
    return has_words(cell) and normalize(cell) not in _PLACEHOLDERS


def _within(table: Table, spans: list[tuple[str, int, int]]) -> bool:
    return any(table.file == f and first <= table.line <= last for f, first, last in spans)


def _first(names: list[str]) -> dict[str, str]:
    """A column by its first name in each language."""
    return {lang: shown[0] for lang, shown in names_by_language(names).items()}
