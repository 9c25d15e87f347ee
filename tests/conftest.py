"""Suite-wide settings. Hypothesis runs without wall-clock deadlines (a busy 2-core machine is slow,
not wrong), so no property test can fail on timing. The file's presence also puts ``tests/`` on the
import path so that every test folder can use the shared builders (``hostile.py``: hostile inputs
generated in code)."""

import pytest
from hypothesis import settings

settings.register_profile("dateline", deadline=None, print_blob=True)
settings.load_profile("dateline")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Spark tests start a JVM (about a minute of CPU each on 2 cores): they are ``slow`` too, so
    ``make test`` leaves them to ``make test-all`` (and CI)."""
    for item in items:
        if item.get_closest_marker("spark") is not None:
            item.add_marker(pytest.mark.slow)
