"""What the instructor tells the grader about the class: course repositories to ignore, and a roster.

`--ignore-owner` / the rubric's `ignore_repos` name repositories that are never a hand-in (the
course's template, the instructor's examples). A roster (`--roster FILE`: `student[,github]`)
maps chat names and GitHub logins to the students of the class and lists who did not submit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from grader.errors import InputError
from grader.sources.links import RepoLink

if TYPE_CHECKING:
    from grader.sources.refs import Entry, SubmissionRef


@dataclass(frozen=True, slots=True)
class Student:
    name: str
    login: str | None = None  # GitHub login, lower-case

    @property
    def key(self) -> str:
        return f"roster:{self.name.casefold()}"


@dataclass(slots=True)
class Rules:
    ignore: set[str] = field(default_factory=set)  # lower-case `owner` or `owner/name`
    roster: list[Student] = field(default_factory=list)
    zone: tzinfo | None = None  # of chat times written without one (Telegram Desktop's copy format)

    def ignores(self, link: RepoLink) -> bool:
        owner = link.owner.lower()
        return owner in self.ignore or f"{owner}/{link.name.lower()}" in self.ignore

    def login_of(self, student_key: str) -> str | None:
        return next((s.login for s in self.roster if s.key == student_key), None)

    def map_students(self, entries: list[Entry]) -> list[Entry]:
        """Entries keyed by roster student where the name or a link's owner says who it is (for every
        message of that chat identity); a CSV row (a correction) keyed like the chat's student of the
        same name, so it replaces their link instead of adding a row."""
        by_name = {s.name.casefold(): s for s in self.roster}
        by_login = {s.login: s for s in self.roster if s.login}
        who: dict[str, Student] = {}
        for entry in entries:
            student = by_name.get(entry.student_name.strip().casefold())
            if student is None and by_login:
                owners = sorted({o.lower() for o in _owners(entry.text)})
                student = next((by_login[o] for o in owners if o in by_login), None)
            if student is not None:
                who.setdefault(entry.student_key, student)
        chat_keys: dict[str, set[str]] = {}
        mapped: list[Entry] = []
        for entry in entries:
            student = who.get(entry.student_key)
            if student is not None:
                entry = replace(entry, student_key=student.key, student_name=student.name)
            elif not entry.explicit_link:
                chat_keys.setdefault(entry.student_name.strip().casefold(), set()).add(entry.student_key)
            mapped.append(entry)
        out = []
        for entry in mapped:
            keys = chat_keys.get(entry.student_name.strip().casefold(), set())
            if entry.explicit_link and entry.student_key.startswith("name:") and len(keys) == 1:
                (key,) = keys
                entry = replace(entry, student_key=key)
            out.append(entry)
        return out

    def missing(self, refs: Iterable[SubmissionRef]) -> list[str]:
        submitted = {r.student_key for r in refs}
        return [s.name for s in self.roster if s.key not in submitted]


def _owners(text: str) -> list[str]:
    # Only for matching a roster login: a cheap look at `github.com/<owner>/` shapes, no classification.
    import re

    return re.findall(r"(?i)(?:github\.com|127\.0\.0\.1(?::\d+)?)/([A-Za-z0-9-]{1,39})/", text)


def read_roster(path: Path) -> list[Student]:
    """`student[,github]` with a header row (`,` or `;`); one line per student of the class."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: cannot read the roster ({exc}); give a UTF-8 CSV student[,github]"
        ) from None
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    if "student" not in fields:
        raise InputError(
            f"{path}:1: the roster needs a header with a `student` column (and optional `github`)"
        )
    students = []
    try:
        for row in reader:
            name = (row.get(fields["student"]) or "").strip()
            login = (row.get(fields.get("github", ""), "") or "").strip().lstrip("@").lower() or None
            if name:
                students.append(Student(name, login))
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: not a readable CSV row ({exc}); fix the file") from None
    return students
