"""Deadlines and late work: which deadline applies, in which zone, and the penalty under the late policy.

A deadline is a moment in a zone. A date alone means the end of that day; a time without an offset
takes its zone from `--tz` or the rubric's `deadline_tz`, else it is refused: a Moscow course's
"23:59" read as UTC would be three hours off. Every time the gradebook shows is in that zone.

Pure functions of plain values (moments, zones, the policy), like scoring: the batch, the reports
and the exports all ask them, so they know none of those callers.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from grader.errors import InputError

_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOW = "write e.g. 2026-12-01T23:59+03:00, or add --tz Europe/Moscow"
END_OF_DAY = time(23, 59, 59)


class PenaltyRule(Protocol):
    """A late policy as this arithmetic reads it (the rubric's `late_policy`, grader.rubric.load.LatePolicy).

    A protocol, not the rubric's model: deadlines then depend on nothing above them.
    """

    @property
    def mode(self) -> str: ...  # "penalty_per_day" | "pin_to_deadline"

    @property
    def percent(self) -> float: ...  # per started day late

    @property
    def max_days(self) -> int | None: ...  # the penalty stops growing after these


def parse_zone(text: str, what: str = "--tz") -> tzinfo:
    """An IANA zone (`Europe/Moscow`), `UTC`, or a fixed offset (`+03:00`)."""
    value = text.strip()
    if value.upper() in ("UTC", "Z", "GMT"):
        return UTC
    match = _OFFSET.match(value)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 23 or minutes > 59:
            raise InputError(f"{what} {text!r}: an offset is at most ±23:59; write e.g. +03:00")
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"{what} {text!r}: not a time zone; write a name (Europe/Moscow) or an offset (+03:00)"
        ) from None


def zone_name(zone: tzinfo) -> str:
    """How a zone is written back (stored in the gradebook so `grader merge` shows the same times)."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = zone.utcoffset(None) or timedelta(0)
    if not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_deadline(text: str, zone: tzinfo | None, what: str = "--deadline") -> datetime:
    """`--deadline`: ISO 8601; a date alone is the end of that day; no offset → `zone` or refused."""
    value = text.strip()
    try:
        if _DATE_ONLY.match(value):
            moment = datetime.combine(date.fromisoformat(value), END_OF_DAY)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{what} {text!r}: not an ISO date; {_HOW}") from None
    return in_zone(moment, zone, f"{what} {text!r}")


def in_zone(moment: datetime, zone: tzinfo | None, what: str) -> datetime:
    """An aware moment: its own offset, else `zone`, else a one-line refusal that says how to fix it."""
    if moment.tzinfo is not None:
        return moment
    if zone is None:
        raise InputError(
            f"{what}: no time zone (it would be read as UTC); {_HOW} or deadline_tz in the rubric"
        )
    return moment.replace(tzinfo=zone)


def rubric_deadline(value: datetime | date | None, zone: tzinfo | None) -> datetime | None:
    """The rubric's `deadline:` (a YAML date is the end of that day), in its zone."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, END_OF_DAY)
    return in_zone(value, zone, f"the rubric's deadline {value.isoformat()}")


def effective_deadline(
    given: datetime | None, in_rubric: datetime | date | None, rubric_tz: str | None
) -> datetime | None:
    """The deadline in force: the one given (`--deadline`, resolved), else the rubric's `deadline`."""
    if given is not None:
        return given
    zone = parse_zone(rubric_tz, "deadline_tz") if rubric_tz else None
    # Callers that skip the CLI (tests, scripts) get UTC for a zone-less rubric deadline; the CLI refuses.
    return rubric_deadline(in_rubric, zone or UTC)


def pins_to_deadline(rule: PenaltyRule | None) -> bool:
    """Whether the commit graded is the last one at or before the deadline (also with no policy)."""
    return rule is None or rule.mode == "pin_to_deadline"


def stored_time(iso: str | None) -> datetime | None:
    """A time as the gradebook stores it (ISO 8601; one without an offset is UTC); None if it is not one."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def shown_time(iso: str | None, zone: tzinfo | None) -> str | None:
    """A stored time as the gradebook shows it: ISO 8601 in the deadline's zone, with its offset."""
    moment = stored_time(iso) if zone is not None else None
    return moment.astimezone(zone).isoformat() if moment is not None else iso


def late_penalty(
    deadline: datetime | None,
    policy: PenaltyRule | None,
    committed_at: datetime | None,
    submitted_at: datetime | None,
) -> tuple[bool, float]:
    """(late, penalty percent). Under `pin_to_deadline` only the message time can be late (the commit
    graded is at or before the deadline by construction); under `penalty_per_day` the later of the
    commit and message times counts, per started day, capped."""
    if deadline is None:
        return False, 0.0
    times = [t for t in (committed_at, submitted_at) if t is not None]
    if not times or max(times) <= deadline:
        return False, 0.0
    days = math.ceil((max(times) - deadline).total_seconds() / 86400)
    if policy is None or policy.mode != "penalty_per_day":
        return True, 0.0
    if policy.max_days is not None:
        days = min(days, policy.max_days)
    return True, min(100.0, days * policy.percent)
