"""Pathological markdown (~256 KB each, built at test time): parsed within budget or skipped with
`parse_timeout`, never an exception, never a hang, and the rest of the submission still graded."""

from __future__ import annotations

import time

import pytest

from grader.document.snapshot import MAX_MARKDOWN_BYTES, Snapshot
from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.rubric.load import load_rubric

SIZE = MAX_MARKDOWN_BYTES - 16
BOMBS = {
    "image-openers": "![" * (SIZE // 2),
    "link-openers": "[" * SIZE,
    "emphasis-run": "*a " * (SIZE // 3),
    "backticks": "`" * SIZE,
    "inline-html-openers": "<a " * (SIZE // 3),
    "deep-quotes": "> " * 3000 + "x\n",
    "deep-list": "".join("  " * i + "- x\n" for i in range(400)),
    "reference-list": "".join(f"[r{i}]: http://e/{i}\n" for i in range(SIZE // 24)),
    "huge-table": "| a | b |\n|---|---|\n" + "| x | y |\n" * (SIZE // 10),
    "brackets-parens": "[](" * (SIZE // 3),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bomb_is_parsed_or_skipped_within_budget(name: str) -> None:
    data = BOMBS[name].encode()
    assert len(data) <= MAX_MARKDOWN_BYTES
    snapshot = Snapshot(
        label=name,
        files=["README.md", "bomb.md"],
        markdown={"bomb.md": data, "README.md": "# Цели\n\nснизить ущерб\n".encode()},
    )
    started = time.monotonic()
    submission = build_submission(snapshot, parse_budget=1.0)
    assert time.monotonic() - started < 1.0 + 2.0  # one budget, plus the ordinary file and slack
    assert "README.md" in [d.path for d in submission.documents]
    codes = {n.code for n in submission.notes}
    assert codes <= {"parse_timeout"}
    if "bomb.md" not in [d.path for d in submission.documents]:
        assert codes == {"parse_timeout"}
    started = time.monotonic()
    result = grade(submission, load_rubric("otus-mlops-hw1"), "en")
    # a guard against quadratic regexes in the checks (a hostile line once took 12 s), not a benchmark
    assert time.monotonic() - started < 5.0
    assert all(c.status != "error" for c in result.criteria)


def test_a_heading_after_a_ten_level_list_is_still_found() -> None:
    deep = "".join("  " * i + "- x\n" for i in range(10))
    text = (
        f"{deep}\n## Бизнес-метрики\n\n"
        "- Ущерб клиентов не более 500 тыс. ₽ в месяц, как у конкурентов.\n"
        "- Доля ложных срабатываний не более 5 %, иначе начнётся отток клиентов.\n"
    )
    submission = build_submission(Snapshot("x", ["README.md"], {"README.md": text.encode()}))
    result = grade(submission, load_rubric("otus-mlops-hw1"), "ru")
    # business metrics named, targeted and explained under the heading after the deep list
    assert result.criteria[0].status == "pass"
