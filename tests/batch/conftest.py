"""Fixtures for batch tests: generated student repositories served over git smart HTTP and a
GitHub-shaped REST API, both on 127.0.0.1, started and stopped per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch.servers import ApiServer, GitHttpServer, serving

GOOD_README = """# Проект: прогноз оттока

## Бизнес-цели и метрики
Снизить отток клиентов на 5% за квартал; метрика — доля ушедших клиентов в месяц.

## ML-метрики
Recall не ниже 0.8 и precision не ниже 0.6 на отложенной выборке.
"""


@pytest.fixture
def repo_root(tmp_path: Path) -> Path:
    root = tmp_path / "repos"
    root.mkdir()
    return root


@pytest.fixture
def servers(repo_root: Path) -> Iterator[tuple[GitHttpServer, ApiServer]]:
    with serving(repo_root) as pair:
        yield pair
