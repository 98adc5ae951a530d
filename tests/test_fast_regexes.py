"""Fast paths (regexes with a first-character lookahead, a first-word search) equal their plain forms."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from grader.checks import _time, _units, hygiene, metrics
from grader.checks._time import strip_times
from grader.text import fingerprint
from grader.text import terms as _terms
from grader.text.prose import normalize

# Pieces that start a match of each pattern (and some that nearly do), joined at random.
_GROUPS = (
    "TODO|TBD|FIXME|todo|_url_|x руб|Х ₽|x тыс|<вставьте ссылку>|< your name >|[ссылка]()|Lorem Ipsum|???"
    "|**|__|~~|`|$|*|_|snake_case|a_|_b"
    "|до 1 марта|к концу Q2|за 2 недели|(5д)|3 месяца|by 31 March|в течение|полгода|within|deadline"
    "|срок: до 5|01.03.2026|2026|пять дней|two weeks|ов течение|к концу|одна неделя|две недели|три дня"
    "|четыре месяца|шесть лет|семь суток|восемь часов|девять|десять спринтов|пол года|one month"
    "|three days|four weeks|five years|six hours|until May 5|before 1 June|at the end|q3|Срок сдачи 5"
    "|F1|f0.5|Fβ2|@10|top-5|top5|II рода|1 рода|i рода|NDCG@ 3"
    "|**bold**|__u__|`code`|a. b|c! d|e… f|g; h|a.b|\u00a0|***|____"
    "|recall|ROC-AUC|pr auc|ущерб|ущербом|доля ложных срабатываний|F1|auc| |\t"
)
FRAGMENTS = _GROUPS.split("|")
TEXT = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(alphabet=st.characters(codec="utf-8"), max_size=5), max_size=14
).map("".join)
SETTINGS = settings(max_examples=300, deadline=None)


@SETTINGS
@given(TEXT)
def test_default_placeholders_match_like_their_plain_alternation(line: str) -> None:
    plain = re.compile("|".join(f"(?:{p})" for p in hygiene.DEFAULT_PLACEHOLDERS))
    fast = hygiene._compiled(tuple(hygiene.DEFAULT_PLACEHOLDERS))
    assert [m.group(0) for m in fast.finditer(line)] == [m.group(0) for m in plain.finditer(line)]


@SETTINGS
@given(TEXT)
def test_markup_stripping_matches_its_plain_form(line: str) -> None:
    plain = re.compile(r"\*\*|__|~~|`|\$|\*|(?<!\w)_+|_+(?!\w)")
    assert _units._MARK.sub("", line) == plain.sub("", line)


TERMS = ("доля ложн* срабатыван*", "ущерб*", "pr-auc", "roc-auc", "auc", "f1", "recall", "полнот*")


@SETTINGS
@given(TEXT, st.integers(0, 2))
def test_term_regex_matches_like_its_plain_alternation(text: str, gap: int) -> None:
    fast = _terms.term_regex(TERMS, gap)
    assert fast is not None
    plain = re.compile(fast.pattern.split(")", 1)[1])  # the same alternation without the lookahead
    flat = normalize(text)
    assert fast.findall(flat) == plain.findall(flat)


@SETTINGS
@given(TEXT)
def test_the_time_grammar_s_quick_reject_loses_no_time(text: str) -> None:
    # a text with no digit and no time word is returned as it is: the full search finds nothing there
    matches = [
        m for m in _time._time().finditer(text) if not _time._PERIOD_BEFORE.search(text[: m.start()][-40:])
    ]
    assert strip_times(text)[1] == len(matches)


GROUPS = (
    ("loss", ("ущерб*", "losses", "потер* денег")),
    ("fpr", ("доля ложн* срабатыван*", "fpr", "false positive rate")),
    ("auc", ("roc-auc", "pr-auc", "auc")),
    ("f1", ("f1", "f-мера", "f1-score")),
)


def _names_word_by_word(matcher: _terms.Matcher, text: str, gap: int) -> frozenset[str]:
    """The plain definition: every word of the normalised text, looked up one by one."""
    words = normalize(text).split()
    found = set()
    for i, word in enumerate(words):
        for name, rest in matcher._candidates(word):
            if _terms._rest_matches(words, i + 1, rest, gap):
                found.add(name)
    return frozenset(found)


@SETTINGS
@given(TEXT, st.integers(0, 2))
def test_term_classes_found_by_the_first_word_search_are_those_of_every_word(text: str, gap: int) -> None:
    matcher = _terms.Matcher(GROUPS)
    assert matcher.classify(text, gap) == _names_word_by_word(matcher, text, gap)


@SETTINGS
@given(TEXT)
def test_metric_name_numbers_match_like_their_plain_form(text: str) -> None:
    plain = re.compile(metrics.NAME_NUMBERS_PATTERN, re.IGNORECASE)
    assert metrics._NAME_NUMBERS.sub(" ", text) == plain.sub(" ", text)


@SETTINGS
@given(TEXT, st.integers(0, 2))
def test_a_term_matcher_agrees_with_the_term_pattern(text: str, gap: int) -> None:
    assert bool(_terms.classify({"t": list(TERMS)}, text, gap)) == _terms.has_term(TERMS, text, gap=gap)


TASK = (
    "Сформулируйте цели проектируемой системы по требованиям заказчика. Выберите **метрику** "
    "машинного обучения; обоснуйте выбор! Заполните MISSION canvas для проекта антифрода"
)


@SETTINGS
@given(st.lists(st.sampled_from([*TASK.split(" "), *FRAGMENTS, ". ", "\n", "> ", "- ", "ё"]), max_size=40))
def test_copied_lines_found_with_the_opener_filter_are_those_found_without(pieces: list[str]) -> None:
    text = " ".join(pieces) + "\n" + TASK
    lines = list(enumerate(text.split("\n"), start=1))
    hashes = frozenset(fingerprint.fingerprint(TASK))
    filtered = fingerprint.copied_lines(lines, hashes, openers=frozenset(fingerprint.openers(TASK)))
    assert filtered == fingerprint.copied_lines(lines, hashes)
    assert len(lines) in filtered  # the task's own line is always found


@SETTINGS
@given(st.lists(TEXT, max_size=6).map("\n".join))
def test_a_default_placeholder_in_a_line_is_found_in_the_whole_text(text: str) -> None:
    regex = hygiene._compiled(tuple(hygiene.DEFAULT_PLACEHOLDERS))
    if any(regex.search(line) for line in text.split("\n")):
        assert regex.search(text)


@SETTINGS
@given(st.lists(TEXT, max_size=8), st.integers(0, 2))
def test_texts_classified_together_get_the_classes_each_gets_alone(texts: list[str], gap: int) -> None:
    matcher = _terms.Matcher(GROUPS)
    assert matcher.classify_all(texts, gap) == [_names_word_by_word(matcher, text, gap) for text in texts]


def _plain_parts(line: str) -> list[str]:
    """The plain definition of a line's sentences: markup, then every inline pattern, then the split."""
    text = fingerprint._INLINE.sub(fingerprint._inline_text, fingerprint._MARKUP.sub("", line))
    return re.split(r"(?<=[.!?…;])\s+", text)


@SETTINGS
@given(TEXT)
def test_a_lines_sentences_are_split_like_their_plain_form(line: str) -> None:
    assert fingerprint._parts(line) == _plain_parts(line)
