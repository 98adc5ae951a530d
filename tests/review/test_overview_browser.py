"""The class at a glance in the browser: unrecognised chat lines, the roster's missing students, a
sortable and filterable student table, one page per student; a decision keeps the roster's list."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By

from tests.review.conftest import SAMPLES, Served, batch


def _class(tmp_path: Path) -> Path:
    folders = tmp_path / "class"
    for name in ("strong-ru", "weak-en", "canvas-image-only"):
        shutil.copytree(SAMPLES / name, folders / name)
    chat = tmp_path / "chat.txt"
    chat.write_text("Vera: когда дедлайн?\nAnna: https://github.com/anna/<script>x\n", "utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nВера Ким\nБорис Петров\n", "utf-8")
    return batch(chat, tmp_path / "out", str(folders), "--roster", str(roster))


def _names(browser: Any) -> list[str]:
    rows = browser.find_elements(By.CSS_SELECTOR, "table.students tbody tr")
    return [r.find_element(By.TAG_NAME, "td").text for r in rows if r.is_displayed()]


def test_overview_lists_sorts_filters_and_links(
    tmp_path: Path, review: Callable[[Path], Served], browser: Any
) -> None:
    out = _class(tmp_path)
    served = review(out)
    browser.get(served.url)
    browser.get(served.base + "/")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Вера Ким" in body and "Борис Петров" in body  # in the roster, no hand-in
    assert "когда дедлайн?" in body and "https://github.com/anna/<script>x" in body  # shown as text
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.hist rect.bar")) == 10
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.crit rect.bar")) == 7

    header = "//table[contains(@class,'students')]//th[normalize-space()='Итог']"
    score = browser.find_element(By.XPATH, header)
    score.click()  # ascending
    ascending = _names(browser)
    score.click()
    assert _names(browser) == list(reversed(ascending)) and len(ascending) == 3
    browser.find_element(By.CSS_SELECTOR, "input[data-filter]").send_keys("weak")
    assert _names(browser) == ["weak-en"]

    browser.find_element(By.LINK_TEXT, "weak-en").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "weak-en"
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.criterion")) == 7

    # A decision writes the outputs again without losing what only the batch knew (the roster).
    key = next(r["student_key"] for r in json.loads((out / "gradebook.json").read_text("utf-8"))["rows"])
    decision = {"student_key": key, "criterion": "smart", "points": 1}
    assert served.request("POST", "/api/decide", decision, headers={"X-Grader-Token": served.token})[0] == 200
    doc = json.loads((out / "gradebook.json").read_text("utf-8"))
    assert doc["not_submitted"] == ["Вера Ким", "Борис Петров"]
