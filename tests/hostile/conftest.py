"""Fixtures shared with the batch tests: the loopback git and API servers."""

from tests.batch.conftest import repo_root, servers

__all__ = ["repo_root", "servers"]
