"""Rubrics loaded: YAML validated in two passes (shape, then each check's parameters), errors located.

A bad rubric stops everything before anyone is graded: every problem is reported at once, one
`file:line:col: field: message` line each.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from grader.checks import registry
from grader.errors import InputError, RubricError
from grader.resources.bundled import bundled_dir, bundled_ids
from grader.resources.yamlpos import LocatedYaml, YamlSyntaxError, load_yaml
from grader.rubric.cache import cached
from grader.rubric.extends import extend
from grader.rubric.model import (
    CompiledCriterion,
    Criterion,
    LoadedRubric,
    Loc,
    Rubric,
    Where,
)
from grader.rubric.semantics import semantic_problems

__all__ = [
    "DEFAULT_RUBRIC",
    "load_rubric",
    "parse_rubric",
    "resolve_rubric",
]

DEFAULT_RUBRIC = "otus-mlops-hw1"


def resolve_rubric(ref: str) -> Path:
    """A rubric reference is a path to a YAML file or the id of a bundled rubric."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or "/" in ref or path.is_file():
        if not path.is_file():
            raise InputError(f"{ref}: rubric file not found (give a YAML path or a bundled id)")
        return path
    candidate = bundled_dir() / f"{ref}.yaml"
    if not candidate.is_file():
        known = ", ".join(bundled_ids()) or "none"
        raise InputError(f"{ref}: no bundled rubric with this id (bundled: {known})")
    return candidate


def load_rubric(ref: str = DEFAULT_RUBRIC) -> LoadedRubric:
    path = resolve_rubric(ref)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the rubric ({exc.__class__.__name__})") from None
    base = path.resolve().parent
    # validated once per rubric, its data and the grader's code; kept in the user's cache folder
    return cached(text, str(path), base, lambda read: _parse(text, str(path), base, read))


def parse_rubric(text: str, source: str, base: Path | None = None) -> LoadedRubric:
    """Validate a rubric's text; `base` is its folder, where named resources are looked up first."""
    return _parse(text, source, base, [])


def _parse(text: str, source: str, base: Path | None, read: list[Path]) -> LoadedRubric:
    """`parse_rubric`, every file consulted for the rubrics it extends appended to `read`."""
    data, where = _resolved(text, source, base, (), read)
    problems: list[str] = []
    rubric: Rubric | None = None
    try:
        rubric = Rubric.model_validate(data, context={"rubric_dir": base})
    except ValidationError as exc:
        problems.extend(_located_errors(exc, where, ()))
    compiled = _compile_criteria(data, where, problems, base)
    # on the raw data: reported in the same run as any structural problem
    problems.extend(_line(where, loc, message) for loc, message in semantic_problems(data))
    if problems or rubric is None:
        raise RubricError(sorted(problems, key=_position))
    return LoadedRubric(rubric, compiled, source, _sha256(rubric, compiled))


def _located(text: str, source: str) -> LocatedYaml:
    try:
        located = load_yaml(text)
    except YamlSyntaxError as exc:
        where = f"{exc.position.line}:{exc.position.column}" if exc.position else "1:1"
        raise RubricError([f"{source}:{where}: not valid YAML: {exc.message}"]) from None
    if not isinstance(located.data, dict):
        raise RubricError([f"{source}:1:1: the rubric must be a mapping with `id` and `criteria`"])
    return located


def _resolved(
    text: str, source: str, base: Path | None, chain: tuple[Path, ...], read: list[Path]
) -> tuple[dict[str, Any], Where]:
    """The rubric's data after `extends:`, and where each part of it was written."""
    located = _located(text, source)

    def where(loc: Loc) -> str:
        position = located.position(loc)
        return f"{source}:{position.line}:{position.column}"

    data: dict[str, Any] = located.data
    parent = data.get("extends")
    if parent is None:
        return data, where
    return extend(data, where, *_parent(parent, base, chain, where, read))


def _parent(
    ref: Any, base: Path | None, chain: tuple[Path, ...], where: Where, read: list[Path]
) -> tuple[dict[str, Any], Where]:
    if not isinstance(ref, str) or not ref:
        raise RubricError([f"{where(('extends',))}: extends: give a bundled rubric id or a path"])
    relative = (base / ref) if base is not None else Path(ref)
    # which file `ref` names depends on which of these exist (see resolve_rubric)
    read.extend([relative, Path(ref), bundled_dir() / f"{ref}.yaml"])
    try:
        path = relative if relative.is_file() else resolve_rubric(ref)
    except InputError as exc:
        raise RubricError([f"{where(('extends',))}: extends: {exc}"]) from None
    resolved = path.resolve()
    if resolved in chain:
        raise RubricError([f"{where(('extends',))}: extends: a cycle through {path}"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([f"{where(('extends',))}: extends: cannot read {path} ({exc})"]) from None
    read.append(path)
    return _resolved(text, str(path), resolved.parent, (*chain, resolved), read)


def _compile_criteria(
    data: dict[str, Any], where: Where, problems: list[str], base: Path | None
) -> list[CompiledCriterion]:
    """Second pass: each criterion's `check` must exist and its `params` fit the check's model."""
    raw = data.get("criteria")
    if not isinstance(raw, list):
        return []
    checks = registry()
    compiled: list[CompiledCriterion] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        loc: tuple[str | int, ...] = ("criteria", index)
        criterion_id = item.get("id")
        if isinstance(criterion_id, str):
            if criterion_id in seen:
                problems.append(
                    _line(
                        where,
                        (*loc, "id"),
                        f"duplicate criterion id {criterion_id!r} "
                        f"(first at criteria[{seen[criterion_id]}]); ids must be unique",
                    )
                )
            seen.setdefault(criterion_id, index)
        name = item.get("check")
        if not isinstance(name, str):
            continue
        check_type = checks.get(name)
        if check_type is None:
            import difflib  # only for a mistyped check: a valid rubric's run never imports it

            near = difflib.get_close_matches(name, list(checks), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            problems.append(
                _line(
                    where,
                    (*loc, "check"),
                    f"unknown check type {name!r} ({hint}`grader checks` lists them)",
                )
            )
            continue
        params_raw = item.get("params") or {}
        try:
            params = check_type.params.model_validate(params_raw, context={"rubric_dir": base})
        except ValidationError as exc:
            problems.extend(_located_errors(exc, where, (*loc, "params")))
            continue
        try:
            criterion = Criterion.model_validate(item)
        except ValidationError:
            continue  # already reported by the first pass
        compiled.append(CompiledCriterion(criterion, check_type, params))
    return compiled


def _located_errors(exc: ValidationError, where: Where, prefix: Loc) -> list[str]:
    lines = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown field (check its spelling; `grader checks NAME` lists parameters)"
        elif error["type"] == "missing":
            message = "required field is missing"
        lines.append(_line(where, loc, message))
    return lines


def _position(problem: str) -> tuple[str, int, int]:
    """Problems in the order they appear in the files, whichever pass found them."""
    match = re.match(r"(.*?):(\d+):(\d+): ", problem)
    return (match[1], int(match[2]), int(match[3])) if match else (problem, 0, 0)


def _line(where: Where, loc: Loc, message: str) -> str:
    return f"{where(loc)}: {_field(loc)}: {message}"


def _field(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "union[", "literal[")) or part in {"str", "dict"}:
            continue  # pydantic's internal validator names mean nothing to a rubric author
        else:
            out += f".{part}" if out else part
    return out or "(root)"


def _sha256(rubric: Rubric, compiled: list[CompiledCriterion]) -> str:
    """sha256 of the resolved rubric as canonical JSON (sorted keys, no whitespace, UTF-8)."""
    data = rubric.model_dump(mode="json")
    params = {c.criterion.id: c.params.model_dump(mode="json") for c in compiled}
    for criterion in data["criteria"]:
        criterion["params"] = params.get(criterion["id"], criterion["params"])
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
