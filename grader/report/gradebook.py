"""The batch's outputs, all rendered from the SQLite rows: gradebook.csv/json, feedback/, the summary."""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.report.csv_report import render_csv
from grader.report.escape import one_line
from grader.store import Row

STATUSES = ("graded", "not_found", "invalid_link", "timeout", "rate_limited", "fetch_error")
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(), strict=True))

_WORDS: dict[str, dict[str, str]] = {
    "rows": {"ru": "Строк", "en": "Rows"},
    "not_graded": {"ru": "Не проверены", "en": "Not graded"},
    "scores": {"ru": "Баллы (% от максимума)", "en": "Scores (% of the maximum)"},
    "unrecognized": {"ru": "Сообщений без ссылки на репозиторий", "en": "Messages without a repo link"},
    "written": {"ru": "Результаты", "en": "Results"},
}


@dataclass(frozen=True, slots=True)
class GradedRow:
    row: Row
    result: dict[str, Any] | None
    feedback: str | None

    @property
    def final_score(self) -> float | None:
        if self.result is None:
            return None
        return round(float(self.result["score"]) * (1 - self.row.penalty / 100), 2)

    @property
    def final_percent(self) -> float | None:
        if self.result is None or not self.result["max_score"]:
            return None
        return round(100 * (self.final_score or 0) / float(self.result["max_score"]), 1)


def feedback_name(name: str, student_key: str) -> str:
    """A slug of the (untrusted, maybe repeated) name plus a short hash of the key: unique and safe."""
    lowered = name.casefold()
    text = "".join(_TRANSLIT.get(c, c) for c in lowered)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40] or "student"
    digest = hashlib.sha256(student_key.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}.md"


def build(rows: Sequence[Row]) -> list[GradedRow]:
    out = []
    for row in rows:
        result = row.result_json()
        feedback = feedback_name(row.student_name, row.student_key) if result else None
        out.append(GradedRow(row, result, feedback))
    return out


def criterion_ids(rows: Sequence[GradedRow]) -> list[str]:
    ids: list[str] = []
    for g in rows:
        for c in (g.result or {}).get("criteria", []):
            if c["id"] not in ids:
                ids.append(c["id"])
    return ids


def write_outputs(out: Path, rows: Sequence[Row]) -> list[GradedRow]:
    graded = build(rows)
    ids = criterion_ids(graded)
    _atomic(out / "gradebook.csv", csv_text(graded, ids))
    _atomic(out / "gradebook.json", json.dumps(json_doc(graded), ensure_ascii=False, sort_keys=True))
    _write_feedback(out / "feedback", graded)
    return graded


def csv_text(graded: Sequence[GradedRow], ids: list[str]) -> str:
    header = ["student", "link", "commit", "status", "reason", *ids]
    header += ["total", "max", "percent", "late", "penalty_percent", "submitted_at", "committed_at"]
    header += ["later_commits", "feedback"]
    table = []
    for g in graded:
        points = {c["id"]: c["points"] for c in (g.result or {}).get("criteria", [])}
        r = g.row
        table.append(
            [
                r.student_name, r.link, r.commit_sha or "", r.status, r.reason or "",
                *[points.get(i, "") for i in ids],
                g.final_score if g.final_score is not None else "",
                (g.result or {}).get("max_score", ""),
                g.final_percent if g.final_percent is not None else "",
                r.late, r.penalty, r.submitted_at or "", r.committed_at or "", r.later_commits,
                f"feedback/{g.feedback}" if g.feedback else "",
            ]
        )  # fmt: skip
    return render_csv(header, table)


def json_doc(graded: Sequence[GradedRow]) -> dict[str, Any]:
    rows = []
    for g in graded:
        r = g.row
        rows.append(
            {
                "student": r.student_name, "student_key": r.student_key, "link": r.link, "origin": r.origin,
                "submitted_at": r.submitted_at, "status": r.status, "reason": r.reason, "repo": r.repo_url,
                "commit": r.commit_sha, "committed_at": r.committed_at, "late": r.late,
                "later_commits": r.later_commits, "penalty_percent": r.penalty,
                "score": g.final_score, "percent": g.final_percent, "feedback": g.feedback,
                "result": g.result,
            }
        )  # fmt: skip
    return {"schema_version": 1, "rows": rows}


def _write_feedback(folder: Path, graded: Sequence[GradedRow]) -> None:
    from grader.report.markdown import render_markdown
    from grader.result import Result

    folder.mkdir(parents=True, exist_ok=True)
    wanted = {g.feedback for g in graded if g.feedback}
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for g in graded:
        if g.feedback is None or g.result is None:
            continue
        result = Result.model_validate(g.result)
        sha = g.row.commit_sha
        base = f"{g.row.repo_url}/blob/{sha}" if g.row.repo_url and sha and len(sha) == 40 else None
        text = render_markdown(result, link_base=base)
        text += late_note(g, result.lang)
        _atomic(folder / g.feedback, text)


def late_note(g: GradedRow, lang: str) -> str:
    """What the deadline did to this submission, in the student's language ("" when nothing)."""
    r = g.row
    lines = []
    if r.late:
        when = f" ({r.submitted_at})" if r.submitted_at else ""
        lines.append(_LATE["late"][lang].format(when=when))
    if r.later_commits:
        lines.append(_LATE["later"][lang].format(sha=(r.commit_sha or "")[:12], date=r.committed_at or "?"))
    if r.penalty and g.result is not None:
        lines.append(
            _LATE["penalty"][lang].format(
                percent=f"{r.penalty:g}", final=f"{g.final_score:g}", max=f"{g.result['max_score']:g}"
            )
        )
    return "".join(f"\n> {line}\n" for line in lines)


_LATE = {
    "late": {"ru": "Работа сдана после дедлайна{when}.", "en": "Submitted after the deadline{when}."},
    "later": {
        "ru": "Проверен последний коммит до дедлайна {sha} ({date}); более поздние коммиты не учтены.",
        "en": "Graded the last commit before the deadline, {sha} ({date}); later commits are not counted.",
    },
    "penalty": {
        "ru": "Штраф за опоздание: −{percent}% → {final} / {max}.",
        "en": "Late penalty: −{percent}% → {final} / {max}.",
    },
}


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def summary(graded: Sequence[GradedRow], lang: str, unrecognized: int, out: Path) -> str:
    """Counts by status, the score distribution, and every not-graded row with its reason."""
    counts = Counter(g.row.status for g in graded)
    lines = [f"{_WORDS['rows'][lang]}: {len(graded)} — " + ", ".join(
        f"{s} {counts[s]}" for s in STATUSES if counts[s]
    )]  # fmt: skip
    percents = [g.final_percent for g in graded if g.final_percent is not None]
    if percents:
        bands = Counter(min(int(p // 20), 4) for p in percents)
        shown = ", ".join(f"{b * 20}–{b * 20 + 20 if b < 4 else 100}%: {bands[b]}" for b in range(5))
        lines.append(f"{_WORDS['scores'][lang]}: {shown}")
    failed = [g for g in graded if g.row.status != "graded"]
    if failed:
        lines.append(f"{_WORDS['not_graded'][lang]}:")
        for g in failed:
            lines.append(
                f"  {one_line(g.row.student_name)[:40]}  {one_line(g.row.link)[:80]}  "
                f"{g.row.status}: {one_line(g.row.reason or '')[:160]}"
            )
    if unrecognized:
        lines.append(f"{_WORDS['unrecognized'][lang]}: {unrecognized} ({out / 'unrecognized.txt'})")
    lines.append(
        f"{_WORDS['written'][lang]}: {out / 'gradebook.csv'}, {out / 'gradebook.json'}, {out / 'feedback'}/"
    )
    return "\n".join(lines) + "\n"
