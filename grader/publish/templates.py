"""Jinja2 templates for what is delivered: the issue title and body, a commit comment, a chat message.

Autoescape is off (the outputs are Markdown and plain text, not HTML), so escaping is done here, for
every `{{ … }}` at once through Jinja's `finalize`: a value is written as inert Markdown (or as
plain text, for `.txt.j2` templates) unless it is `Inert` — text the grader's own renderers already
made safe for that output (the feedback report). A template an instructor writes therefore cannot
forget to escape a student's name: there is no `|safe` for it to reach for.

Templates are looked up in `--template-dir` first, then in the rubric's `templates:` folder, then in
the defaults shipped in grader/publish/templates/, so overriding one file (say `signature.md.j2`)
keeps the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    pass_context,
)
from jinja2.runtime import Context

from grader.errors import InputError
from grader.report.escape import md_inline, one_line
from grader.words import say

NAMES = ("issue_title.txt.j2", "issue_body.md.j2", "commit_comment.md.j2", "telegram.txt.j2")


class Inert(str):
    """Text already safe for the output it is rendered into (made by the grader's renderers)."""

    __slots__ = ()


def _number(value: float) -> str:
    return f"{value:g}"


def _inert(escape: Callable[[str], str]) -> Callable[[Any], str]:
    """A `finalize`: nothing for None, an `Inert` as it is, numbers as numbers, any other value escaped."""

    def finalize(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Inert):
            return value
        if isinstance(value, float | int) and not isinstance(value, bool):
            return _number(value)
        return escape(str(value))

    return finalize


_as_markdown = _inert(md_inline)
_as_text = _inert(lambda text: neutralise_mentions(one_line(text)))


def neutralise_mentions(text: str) -> str:
    """`@name` in plain text pings that person in a Telegram group: a word joiner after `@` stops it."""
    import re

    return re.sub(r"(?<![\w@])@(?=[A-Za-z0-9_])", "@\u2060", text)


@pass_context
def _t(context: Context, code: str, **facts: Any) -> Inert:
    """`{{ t("publish.greeting", name=student.name) }}`: a catalogue text in the template's `lang`, each
    fact escaped for the output first (numbers stay numbers, written as the language writes them)."""
    finalize = context.environment.finalize
    assert finalize is not None
    shown = {
        k: v if isinstance(v, float | int) and not isinstance(v, bool) else finalize(v)
        for k, v in facts.items()
    }
    return Inert(say(code, str(context.get("lang") or "ru"), **shown))


class Templates:
    def __init__(self, *folders: Path | None) -> None:
        """`folders` first to last (`--template-dir`, then the rubric's `templates:`), then the defaults."""
        chosen = [f for f in folders if f is not None]
        for folder in chosen:
            if not folder.is_dir():
                raise InputError(f"{folder}: the templates folder does not exist")
        loaders: list[Any] = [FileSystemLoader(str(f)) for f in chosen]
        loader = ChoiceLoader([*loaders, PackageLoader("grader.publish", "templates")])
        common: dict[str, Any] = {
            "loader": loader,
            "autoescape": False,  # Markdown and plain text: escaped by `finalize` instead
            "undefined": StrictUndefined,  # a misspelt variable is an error, not an empty string
            "keep_trailing_newline": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
        }
        self._markdown = Environment(finalize=_as_markdown, **common)
        self._text = Environment(finalize=_as_text, **common)
        for env in (self._markdown, self._text):
            env.globals["t"] = _t  # the catalogue's words (grader/words/publish.yaml)

    def render(self, name: str, context: dict[str, Any]) -> str:
        env = self._markdown if name.endswith(".md.j2") else self._text
        try:
            return env.get_template(name).render(context)
        except TemplateError as exc:
            where, line = _template_position(exc, name)
            at = f":{line}" if line else ""
            raise InputError(f"{where}{at}: template error: {one_line(str(exc))}") from None


def _template_position(exc: TemplateError, name: str) -> tuple[str, int | None]:
    """The template file and line an error came from: a syntax error says it; an error while rendering
    (an undefined variable) is found in the traceback, where Jinja puts the template's own lines."""
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code.co_filename
        if code.endswith(".j2"):
            filename, line = code, tb.tb_lineno
        tb = tb.tb_next
    return (filename or name), line
