"""Shared fixtures for the wire-parser tests: where the shared development data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

#: ``../shared`` from the project root (tests never copy shared data into the project).
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def shared_path(*parts: str) -> Path:
    """A path under the shared data folder; skips the test when the folder is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
