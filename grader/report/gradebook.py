"""The batch's outputs, all rendered from the SQLite rows: gradebook.csv/xlsx/json and feedback/."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import tzinfo
from pathlib import Path
from typing import Any

from grader.files import write_atomic
from grader.report.gradebook_table import Table, build_table, needs_review, other_links
from grader.report.graded import Decisions, GradedRow, View, build
from grader.scoring.late import shown_time
from grader.store.database import Row
from grader.store.decisions import decided
from grader.words import language, say
from grader.words.numbers import spoken_time


def write_outputs(
    out: Path, rows: Sequence[Row], view: View | None = None, decisions: Decisions | None = None
) -> list[GradedRow]:
    view = view or View()
    graded = build(rows, decisions)
    marker, digest = out / _MARKER, _outputs_digest(rows, view, decisions or {})
    files = [out / name for name in _TABLES] + [out / "feedback" / g.feedback for g in graded if g.feedback]
    if _read(marker) == digest and all(path.is_file() for path in files):
        return graded  # nothing changed since these files were written (an unchanged re-run)
    from grader.report.gradebook_csv import render_gradebook_csv
    from grader.report.gradebook_xlsx import render_xlsx  # openpyxl: imported only when writing

    # Feedback first: a gradebook written mid-run never names a feedback file that is not there yet.
    _write_feedback(out / "feedback", graded, view)
    doc = json_doc(graded, view)
    write_atomic(out / "gradebook.json", json.dumps(doc, ensure_ascii=False, sort_keys=True))
    write_atomic(out / "gradebook.xlsx", render_xlsx(_sheets(graded, view)))
    table = build_table(graded, view.zone)
    write_atomic(out / "gradebook.csv", render_gradebook_csv(table, view.csv_dialect))
    write_atomic(marker, digest)
    return graded


_MARKER = ".gradebook.sha256"  # what the outputs in this folder were last written from
_TABLES = ("gradebook.csv", "gradebook.xlsx", "gradebook.json")


def _outputs_digest(rows: Sequence[Row], view: View, decisions: Decisions) -> str:
    import grader

    digest = hashlib.sha256(f"{_RENDER_VERSION} {grader.__version__}".encode())
    digest.update(
        repr((view.zone and str(view.zone), view.deadline, view.csv_dialect, view.missing)).encode()
    )
    for row in rows:
        fields = asdict(row)
        fields.pop("updated_at")  # when a row was last looked at, not what it says
        digest.update(json.dumps(fields, sort_keys=True).encode("utf-8") + b"\0")
    for student in sorted(decisions):
        for criterion, d in sorted(decisions[student].items()):
            digest.update(repr((student, criterion, asdict(d))).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except OSError:
        return None


def _sheets(graded: Sequence[GradedRow], view: View) -> list[tuple[str, Table]]:
    """One sheet per rubric run; rows never graded (no rubric result) join the first sheet."""
    groups: dict[str, list[GradedRow]] = {}
    titles: dict[str, str] = {}
    for g in graded:
        key = (g.result or {}).get("rubric", {}).get("sha256") or ""
        groups.setdefault(key, []).append(g)
        if g.result:
            info = g.result["rubric"]
            titles[key] = f"{info['id']} {info['version']}"
    keys = sorted(k for k in groups if k)
    if "" in groups:
        if keys:
            groups[keys[0]].extend(groups.pop(""))
        else:
            keys = [""]
    return [(titles.get(k, "gradebook"), build_table(groups[k], view.zone)) for k in keys]


def json_doc(graded: Sequence[GradedRow], view: View | None = None) -> dict[str, Any]:
    zone = view.zone if view else None
    rows = []
    for g in graded:
        r = g.row
        refresh = None
        if r.refresh:
            refresh = {"status": r.refresh, "reason": r.refresh_reason, "at": shown_time(r.refresh_at, zone)}
        rows.append(
            {
                "student": r.student_name, "student_key": r.student_key, "link": r.link, "origin": r.origin,
                "submitted_at": shown_time(r.submitted_at, zone), "status": r.status, "reason": r.reason,
                "repo": r.repo_url, "commit": r.commit_sha, "committed_at": shown_time(r.committed_at, zone),
                "late": r.late, "later_commits": r.later_commits, "penalty_percent": r.penalty,
                "score": g.final_score, "percent": g.final_percent, "feedback": g.feedback,
                "needs_review": needs_review(g.result) or None, "refresh": refresh,
                "other_links": other_links(r.other_links).split() if r.other_links else [],
                "result": g.result,
            }
        )  # fmt: skip
    deadline = view.deadline.isoformat() if view and view.deadline else None
    missing = list(view.missing) if view else []
    return {"schema_version": 1, "deadline": deadline, "rows": rows, "not_submitted": missing}


def _write_feedback(folder: Path, graded: Sequence[GradedRow], view: View) -> None:
    from grader.report.markdown import render_markdown
    from grader.scoring.result import Result

    folder.mkdir(parents=True, exist_ok=True)
    wanted = {g.feedback for g in graded if g.feedback}
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    index_path = folder / _INDEX
    index = _read_index(index_path)
    fresh: dict[str, str] = {}
    for g in graded:
        if g.feedback is None or g.result is None:
            continue
        digest = _inputs_digest(g, view)
        fresh[g.feedback] = digest
        if index.get(g.feedback) == digest and (folder / g.feedback).is_file():
            continue  # rendered from the same inputs last time: the file is what it would be
        result = Result.model_validate(g.result)
        sha = g.row.commit_sha
        base = f"{g.row.repo_url}/blob/{sha}" if g.row.repo_url and sha and len(sha) == 40 else None
        text = render_markdown(result, link_base=base)
        text += late_note(g, result.lang, view.zone)
        write_atomic(folder / g.feedback, text)
    if fresh != index:
        write_atomic(index_path, json.dumps(fresh, sort_keys=True))


# Which inputs each feedback file was rendered from: a re-run (or a write mid-run) renders only the
# files whose inputs changed — rendering every report again was most of an unchanged re-run's time.
_INDEX = ".index.json"
_RENDER_VERSION = "2"  # bump when the rendering of feedback or tables changes (or the grader's version)


def _inputs_digest(g: GradedRow, view: View) -> str:
    r = g.row
    zone = str(view.zone) if view.zone else ""
    # the stored JSON as it is, unless a decision changed it (then what the file shows)
    applied = json.dumps(g.result, sort_keys=True) if decided(g.result) else (r.result or "")
    parts = [_RENDER_VERSION, applied, r.repo_url or "", r.commit_sha or "", str(r.late),
             str(r.later_commits), repr(r.penalty), r.submitted_at or "", r.committed_at or "",
             zone]  # fmt: skip
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _read_index(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def late_note(g: GradedRow, lang: str, zone: tzinfo | None = None) -> str:
    """What the deadline did to this submission, in the student's language ("" when nothing).

    Late (the message came after the deadline, or nothing was committed by it) and later commits
    (the state at the deadline was graded) are different facts, said in different words.
    """
    r = g.row
    lines = []
    if r.late:
        when = f" ({spoken_time(r.submitted_at, zone, language(lang))})" if r.submitted_at else ""
        lines.append(say("late.late", lang, when=when))
    if r.later_commits and r.commit_sha:
        date = spoken_time(r.committed_at, zone, language(lang)) or "?"
        lines.append(say("late.later", lang, sha=r.commit_sha[:12], date=date))
    if r.penalty and g.result is not None:
        lines.append(
            say("late.penalty", lang, percent=r.penalty, final=g.final_score, max=g.result["max_score"])
        )
    return "".join(f"\n> {line}\n" for line in lines)
