"""What the reviewer is shown of a criterion: the parts the grader read as its own (`where`), and the
section around any evidence outside them."""

from __future__ import annotations

from grader.review.sources import Files, excerpts

TEXT = [
    "# ДЗ 1",
    "",
    "2. Аргументированно выбрать метрику машинного обучения…",
    "Recall не ниже 0,95, чтобы ущерб не превышал 500 тыс. ₽.",
    "Precision не ниже 0,3.",
    "",
    "## Канвас",
    "",
    "Metrics: recall ≥ 0,95.",
]


def test_the_criterions_own_parts_first_then_the_evidence_elsewhere() -> None:
    files = Files("cache", texts={"README.md": TEXT, "4-Декомпозиция.md": ["Приём, скоринг, мониторинг."]})
    criterion: dict[str, object] = {
        "where": [
            {"file": "README.md", "line": 3, "end_line": 6},
            {"file": "4-Декомпозиция.md", "line": 0, "end_line": 1},
        ],
        "evidence": [
            {"file": "README.md", "line": 4, "text": "Recall"},
            {"file": "README.md", "line": 9, "text": "x"},
        ],
        "findings": [],
    }
    shown = excerpts(files, criterion)
    assert [(e.file, [n for n, _ in e.lines]) for e in shown] == [
        ("README.md", [3, 4, 5]),  # the part under the task item, trailing blank line dropped
        ("4-Декомпозиция.md", [1]),  # a file named for the part: all of it
        ("README.md", [7, 8, 9]),  # evidence outside the parts: its section
    ]


def test_without_where_the_section_around_the_evidence_is_shown() -> None:
    files = Files("cache", texts={"README.md": TEXT})
    criterion: dict[str, object] = {
        "evidence": [{"file": "README.md", "line": 9, "text": "x"}],
        "findings": [],
    }
    assert [[n for n, _ in e.lines] for e in excerpts(files, criterion)] == [[7, 8, 9]]
