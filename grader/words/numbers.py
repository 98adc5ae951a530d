"""Numbers, plural forms and times as each language writes them (Babel's CLDR data, no own rules).

Babel is imported on first use (about 20 ms): a report that says no number never loads it.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from grader.lang import Lang


def number(value: float, lang: Lang) -> str:
    """`0,86` in Russian, `0.86` in English; no thousands separators (limits, byte counts, years)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.##", locale=lang)


def plural_category(value: float, lang: Lang) -> str:
    """CLDR's category for a count: ru 1 → one, 2 → few, 5 → many, 0.5 → other; en 1 → one."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    from babel import Locale

    category: str = Locale(lang).plural_form(value)
    return category


def moment(value: datetime, zone: tzinfo | None, lang: Lang) -> str:
    """A time in the deadline's zone as the language writes it, with the zone's offset:
    «2 декабря 2026, 12:00 +03:00», "December 2, 2026, 12:00 +03:00"."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    shown = value.astimezone(zone) if zone is not None else value
    pattern = "d MMMM y, HH:mm xxx" if lang == "ru" else "MMMM d, y, HH:mm xxx"
    from babel.dates import format_datetime

    return format_datetime(shown, pattern, locale=lang)


def spoken_time(iso: str | None, zone: tzinfo | None, lang: Lang) -> str | None:
    """A stored ISO time (gradebook rows keep ISO) said in words; what does not parse is shown as is."""
    if not iso:
        return iso
    try:
        return moment(datetime.fromisoformat(iso), zone, lang)
    except ValueError:
        return iso
