"""The catalogue: every text the grader says, loaded from the YAML files beside this module.

The YAML files are package data (in the wheel under `grader/words/`), read as resources the way the
bundled rubrics are: loading them is not I/O on a submission, so any layer may ask for a text.
An entry is `{ru: TEXT, en: TEXT}`; a text that counts something is `{one: …, few: …, many: …,
other: …}` (CLDR plural categories, chosen by Babel for the fact `n`).
"""

from __future__ import annotations

from importlib import resources

from grader.lang import LANGUAGES, Lang
from grader.resources.yamlpos import load_data

# A text, or its forms by CLDR plural category.
Text = str | dict[str, str]
Entry = dict[Lang, Text]

_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
AREAS = ("checks", "locate", "submission", "fetch", "batch", "report", "review", "publish")


_LOADED: list[dict[str, Entry]] = []  # the catalogue once read (or given by `remember`)


def catalogue() -> dict[str, Entry]:
    """Every code with its texts; a code defined in two areas is a bug caught at first use."""
    if not _LOADED:
        _LOADED.append(_read())
    return _LOADED[0]


def remember(entries: dict[str, Entry]) -> None:
    """Take the catalogue as an earlier run read it (from these same files: a cache keyed by them)."""
    if not _LOADED:
        _LOADED.append(entries)


def _read() -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    folder = resources.files("grader.words")
    for area in AREAS:
        data = load_data(folder.joinpath(f"{area}.yaml").read_text(encoding="utf-8")) or {}
        for code, entry in data.items():
            if code in merged:
                raise ValueError(f"words: {code!r} is defined twice ({area}.yaml)")
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                raise ValueError(f"words: {code!r} in {area}.yaml needs exactly ru and en")
            for lang, text in entry.items():
                if isinstance(text, dict) and ("other" not in text or not set(text) <= _CATEGORIES):
                    raise ValueError(f"words: {code!r} {lang} forms must be CLDR categories with `other`")
            merged[code] = entry
    return merged
