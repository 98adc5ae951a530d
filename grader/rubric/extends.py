"""`extends:` — a rubric that starts from another one: settings replaced, criteria merged by id.

Errors in the merged rubric still point at the file and line where the offending text was written:
the child's own keys map to the child, inherited ones to the parent.
"""

from __future__ import annotations

from typing import Any

from grader.errors import RubricError
from grader.rubric.model import Loc, Where

_OWN_KEYS = ("extends", "remove_criteria", "criteria")


def extend(
    child: dict[str, Any], child_where: Where, parent: dict[str, Any], parent_where: Where
) -> tuple[dict[str, Any], Where]:
    merged = {k: v for k, v in parent.items() if k not in _OWN_KEYS}
    merged.update({k: v for k, v in child.items() if k not in _OWN_KEYS})
    criteria, origins = _merge_criteria(child, child_where, parent)
    merged["criteria"] = criteria

    def where(loc: Loc) -> str:
        if not loc:
            return child_where(loc)
        if loc[0] == "criteria" and len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(origins):
            child_index, parent_index = origins[loc[1]]
            key = loc[2] if len(loc) > 2 else None
            if child_index is not None and (
                parent_index is None or key is None or key in child["criteria"][child_index]
            ):
                return child_where(("criteria", child_index, *loc[2:]))
            return parent_where(("criteria", parent_index or 0, *loc[2:]))
        if loc[0] in child:
            return child_where(loc)
        return parent_where(loc)

    return merged, where


def _merge_criteria(
    child: dict[str, Any], child_where: Where, parent: dict[str, Any]
) -> tuple[list[Any], list[tuple[int | None, int | None]]]:
    """The parent's criteria (minus the removed), overridden and extended by the child's, in order;
    and for each, its index in the child and in the parent."""
    inherited_raw = parent.get("criteria")
    inherited: list[Any] = inherited_raw if isinstance(inherited_raw, list) else []
    own = child.get("criteria", [])
    if not isinstance(own, list):
        own = []
    removed = child.get("remove_criteria") or []
    parent_ids = [c.get("id") if isinstance(c, dict) else None for c in inherited]
    problems = [
        f"{child_where(('remove_criteria', i))}: remove_criteria[{i}]: the extended rubric has no "
        f"criterion {name!r} (its ids: {', '.join(str(p) for p in parent_ids)})"
        for i, name in enumerate(removed)
        if name not in parent_ids
    ]
    if problems:
        raise RubricError(problems)
    criteria: list[Any] = []
    origins: list[tuple[int | None, int | None]] = []
    for index, item in enumerate(inherited):
        if parent_ids[index] not in removed:
            criteria.append(item)
            origins.append((None, index))
    by_id = {c.get("id"): position for position, c in enumerate(criteria) if isinstance(c, dict)}
    for index, item in enumerate(own):
        item_id = item.get("id") if isinstance(item, dict) else None
        if item_id in by_id:
            position = by_id[item_id]
            criteria[position] = {**criteria[position], **item}
            origins[position] = (index, origins[position][1])
        else:
            criteria.append(item)
            origins.append((index, None))
    return criteria, origins
