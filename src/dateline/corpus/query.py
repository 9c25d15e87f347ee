"""A search of the store as one value: :class:`SearchQuery`.

The CLI (``dateline search``), the web API (``GET /api/documents``) and the home page build one
and hand it to :meth:`dateline.corpus.Store.search` unchanged, instead of passing nine keyword
arguments through every layer. It is plain data: the store checks it where it runs it (a date
that is not ``YYYY-MM-DD`` or a query FTS5 cannot parse raises
:class:`~dateline.corpus.QueryError`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SearchQuery"]


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
