"""`file-exists`: files matching a glob are present in the submission."""

from __future__ import annotations

from pydantic import Field

from grader.checks.base import CheckOutcome, Evidence, Finding, Params, check
from grader.document.paths import matches
from grader.document.submission import Submission


class FileExistsParams(Params):
    patterns: list[str] = Field(
        min_length=1,
        description="Glob patterns of the files to look for, relative to the graded folder "
        "(`README.md`, `docs/**/*.md`); a pattern without `/` matches in any folder.",
    )
    min_count: int = Field(1, ge=1, description="How many matching files are needed.")
    case_sensitive: bool = Field(False, description="Match names case-sensitively (README.md vs readme.md).")


@check("file-exists", FileExistsParams)
def file_exists(submission: Submission, params: FileExistsParams) -> CheckOutcome:
    """Files matching the given glob patterns exist in the submission.

    Passes with `README.md` present for `patterns: [README.md]`; partial when fewer files than
    `min_count` match; fails when none does.
    """
    found = [f for f in submission.files if matches(f, params.patterns, params.case_sensitive)]
    evidence = [Evidence(f, None, f) for f in found[:5]]
    findings: list[Finding] = []
    if len(found) < params.min_count:
        findings.append(
            Finding(
                "file-exists.missing",
                {"patterns": params.patterns, "found": len(found), "min_count": params.min_count},
            )
        )
    return CheckOutcome.graded(len(found) / params.min_count, evidence, findings)
