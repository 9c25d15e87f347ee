"""What the web app needs from a corpus, and the adapter over dateline's SQLite store.

The app only talks to :class:`Backend`; :func:`open_backend` returns the adapter over
:class:`dateline.corpus.Store`. Another storage would be another adapter, not a change to the app.
A search it cannot run raises the store's :class:`~dateline.corpus.QueryError` (answered with 400).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from ..corpus.query import SearchQuery, StatementQuery
from ..records import Record
from .schemas import (
    Cluster,
    DocumentHit,
    DocumentReuse,
    ProvenanceModel,
    Quote,
    SpeakerCount,
    StatementModel,
    StatementSummary,
)

__all__ = ["Backend", "open_backend"]

log = logging.getLogger(__name__)


class Backend(Protocol):
    def add(
        self, record: Record, *, source: str | None, url: str | None, published: str | None
    ) -> tuple[str, bool]: ...

    def get(self, doc_id: str) -> Record | None: ...

    def search(self, query: SearchQuery) -> list[DocumentHit]: ...

    def speakers(self, top: int) -> list[SpeakerCount]: ...

    def quotes(self, speaker: str, limit: int, type: str | None = None) -> list[Quote]: ...

    def clusters(self, limit: int = 100, offset: int = 0) -> list[Cluster]: ...

    def cluster(self, cluster_id: int) -> Cluster | None: ...

    def cluster_of(self, doc_id: str) -> Cluster | None: ...

    def reuse(
        self,
        doc_ids: list[str] | None,
        *,
        source_filter: str | None = None,
        min_fraction: float = 0.0,
        limit: int = 100,
        offset: int = 0,
    ) -> list[DocumentReuse]: ...

    def pickup(self, doc_id: str) -> list[DocumentReuse]: ...

    def statements(self, query: StatementQuery) -> list[StatementModel]: ...

    def statement(self, statement_id: int) -> StatementModel | None: ...

    def statement_summaries(self, doc_ids: list[str]) -> list[StatementSummary]: ...

    def provenance(self, doc_id: str) -> ProvenanceModel | None: ...

    def close(self) -> None: ...


def open_backend(db: str | Path) -> Backend:
    """The adapter over the SQLite store at ``db`` (created if missing)."""
    from .store_backend import StoreBackend

    return StoreBackend(db)
