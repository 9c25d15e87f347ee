"""The corpus: an embedded SQLite store of analyzed documents, ingest, search and syndication.

``Store`` (see :mod:`dateline.corpus.store` for the whole API) is what the CLI, the web app and
``dateline load`` share; :mod:`dateline.corpus.syndication` clusters copies with or without it.
"""

from __future__ import annotations

from .store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Cluster,
    Document,
    Failure,
    Hit,
    Member,
    QueryError,
    Quote,
    Speaker,
    Store,
    normalize_date,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Cluster",
    "Document",
    "Failure",
    "Hit",
    "Member",
    "QueryError",
    "Quote",
    "Speaker",
    "Store",
    "normalize_date",
]
