"""YAML loading that remembers where every value came from, for `file:line:col` errors; and loading
that needs no positions (libyaml's loader, several times faster than PyYAML's own).

PyYAML is imported on first use: a run whose rubric and data come from the cache reads no YAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


@cache
def _loader() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    import yaml

    # the C loader is several times faster; fall back where PyYAML was built without libyaml
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class YamlSyntaxError(Exception):
    def __init__(self, message: str, position: Position | None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class LocatedYaml:
    data: Any
    root: yaml.Node | None

    def position(self, loc: Sequence[str | int]) -> Position:
        """The position of the value at a pydantic-style `loc`; the nearest existing parent otherwise.

        For a missing key the parent mapping's position is returned, which is where it belongs.
        """
        node = self.root
        best = _pos(node) if node is not None else Position(1, 1)
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
            best = _pos(node)
        return best


def load_data(text: str) -> Any:
    """The data of a YAML text, as `yaml.safe_load` reads it, by libyaml's loader where PyYAML has it.

    A text libyaml rejects is read again by PyYAML's own loader: its error, and the wording of that
    error (libyaml words and places errors differently), are the ones `safe_load` has always raised.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # CSafeLoader or SafeLoader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load_yaml(text: str) -> LocatedYaml:
    import yaml

    loader = _loader()(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        raise YamlSyntaxError(f"{exc.problem or exc.context or 'invalid YAML'}", position) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], None) from None
    finally:
        loader.dispose()
    return LocatedYaml(data, root)


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value  # type: ignore[no-any-return]
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None
