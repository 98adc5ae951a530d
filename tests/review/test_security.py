"""The review server is safe by construction: loopback only, a token for every request, CSRF-safe
posts, no path out of the batch folder, and students' text inert (THREATS.md's payloads)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from tests.review.conftest import Served, batch

NAME = '"><img src=x onerror=alert(1)>'
PAYLOADS = ["<script>alert(2)</script>", '"><img src=x onerror=alert(3)>', "{{7*7}}", "javascript:alert(4)"]
README = f"""# ДЗ 1 {PAYLOADS[0]}

## Бизнес-цели и метрики
Снизить ущерб от мошенничества {PAYLOADS[1]} на 5% за квартал; метрика — доля ущерба {PAYLOADS[2]}.

## ML-метрики
Recall не ниже 0.8 [ссылка]({PAYLOADS[3]}) и precision не ниже 0.6.

## MISSION Canvas
![канвас](img/canvas.svg)
"""
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    b'<script>alert(5)</script><rect width="40" height="40"/></svg>'
)


@pytest.fixture
def hostile_out(tmp_path: Path) -> Path:
    student = tmp_path / "class" / NAME
    (student / "img").mkdir(parents=True)
    (student / "README.md").write_text(README, "utf-8")
    (student / "img" / "canvas.svg").write_bytes(SVG)
    (tmp_path / "outside.txt").write_text("secret outside the batch folder", "utf-8")
    return batch(tmp_path / "class", tmp_path / "out")


def test_no_token_no_answer_and_no_post_without_the_header(
    hostile_out: Path, review: Callable[[Path], Served]
) -> None:
    served = review(hostile_out)
    for path in ("/", "/queue", "/static/review.js", "/student/x"):
        status, body = served.get(path, cookie=False)
        assert status == 403 and b"refused" in body, path
    key = json.loads((hostile_out / "gradebook.json").read_text("utf-8"))["rows"][0]["student_key"]
    decision = {"student_key": key, "criterion": "canvas", "points": 2}
    # A page of another origin can send the cookie (a form post) but not the header: refused.
    assert served.request("POST", "/api/decide", decision)[0] == 403
    assert served.request("POST", "/api/decide", decision, cookie=False,
                          headers={"X-Grader-Token": served.token})[0] == 403  # fmt: skip
    wrong = {"X-Grader-Token": served.token[:-1] + "x"}
    assert served.request("POST", "/api/decide", decision, headers=wrong)[0] == 403
    # DNS rebinding: a foreign name resolved to 127.0.0.1 is refused even with the token.
    assert served.get("/", headers={"Host": "evil.example:80"})[0] == 403
    db = sqlite3.connect(hostile_out / "gradebook.sqlite")
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone() == (0,)
    db.close()
    ok = served.request("POST", "/api/decide", decision, headers={"X-Grader-Token": served.token})
    assert ok[0] == 200, ok
    bad = served.request(
        "POST", "/api/decide", {**decision, "points": 7}, headers={"X-Grader-Token": served.token}
    )
    assert bad[0] == 422 and b"between 0 and 2" in bad[1]


def test_no_path_reads_outside_the_batch_folder(hostile_out: Path, review: Callable[[Path], Served]) -> None:
    served = review(hostile_out)
    status, page = served.get("/queue")
    assert status == 200
    image = next(part.split('"')[0] for part in page.decode().split('src="') if part.startswith("/img/"))
    sid = image.split("/")[2]
    status, svg = served.get(image)
    assert status == 200 and svg == SVG
    img = f"/img/{sid}"
    attempts = [
        "/static/../gradebook.sqlite", "/static/..%2fgradebook.sqlite", "/static/%2e%2e/%2e%2e/outside.txt",
        f"{img}/../../outside.txt", f"{img}/..%2f..%2f..%2foutside.txt", f"{img}/%2fetc%2fpasswd",
        f"{img}/README.md", "/student/..%2f..%2foutside.txt", "/../../etc/passwd", "/static/style.css/..",
    ]  # fmt: skip
    for path in attempts:
        status, body = served.get(path)
        assert status in (403, 404), (path, status)
        assert b"secret outside" not in body and b"root:" not in body and b"SQLite" not in body, path


def test_an_svg_is_an_image_only(hostile_out: Path, review: Callable[[Path], Served]) -> None:
    served = review(hostile_out)
    page = served.get("/queue")[1].decode()
    image = next(part.split('"')[0] for part in page.split('src="') if part.startswith("/img/"))
    import urllib.request

    request = urllib.request.Request(served.base + image, headers={"Cookie": f"grader_review={served.token}"})
    with urllib.request.urlopen(request) as answer:
        policy = answer.headers["Content-Security-Policy"]
        assert answer.headers["Content-Type"] == "image/svg+xml"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in policy and "default-src 'none'" in policy  # opened on its own, its script cannot run


def _no_alert(driver: Any) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    raise AssertionError(f"a payload ran: {alert.text}")


def test_payloads_are_shown_as_text_on_every_page(
    hostile_out: Path, review: Callable[[Path], Served], browser: Any
) -> None:
    served = review(hostile_out)
    key = json.loads((hostile_out / "gradebook.json").read_text("utf-8"))["rows"][0]["student_key"]
    note = {
        "student_key": key,
        "criterion": "canvas",
        "points": 1,
        "note": PAYLOADS[1],
        "private": PAYLOADS[0],
    }
    assert served.request("POST", "/api/decide", note, headers={"X-Grader-Token": served.token})[0] == 200
    browser.get(served.url)
    pages = [served.base + "/queue", served.base + "/"]
    student = browser.find_element(By.CSS_SELECTOR, ".qdetail:not([hidden]) a.student-link").get_attribute(
        "href"
    )
    pages.append(student)
    for url in pages:
        browser.get(url)
        _no_alert(browser)
        text = browser.find_element(By.TAG_NAME, "body").text
        assert NAME in text, url  # the name, literally
        assert not browser.find_elements(By.CSS_SELECTOR, 'img[src="x"], img[onerror]'), url
        scripts = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script")]
        assert scripts == [served.base + "/static/review.js"], url
    browser.get(student)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert PAYLOADS[0] in page and PAYLOADS[1] in page and PAYLOADS[2] in page
    assert not browser.find_elements(By.CSS_SELECTOR, 'a[href^="javascript:"]')
    # The SVG with a script inside is shown as an image: its script never runs.
    browser.get(served.base + "/queue")
    assert browser.find_elements(By.CSS_SELECTOR, '.images img[src*="canvas.svg"]')
    _no_alert(browser)
