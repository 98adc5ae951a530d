"""Validated rubrics kept between runs: a run starts from the rubric, its data and its wording as the
last run with the same rubric left them, instead of validating, parsing YAML and loading dictionaries.

An entry is a pickle in the user's cache folder (`GRADER_CACHE_DIR`, else the platform's: `~/.cache/grader`
or `$XDG_CACHE_HOME/grader`, `~/Library/Caches/grader`, `%LOCALAPPDATA%\\grader`) under `rubrics/`, named by
the sha256 of the rubric file's text, path and folder, the grader's version, the size and time of its code
and wording files (an edited checkout is another grader), Python's and pydantic's versions and the Russian
dictionary's. It holds the LoadedRubric; the sha256 of every file it can depend on besides its own text:
the rubrics it extends (and the places `extends:` looked), every file of the data folders a name is
looked up in (beside the rubric, then the bundled ones) and those folders' listings, so that an entry
whose files changed, appeared or went is rebuilt; those data files parsed; the forms of every `~` word
of its terms (grading then never loads pymorphy3's dictionaries; the words of earlier builds are kept in
`forms-<dictionary>.pickle`, so a rubric edited again loads no dictionary for words already seen); and
the wording catalogue.

Only a valid rubric is kept. An entry that cannot be read (corrupt, cut short, another layout) is ignored
and rebuilt; every file is written to a temporary file and renamed into place, so a reader never sees
half of one; the 32 newest entries are kept. `GRADER_NO_CACHE=1` turns the cache off. The folder is the
user's own (a pickle is code): it is created private, and an entry another user owns is never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core

from grader import __version__
from grader.checks import term_words
from grader.files import write_atomic
from grader.resources import named as resources
from grader.rubric.model import LoadedRubric
from grader.text import lemmas
from grader.words.catalogue import catalogue
from grader.words.catalogue import remember as remember_words

FORMAT = 1  # the layout of an entry: a change makes every older entry another layout
_KEEP = 32  # entries kept (the most recently written); older ones are removed when one is written
_CODE = Path(__file__).resolve().parent.parent  # the grader package
# the code and data that build what an entry holds: a change to any of them is another key
_STAMPED = (
    *((_CODE / package, (".py",)) for package in ("", "rubric", "resources", "checks", "text")),
    (_CODE / "words", (".py", ".yaml")),
)

# A consulted file and its content's sha256, None when it was not a file.
Fact = tuple[str, str | None]
# the data whose strings are terms (`~доля ложн*`); a fingerprint's are the task's text
_TERMS_IN = ("vocabularies", "canvases")


def cache_dir() -> Path | None:
    """Where entries are kept; None when the cache is off (`GRADER_NO_CACHE`)."""
    if os.environ.get("GRADER_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("GRADER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "grader"


def cached(
    text: str, source: str, base: Path | None, build: Callable[[list[Path]], LoadedRubric]
) -> LoadedRubric:
    """The rubric `build` makes of `text` (read from `source`, in the folder `base`), from the cache when
    an entry is there and its files are unchanged. `build` appends to its list every file it consults
    besides `text` (for the rubrics it extends)."""
    folder = cache_dir()
    if folder is None:
        return build([])
    entry = folder / "rubrics" / f"{_key(text, source, base)}.pickle"
    loaded = _read(entry)
    if loaded is not None:
        return loaded
    consulted: list[Path] = []
    loaded = build(consulted)
    with suppress(Exception):  # a cache that cannot be written is no cache, never an error
        for private in (folder, entry.parent):
            private.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write(entry, _entry(loaded, consulted, base))
    return loaded


def _key(text: str, source: str, base: Path | None) -> str:
    parts = [
        FORMAT,
        __version__,
        sys.version,
        pydantic.VERSION,
        pydantic_core.__version__,
        lemmas.dictionary_id(),
        list(_code_stamp()),
        source,
        str(base),
        text,
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _code_stamp() -> Iterator[tuple[str, int, int]]:
    for folder, suffixes in _STAMPED:
        with suppress(OSError), os.scandir(folder) as found:
            for item in sorted(found, key=lambda e: e.name):
                if item.name.endswith(suffixes):
                    stat = item.stat()
                    yield f"{folder.name}/{item.name}", stat.st_mtime_ns, stat.st_size


def _fact(path: Path) -> Fact:
    """What a file holds (its sha256), what a folder lists (the sha256 of its names), None when absent."""
    try:
        if path.is_dir():
            content = "\n".join(sorted(item.name for item in path.iterdir())).encode("utf-8")
        else:
            content = path.read_bytes()
    except OSError:
        return str(path), None
    return str(path), hashlib.sha256(content).hexdigest()


def _entry(loaded: LoadedRubric, consulted: list[Path], base: Path | None) -> dict[str, Any]:
    """An entry: the rubric, and every data file a check may name (the data folders beside the rubric
    and the bundled ones), parsed; validation reads some of them, grading may read any."""
    files = list(consulted)
    data: dict[Path, Any] = {}
    terms: list[Any] = [c.params.model_dump() for c in loaded.criteria]
    for folder in resources.data_folders(base):
        files.append(folder)
        for path in resources.data_files(folder):
            files.append(path)
            with suppress(Exception):  # a file that cannot be read fails where it is used, as without a cache
                data[path] = resources.load_file(path)
                if folder.name in _TERMS_IN:
                    terms.append(data[path])
    return {
        "format": FORMAT,
        "loaded": loaded,
        "files": [_fact(path) for path in dict.fromkeys(files)],
        "data": data,
        "forms": _forms([s for s in _strings(terms) if "~" in s]),
        "words": catalogue(),
    }


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _forms(terms: list[str]) -> dict[str, frozenset[str]]:
    """The forms of the terms' `~` words, as the checks expand them; the words of earlier builds are
    kept in one file of their own, so a rubric edited again loads no dictionary for the same words."""
    folder = cache_dir()
    known_file = folder / f"forms-{_digest(lemmas.dictionary_id())}.pickle" if folder is not None else None
    earlier = _load(known_file) if known_file is not None else None
    if isinstance(earlier, dict):
        lemmas.remember(earlier)
    before = len(lemmas.known())
    for term in terms:
        term_words(term)
    known = lemmas.known()
    if known_file is not None and len(known) > before:
        with suppress(Exception):
            _atomic_write(known_file, known)
    return known


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _read(path: Path) -> LoadedRubric | None:
    """The entry's rubric, its data, forms and wording taken; None when there is no usable entry."""
    entry = _load(path)
    try:
        if entry["format"] != FORMAT or not isinstance(entry["loaded"], LoadedRubric):
            return None
        if any(_fact(Path(name)) != (name, sha) for name, sha in entry["files"]):
            return None  # a file it was validated against has changed, appeared or gone
        data, forms, words = dict(entry["data"]), dict(entry["forms"]), dict(entry["words"])
    except Exception:  # not an entry of this layout
        return None
    for found, value in data.items():
        resources.remember(found, value)
    lemmas.remember(forms)
    remember_words(words)
    loaded: LoadedRubric = entry["loaded"]
    return loaded


def _load(path: Path) -> Any:
    """A pickle this user wrote; None when it is missing, another user's or unreadable."""
    try:
        with open(path, "rb") as file:
            if hasattr(os, "getuid") and os.fstat(file.fileno()).st_uid != os.getuid():
                return None
            return pickle.load(file)
    except Exception:  # corrupt, cut short, a class since renamed: rebuilt
        return None


def _write(path: Path, entry: dict[str, Any]) -> None:
    _atomic_write(path, entry)
    others = sorted(path.parent.glob("*.pickle"), key=_mtime, reverse=True)
    for old in others[_KEEP:]:
        with suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _atomic_write(path: Path, value: Any) -> None:
    write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
