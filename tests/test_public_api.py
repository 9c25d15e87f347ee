"""The public API: ``__all__`` lists exactly what ``import dateline`` offers, and all of it resolves."""

from __future__ import annotations

import dateline


def test_all_names_resolve() -> None:
    for name in dateline.__all__:
        assert getattr(dateline, name) is not None, name


def test_all_is_complete() -> None:
    public = {n for n in dateline._EXPORTS} | {"__version__"}
    assert set(dateline.__all__) == public


def test_unknown_name_raises() -> None:
    try:
        dateline.nonexistent  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "nonexistent" in str(exc)
    else:
        raise AssertionError("no AttributeError")
