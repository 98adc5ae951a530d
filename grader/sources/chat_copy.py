"""Telegram Desktop's own copy (select messages → Copy): a `Name, [date time]` header over each message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo

from grader.sources.reader import ReadContext, Reader
from grader.sources.refs import Entry

# Telegram Desktop's own copy (select messages → Copy): `Анна Смирнова, [21.11.2026 21:40]`, then the
# message on the lines below. English locales write `[11/21/2026 9:40 PM]`.
_COPY_HEADER = re.compile(
    r"^(?P<name>[^\n\[\]]{1,80}?), \[(?P<date>\d{1,2}[./]\d{1,2}[./]\d{4}) "
    r"(?P<time>\d{1,2}:\d{2})(?::(?P<sec>\d{2}))?(?:\s?(?P<ampm>[AP]M))?\]\s*$",
    re.IGNORECASE,
)


def _copy_time(match: re.Match[str], zone: tzinfo | None) -> datetime | None:
    day, month, year = re.split(r"[./]", match.group("date"))
    if "/" in match.group("date"):  # the US order, month first
        day, month = month, day
    hour, minute = (int(x) for x in match.group("time").split(":"))
    ampm = (match.group("ampm") or "").upper()
    if ampm:
        hour = hour % 12 + (12 if ampm == "PM" else 0)
    try:
        moment = datetime(int(year), int(month), int(day), hour, minute, int(match.group("sec") or 0))
    except ValueError:
        return None
    # The desktop's local time, with no zone: --tz when given, else UTC (as for a JSON `date`).
    return moment.replace(tzinfo=zone or UTC)


def copy_entries(text: str, label: str, context: ReadContext) -> Iterator[Entry]:
    zone = context.zone
    """Telegram Desktop's copy format: the sender and time from each header, the links below it."""
    name, at, start, body = "", None, 0, []
    for number, line in enumerate([*text.splitlines(), "\0, [01.01.2000 00:00]"], 1):
        match = _COPY_HEADER.match(line)
        if match is None:
            body.append(line)
            continue
        if start and "\n".join(body).strip():
            key = f"name:{name.casefold()}"
            yield Entry(key, name, "\n".join(body), at, f"{label}:{start}", start)
        name, at, start, body = match.group("name").strip(), _copy_time(match, zone), number, []


def is_copy_format(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return _COPY_HEADER.match(first) is not None


READER = Reader("telegram-copy", is_copy_format, copy_entries)
