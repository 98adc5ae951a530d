"""`smart`: tasks or hypotheses, each letter of S.M.A.R.T. judged by its content, never by its label."""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import Field, ValidationInfo, field_validator

from grader.checks._data import MetricsVocabulary, SmartVocabulary, require_valid
from grader.checks._roles import regions
from grader.checks._smart_items import Item, column_items, labelled_items, list_items
from grader.checks._time import strip_times
from grader.checks._units import Unit, block_units, units
from grader.checks._vocab import DataParams, metric_classifier, metric_matcher, terms
from grader.checks.base import CheckOutcome, Evidence, Finding, check
from grader.document.submission import Submission
from grader.text.prose import quote, sentences, word_count
from grader.text.terms import has_term

_COMPARE = re.compile(
    r"[<>≤≥]|>=|<=|не\s+(?:более|менее|ниже|выше|больше|меньше)|at\s+(?:least|most)|%|процент", re.I
)
_MEASURE_UNIT = re.compile(r"\d\s*(?:%|мс|ms|rps|tps|сек|руб|₽|\$|тыс|млн|k\b|x\b|раз)", re.I)
_NUMBER = re.compile(r"\d")
_IMPOSSIBLE = re.compile(r"\b100\s*%|\b100\s*процент|\b1[.,]0\b(?!\d)", re.I)
_BASELINE = re.compile(r"(?:\bс|\bfrom)\s+\d+(?:[.,]\d+)?\s*%?\s+(?:до|to)\s+\d", re.I)
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s")


class SmartParams(DataParams):
    vocabulary: str = Field("smart", description="The SMART vocabulary under `rubrics/vocabularies/`.")
    metrics_vocabulary: str = Field("metrics", description="Metric names that make a task measurable.")
    min_items: int = Field(2, ge=1, description="Fully SMART tasks or hypotheses needed to pass.")
    partial: float = Field(0.5, ge=0, le=1, description="Share when tasks exist but are not fully SMART.")

    def role_terms(self) -> tuple[list[str], list[str]]:
        vocab = self.data("vocabularies", self.vocabulary)
        return terms(vocab, "sections"), terms(vocab, "not_sections")

    @field_validator("vocabulary")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        return require_valid("vocabularies", value, SmartVocabulary, info)

    @field_validator("metrics_vocabulary")
    @classmethod
    def _known_metrics(cls, value: str, info: ValidationInfo) -> str:
        return require_valid("vocabularies", value, MetricsVocabulary, info)


@check("smart", SmartParams)
def smart(submission: Submission, params: SmartParams) -> CheckOutcome:
    """Tasks or hypotheses, each judged Specific, Measurable, Achievable, Relevant, Time-bound by content.

    Passes with two tasks like "Обучить модель: recall не ниже 0,85 при FPR ≤ 5 % на отложенной
    выборке, ресурсы — один DS и облачная ВМ, чтобы оценить достижимость целевого ущерба, до конца
    второго месяца"; partial with tasks that have only deadlines ("Сбор датасета (1-я неделя)");
    fails with none, a single SMART line for the whole project, or "see the Kanban board".
    """
    vocab = params.data("vocabularies", params.vocabulary)
    metrics_in = metric_classifier(params.derived("vocabularies", params.metrics_vocabulary, metric_matcher))
    all_units = units(submission)
    found = _task_regions(all_units, vocab)
    items: list[Item] = []
    letters = {k: [str(t) for t in v] for k, v in (vocab.get("letters") or {}).items()}
    for _, body in found:
        items.extend(labelled_items(body, letters) or column_items(body, letters) or list_items(body))
    if not found:
        # Without a tasks section, only unmistakable SMART structures count: items with 3+ letters.
        items = [i for i in labelled_items(all_units, letters) if len(i.labelled) >= 3]
        items = items or _hypotheses(block_units(submission), terms(vocab, "hypothesis"))
    board = terms(vocab, "board")
    items = [
        i
        for i in items
        if not (word_count(i.text) < 20 and (has_term(board, i.text) or "/projects" in i.text))
    ]
    if not items:
        return _no_items(found, vocab, params.min_items)
    judged = [(item, _judge(item, metrics_in, vocab)) for item in items]
    full = [item for item, letters_ok in judged if all(letters_ok.values())]
    evidence = [Evidence(item.file, item.line, quote(item.text, 90)) for item, _ok in judged[:8]]
    findings = _item_findings(judged)
    if len(items) == 1:
        return CheckOutcome.graded(
            0.0,
            evidence,
            [Finding("smart.single", {"min": params.min_items}, items[0].file, items[0].line), *findings],
        )
    if len(full) >= params.min_items:
        return CheckOutcome.graded(1.0, evidence, findings)
    if not any(ok["m"] or ok["t"] for _, ok in judged):
        return CheckOutcome.graded(
            0.0, evidence, [Finding("smart.not_smart", {}, items[0].file, items[0].line)]
        )
    findings.insert(0, Finding("smart.too_few", {"full": len(full), "min": params.min_items}))
    return CheckOutcome.graded(params.partial, evidence, findings)


def _task_regions(all_units: list[Unit], vocab: dict[str, object]) -> list[tuple[Unit, list[Unit]]]:
    sections = terms(vocab, "sections")
    excluded = terms(vocab, "not_sections")
    found = [(h, b) for h, b in regions(all_units, sections) if not has_term(excluded, h.text)]
    # Nested matches (a title "…анализ задачи…" over "## 5. SMART"): keep the innermost sections.
    inner = []
    for head, body in found:
        lines = {(u.file, u.line) for u in body}
        if not any((other.file, other.line) in lines for other, _ in found if other is not head):
            inner.append((head, body))
    return inner


def _hypotheses(blocks: list[Unit], starts: list[str]) -> list[Item]:
    """Prose hypotheses ("We believe that…", "Мы считаем, что…"): whole paragraphs."""
    return [
        Item(u.file, u.line, u.text, [u.text])
        for u in blocks
        if u.kind == "block" and u.words >= 8 and has_term(starts, u.text)
    ]


def _no_items(found: list[tuple[Unit, list[Unit]]], vocab: dict[str, object], min_items: int) -> CheckOutcome:
    board = terms(vocab, "board")
    for head, body in found:
        text = " ".join(u.text for u in [head, *body])
        if has_term(board, text) or "/projects" in text:
            where = body[0] if body else head
            evidence = [Evidence(where.file, where.line, quote(where.text, 100))]
            return CheckOutcome.graded(
                0.0, evidence, [Finding("smart.see_board", {}, where.file, where.line)]
            )
    return CheckOutcome.graded(0.0, [], [Finding("smart.missing", {"min": min_items})])


def _impossible(text: str, metrics_in: Callable[[str], frozenset[str]]) -> bool:
    """A model-quality target of 100 % ("accuracy 100%"); "100 % of files loaded" is fine."""
    if not _IMPOSSIBLE.search(text):
        return False  # a sentence's match is a match in the whole text: most items have none
    return any(
        _IMPOSSIBLE.search(sentence) and any(name.startswith("ml:") for name in metrics_in(sentence))
        for sentence in sentences(text)
    )


def _judge(
    item: Item, metrics_in: Callable[[str], frozenset[str]], vocab: dict[str, object]
) -> dict[str, bool]:
    """Each letter by the item's own words: a label only says where to look, its content must hold it.

    A letter the student labelled (`A: …`, a table's A column) is judged on that content alone; the
    others on the whole item, and there A and R need explicit evidence (a baseline or resources; a
    tie to a business goal), not the mere presence of a measure. `metrics_in`: the metrics (business
    and ML) a text names.
    """
    text = _LIST_NUMBER.sub(" ", item.text)
    impossible = _impossible(text, metrics_in)
    judged = {letter: _letter(letter, text, metrics_in, vocab) for letter in "smart"}
    for letter, content in item.labelled.items():
        content = content.strip()
        if letter == "s":
            judged["s"] = word_count(f"{item.title} {content}") >= 5
        elif letter in "ar":
            # a labelled A or R is a reason in words, not a "да" or a repeated label
            judged[letter] = word_count(content) >= 3 and _letter(
                letter, content, metrics_in, vocab, labelled=True
            )
        else:
            judged[letter] = _letter(letter, content, metrics_in, vocab)
    judged["a"] = judged["a"] and not impossible
    return judged


def _letter(
    letter: str,
    text: str,
    metrics_in: Callable[[str], frozenset[str]],
    vocab: dict[str, object],
    labelled: bool = False,
) -> bool:
    if letter == "s":
        return word_count(text) >= 5
    if letter == "t":
        return strip_times(text)[1] > 0
    if letter == "m":
        timeless = strip_times(text)[0]
        return bool(_NUMBER.search(timeless)) and (
            bool(metrics_in(timeless))
            or bool(_COMPARE.search(timeless))
            or bool(_MEASURE_UNIT.search(timeless))
        )
    if letter == "a":
        # under an A label its words are the student's case for it; unlabelled, a baseline or resources
        return labelled or has_term(terms(vocab, "achievable"), text) or bool(_BASELINE.search(text))
    # R: a tie to the business — its terms, or a business metric the task moves
    return (
        labelled
        or has_term(terms(vocab, "relevant"), text)
        or any(name.startswith("business:") for name in metrics_in(text))
    )


def _item_findings(judged: list[tuple[Item, dict[str, bool]]]) -> list[Finding]:
    findings: list[Finding] = []
    for item, ok in judged[:6]:
        missing = [letter for letter, good in ok.items() if not good]
        title = quote(item.title, 60)
        if not ok["a"] and _IMPOSSIBLE.search(item.text):
            findings.append(Finding("smart.impossible", {"title": title}, item.file, item.line))
        if missing:
            args = {"title": title, "letters": ", ".join(m.upper() for m in missing)}
            findings.append(Finding("smart.item_missing", args, item.file, item.line))
    return findings
