"""grade(submission, rubric) -> Result: run every check in isolation, score, and word the feedback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from grader.checks import CheckOutcome, Finding, Status, where
from grader.document.markdown import MAX_NESTING
from grader.document.snapshot import Note
from grader.document.submission import Located, Submission, build_submission
from grader.engine.locate import locate
from grader.fetch.folder import read_folder
from grader.lang import Lang
from grader.rubric.model import CompiledCriterion, LoadedRubric
from grader.scoring.points import criterion_points, passed, percent
from grader.scoring.result import (
    CriterionResult,
    EvidenceOut,
    FindingOut,
    Result,
    RubricInfo,
    SubmissionInfo,
    WarningOut,
    WhereOut,
)
from grader.words.messages import render


def grade_folder(path: Path, loaded: LoadedRubric, lang: Lang, label: str | None = None) -> Result:
    return grade(build_submission(read_folder(path, label)), loaded, lang)


def grade(submission: Submission, loaded: LoadedRubric, lang: Lang) -> Result:
    rubric = loaded.rubric
    # nesting past the parser's cap: what lay deeper was not seen (document.py recovers what follows)
    cut = [
        Note("nesting_truncated", d.path, d.truncated_at, {"depth": MAX_NESTING})
        for d in submission.documents
        if d.truncated_at
    ]
    whole = submission
    submission = locate(submission, rubric.locate, _rubric_folder(loaded))
    rival = _rival(whole, submission)
    outcomes = [(c, _against_rival(_outcome(c, submission), c, rival)) for c in loaded.criteria]
    criteria = [_criterion_result(c, outcome, loaded, lang, submission) for c, outcome in outcomes]
    score = round(sum(c.points for c in criteria), 2)
    statuses = [(c.criterion, outcome.status) for c, outcome in outcomes]
    notes = list(submission.notes) + cut
    if not submission.documents:
        notes.insert(0, Note("no_markdown"))
    return Result(
        lang=lang,
        rubric=RubricInfo(
            id=rubric.id, title=rubric.title.get(lang), version=rubric.version, sha256=loaded.sha256
        ),
        submission=SubmissionInfo(
            path=submission.label,
            repo=submission.repo,
            commit=submission.commit,
            status="graded",
            located=_located(submission.located, lang),
        ),
        score=score,
        max_score=rubric.max_score,
        percent=percent(score, rubric.max_score),
        pass_threshold=rubric.pass_threshold,
        passed=passed(rubric, score, statuses),
        criteria=criteria,
        warnings=[
            WarningOut(code=n.code, file=n.file, line=n.line, message=render(n.code, n.args, lang))
            for n in notes
        ],
    )


def _located(located: Located | None, lang: Lang) -> str | None:
    if located is None:
        return None
    said = render(located.code, located.args, lang)
    if located.linked:
        said += render("located.linked", {"where": list(located.linked)}, lang)
    if located.close:
        said += render("located.close", {"where": list(located.close)}, lang)
    if not located.sure:
        said += render("located.unsure", {}, lang)
    return said


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def _rubric_folder(loaded: LoadedRubric) -> Path | None:
    """Where the rubric's own data (fingerprints, canvases) is looked up first."""
    source = Path(loaded.source)
    return source.resolve().parent if source.is_file() else None


# Word and PDF files are read for evidence, but what only they hold is credited at most "partly", left to
# an instructor (the course's definitions: "credited for its content but capped at 1").
CAPPED_SOURCES = frozenset({"docx", "pdf"})


def _outcome(compiled: CompiledCriterion, submission: Submission) -> CheckOutcome:
    """The check's outcome; what a Word or PDF file adds over the markdown is capped at 1, needs_review."""
    outcome = run_check(compiled, submission)
    if outcome.status in (Status.NEEDS_REVIEW, Status.ERROR) or not any(
        doc.source in CAPPED_SOURCES for doc in submission.documents
    ):
        return outcome
    markdown = [d for d in submission.documents if d.source not in CAPPED_SOURCES]
    plain = run_check(compiled, replace(submission, documents=markdown))
    if _grade(outcome) <= _grade(plain):
        return outcome  # the Word/PDF files add nothing, or count against the answer (an unlinked part)
    capped = min(_grade(outcome), 1)
    if capped <= _grade(plain):
        return plain
    shown = {d.path for d in markdown}
    files = sorted({e.file for e in outcome.evidence if e.file and e.file not in shown})
    kinds = {doc.source for doc in submission.documents if doc.path in files}
    kind = "PDF" if kinds == {"pdf"} else "Word" if kinds == {"docx"} else "Word / PDF"
    finding = Finding("review.outside_markdown", {"files": files[:3], "kind": kind})
    return replace(outcome, status=Status.NEEDS_REVIEW, grade=capped, findings=[finding, *outcome.findings])


def _rival(whole: Submission, graded: Submission) -> Submission | None:
    """The other part of the repository that also holds an answer (`located.close`), to grade too."""
    close = set(graded.located.close) if graded.located is not None else set()
    docs = [d for d in whole.documents if d.path in close]
    return replace(graded, documents=docs) if docs else None


def _against_rival(
    outcome: CheckOutcome, compiled: CompiledCriterion, rival: Submission | None
) -> CheckOutcome:
    """When another part of the repository would earn more on this criterion, which part is the answer
    is in doubt: the graded part's grade stands, and an instructor decides (`needs_review`)."""
    if rival is None or outcome.status in (Status.NEEDS_REVIEW, Status.ERROR):
        return outcome
    other = _grade(_outcome(compiled, rival))
    if other <= _grade(outcome):
        return outcome
    where = sorted({d.path for d in rival.documents})[:3]
    finding = Finding("review.other_part", {"where": where, "grade": other, "max": 2})
    return replace(
        outcome, status=Status.NEEDS_REVIEW, grade=_grade(outcome), findings=[finding, *outcome.findings]
    )


def _grade(outcome: CheckOutcome) -> int:
    if outcome.status in (Status.FAIL, Status.ERROR):
        return 0
    return outcome.grade if outcome.grade is not None else round(2 * outcome.met)


def _role_parts(compiled: CompiledCriterion, graded: Submission) -> list[WhereOut]:
    """The parts headed as this criterion's (its role): a diagnostic, so a grader bug in finding
    them leaves it empty rather than the criterion ungraded."""
    try:
        spans = where(graded, *compiled.params.role_terms())
    except Exception:
        return []
    return [WhereOut(file=s.file, line=s.line, end_line=s.end_line) for s in spans]


def run_check(compiled: CompiledCriterion, submission: Submission) -> CheckOutcome:
    """A grader bug inside one check becomes `error` on that criterion; the others still run."""
    try:
        return compiled.check.run(submission, compiled.params)
    except Exception as exc:
        finding = Finding("check.crashed", {"error": f"{exc.__class__.__name__}: {exc}"[:200]})
        return CheckOutcome(Status.ERROR, 0.0, [], [finding])


def _criterion_result(
    compiled: CompiledCriterion, outcome: CheckOutcome, loaded: LoadedRubric, lang: Lang, graded: Submission
) -> CriterionResult:
    criterion = compiled.criterion
    findings = [
        FindingOut(code=f.code, message=render(f.code, f.args, lang), file=f.file, line=f.line)
        for f in outcome.findings
    ]
    template = criterion.feedback.get(outcome.status.value)  # type: ignore[call-overload]
    summary = template.get(lang) if template is not None else ""
    lines = [summary] if summary else []
    lines.extend(f"{f.message} ({_where(f.file, f.line)})" if f.file else f.message for f in findings)
    # Feedback quotes what it is based on, with file:line, so a student can find the place.
    lines.extend(
        render("feedback.evidence", {"where": _where(e.file, e.line), "text": e.text}, lang)
        for e in outcome.evidence[:3]
        if e.file
    )
    return CriterionResult(
        id=criterion.id,
        title=criterion.title.get(lang),
        points=criterion_points(criterion, outcome, loaded.rubric),
        max_points=criterion.points,
        status=outcome.status.value,
        required=criterion.required,
        met=round(outcome.met, 3),
        evidence=[EvidenceOut(file=e.file, line=e.line, text=e.text) for e in outcome.evidence],
        findings=findings,
        summary=summary,
        feedback="\n".join(lines),
        where=_role_parts(compiled, graded),
    )
