"""dateline: news articles and press releases into structured, searchable records.

The public API::

    from dateline import Analyzer, analyze, Options, Record
    record = analyze(text)

Names are imported on first use, so ``import dateline.records`` stays light (no spaCy).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Analyzer": "analysis",
    "analyze": "analysis",
    "DatelineError": "errors",
    "InputError": "errors",
    "Options": "options",
    "Input": "readers",
    "read_path": "readers",
    "Attribution": "records",
    "Dateline": "records",
    "Entity": "records",
    "Record": "records",
}

__all__ = [
    "Analyzer",
    "Attribution",
    "Dateline",
    "DatelineError",
    "Entity",
    "Input",
    "InputError",
    "Options",
    "Record",
    "__version__",
    "analyze",
    "read_path",
]

if TYPE_CHECKING:
    from .analysis import Analyzer, analyze
    from .errors import DatelineError, InputError
    from .options import Options
    from .readers import Input, read_path
    from .records import Attribution, Dateline, Entity, Record


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dateline' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
