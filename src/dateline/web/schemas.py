"""Pydantic models at the HTTP boundary (the library itself speaks frozen dataclasses).

Records go out as :class:`dateline.records.Record` itself: pydantic reads the dataclass, so the
OpenAPI schema describes exactly what :meth:`Record.as_dict` writes.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import dates
from ..errors import InputError
from ..readers.text import check_text
from ..records import Record

__all__ = [
    "AnalyzeRequest",
    "Cluster",
    "ClusterList",
    "ClusterMember",
    "DocumentHit",
    "DocumentReuse",
    "ErrorBody",
    "FirstSeen",
    "Pickup",
    "ProvenanceModel",
    "Quote",
    "QuoteList",
    "ReuseList",
    "SearchPage",
    "SharedStatement",
    "SpeakerCount",
    "SpeakerList",
    "StatementChange",
    "StatementList",
    "StatementModel",
    "StatementOccurrence",
    "StatementSummary",
    "StoredDocument",
]


#: What an ``id`` may hold: it becomes part of a URL path (``/api/documents/{id}``), so no
#: slash, backslash or control character.
ID_PATTERN = r"^[^/\\\x00-\x1f\x7f]+$"

_SURROGATE = re.compile("[\ud800-\udfff]")


class AnalyzeRequest(BaseModel):
    """One document: ``text`` (plain text or Markdown) or ``html`` (a whole page), not both."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain text or Markdown of the article")
    html: str | None = Field(None, description="an HTML page; its body is extracted with trafilatura")
    url: str | None = Field(None, max_length=4096, description="where the document was published")
    published: str | None = Field(
        None, description="publication date, YYYY-MM-DD (or an ISO timestamp); supplies missing years"
    )
    id: str | None = Field(
        None,
        max_length=512,
        pattern=ID_PATTERN,
        description="your identifier for the document (no `/`, `\\` or control characters)",
    )

    @model_validator(mode="after")
    def _one_body(self) -> AnalyzeRequest:
        given = [name for name in ("text", "html") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError('send exactly one of "text" or "html" with the document in it')
        body = self.text if self.text is not None else self.html
        if not (body or "").strip():
            raise ValueError(f'"{given[0]}" is empty: send the document\'s content')
        try:
            check_text(body or "", given[0])
        except InputError as exc:
            raise ValueError(f'"{given[0]}" {exc.message}') from None
        m = _SURROGATE.search(body or "")
        if m is not None:
            raise ValueError(
                f'"{given[0]}" holds a lone surrogate (U+{ord(m.group(0)):04X}) at character {m.start():,}: '
                "not valid Unicode text"
            )
        return self

    @field_validator("published")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        return None if value is None else dates.check_timestamp(value)

    @property
    def format(self) -> str:
        return "html" if self.html is not None else "text"

    @property
    def body(self) -> str:
        return self.html if self.html is not None else (self.text or "")


class ErrorBody(BaseModel):
    """Every error the server sends: the HTTP status, a stable code and a message for people."""

    status: int
    error: str = Field(description="a stable code: bad_request, unauthorized, not_found, too_large, ...")
    message: str = Field(description="what was wrong and what to do about it")


class StoredDocument(BaseModel):
    """The result of ``POST /api/documents``: ``inserted`` is false when it was already stored."""

    id: str
    inserted: bool
    record: Record


class DocumentHit(BaseModel):
    """One search result."""

    id: str
    headline: str | None = None
    published: str | None = None
    source: str | None = Field(None, description="what it was ingested from (a folder, a feed, api)")
    site: str | None = Field(None, description="the site or distributor that published it")
    url: str | None = None
    cluster: int | None = Field(None, description="its syndication cluster")
    snippet: str | None = Field(None, description="a passage of the text around the matches")
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) offsets of the matched terms in snippet"
    )


class SearchPage(BaseModel):
    query: str | None
    limit: int
    offset: int
    results: list[DocumentHit]


class SpeakerCount(BaseModel):
    name: str
    statements: int
    documents: int
    first: str | None = Field(None, description="date of their first statement in the corpus")
    last: str | None = Field(None, description="date of their last statement in the corpus")


class SpeakerList(BaseModel):
    speakers: list[SpeakerCount]


class Quote(BaseModel):
    """One statement of a speaker in one stored document (offsets into that document's text)."""

    document: str
    published: str | None = None
    headline: str | None = None
    speaker: str | None = Field(None, description="the canonical name of the speaker")
    source: str | None = Field(None, description="the words naming the speaker in the text")
    cue: str | None = None
    content: str
    kind: str | None = None
    start: int | None = None
    end: int | None = None
    type: str | None = Field(
        None, description="speech, thought, evidence, intention or other (none: stored before types existed)"
    )


class QuoteList(BaseModel):
    speaker: str
    quotes: list[Quote]


class ClusterMember(BaseModel):
    id: str
    path: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None


class Cluster(BaseModel):
    """Copies of one story; ``original`` is the earliest member, listed first."""

    id: int
    size: int
    original: str | None
    members: list[ClusterMember]


class ClusterList(BaseModel):
    clusters: list[Cluster]


class ReusePassage(BaseModel):
    """A reused passage: ``[start, end)`` in the document's text, ``[source_start, source_end)`` in
    the source's; ``kind`` is ``verbatim`` or ``rewritten``."""

    start: int
    end: int
    source_start: int
    source_end: int
    kind: str


class ReuseSource(BaseModel):
    """One earlier document a document reuses, with the share of the document it covers."""

    id: str
    published: str | None = None
    reused_fraction: float
    passages: list[ReusePassage]


class DocumentReuse(BaseModel):
    """What a document reuses: its share reused, ``wholly``/``partially``/``non``, its sources by
    share."""

    id: str
    published: str | None = None
    reused_fraction: float
    label: str
    sources: list[ReuseSource]


class ReuseList(BaseModel):
    reuse: list[DocumentReuse]


class Pickup(BaseModel):
    """The later documents that reuse ``id``, each with ``id`` as its only source, largest share
    first."""

    id: str
    documents: list[DocumentReuse]


class StatementChange(BaseModel):
    """A word-level change from the canonical text: ``op`` is insert, delete or replace."""

    op: str
    canonical: str
    variant: str


class StatementOccurrence(BaseModel):
    """Where the statement ran: the ``attribution``-th statement of ``document``."""

    document: str
    published: str | None = None
    site: str | None = None
    attribution: int
    speaker: str | None = Field(None, description="the resolved speaker in this document")
    source: str | None = Field(None, description="the words of the source in this document")
    text: str = Field(description="the statement as this document printed it")
    kind: str = Field(description="verbatim, trimmed (cut at either end) or altered")
    changes: list[StatementChange] = Field(default_factory=list)


class FirstSeen(BaseModel):
    document: str
    published: str | None = None


class StatementModel(BaseModel):
    """One statement across the corpus: ``text`` is the earliest full version."""

    id: str
    speaker: str | None = None
    text: str
    first_seen: FirstSeen
    documents: int = Field(description="documents it ran in")
    altered: int = Field(description="documents carrying an altered version")
    occurrences: list[StatementOccurrence]


class StatementList(BaseModel):
    limit: int
    offset: int
    statements: list[StatementModel]


class StatementSummary(BaseModel):
    """How far the statement of one attribution ran (what a quote on a page links with)."""

    statement: str
    document: str
    attribution: int
    start: int
    documents: int
    altered: int
    first_document: str
    first_published: str | None = None
    kind: str


class SharedStatement(BaseModel):
    statement: str
    text: str
    speaker: str | None = None
    kind: str
    first_document: str
    first_published: str | None = None


class ProvenanceModel(BaseModel):
    """Where a stored document came from."""

    document: str
    published: str | None = None
    credit: str | None = None
    distributor: str | None = None
    site: str | None = None
    cluster: int | None = None
    cluster_size: int = 1
    original: str | None = None
    shared: list[SharedStatement] = Field(default_factory=list)
