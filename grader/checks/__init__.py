"""The registry of check types. A new check type is a new module in this package, nothing else."""

from __future__ import annotations

import importlib
import pkgutil

from grader.checks._roles import Span, where
from grader.checks.base import (
    _REGISTRY,
    CheckOutcome,
    CheckType,
    Evidence,
    Finding,
    Params,
    Status,
    check,
)

__all__ = [
    "CheckOutcome",
    "CheckType",
    "Evidence",
    "Finding",
    "Params",
    "Span",
    "Status",
    "check",
    "get_check",
    "registry",
    "where",
]

_NOT_CHECKS = {"base"}
_loaded = False


def registry() -> dict[str, CheckType]:
    """Every check type, by name; the modules of this package are imported on first use."""
    global _loaded
    if not _loaded:
        for module in pkgutil.iter_modules(__path__):
            if module.name not in _NOT_CHECKS and not module.name.startswith("_"):
                importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True
    return dict(sorted(_REGISTRY.items()))


def get_check(name: str) -> CheckType | None:
    return registry().get(name)
