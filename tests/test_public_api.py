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


def test_analyze_is_the_function_even_after_its_module_loads() -> None:
    """The module is ``dateline.analysis``, so importing it cannot replace ``dateline.analyze``
    (the function) with a module, as it did when both were called ``analyze``."""
    import importlib

    importlib.import_module("dateline.analysis")
    from dateline import analyze

    assert callable(analyze) and analyze.__module__ == "dateline.analysis"
