"""The export tests grade the same four repositories as the publish tests."""

from tests.publish.conftest import graded, graded_dir, stub  # noqa: F401  (fixtures)
