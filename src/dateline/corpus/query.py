"""A search of the store as one value: :class:`SearchQuery` for documents, :class:`StatementQuery`
for statements.

The CLI (``dateline search``), the web API (``GET /api/documents``) and the home page build one
and hand it to :meth:`dateline.corpus.Store.search` unchanged, instead of passing nine keyword
arguments through every layer. It is plain data: the store checks it where it runs it (a date
that is not ``YYYY-MM-DD`` or a query FTS5 cannot parse raises
:class:`~dateline.corpus.QueryError`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

__all__ = ["SearchQuery", "StatementQuery"]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Documents matching the FTS5 query ``text`` (words, ``"phrases"``, ``OR``, ``NOT``,
    ``prefix*``) and every filter given: quoting ``speaker`` (name or alias; with ``type``, only
    statements of that type), mentioning ``entity``, from ``source`` (the ingest source or the
    site), published from ``since`` to ``until`` (``YYYY-MM-DD``, both included); ``limit``
    results after skipping ``offset``."""

    text: str | None = None
    speaker: str | None = None
    entity: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    type: str | None = None
    limit: int = 20
    offset: int = 0

    @property
    def has_text(self) -> bool:
        """Whether there is a full-text query (not just filters): results are then ranked."""
        return bool(self.text and self.text.strip())


@dataclass(frozen=True, slots=True)
class StatementQuery:
    """Statements (:meth:`dateline.corpus.Store.statements`) that ran in at least
    ``min_documents`` documents, by ``speaker`` (name or alias), with an altered version when
    ``altered``, first seen from ``since`` to ``until``; ``limit`` of them after ``offset``."""

    speaker: str | None = None
    altered: bool = False
    since: str | None = None
    until: str | None = None
    min_documents: int = 2
    limit: int = 50
    offset: int = 0

    def keywords(self) -> dict[str, Any]:
        """The query as :meth:`dateline.corpus.Store.statements`' keyword arguments."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
