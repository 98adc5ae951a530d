"""`metrics`: the business or ML metrics a student chose, classified by a vocabulary, with targets."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from grader.checks._claims import readable
from grader.checks._data import MetricsVocabulary, require_valid
from grader.checks._metric_rules import (
    Mention,
    business_labelled,
    constraints_only,
    contradictions,
    defines,
    framed,
    labels,
    linked,
    reasoned,
    wrong_way,
)
from grader.checks._roles import regions
from grader.checks._units import Unit, block_units, is_heading
from grader.checks._vocab import METRIC_GAP, DataParams, groups, metric_matcher, terms
from grader.checks.base import CheckOutcome, Evidence, Finding, check
from grader.document.submission import Submission
from grader.text.prose import quote

# Numbers that are not targets: a metric's own name (F1, F0.5, NDCG@10), durations, list numbering.
NAME_NUMBERS_PATTERN = r"\b[Ff][βb]?\d+(?:[.,]\d+)?|@\s*\d+|\btop-?\d+|\b(?:I{1,2}|[12])\s*рода"
# the lookahead of the characters a match starts with skips every other position at once
_NAME_NUMBERS = re.compile(rf"(?=[f@ti12])(?:{NAME_NUMBERS_PATTERN})", re.I)
_DURATION = re.compile(
    r"\d+\s*(?:-?[а-я]{1,3}\s*)?(?:месяц|мес\b|недел|дн|день|дней|год|лет|час|квартал|month|week|day|year|hour)",
    re.I,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_DIGIT = re.compile(r"\d")
_BARE_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s")


class MetricsParams(DataParams):
    kind: Literal["business", "ml"] = Field(description="Which class of metrics this criterion grades.")
    vocabulary: str = Field("metrics", description="A vocabulary under `rubrics/vocabularies/`.")
    min_metrics: int = Field(
        2, ge=1, description="Distinct metrics of this class that must carry a target value to pass."
    )
    require_framing: bool = Field(
        False,
        description="Business: the document must call them metrics or KPIs (customer constraints "
        "listed only as goals earn partial credit).",
    )
    require_reasoning: bool = Field(
        False,
        description="The metrics must be argued: a reason given where they are named (ML: or the choice "
        "argued at length).",
    )
    require_link: bool = Field(
        False,
        description="ML: a metric's target must be tied to the business (a business term or one of "
        "the business thresholds in the same sentence or item).",
    )
    sections: list[str] = Field(
        default_factory=list,
        description="Headings (terms) under which this class of metrics is chosen; when such a section "
        "exists, only metrics inside it count (mentions in canvases or tasks elsewhere do not).",
    )
    partial: float = Field(0.5, ge=0, le=1, description="Share earned when metrics exist but fall short.")

    def role_terms(self) -> tuple[list[str], list[str]]:
        return list(self.sections), []

    @field_validator("vocabulary")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        return require_valid("vocabularies", value, MetricsVocabulary, info)


@lru_cache(maxsize=65536)
def _target_numbers(text: str) -> frozenset[str]:
    if not _DIGIT.search(text):
        return frozenset()  # the substitutions below only take text away: no digit, no number
    text = _BARE_LIST_NUMBER.sub(" ", text)
    text = _DURATION.sub(" ", _NAME_NUMBERS.sub(" ", text))
    return frozenset(_canonical(n) for n in _NUMBER.findall(text))


# A model's metric is a share or a score: "50 транзакций в секунду", "200 мс", "500 тыс. ₽" or a year in
# the same item are the system's or the business's numbers, not the ML metric's target.
_NOT_A_SHARE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:мс|ms|сек\w*|с\b|s\b|tps|rps|qps|транзакц\w*|операц\w*|запрос\w*|руб\w*|₽|\$|тыс\w*"
    r"|млн\w*|k\b|m\b|час\w*|мин\w*|гб|gb|мб|mb)|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def _ml_target_numbers(text: str) -> frozenset[str]:
    if not _DIGIT.search(text):
        return frozenset()
    return _target_numbers(_NOT_A_SHARE.sub(" ", text))


def _canonical(number: str) -> str:
    """`0,50` and `0.5` are one number; `500` and `200` keep their zeros (they are not 5 and 2)."""
    number = number.replace(",", ".")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number.lstrip("0") or "0" if "." not in number else number


def mentions(
    units: list[Unit] | None, classes: dict[int, tuple[Unit, frozenset[str]]], kind: str
) -> list[Mention]:
    """The metrics of one class named by each unit, in the units' order (None: every unit).

    `classes`: the units that name any metric, with the names, by `id(unit)` in the units' order.
    """
    found: list[Mention] = []
    prefix = kind + ":"
    named = classes.values() if units is None else [classes[id(u)] for u in units if id(u) in classes]
    for unit, all_names in named:
        names = [name[len(prefix) :] for name in all_names if name.startswith(prefix)]
        if not names:
            continue
        numbers = _target_numbers(unit.text) if kind == "business" else _ml_target_numbers(unit.text)
        for name in sorted(names):
            found.append(Mention(name, unit, bool(numbers) and unit.kind != "heading", numbers))
    return found


def _classes(
    submission: Submission, params: MetricsParams, all_units: list[Unit]
) -> dict[int, tuple[Unit, frozenset[str]]]:
    """The units that name metrics (of either class), with the names, by `id(unit)`: once per
    submission (the units are the submission's own, kept in its memo, so their ids stay theirs)."""
    key = f"metrics:{params.vocabulary}:classes"
    if key not in submission.memo:
        metrics_in = params.derived("vocabularies", params.vocabulary, metric_matcher)
        # every unit in one search: no per-text overhead for the many that name no metric
        named = metrics_in.classify_all([readable(u.text) for u in all_units], METRIC_GAP)
        classes = zip(all_units, named, strict=True)
        submission.memo[key] = {id(unit): (unit, names) for unit, names in classes if names}
    found: dict[int, tuple[Unit, frozenset[str]]] = submission.memo[key]
    return found


@check("metrics", MetricsParams)
def metrics(submission: Submission, params: MetricsParams) -> CheckOutcome:
    """Business or ML metrics named in tables, lists or prose, each with its target value.

    Passes (business) with `| Ущерб клиентов за месяц | не более 500 тыс. ₽ |` and a second metric
    under `## Бизнес-метрики`; partial with goals restating the customer's limits without calling them
    metrics; fails with no metric. Passes (ML) with "recall не ниже 0,9 при FPR ≤ 5 %, чтобы ущерб не
    превышал 500 тыс. ₽"; partial with "Будем использовать F1." alone.
    """
    vocabulary = params.data("vocabularies", params.vocabulary)
    all_units = block_units(submission)

    def found(kind: str, sections: list[str]) -> list[Mention]:
        # both metrics criteria read the same mentions of one submission: find them once
        key = f"metrics:{params.vocabulary}:{kind}:{'|'.join(sections)}"
        if key not in submission.memo:
            classes = _classes(submission, params, all_units)
            scope = _scope(all_units, sections)
            named = mentions(None if scope is all_units else scope, classes, kind)
            # a pasted task heading («Требования к ложным срабатываниям») stays as an anchor for
            # regions, but it names nothing the student chose
            ignored = submission.ignored_lines
            submission.memo[key] = [
                m for m in named if not (is_heading(m.unit) and m.unit.line in ignored.get(m.unit.file, ()))
            ]
        return list(submission.memo[key])

    own = found(params.kind, params.sections)
    business = found("business", [])
    if params.kind == "business":
        # An item that defines an ML metric ("FPR — доля ложных срабатываний") or argues for one in the
        # ML metrics' own section links to the business, it does not state a business metric; a goal
        # that also names an ML metric ("ущерб ≤ 500 тыс., recall ≥ 0,98" among the goals) still is one.
        ml = groups(vocabulary, "ml")
        discussion = {(u.file, u.line) for u in _scope(all_units, terms(vocabulary, "ml_sections"))}
        not_goals = {
            (m.unit.file, m.unit.line)
            for m in found("ml", [])
            if (m.unit.file, m.unit.line) in discussion or defines(m.unit.text, ml[m.name])
        }
        own = [m for m in own if (m.unit.file, m.unit.line) not in not_goals]
        ml_part = _scope(all_units, terms(vocabulary, "ml_sections"))
        if ml_part is not all_units:
            # what the ML metrics' section says of losses or churn argues for the ML metric; the
            # business metrics are those stated elsewhere (or labelled «Бизнес:»), when there are any
            inside = {(u.file, u.line) for u in ml_part}
            stated = [m for m in own if (m.unit.file, m.unit.line) not in inside or business_labelled(m.unit)]
            own = stated or own
        if not own:
            return constraints_only(all_units, vocabulary, submission, params.partial, params.kind)
    if not own:
        return CheckOutcome.graded(0.0, [], [Finding("metrics.none", {"kind": params.kind})])
    evidence = _evidence(own)
    findings: list[Finding] = []
    names = sorted({m.name for m in own})
    targeted = sorted({m.name for m in own if m.target})
    untargeted = [n for n in names if n not in targeted]
    if untargeted:
        first = next(m for m in own if m.name == untargeted[0])
        findings.append(
            Finding(
                "metrics.no_target",
                {"names": labels(vocabulary, untargeted)},
                first.unit.file,
                first.unit.line,
            )
        )
    if len(targeted) < params.min_metrics:
        findings.append(
            Finding(
                "metrics.too_few",
                {"found": len(targeted), "needed": params.min_metrics, "names": labels(vocabulary, names)},
            )
        )
    if params.require_framing and not framed(all_units, terms(vocabulary, "framing")):
        findings.append(Finding("metrics.no_framing", {}))
    if params.require_reasoning and not reasoned(own, vocabulary, params.kind, all_units):
        findings.append(Finding("metrics.no_reasoning" if params.kind == "ml" else "metrics.unexplained", {}))
    if params.require_link and not linked(own, business):
        findings.append(Finding("metrics.no_link", {}))
    if params.kind == "ml":
        findings.extend(wrong_way(own, vocabulary)[:1] or contradictions(own, all_units, vocabulary))
    blocking = [f for f in findings if f.code != "metrics.no_target"]
    return CheckOutcome.graded(1.0 if not blocking else params.partial, evidence, findings)


def _scope(all_units: list[Unit], sections: list[str]) -> list[Unit]:
    """Units under the headings that name this class of metrics, when there are such headings."""
    if not sections:
        return all_units
    inside: list[Unit] = []
    for head, body in regions(all_units, sections):
        inside.append(head)
        inside.extend(body)
    return inside or all_units


def _evidence(found: list[Mention]) -> list[Evidence]:
    seen: set[tuple[str, int]] = set()
    out: list[Evidence] = []
    for mention in sorted(found, key=lambda m: (not m.target, m.unit.file, m.unit.line)):
        key = (mention.unit.file, mention.unit.line)
        if key in seen or len(out) >= 6:
            continue
        seen.add(key)
        out.append(Evidence(mention.unit.file, mention.unit.line, quote(mention.unit.text, 100)))
    return sorted(out, key=lambda e: (e.file or "", e.line or 0))
