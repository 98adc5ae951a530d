"""Telegram Desktop's JSON export (`result.json`): `messages[]` with `from`, `from_id`, `date_unixtime`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from grader.errors import InputError
from grader.sources.reader import ReadContext, Reader
from grader.sources.refs import Entry


def looks_like_json(text: str) -> bool:
    return text.startswith("{")


def telegram_entries(text: str, label: str, context: ReadContext | None = None) -> Iterator[Entry]:
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


READER = Reader("telegram-json", looks_like_json, telegram_entries)
