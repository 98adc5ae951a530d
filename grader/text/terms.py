"""Matching vocabulary terms (data from `rubrics/`) against student text, ru and en.

A term is written in normalised form (lower case, no punctuation): `~доля ложн* срабатыван*`. A
word ending in `*` matches any ending (`fraud*`, `ущерб*`); a Russian word after `~` matches every
form of its lemma (pymorphy3's dictionaries: `~позволять` finds «позволяет», «позволят», «позволило»,
`~доля` finds «долю», «долей»); a bare word matches only itself, for where the form carries the
meaning («задачи», the tasks, is not «задача», the problem). Terms match on word boundaries only, so
`auc` is not found inside `sauce`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice

from grader.text.lemmas import forms
from grader.text.prose import fold
from grader.text.prose import normalize as _normalize


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """grader.text.prose.normalize, cached: labels and short texts are normalised again and again."""
    return _normalize(text)


@lru_cache(maxsize=1024)
def term_regex(terms: tuple[str, ...], gap: int = 0) -> re.Pattern[str] | None:
    """One alternation for a group of terms; None when the group is empty.

    `gap`: how many other words may sit between a term's words ("доля корректных клиентских
    транзакций" for `доля корректн* транзакц*` needs 1).
    """
    parts: list[str] = []
    firsts: set[str] = set()
    for term in terms:
        pattern: list[str] = []
        words = _parse_term(term)
        if words:
            firsts.update(variant[0] for variant in words[0][2])
        for word, star, variants in words:
            if star:
                pattern.append(re.escape(word) + r"\w*")
            elif len(variants) == 1:
                pattern.append(re.escape(word))
            else:
                pattern.append(
                    "(?:" + "|".join(map(re.escape, sorted(variants, key=len, reverse=True))) + ")"
                )
        if pattern:
            joint = rf"\s+(?:\w+\s+){{0,{gap}}}" if gap else r"\s+"
            parts.append(joint.join(pattern))
    if not parts:
        return None
    parts.sort(key=len, reverse=True)  # longest first: "pr auc" before "auc"
    # a lookahead of the terms' first letters lets the engine skip other positions at once
    first = re.escape("".join(sorted(firsts)))
    return re.compile(rf"(?=[{first}])(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def has_term(terms: Sequence[str], text: str, normalized: bool = False, gap: int = 0) -> bool:
    regex = term_regex(tuple(terms), gap)
    if regex is None:
        return False
    return regex.search(text if normalized else normalize(text)) is not None


# (text, True when it ends in `*`: any ending, the forms it matches when it has no `*`)
Word = tuple[str, bool, frozenset[str]]
_RUN = re.compile(r"[^\W_]+")  # a word of `normalize`: a run of letters and digits
_NONE: frozenset[str] = frozenset()


class Matcher:
    """Many groups of terms matched at once over a text's words.

    A regular-expression alternation of a whole vocabulary tries every term at every position; this
    finds the words that could start a term with one search (grouped by first letter, in C), looks up
    those words' candidate terms by exact form or by prefix, then checks the rest of each term.
    """

    def __init__(self, groups: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.exact: dict[str, list[tuple[str, list[Word]]]] = {}
        self.prefix: dict[str, list[tuple[str, list[Word]]]] = {}
        for name, terms in groups:
            for term in terms:
                words = _parse_term(term)
                if not words:
                    continue
                (first, star, variants), rest = words[0], list(words[1:])
                if star:
                    self.prefix.setdefault(first, []).append((name, rest))
                else:
                    for variant in variants:
                        self.exact.setdefault(variant, []).append((name, rest))
        self.lengths = sorted({len(p) for p in self.prefix})
        # most words start like no prefix term: one set lookup rejects them before any slicing
        self.head = self.lengths[0] if self.lengths else 0
        self.heads = {p[: self.head] for p in self.prefix}
        self.seen: dict[str, list[tuple[str, list[Word]]]] = {}
        self.classes: dict[tuple[str, int], frozenset[str]] = {}
        self.first_words = _first_words(list(self.exact), list(self.prefix))

    def _candidates(self, word: str) -> list[tuple[str, list[Word]]]:
        candidates = list(self.exact.get(word, ()))
        if self.head and word[: self.head] in self.heads:
            for length in self.lengths:
                if length > len(word):
                    break
                candidates.extend(self.prefix.get(word[:length], ()))
        if len(self.seen) < 200_000:
            self.seen[word] = candidates
        return candidates

    def names(self, text: str, gap: int) -> frozenset[str]:
        """Names of the groups whose terms occur in a text."""
        found = {name for _, name in self.occurrences(" " + fold(text), gap)}
        return frozenset(found) if found else _NONE

    def occurrences(self, padded: str, gap: int) -> Iterator[tuple[int, str]]:
        """(offset, name) for each term found in " " + a folded text: the offset of the space before
        the term's first word.

        The words of `normalize(text)` are the runs of letters and digits of the folded text, so the
        text is never normalised: the first-word search finds, in C, each word that could start a
        term; only those words are looked up, and a term's other words are read after it on demand.
        """
        if self.first_words is None:
            return
        for match in self.first_words.finditer(padded):
            word = match.group(1)  # the whole word a term may start with
            candidates = self.seen.get(word)
            if candidates is None:
                candidates = self._candidates(word)
            following: list[str] | None = None
            for name, rest in candidates:
                if rest and following is None:
                    wanted = max(len(r) for _, r in candidates) * (gap + 1)
                    following = [m.group() for m in islice(_RUN.finditer(padded, match.end()), wanted)]
                if not rest or _rest_matches(following or [], 0, rest, gap):
                    yield match.start(), name

    def classify_all(self, texts: Sequence[str], gap: int) -> list[frozenset[str]]:
        """`classify` of many texts in one search: folded, joined by more filler words than `gap`
        lets a term skip (so no term runs from one text into the next), each found term's offset
        tells its text."""
        filler = " " + " ".join(["qqnexttextqq"] * (gap + 1)) + " "
        folded = [fold(text) for text in texts]
        starts: list[int] = []
        position = 1  # the leading space
        for piece in folded:
            starts.append(position)
            position += len(piece) + len(filler)
        found: dict[int, set[str]] = {}
        for offset, name in self.occurrences(" " + filler.join(folded), gap):
            found.setdefault(bisect_right(starts, offset + 1) - 1, set()).add(name)
        return [frozenset(found[i]) if i in found else _NONE for i in range(len(texts))]

    def classify(self, text: str, gap: int = 0) -> frozenset[str]:
        """Names of the groups whose terms occur in the text; remembered per text."""
        key = (text, gap)
        found = self.classes.get(key)
        if found is None:
            found = self.names(text, gap)
            if len(self.classes) < 65536:
                self.classes[key] = found
        return found


def _first_words(words: list[str], stems: list[str]) -> re.Pattern[str] | None:
    """A character that is not a letter or digit, then (group 1) a word equal to one of `words` or
    starting with one of `stems`: searched in " " + a normalised or folded text (the words of `normalize`
    are the folded text's runs of letters and digits).

    Starting with a character class lets the engine skip in C to the next separator; the words are
    grouped by first letter, so a separator is followed by one test per letter, not one per word.
    """
    if not words and not stems:
        return None
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(re.escape(word[1:]) + r"(?![^\W_])")
    for stem in stems:
        rests.setdefault(stem[0], []).append(re.escape(stem[1:]))
    branches = [
        re.escape(first) + "(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")"
        for first, alternatives in sorted(rests.items())
    ]
    return re.compile(r"[\W_]((?:" + "|".join(branches) + r")[^\W_]*)")


def term_words(term: str) -> tuple[Word, ...]:
    """A term's words: (text, ends in `*`, the forms it matches)."""
    return _parse_term(term)


@lru_cache(maxsize=4096)
def _parse_term(term: str) -> tuple[Word, ...]:
    words = normalize(term.replace("*", " qqstarqq ").replace("~", " qqformsqq ")).split()
    out: list[Word] = []
    lemma = False
    for index, word in enumerate(words):
        if word == "qqformsqq":
            lemma = True
            continue
        if word == "qqstarqq":
            continue
        star = index + 1 < len(words) and words[index + 1] == "qqstarqq"
        out.append((word, star, forms(word) if lemma and not star else frozenset((word,))))
        lemma = False
    return tuple(out)


def _rest_matches(words: list[str], start: int, rest: list[Word], gap: int) -> bool:
    position = start
    for text, star, variants in rest:
        for skip in range(gap + 1):
            index = position + skip
            if index >= len(words):
                return False
            if words[index] in variants or (star and words[index].startswith(text)):
                position = index + 1
                break
        else:
            return False
    return True


def matcher(groups: dict[str, list[str]]) -> Matcher:
    """The term matcher of some groups (`{name: [terms]}`), built once."""
    return _matcher(group_key(groups))


@lru_cache(maxsize=256)
def _matcher(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> Matcher:
    return Matcher(groups)


def group_key(groups: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(terms)) for name, terms in groups.items())


def classify(groups: dict[str, list[str]], text: str, gap: int = 0) -> frozenset[str]:
    """Names of the groups (`{metric: [terms]}`) whose terms occur in the text; cached per text."""
    return _matcher(group_key(groups)).classify(text, gap)
