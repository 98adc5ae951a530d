"""Data a rubric refers to by name: canvases, vocabularies (YAML under `rubrics/<kind>/`).

A name is looked up beside the rubric file first (so a rubric author's own data wins), then among
the bundled rubrics. Check parameters validate their references through pydantic's validation
context, so a missing one is a located rubric error like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.errors import RubricError
from grader.resources.bundled import bundled_dir
from grader.resources.yamlpos import load_data

if TYPE_CHECKING:
    from pydantic import ValidationInfo

_SINGULAR = {"canvases": "canvas", "vocabularies": "vocabulary", "fingerprints": "fingerprint"}
KINDS = tuple(_SINGULAR)


def rubric_dir(info: ValidationInfo | None) -> Path | None:
    """The folder of the rubric being validated, from pydantic's validation context."""
    context = info.context if info is not None else None
    folder = context.get("rubric_dir") if isinstance(context, dict) else None
    return folder if isinstance(folder, Path) else None


# Found paths, remembered: checks look their data up for every submission of a batch.
_FOUND: dict[tuple[str, str, Path | None], Path] = {}


def resource_path(kind: str, name: str, base: Path | None) -> Path | None:
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    key = (kind, name, base)
    if key in _FOUND:
        return _FOUND[key]
    for folder in _folders(kind, base):
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                _FOUND[key] = candidate
                return candidate
    return None


def _bases(base: Path | None) -> list[Path]:
    return ([base] if base is not None else []) + [bundled_dir()]


def _folders(kind: str, base: Path | None) -> list[Path]:
    return [folder / kind for folder in _bases(base)]


def data_folders(base: Path | None) -> list[Path]:
    """Every folder a name is looked up in for a rubric in `base` (its own, then the bundled ones, each
    kind by kind): all the data it can depend on."""
    return list(dict.fromkeys(folder / kind for folder in _bases(base) for kind in KINDS))


def data_files(folder: Path) -> list[Path]:
    """The data files of one folder, in name order; none when it is missing or unreadable."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return []


def available(kind: str, base: Path | None) -> list[str]:
    names: set[str] = set()
    for folder in _folders(kind, base):
        if folder.is_dir():
            names.update(p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return sorted(names)


def require(kind: str, name: str, info: ValidationInfo | None) -> str:
    """Validate a reference inside a Params validator: raise ValueError naming what exists."""
    base = rubric_dir(info)
    if resource_path(kind, name, base) is None:
        known = ", ".join(available(kind, base)) or "none"
        raise ValueError(f"no {_SINGULAR.get(kind, kind)} named {name!r} (known: {known})")
    return name


# Parsed files by path, loaded once (or given by `remember`: a rubric's cache entry brings its data).
_DATA: dict[Path, Any] = {}


def load_file(path: Path) -> Any:
    """The parsed data of a resource file (RubricError when it cannot be read)."""
    if path in _DATA:
        return _DATA[path]
    import yaml

    try:
        data = _DATA[path] = load_data(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError([f"{path}:1:1: cannot load ({exc.__class__.__name__}: {exc})"]) from None
    return data


def remember(path: Path, data: Any) -> None:
    """Take a resource file's data parsed by an earlier run (its content unchanged since)."""
    _DATA.setdefault(path, data)


def load_resource(kind: str, name: str, base: Path | None = None) -> Any:
    """The parsed YAML of a named resource (cached: checks call this for every submission)."""
    path = resource_path(kind, name, base)
    if path is None:
        raise RubricError([f"{kind}/{name}: not found"])
    return load_file(path)
