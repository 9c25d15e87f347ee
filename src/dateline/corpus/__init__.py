"""The corpus: an embedded SQLite store of analyzed documents, ingest, search and syndication.

``Store`` (see :mod:`dateline.corpus.store` for the whole API) is what the CLI, the web app and
``dateline load`` share; :mod:`dateline.corpus.syndication` clusters copies with or without it.
The package's public names are the store module's (its ``__all__``), listed once, there.
"""

from __future__ import annotations

from .store import *  # noqa: F403
from .store import __all__ as __all__
