"""Regenerate docs/img/review-*.png: the queue, a student page and the overview at 1366×768.

    .venv/bin/python -m tests.review.screenshots

Grades the bundled samples into a temporary folder, makes two decisions, serves it with the real
`grader review` and photographs it in headless chromium (the same setup as the browser tests).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main as grader
from tests.review.conftest import (
    CHROMEDRIVER,
    CHROMIUM,
    HEIGHT,
    ROOT,
    SAMPLES,
    WIDTH,
    batch,
    set_viewport,
    start_review,
)

IMG = ROOT / "docs" / "img"


def main() -> int:
    if not (CHROMIUM and CHROMEDRIVER):
        print("needs chromium and chromium-driver", file=sys.stderr)
        return 2
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the pages name the folder as given: `out`, as in the README
        out = batch(SAMPLES, Path("out"))
        for args in (["canvas-image-only", "canvas", "2", "--note", "Канвас на картинке заполнен полностью"],
                     ["canvas-miro-link", "canvas", "1", "--note", "На доске нет блока метрик"]):  # fmt: skip
            CliRunner().invoke(grader, ["override", str(out), *args, "--who", "anna"])
        served = start_review(out)
        time.sleep(1)
        options = Options()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--lang=ru"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            set_viewport(driver, WIDTH, HEIGHT)
            driver.get(served.url)
            time.sleep(0.5)
            # the first open item: a hand-in in Word, with its converted text beside the findings
            driver.save_screenshot(str(IMG / "review-queue.png"))
            link = driver.find_element(By.CSS_SELECTOR, ".qitem.done")
            link.click()
            shown = driver.find_element(By.CSS_SELECTOR, ".qdetail:not([hidden]) a.student-link")
            driver.get(shown.get_attribute("href"))
            time.sleep(0.3)
            driver.save_screenshot(str(IMG / "review-student.png"))
            driver.get(served.base + "/")
            time.sleep(0.3)
            driver.save_screenshot(str(IMG / "review-overview.png"))
            set_viewport(driver, 1024, HEIGHT)
            driver.get(served.base + "/queue")
            time.sleep(0.3)
            driver.save_screenshot(str(IMG / "review-queue-1024.png"))
        finally:
            driver.quit()
            served.process.terminate()
            served.process.wait(10)
    for name in ("queue", "student", "overview", "queue-1024"):
        print(IMG / f"review-{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
