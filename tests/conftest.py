"""Suite-wide settings: Hypothesis runs without wall-clock deadlines (a busy 2-core machine is slow,
not wrong), so no property test can fail on timing."""

from hypothesis import settings

settings.register_profile("dateline", deadline=None, print_blob=True)
settings.load_profile("dateline")
