"""The queue in a real browser: decide three items by keyboard, reload, see them stored everywhere."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.review.conftest import Served


def _current(driver: Any) -> Any:
    return driver.find_element(By.CSS_SELECTOR, ".qitem.current")


def _press(driver: Any, keys: str) -> None:
    driver.find_element(By.TAG_NAME, "body").send_keys(keys)


def test_three_decisions_by_keyboard_survive_a_reload_and_reach_every_output(
    sample_out: Path, review: Callable[[Path], Served], browser: Any
) -> None:
    served = review(sample_out)
    browser.get(served.url)
    wait = WebDriverWait(browser, 15)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".qitem.current")))
    assert "token=" not in browser.current_url  # traded for the cookie, gone from the address bar
    items = browser.find_elements(By.CSS_SELECTOR, ".qitem")
    assert len(items) >= 4 and not any("done" in i.get_attribute("class") for i in items)
    # The first item is the canvas given only as an image; its text and the picture are shown.
    detail = browser.find_element(By.CSS_SELECTOR, ".qdetail:not([hidden])")
    assert "mission-canvas.png" in detail.text and detail.find_elements(By.CSS_SELECTOR, ".images img")

    decided = []
    _press(browser, "j")  # j/k move: the second item, then back to the first
    assert _current(browser).get_attribute("data-index") == "1"
    _press(browser, "k")
    for grade in ("2", "0", "1"):
        item = _current(browser)
        decided.append(item.get_attribute("data-index"))
        _press(browser, grade)
        _press(browser, "\n")  # Enter saves and moves on to the next open item
        wait.until(lambda d, item=item: "done" in item.get_attribute("class"))
        wait.until(lambda d, index=decided[-1]: _current(d).get_attribute("data-index") != index)
    assert browser.find_element(By.ID, "open-count").text == str(len(items) - 3)

    browser.refresh()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".qitem.current")))
    done = [i.get_attribute("data-index") for i in browser.find_elements(By.CSS_SELECTOR, ".qitem.done")]
    assert done == decided

    db = sqlite3.connect(sample_out / "gradebook.sqlite")
    stored = db.execute("SELECT student_key, criterion, points, who FROM decisions ORDER BY id").fetchall()
    db.close()
    assert [s[2] for s in stored] == [2.0, 0.0, 1.0] and {s[3] for s in stored} == {"tester"}

    # Every output shows the decided points, marked as the instructor's.
    rows = json.loads((sample_out / "gradebook.json").read_text("utf-8"))["rows"]
    by_key = {r["student_key"]: r for r in rows}
    for key, criterion, points, _ in stored:
        c = next(c for c in by_key[key]["result"]["criteria"] if c["id"] == criterion)
        assert c["points"] == points and c["decision"]["by"] == "tester"
        feedback = (sample_out / "feedback" / by_key[key]["feedback"]).read_text("utf-8")
        assert "Проверено преподавателем" in feedback
    table = (sample_out / "gradebook.csv").read_text("utf-8-sig")
    assert "checked_by_instructor" in table and "(grader " in table


def test_the_student_page_decides_with_a_note_the_student_reads(
    sample_out: Path, review: Callable[[Path], Served], browser: Any
) -> None:
    served = review(sample_out)
    browser.get(served.url)
    wait = WebDriverWait(browser, 15)
    link = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".qdetail:not([hidden]) a.student-link"))
    )
    browser.get(link.get_attribute("href"))
    form = browser.find_element(By.CSS_SELECTOR, "article.criterion.needs_review form.decide")
    form.find_element(By.NAME, "points").send_keys("2")
    form.find_element(By.NAME, "note").send_keys("Канвас на картинке заполнен полностью")
    form.find_element(By.CSS_SELECTOR, "button.primary").click()
    # saved, and the page shows it at once (it reloads itself with the new marks and totals)
    card = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "article.criterion .tag.checked")))
    assert "проверено преподавателем" in card.text
    assert (
        "Канвас на картинке заполнен полностью"
        in browser.find_element(By.CSS_SELECTOR, "blockquote.note").text
    )


def test_usable_at_1024_pixels_wide(sample_out: Path, review: Callable[[Path], Served], browser: Any) -> None:
    from tests.review.conftest import set_viewport

    served = review(sample_out)
    set_viewport(browser, 1024, 768)
    browser.get(served.url)
    for page in ("/queue", "/", "/student/" + _first_student(browser)):
        browser.get(served.base + page)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 1024, (page, width)  # no sideways scrolling of the page itself
    browser.get(served.base + "/queue")
    form = browser.find_element(By.CSS_SELECTOR, ".qdetail:not([hidden]) form.decide")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", form)
    assert 0 < top < 768  # the decision form is in sight without scrolling
    items = browser.find_element(By.ID, "items").rect
    assert items["x"] >= 0 and items["width"] >= 200  # the list stays readable beside the item


def _first_student(browser: Any) -> str:
    link = browser.find_element(By.CSS_SELECTOR, ".qdetail:not([hidden]) a.student-link")
    return str(link.get_attribute("href")).rsplit("/", 1)[1]
