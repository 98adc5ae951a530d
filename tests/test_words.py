"""The catalogue of wording (grader/words/): complete, used, and in both languages alike."""

from __future__ import annotations

import ast
import re
import string

import pytest

from grader.words import UnknownCode, catalogue, say
from grader.words.catalogue import Text

from .conftest import ROOT

GRADER = ROOT / "grader"

# Codes built at run time, not spelled in the source: the prefix, and where the rest comes from.
DYNAMIC = {
    "report.": "labels.label(key): report words and criterion statuses (pass, partial, …)",
    "html.": "html_words.words(lang) → t('key') in the review and report HTML templates",
    "summary.": "gradebook_summary: the sections' words by key",
    "decision.": "decisions.words(key): the marks of an instructor's decision",
    "github.": "github._word(key): the job summary's words",
    "status.": "a batch row's status (graded, not_found, …) as words",
    "metric_kind.": "`{kind:metric_kind}` in a text: the name of the fact's value (business, ml)",
}
FILE_ENDINGS = (".css", ".js", ".html", ".yaml", ".json", ".md", ".txt", ".j2")
# A code-shaped literal: `area.key` or a CONVENTIONS.md warning code (`decoded_cp1251`).
CODE = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$|^[a-z]+(_[a-z0-9]+)+$")


def _fields(text: Text) -> set[str]:
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def _literals() -> set[str]:
    """Every string literal of grader's Python source, and the keys its templates ask for."""
    found: set[str] = set()
    for path in GRADER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    # a text may name another code as a placeholder's format: `{points:unit.points}`
    for entry in catalogue().values():
        for text in entry.values():
            for form in text.values() if isinstance(text, dict) else [text]:
                found.update(spec for _, _, spec, _ in string.Formatter().parse(form) if spec)
    for path in list(GRADER.rglob("*.html")) + list(GRADER.rglob("*.j2")):
        found.update(re.findall(r"""t\(\s*['"]([^'"]+)['"]""", path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_code_has_both_languages_with_the_same_placeholders(code: str) -> None:
    entry = catalogue()[code]
    assert set(entry) == {"ru", "en"}
    assert all(entry.values()), code
    assert _fields(entry["ru"]) == _fields(entry["en"]), code


def test_every_catalogue_entry_is_used() -> None:
    literals = _literals()
    unused = []
    for code in catalogue():
        prefix = next((p for p in DYNAMIC if code.startswith(p)), None)
        used = code in literals or (prefix is not None and code.removeprefix(prefix) in literals)
        if not used and prefix is None:
            unused.append(code)
    assert not unused, f"catalogue entries no source uses: {unused}"


def test_every_code_the_source_uses_is_in_the_catalogue() -> None:
    codes = catalogue()
    areas = {code.split(".")[0] for code in codes if "." in code}
    missing = sorted(
        literal
        for literal in _literals()
        if CODE.match(literal)
        and literal.split(".")[0] in areas
        and literal not in codes
        and not any(literal.startswith(p) for p in DYNAMIC)
        and not literal.endswith(FILE_ENDINGS)
        and f"{literal}." not in DYNAMIC  # a `{fact:metric_kind}` format names a family, not a code
    )
    assert not missing, f"codes used in grader/ without a text in grader/words/: {missing}"


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [(1, "1 балл", "1 point"), (2, "2 балла", "2 points"), (5, "5 баллов", "5 points"),
     (11, "11 баллов", "11 points"), (21, "21 балл", "21 points"), (0.5, "0,5 балла", "0.5 points"),
     (1.5, "1,5 балла", "1.5 points"), (12.0, "12 баллов", "12 points")],
)  # fmt: skip
def test_points_take_the_plural_form_cldr_gives(n: float, ru: str, en: str) -> None:
    assert say("unit.points", "ru", n=n) == ru
    assert say("unit.points", "en", n=n) == en


def test_numbers_in_russian_have_a_decimal_comma() -> None:
    assert say("github.stake", "ru", points=1.2) == "до 1,2 б."
    assert say("github.stake", "en", points=1.2) == "up to 1.2 pts"
    assert say("section.too_short", "ru", title="Цели", words=21, min_words=40) == (
        "Раздел «Цели» слишком короткий: 21 слово из 40 нужных — раскройте его."
    )


def test_an_unknown_code_raises_under_tests() -> None:
    with pytest.raises(UnknownCode):
        say("no-such.code", "ru", n=1)


def test_an_unknown_code_falls_back_to_the_code_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADER_STRICT_WORDS")
    assert say("no-such.code", "en", words=6) == "no-such.code: words=6"
