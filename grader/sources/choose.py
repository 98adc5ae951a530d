"""Which of a student's links is the hand-in; the others are kept beside it, never dropped.

"The latest link wins" lost real hand-ins: a student posts the homework, then asks a question with
a link to a file in the course's template, and the question replaced the homework. So a student's
own repository is preferred — one whose owner their other links show, or their roster login — over
repositories that several people link (the template, a classmate's) and over links to single files;
a correction (a CSV given after the chat) beats the chat; among equals the latest wins.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from grader.sources.links import Classified, RepoLink

if TYPE_CHECKING:
    from grader.sources.refs import Entry, SubmissionRef
    from grader.sources.rules import Rules

Candidate = tuple["Entry", Classified, str]


def choose(candidates: list[Candidate], keep_all: bool, rules: Rules) -> list[SubmissionRef]:
    from grader.sources.refs import to_ref

    by_student: dict[str, list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: (_when(c[0]), c[0].order)):
        by_student.setdefault(candidate[0].student_key, []).append(candidate)
    # An owner whose repositories several people link is not any one student's own.
    linkers: dict[str, set[str]] = {}
    for entry, item, _ in candidates:
        if isinstance(item, RepoLink):
            linkers.setdefault(item.owner.lower(), set()).add(entry.student_key)
    shared = {owner for owner, keys in linkers.items() if len(keys) > 1}
    refs: list[SubmissionRef] = []
    for student, items in by_student.items():
        if keep_all:
            kept = {to_ref(*c).row_key: to_ref(*c) for c in items}
            refs.extend(kept.values())
            continue
        login = rules.login_of(student)
        owners = Counter(i.owner.lower() for _, i, _ in items if isinstance(i, RepoLink))
        best = max(range(len(items)), key=lambda n: _rank(items[n], n, owners, shared, login))
        chosen = to_ref(*items[best])
        others = tuple(
            dict.fromkeys(t for n, (_, _, t) in enumerate(items) if n != best and t != chosen.shown)
        )
        refs.append(_with_others(chosen, others))
    return sorted(refs, key=lambda r: (r.student_key, r.row_key))


def _rank(
    candidate: Candidate, position: int, owners: Counter[str], shared: set[str], login: str | None
) -> tuple[int, ...]:
    entry, item, _ = candidate
    if not isinstance(item, RepoLink):  # a refused link: only when nothing else was posted
        return (0, 0, 0, 0, 0, 0, position)
    owner = item.owner.lower()
    return (
        1,
        int(entry.explicit_link),  # a CSV row: the instructor's correction
        int(login is not None and owner == login),
        int(owner not in shared),
        owners[owner],
        int(item.kind != "blob"),  # a repository or folder, not one file
        position,  # the latest among equals
    )


def _with_others(ref: SubmissionRef, others: tuple[str, ...]) -> SubmissionRef:
    from dataclasses import replace

    return replace(ref, others=others) if others else ref


def _when(entry: Entry) -> float:
    return entry.at.timestamp() if entry.at is not None else float("-inf")
