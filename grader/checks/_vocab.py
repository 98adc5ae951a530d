"""Named data a check refers to (vocabularies, canvases): validated at rubric load, loaded cached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import PrivateAttr, ValidationInfo, model_validator

from grader.checks._terms import Matcher, matcher
from grader.checks.base import Params
from grader.errors import RubricError
from grader.resources import load_resource, rubric_dir

# Resource lookups touch the file system; a check asks for the same data for every submission.
_LOADED: dict[tuple[str, str, Path | None], Any] = {}
METRIC_KINDS = ("business", "ml")
METRIC_GAP = 2  # words a metric's name may have between its own ("доля корректных клиентских транзакций")
# vocabulary identity -> (the vocabulary, its matcher); the vocabulary is kept so its id stays unique
_MATCHERS: dict[int, tuple[dict[str, Any], Matcher]] = {}


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


def groups(vocabulary: dict[str, Any], key: str) -> dict[str, list[str]]:
    """`{metric name: [terms]}` of one class of a vocabulary (`business`, `ml`)."""
    raw = vocabulary.get(key) or {}
    return {str(name): [str(t) for t in terms] for name, terms in raw.items()}


def terms(vocabulary: dict[str, Any], key: str) -> list[str]:
    return [str(t) for t in vocabulary.get(key) or []]


def metric_matcher(vocabulary: dict[str, Any]) -> Matcher:
    """The metrics a text names, of both classes at once (names are `business:loss`, `ml:recall`;
    match with `METRIC_GAP`); built once per loaded vocabulary."""
    cached = _MATCHERS.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        merged = {f"{k}:{name}": words for k in METRIC_KINDS for name, words in groups(vocabulary, k).items()}
        cached = _MATCHERS[id(vocabulary)] = (vocabulary, matcher(merged))
    return cached[1]


def metric_classifier(vocabulary: dict[str, Any]) -> Callable[[str], frozenset[str]]:
    """`metric_matcher` as a function of one text."""
    found = metric_matcher(vocabulary)
    return lambda text: found.classify(text, METRIC_GAP)
