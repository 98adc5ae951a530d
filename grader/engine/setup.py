"""From a command's plain values to a batch ready to run: host, token, rubric, deadline, rules, refs.

Nothing here is click's: errors are InputError (exit 2), so `grader links`, `grader batch` and
`grader publish` share these helpers without one CLI module importing another.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from grader.engine.batch import Options, default_workers, shard_of
from grader.errors import InputError
from grader.lang import Lang
from grader.sources.links import Host
from grader.sources.refs import SubmissionRef, Unrecognized

if TYPE_CHECKING:
    from grader.rubric.model import Rubric
    from grader.sources.rules import Rules

PROCESS_POOL_MIN_ROWS = 40


def read_host(url: str, what: str = "--github-url") -> Host:
    """A host option's URL (the git host, or its REST API), or one line saying what is wrong."""
    from grader.sources.links import parse_host

    try:
        return parse_host(url, what)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def read_token(token_file: Path | None) -> str | None:
    """The token from `--token-file`, else GITHUB_TOKEN: never a command-line argument (ps shows those)."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InputError(f"{token_file}: cannot read the token file ({exc.strerror})") from None
        return token or None
    return os.environ.get("GITHUB_TOKEN") or None


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """`--shard K/N` as (K, N)."""
    if text is None:
        return None
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit()) or not 1 <= int(k) <= int(n):
        raise InputError(f"--shard {text!r}: write K/N with 1 ≤ K ≤ N, e.g. --shard 2/4")
    return int(k), int(n)


def make_rules(ignore_owner: tuple[str, ...], roster: Path | None, rubric_ignores: list[str]) -> Rules:
    """How links become hand-ins: the accounts never graded (the course's own) and the roster."""
    from grader.sources.rules import Rules, read_roster

    ignore = {i.strip().strip("/").lower() for i in (*ignore_owner, *rubric_ignores) if i.strip()}
    return Rules(ignore=ignore, roster=read_roster(roster) if roster else [])


def resolve_deadline(
    text: str | None, tz: str | None, rubric: Rubric
) -> tuple[datetime | None, tzinfo | None]:
    """(deadline, zone of shown times): --deadline or the rubric's, zoned by its offset, --tz or
    deadline_tz; a zone-less one is refused (late.in_zone)."""
    from grader.scoring.late import parse_deadline, parse_zone, rubric_deadline

    zone = parse_zone(tz) if tz else None
    if zone is None and rubric.deadline_tz:
        zone = parse_zone(rubric.deadline_tz, "deadline_tz")
    deadline = parse_deadline(text, zone) if text is not None else rubric_deadline(rubric.deadline, zone)
    if zone is None and deadline is not None:
        zone = deadline.tzinfo
    return deadline, zone


@dataclass(frozen=True, slots=True)
class Request:
    """What `grader batch` was asked, as given (the CLI checked only the values' shapes)."""

    sources: tuple[str, ...]
    rubric_ref: str
    lang: Lang
    github_url: str
    api_url: str
    token_file: Path | None
    workers: int | None
    timeout: float
    max_wait: float
    budget: float
    deadline: str | None
    tz: str | None
    keep: str
    shard: str | None
    ignore_owner: tuple[str, ...]
    roster: Path | None


@dataclass(frozen=True, slots=True)
class Plan:
    """A batch ready to run: its options, the refs to grade (this shard's), what the sources held besides."""

    options: Options
    refs: list[SubmissionRef]
    unrecognized: list[Unrecognized]
    missing: list[str]  # roster students with no hand-in


def plan_batch(request: Request) -> Plan:
    """Every input read and checked (a bad one stops the run before anything is fetched)."""
    from grader.rubric.load import load_rubric
    from grader.sources.gather import gather

    host = read_host(request.github_url)
    read_host(request.api_url, "--api-url")
    shard = parse_shard(request.shard)
    rubric = load_rubric(request.rubric_ref)
    deadline, zone = resolve_deadline(request.deadline, request.tz, rubric.rubric)
    options = Options(
        rubric=rubric,
        lang=request.lang,
        host=host,
        api_url=request.api_url.strip().rstrip("/"),
        token=read_token(request.token_file),
        workers=request.workers or default_workers(),
        timeout=request.timeout,
        max_wait=request.max_wait,
        deadline=deadline,
        zone=zone,
        rubric_ref=request.rubric_ref,
        budget=request.budget,
    )
    rules = make_rules(request.ignore_owner, request.roster, rubric.rubric.ignore_repos)
    rules.zone = zone
    collected = gather(list(request.sources), host, keep_all=request.keep == "all", rules=rules)
    refs = collected.refs
    if shard is not None:
        refs = [r for r in refs if shard_of(r.student_key, shard[1]) == shard[0]]
    # Starting worker processes costs ~0.5 s: worth it only when there is much to grade.
    cores = os.cpu_count() or 1
    if cores > 1 and len(refs) >= PROCESS_POOL_MIN_ROWS:
        options = dataclasses.replace(options, grade_processes=cores)
    return Plan(options, refs, collected.unrecognized, collected.missing)
