"""Readers that turn each kind of source into entries: pasted chat text, Telegram JSON, CSV, stdin."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from grader.errors import InputError
from grader.links import Host, RepoLink, classify, find_candidates
from grader.sources import Entry

MAX_SOURCE_BYTES = 200 * 1024 * 1024
_NAME = re.compile(r"^\s*(?:\[[^\]]{0,40}\]\s*)?([^:\n]{1,80}?)\s*:")


def read_source(name: str, host: Host, zone: tzinfo | None = None) -> Iterator[Entry]:
    """Entries of one SOURCE argument (`-` is standard input); the kind is told by content."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_SOURCE_BYTES)
        label = "<stdin>"
    else:
        path = Path(name)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_SOURCE_BYTES)
        except OSError as exc:
            raise InputError(f"{name}: cannot read the source ({exc.strerror})") from None
        label = name
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        yield from telegram_entries(text, label)
    elif _looks_like_csv(stripped):
        yield from csv_entries(text, label)
    else:
        yield from text_entries(text, label, host, zone)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _looks_like_csv(text: str) -> bool:
    first = text.split("\n", 1)[0].strip().lower().replace(";", ",")
    cells = [c.strip().strip('"') for c in first.split(",")]
    return len(cells) >= 2 and "student" in cells and "url" in cells


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


def copy_entries(text: str, label: str, zone: tzinfo | None = None) -> Iterator[Entry]:
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


def text_entries(text: str, label: str, host: Host, zone: tzinfo | None = None) -> Iterator[Entry]:
    """A pasted chat: the sender is the name before the first colon, else the link's owner."""
    if is_copy_format(text):
        yield from copy_entries(text, label, zone)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name_match = _NAME.match(line)
        is_name = name_match is not None and not line[name_match.end() :].startswith("//")
        name = name_match.group(1).strip() if name_match and is_name else None
        if name is None:
            owners = [c for c in (classify(t, host) for t in find_candidates(line, host))]
            owner = next((c.owner for c in owners if isinstance(c, RepoLink)), None)
            name = owner or ""
            key = f"github:{owner.lower()}" if owner else f"line:{number}"
        else:
            key = f"name:{name.casefold()}"
        yield Entry(key, name, line, None, f"{label}:{number}", number)


def telegram_entries(text: str, label: str) -> Iterator[Entry]:
    """A Telegram Desktop export (`result.json`): `messages[]` with `from`, `from_id`, `date_unixtime`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{label}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); export the chat again "
            "as JSON (Telegram Desktop: Export chat history, format JSON)"
        ) from None
    except RecursionError:
        raise InputError(
            f"{label}: JSON nested too deeply to be a Telegram export; export the chat again"
        ) from None
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, list):
        raise InputError(f"{label}: no `messages` list: is this a Telegram Desktop result.json?")
    for order, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue
        body = message_text(message)
        if not body.strip():
            continue
        sender = str(message.get("from") or message.get("from_id") or "unknown")
        key = str(message.get("from_id") or f"name:{sender.casefold()}")
        yield Entry(key, sender, body, _message_time(message), f"{label}#{message.get('id', order)}", order)


def message_text(message: dict[str, Any]) -> str:
    """The plain text plus every link target; a `text_link`'s href may differ from what it shows."""
    parts: list[str] = []
    source = message.get("text_entities")
    if not isinstance(source, list):
        source = message.get("text")
    if isinstance(source, str):
        return source
    if not isinstance(source, list):
        return ""
    for item in source:
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict):
            parts.append(str(item.get("text", "")))
            if item.get("type") == "text_link" and isinstance(item.get("href"), str):
                parts.append(f" {item['href']} ")
    return "".join(parts)


def _message_time(message: dict[str, Any]) -> datetime | None:
    unix = message.get("date_unixtime")
    try:
        if unix is not None:
            return datetime.fromtimestamp(int(unix), UTC)
    except (TypeError, ValueError, OverflowError):
        pass
    try:
        date = datetime.fromisoformat(str(message.get("date")))
    except ValueError:
        return None
    # Telegram writes local time without an offset; UTC is the honest guess.
    return date if date.tzinfo else date.replace(tzinfo=UTC)


def csv_entries(text: str, label: str) -> Iterator[Entry]:
    """`student,url[,submitted_at]` with a header row; `;` works too (Excel in ru locales)."""
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    fields = {(f or "").strip().lower(): f for f in _header(reader, label)}
    for row in _csv_rows(reader, label):
        number = reader.line_num
        student = (row.get(fields.get("student", ""), "") or "").strip()
        url = (row.get(fields.get("url", ""), "") or "").strip()
        if not student and not url:
            continue
        when = (row.get(fields.get("submitted_at", ""), "") or "").strip() if "submitted_at" in fields else ""
        at = _parse_time(when, f"{label}:{number}") if when else None
        key = f"name:{student.casefold()}" if student else f"line:{number}"
        yield Entry(key, student, url, at, f"{label}:{number}", number, explicit_link=True)


def _header(reader: csv.DictReader[str], label: str) -> Sequence[str]:
    try:
        return reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(f"{label}:1: not a readable CSV header ({exc}); fix the file") from None


def _csv_rows(reader: csv.DictReader[str], label: str) -> Iterator[dict[str, str]]:
    try:
        yield from reader
    except csv.Error as exc:  # a field over csv's 128 KB limit, a NUL byte, a broken quote
        raise InputError(f"{label}:{reader.line_num}: not a readable CSV row ({exc}); fix the file") from None


def _parse_time(text: str, where: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{where}: submitted_at {text!r} is not an ISO date (write e.g. 2026-12-01T23:59+03:00)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
