"""Named data a check refers to (vocabularies, canvases): validated at rubric load, loaded cached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import PrivateAttr, ValidationInfo, model_validator

from grader.checks.base import Params
from grader.errors import RubricError
from grader.resources.named import load_resource, rubric_dir
from grader.text.terms import Matcher, matcher

# Resource lookups touch the file system; a check asks for the same data for every submission.
_LOADED: dict[tuple[str, str, Path | None], Any] = {}
METRIC_KINDS = ("business", "ml")
METRIC_GAP = 2  # words a metric's name may have between its own ("доля корректных клиентских транзакций")
# What a check builds from loaded data (a matcher, a compiled canvas), by the data's key and the builder
_DERIVED: dict[tuple[str, str, Path | None, Callable[[Any], Any]], Any] = {}
T = TypeVar("T")


class DataParams(Params):
    """Params that remember the rubric's folder, so data beside the rubric is found at grading time."""

    _base: Path | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _remember_base(self, info: ValidationInfo) -> DataParams:
        self._base = rubric_dir(info)
        return self

    def data(self, kind: str, name: str) -> Any:
        key = (kind, name, self._base)
        if key in _LOADED:
            return _LOADED[key]
        loaded = load_resource(kind, name, self._base)
        if not isinstance(loaded, dict):
            raise RubricError([f"{kind}/{name}: must be a mapping"])
        _LOADED[key] = loaded
        return loaded

    def derived(self, kind: str, name: str, build: Callable[[Any], T]) -> T:
        """`build(data)` of the named data, built once (a check asks for it for every submission)."""
        key = (kind, name, self._base, build)
        if key not in _DERIVED:
            _DERIVED[key] = build(self.data(kind, name))
        result: T = _DERIVED[key]
        return result


def groups(vocabulary: dict[str, Any], key: str) -> dict[str, list[str]]:
    """`{metric name: [terms]}` of one class of a vocabulary (`business`, `ml`)."""
    raw = vocabulary.get(key) or {}
    return {str(name): [str(t) for t in terms] for name, terms in raw.items()}


def terms(vocabulary: dict[str, Any], key: str) -> list[str]:
    return [str(t) for t in vocabulary.get(key) or []]


def metric_matcher(vocabulary: dict[str, Any]) -> Matcher:
    """The metrics a text names, of both classes at once (names are `business:loss`, `ml:recall`;
    match with `METRIC_GAP`). Build it through `DataParams.derived`, which keeps it."""
    merged = {f"{k}:{name}": words for k in METRIC_KINDS for name, words in groups(vocabulary, k).items()}
    return matcher(merged)


def metric_classifier(found: Matcher) -> Callable[[str], frozenset[str]]:
    """A metric matcher as a function of one text."""
    return lambda text: found.classify(text, METRIC_GAP)
