"""Issue 17, item 15: after a list nested past the parser's cap (50 levels: list + item count two),
every later heading and block was dropped without a word. Now what follows is still read, and the cut
is noted as `nesting_truncated` at its line."""

from __future__ import annotations

import pytest

from grader.document.markdown import MAX_NESTING, parse_markdown
from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.rubric.load import load_rubric

METRICS = (
    "## Бизнес-метрики\n\n"
    "- Ущерб клиентов не более 500 тыс. ₽ в месяц.\n- Доля ложных срабатываний не более 5 %.\n"
)


def _deep(levels: int, marker: str = "-") -> str:
    return "".join("  " * i + f"{marker} x\n" for i in range(levels))


@pytest.mark.parametrize("levels", [50, 60, 400])
def test_headings_after_a_too_deep_list_are_read_and_the_cut_noted(levels: int) -> None:
    text = f"# Цели\n\n{_deep(levels)}\n{METRICS}"
    snapshot = Snapshot("deep", ["README.md"], {"README.md": text.encode()})
    submission = build_submission(snapshot)
    titles = [s.title for d in submission.documents for s in d.sections]
    assert "Бизнес-метрики" in titles, titles
    heading_line = text.split("\n").index("## Бизнес-метрики") + 1
    assert [s.line for s in submission.documents[0].sections if s.title == "Бизнес-метрики"] == [heading_line]
    result = grade(submission, load_rubric("otus-mlops-hw1"), "en")
    cut = [w for w in result.warnings if w.code == "nesting_truncated"]
    assert cut and cut[0].file == "README.md" and cut[0].line is not None and 3 < cut[0].line < heading_line
    business = next(c for c in result.criteria if c.id == "business-metrics")
    assert business.points > 0, business


def test_two_deep_lists_and_a_deep_quote_each_leave_what_follows() -> None:
    quote = "> " * (MAX_NESTING + 5) + "x\n"
    text = f"# A\n\n{_deep(60)}\n# B\n\n{quote}\n# C\n\n{_deep(70, '1.')}\n# D\n\nend\n"
    doc = parse_markdown("a.md", text)
    assert [s.title for s in doc.sections if s.level == 1] == ["A", "B", "C", "D"]
    assert doc.truncated_at is not None


def test_a_deep_but_allowed_list_is_not_noted() -> None:
    doc = parse_markdown("a.md", f"# A\n\n{_deep(49)}\n# B\n")
    assert doc.truncated_at is None
    assert [s.title for s in doc.sections if s.level == 1] == ["A", "B"]
