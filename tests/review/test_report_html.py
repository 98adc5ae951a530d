"""`grader report DIR --html FILE`: one self-contained file, parsed, with no external URL, and opened."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from selenium.webdriver.common.by import By

from grader.cli import main
from tests.review.test_security import NAME, PAYLOADS, hostile_out  # noqa: F401  (a fixture)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.open: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "link", "img", "br", "input", "rect", "line", "path"):
            self.open.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data", "xlink:href"):
                self.urls.append((tag, name, value or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def _report(out: Path, target: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["report", str(out), "--html", str(target), *extra])
    assert result.exit_code == 0, result.output
    return target.read_text("utf-8")


def _check_self_contained(text: str) -> _Collect:
    parser = _Collect()
    parser.feed(text)
    parser.close()
    assert parser.open == [], parser.open[:5]  # every element closed
    assert "script" not in parser.tags and "iframe" not in parser.tags and "link" not in parser.tags
    for tag, _, url in parser.urls:
        # Links to a student's repository would be fine; a resource from elsewhere never.
        assert tag == "a" and (url.startswith("#") or not url), (tag, url)
    assert "url(" not in text and "@import" not in text
    return parser


def test_the_sample_report_is_self_contained_and_opens_in_the_browser(
    sample_out: Path, tmp_path: Path, browser: Any
) -> None:
    CliRunner().invoke(
        main, ["override", str(sample_out), "canvas-image-only", "canvas", "2", "--note", "ок"]
    )
    target = tmp_path / "report.html"
    text = _report(sample_out, target)
    parser = _check_self_contained(text)
    rows = len(json.loads((sample_out / "gradebook.json").read_text("utf-8"))["rows"])
    assert parser.tags.count("details") == rows and parser.tags.count("svg") == 2
    assert "проверено преподавателем" in text
    browser.get(target.as_uri())
    assert browser.title.startswith("Обзор группы")
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.hist rect.bar")
    assert len(bars) == 10
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.students tbody tr")) == rows
    english = _report(sample_out, tmp_path / "en.html", "--lang", "en")
    assert "<title>Class overview" in english


def test_payloads_in_the_report_are_text(hostile_out: Path, tmp_path: Path, browser: Any) -> None:  # noqa: F811
    note = ["override", str(hostile_out), NAME, "canvas", "1", "--note", PAYLOADS[0]]
    assert CliRunner().invoke(main, note).exit_code == 0
    target = tmp_path / "report.html"
    text = _report(hostile_out, target)
    parser = _check_self_contained(text)
    shown = "".join(parser.data)
    assert NAME in shown and PAYLOADS[0] in shown
    browser.get(target.as_uri())
    assert not browser.find_elements(By.CSS_SELECTOR, 'img[src="x"], script')
    assert NAME in browser.find_element(By.TAG_NAME, "body").text


def test_not_a_batch_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
