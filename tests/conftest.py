"""Suite-wide settings. Hypothesis runs without wall-clock deadlines (a busy 2-core machine is slow,
not wrong), so no property test can fail on timing. The file's presence also puts ``tests/`` on the
import path so that every test folder can use the shared builders (``hostile.py``: hostile inputs
generated in code)."""

from hypothesis import settings

settings.register_profile("dateline", deadline=None, print_blob=True)
settings.load_profile("dateline")
