"""Hand-ins not written in markdown: Word and PDF files read for evidence and capped, plain text as text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from grader.document.office import UnreadableDocument, docx_to_markdown, pdf_to_markdown
from grader.document.submission import build_submission, document_source
from grader.engine.pipeline import grade
from grader.fetch.folder import read_folder
from grader.rubric.load import load_rubric
from grader.scoring.result import Result

from .conftest import SAMPLES, MakeSubmission
from .pdf_files import pdf_file, text_pages

STRONG = (SAMPLES / "strong-ru" / "README.md").read_text(encoding="utf-8")
TASKS = "# Задачи\n\n1. Обучить модель выявления мошенничества с recall ≥ 0,85 за 2 недели.\n"


def word_file(markdown: str) -> bytes:
    """A DOCX written the way Word users write: heading styles, list paragraphs, real tables."""
    document = docx.Document()
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("# "), level=min(level, 4))
        elif line.startswith("|") and index + 1 < len(lines) and lines[index + 1].startswith("|-"):
            rows = [line]
            index += 2
            while index < len(lines) and lines[index].startswith("|"):
                rows.append(lines[index])
                index += 1
            cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
            table = document.add_table(rows=len(cells), cols=len(cells[0]))
            for r, row in enumerate(cells):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        elif line.lstrip().startswith(("- ", "1. ", "2. ", "3. ")):
            document.add_paragraph(line.lstrip().split(" ", 1)[1], style="List Number")
        elif line.strip():
            document.add_paragraph(line.strip())
        index += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def grades(result: Result) -> dict[str, tuple[float, str]]:
    return {c.id: (c.points, c.status) for c in result.criteria}


def graded(folder: Path) -> Result:
    return grade(build_submission(read_folder(folder)), load_rubric("otus-mlops-hw1"), "en")


def test_a_word_file_reads_as_markdown_with_headings_lists_and_tables() -> None:
    text = docx_to_markdown(word_file("# Цели\n\nАбзац.\n\n- пункт\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"))
    assert "# Цели" in text
    assert "- пункт" in text
    assert "| A | B |" in text
    assert "| 1 | 2 |" in text


def test_an_answer_only_in_word_is_credited_at_most_partly_and_left_for_review(
    make_submission: MakeSubmission,
) -> None:
    pointer = "# ДЗ 1\n\nОтвет в файле Word.\n"
    in_word = graded(make_submission({"README.md": pointer, "answer.docx": word_file(STRONG)}))
    in_markdown = graded(make_submission({"README.md": STRONG}))
    word, markdown = grades(in_word), grades(in_markdown)
    for criterion in ("business-metrics", "ml-metrics", "canvas", "smart"):
        assert markdown[criterion] == (2.0, "pass"), criterion
        assert word[criterion] == (1.0, "needs_review"), criterion
    review = next(c for c in in_word.criteria if c.id == "ml-metrics")
    assert review.findings[0].code == "review.outside_markdown"
    assert "answer.docx" in review.findings[0].message


def test_a_linked_word_copy_beside_a_markdown_answer_changes_no_grade(
    make_submission: MakeSubmission,
) -> None:
    linked = STRONG + "\n[Ответ в Word](answer.docx)\n"
    alone = graded(make_submission({"README.md": linked, "answer.docx": b"placeholder"}))
    with_copy = graded(make_submission({"README.md": linked, "answer.docx": word_file(STRONG)}))
    assert grades(with_copy) == grades(alone)


def test_a_part_of_the_answer_in_an_unlinked_word_file_lowers_the_structure(
    make_submission: MakeSubmission,
) -> None:
    result = graded(make_submission({"README.md": STRONG, "tasks.docx": word_file(TASKS)}))
    structure = next(c for c in result.criteria if c.id == "structure")
    assert structure.points == 1.0
    assert "hygiene.unlinked_document" in [f.code for f in structure.findings]


def test_a_zip_bomb_or_a_broken_word_file_is_a_warning_not_a_crash(make_submission: MakeSubmission) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (9 * 1024 * 1024))
    with pytest.raises(UnreadableDocument):
        docx_to_markdown(bomb.getvalue())
    folder = make_submission({"README.md": STRONG, "a.docx": bomb.getvalue(), "b.docx": b"not a zip"})
    result = graded(folder)
    assert [w.file for w in result.warnings if w.code == "unreadable_document"] == ["a.docx", "b.docx"]


def test_plain_text_hand_ins_are_read_and_project_text_files_are_not() -> None:
    assert document_source("hw_1/answer.txt") == "text"
    assert document_source("docs/Answer.docx") == "docx"
    assert document_source("README.md") == "markdown"
    for path in ("requirements.txt", "src/requirements-dev.txt", "LICENSE.txt", "data/image.png"):
        assert document_source(path) is None, path


def test_an_answer_in_a_txt_file_is_graded_like_markdown(make_submission: MakeSubmission) -> None:
    as_text = grades(graded(make_submission({"hw_01/answer.txt": STRONG})))
    as_markdown = grades(graded(make_submission({"hw_01/answer.md": STRONG})))
    for criterion in ("business-metrics", "ml-metrics", "canvas", "smart"):
        assert as_text[criterion] == as_markdown[criterion], criterion


def test_a_pdf_reads_as_paragraphs_with_titles_and_bullets_and_no_page_numbers() -> None:
    data = pdf_file(
        [
            ["Business metrics", "Fraud losses must stay under 500k RUB a month, or we lose", "to rivals."],
            ["- 2 -", "• False alarms: at most 5% of honest payments.", "1. Train a model by May."],
        ]
    )
    text = pdf_to_markdown(data)
    assert text.split("\n\n") == [
        "## Business metrics",
        "Fraud losses must stay under 500k RUB a month, or we lose to rivals.",
        "- False alarms: at most 5% of honest payments.",
        "1. Train a model by May.\n",
    ]


def test_an_answer_only_in_pdf_is_credited_at_most_partly_and_left_for_review(
    make_submission: MakeSubmission,
) -> None:
    english = (SAMPLES / "strong-en" / "README.md").read_text(encoding="utf-8")
    pointer = "# Homework 1\n\nThe answer is in answer.pdf.\n"
    in_pdf = graded(make_submission({"README.md": pointer, "answer.pdf": pdf_file(text_pages(english))}))
    in_markdown = graded(make_submission({"README.md": english}))
    for criterion in ("business-metrics", "ml-metrics", "canvas", "smart"):
        assert grades(in_markdown)[criterion][0] >= 1.0, criterion
        assert grades(in_pdf)[criterion] == (1.0, "needs_review"), criterion
    review = next(c for c in in_pdf.criteria if c.id == "ml-metrics")
    assert review.findings[0].code == "review.outside_markdown"
    assert "PDF" in review.findings[0].message and "Word" not in review.findings[0].message


def test_a_broken_or_encrypted_pdf_is_a_warning_and_pypdf_prints_nothing(
    make_submission: MakeSubmission, capfd: pytest.CaptureFixture[str]
) -> None:
    good = pdf_file([["Some text."]])
    damaged = good.replace(b"xref", b"xxxx")  # pypdf repairs this one, logging as it goes
    for bad in (b"not a pdf", b"%PDF-1.4\n" + b"\0" * 100):
        with pytest.raises(UnreadableDocument):
            pdf_to_markdown(bad)
    folder = make_submission({"README.md": STRONG, "a.pdf": b"%PDF-1.4 garbage", "b.pdf": damaged})
    result = graded(folder)
    assert "a.pdf" in [w.file for w in result.warnings if w.code == "unreadable_document"]
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_pdf_is_a_hand_in_document() -> None:
    assert document_source("hw_1/Answer.PDF") == "pdf"
