"""Fixtures for the review app: a graded batch folder, the real `grader review` server in a
subprocess on 127.0.0.1, and a headless chromium driven by Selenium (skipped only without chromium)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.batch.conftest import repo_root, servers  # noqa: F401  (the real git servers, for re-grades)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_submissions"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
WIDTH, HEIGHT = 1366, 768


def batch(sources: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(main, ["batch", str(sources), "--out", str(out), "--quiet", *extra])
    assert result.exit_code in (0, 3), result.output
    return out


_SAMPLE_CACHE: dict[str, Path] = {}


@pytest.fixture
def sample_out(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's sample batch (`grader batch sample_submissions --out out/`), a fresh copy per test."""
    if "out" not in _SAMPLE_CACHE:
        _SAMPLE_CACHE["out"] = batch(SAMPLES, tmp_path_factory.mktemp("sample") / "out")
    copy = tmp_path / "out"
    shutil.copytree(_SAMPLE_CACHE["out"], copy)
    return copy


@dataclass
class Served:
    url: str  # the address with the token, as printed
    base: str  # http://127.0.0.1:PORT
    token: str
    process: subprocess.Popen[str]

    def get(self, path: str, cookie: bool = True, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        return self.request("GET", path, None, cookie, headers)

    def request(
        self, method: str, path: str, body: Any, cookie: bool = True, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if cookie:
            request.add_header("Cookie", f"grader_review={self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def start_review(folder: Path, *extra: str) -> Served:
    # The installed command line, as an instructor runs it (the venv's python, this checkout).
    code = "import sys; from grader.cli import main; sys.argv[0] = 'grader'; main()"
    argv = [sys.executable, "-c", code, "review", str(folder), "--no-open", "--who", "tester", *extra]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:(\d+))/queue\?token=(\S+)", line)
    if not found:
        process.kill()
        raise AssertionError(
            f"no address printed: {line!r} {process.stderr.read() if process.stderr else ''}"
        )
    return Served(found.group(0), found.group(1), found.group(3), process)


@pytest.fixture
def review() -> Iterator[Callable[[Path], Served]]:
    started: list[Served] = []

    def start(folder: Path) -> Served:
        served = start_review(folder)
        started.append(served)
        _wait_up(served)
        return served

    yield start
    for served in started:
        served.process.terminate()
        try:
            served.process.wait(10)
        except subprocess.TimeoutExpired:
            served.process.kill()


def _wait_up(served: Served) -> None:
    import time

    for _ in range(100):
        try:
            served.get("/favicon.ico")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the review server did not answer")


@pytest.fixture
def browser() -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=ru",
                "--no-first-run", "--disable-extensions", "--disable-background-networking"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    set_viewport(driver, WIDTH, HEIGHT)
    yield driver
    driver.quit()


def set_viewport(driver: Any, width: int, height: int) -> None:
    """The page's own size (a window's would include the browser's frame)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
