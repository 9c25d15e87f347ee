"""The :class:`~dateline.web.backend.Backend` over :class:`dateline.corpus.Store`.

A thin translation: the store's result dataclasses become the HTTP models of
:mod:`dateline.web.schemas`; its :class:`~dateline.corpus.QueryError` passes through (the app
answers it with 400). Every query is the store's own, parameterized; this module writes no SQL
(the store's :func:`~dateline.corpus.store.check_query` parses a query on an empty table).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from ..corpus import Cluster as StoreCluster
from ..corpus import Store
from ..corpus.query import SearchQuery, StatementQuery
from ..corpus.store import Hit, check_query
from ..records import Record
from .schemas import (
    Cluster,
    ClusterMember,
    DocumentHit,
    DocumentReuse,
    ProvenanceModel,
    Quote,
    SpeakerCount,
    StatementModel,
    StatementSummary,
)

__all__ = ["StoreBackend", "split_snippet"]

log = logging.getLogger(__name__)

T = TypeVar("T")


def split_snippet(
    snippet: str | None, open_mark: str = "[", close_mark: str = "]"
) -> tuple[str, list[tuple[int, int]]]:
    """The store marks matched words ``[like this]``: return the plain snippet and the offsets of
    the marked stretches. An unmatched bracket is kept as text."""
    if not snippet:
        return "", []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, length = 0, 0
    while pos < len(snippet):
        i = snippet.find(open_mark, pos)
        j = snippet.find(close_mark, i + 1) if i >= 0 else -1
        if i < 0 or j < 0:
            out.append(snippet[pos:])
            break
        out.append(snippet[pos:i])
        length += i - pos
        word = snippet[i + 1 : j]
        out.append(word)
        spans.append((length, length + len(word)))
        length += len(word)
        pos = j + 1
    return "".join(out), spans


def _hit(h: Hit, query: str | None) -> DocumentHit:
    snippet, spans = split_snippet(h.snippet) if query else (h.snippet, [])
    return DocumentHit(
        id=h.id,
        headline=h.headline or None,
        published=h.published,
        source=h.source,
        site=h.site,
        url=h.url,
        cluster=h.cluster,
        snippet=snippet,
        highlights=spans,
    )


#: Seconds the speaker and cluster lists are reused. They aggregate the whole store (about 50 ms
#: each on the 10,000-document load-test store) and the home page shows the speakers on every
#: visit; writes through this app clear them at once, writes from another process (an ingest)
#: show within this delay.
LIST_TTL = 5.0


class StoreBackend:
    """The web app's view of one SQLite store (safe to share between threads: the store gives
    each thread its own connection and serializes writes)."""

    def __init__(self, path: str | Path) -> None:
        self.store = Store(path)
        self._lists: dict[tuple[str, int, int], tuple[float, Any]] = {}
        self._lists_lock = threading.Lock()

    def _cached(self, key: tuple[str, int, int], compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lists_lock:
            hit = self._lists.get(key)
            if hit is not None and now - hit[0] < LIST_TTL:
                return cast(T, hit[1])
        value = compute()
        with self._lists_lock:
            if len(self._lists) > 256:
                self._lists.clear()
            self._lists[key] = (now, value)
        return value

    def close(self) -> None:
        self.store.close()

    def add(
        self, record: Record, *, source: str | None, url: str | None, published: str | None
    ) -> tuple[str, bool]:
        result = self.store.add(record, source=source or "api", url=url, published=published)
        with self._lists_lock:
            self._lists.clear()
        return result

    def get(self, doc_id: str) -> Record | None:
        return self.store.get(doc_id)

    def search(self, query: SearchQuery) -> list[DocumentHit]:
        if query.text and query.text.strip():
            check_query(query.text, name="q")  # the API's parameter
        return [_hit(h, query.text) for h in self.store.search(query)]

    def speakers(self, top: int) -> list[SpeakerCount]:
        return self._cached(("speakers", top, 0), lambda: self._speakers(top))

    def _speakers(self, top: int) -> list[SpeakerCount]:
        return [
            SpeakerCount(name=s.name, statements=s.quotes, documents=s.documents, first=s.first, last=s.last)
            for s in self.store.speakers(top)
        ]

    def quotes(self, speaker: str, limit: int, type: str | None = None) -> list[Quote]:
        return [
            Quote(
                document=q.document,
                published=q.published,
                headline=q.headline or None,
                speaker=q.speaker,
                source=q.source_text,
                cue=q.cue,
                content=q.content,
                kind=q.kind,
                start=q.start,
                end=q.end,
                type=q.type,
            )
            for q in self.store.quotes(speaker, limit=limit, type=type)
        ]

    def clusters(self, limit: int = 100, offset: int = 0) -> list[Cluster]:
        return self._cached(
            ("clusters", limit, offset),
            lambda: [_cluster(c) for c in self.store.clusters(limit=limit, offset=offset)],
        )

    def cluster(self, cluster_id: int) -> Cluster | None:
        found = self.store.cluster(cluster_id)
        return _cluster(found) if found is not None else None

    def cluster_of(self, doc_id: str) -> Cluster | None:
        found = self.store.cluster_of(doc_id)
        return _cluster(found) if found is not None else None

    def reuse(
        self,
        doc_ids: list[str] | None,
        *,
        source_filter: str | None = None,
        min_fraction: float = 0.0,
        limit: int = 100,
        offset: int = 0,
    ) -> list[DocumentReuse]:
        """Text reuse (:func:`dateline.corpus.reuse_index.reuse`): a malformed filter raises
        :class:`~dateline.errors.OptionsError`, an unknown id :class:`~dateline.errors.StoreError`."""
        from itertools import islice

        from ..corpus.reuse_index import reuse

        found = reuse(self.store, ids=doc_ids, source_filter=source_filter, min_fraction=min_fraction)
        return [DocumentReuse.model_validate(r.as_dict()) for r in islice(found, offset, offset + limit)]

    def pickup(self, doc_id: str) -> list[DocumentReuse]:
        from ..corpus.reuse_index import pickup

        return [DocumentReuse.model_validate(r.as_dict()) for r in pickup(self.store, doc_id)]

    def statements(self, query: StatementQuery) -> list[StatementModel]:
        found = self.store.statements(**query.keywords())
        return [StatementModel.model_validate(s.as_dict()) for s in found]

    def statement(self, statement_id: int) -> StatementModel | None:
        found = self.store.statement(statement_id)
        return StatementModel.model_validate(found.as_dict()) if found is not None else None

    def statement_summaries(self, doc_ids: list[str]) -> list[StatementSummary]:
        return [StatementSummary(**s.as_dict()) for s in self.store.statement_summaries(doc_ids)]

    def provenance(self, doc_id: str) -> ProvenanceModel | None:
        from ..corpus.provenance import provenance

        found = provenance(self.store, doc_id)
        return ProvenanceModel.model_validate(found.as_dict()) if found is not None else None


def _cluster(c: StoreCluster) -> Cluster:
    return Cluster(
        id=c.id,
        size=c.size,
        original=c.original,
        members=[
            ClusterMember(id=m.id, path=m.path, url=m.url, published=m.published, source=m.source)
            for m in c.members
        ],
    )
