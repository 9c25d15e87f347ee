"""Statements on the web: ``GET /api/statements[/{id}]``, the statement pages, and what the
document and speaker pages show of them (a router the app includes; the HTTP models are here).

    GET /api/statements              statements that ran in several documents, with filters
    GET /api/statements/{id}         one statement: canonical text, first appearance, every
                                     occurrence with its kind and word-level changes
    GET /statements                  the list, as a page
    GET /statements/{id}             the statement's spread on a timeline: the first appearance
                                     marked, altered versions highlighted with their changes
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from . import render
from .app import READ_ERRORS, ApiError, _backend, _check_dates, _db, _json, _page

__all__ = [
    "ProvenanceModel",
    "StatementChange",
    "StatementList",
    "StatementModel",
    "StatementOccurrence",
    "StatementSummary",
    "router",
]


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


router = APIRouter()


@router.get(
    "/api/statements",
    response_model=StatementList,
    responses=READ_ERRORS,
    tags=["corpus"],
    summary="Statements that ran in several documents (first appearance, every change)",
)
async def api_statements(
    request: Request,
    speaker: Annotated[
        str | None, Query(description="only statements by this speaker (name or alias)")
    ] = None,
    altered: Annotated[bool, Query(description="only statements with an altered version")] = False,
    since: Annotated[str | None, Query(description="first seen on or after, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="first seen on or before, YYYY-MM-DD")] = None,
    min_documents: Annotated[int, Query(ge=1, le=1_000_000, description="ran in at least this many")] = 2,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    backend = _backend(request)
    _check_dates(since, until)
    found = await _db(
        backend.statements,
        speaker=speaker,
        altered=altered,
        since=since,
        until=until,
        min_documents=min_documents,
        limit=limit,
        offset=offset,
    )
    return _json(StatementList(limit=limit, offset=offset, statements=found).model_dump())


@router.get(
    "/api/statements/{statement_id}",
    response_model=StatementModel,
    responses=READ_ERRORS,
    tags=["corpus"],
    summary="One statement: canonical text, first appearance, every occurrence and change",
)
async def api_statement(request: Request, statement_id: int) -> Response:
    backend = _backend(request)
    found = await _db(backend.statement, statement_id)
    if found is None:
        raise ApiError(404, f"no statement {statement_id}: list them with GET /api/statements")
    return _json(found.model_dump())


@router.get("/statements", response_class=HTMLResponse, include_in_schema=False)
async def statements_page(request: Request, speaker: str | None = None, altered: bool = False) -> Response:
    backend = _backend(request)
    speaker = (speaker or "").strip() or None
    found = await _db(backend.statements, speaker=speaker, altered=altered, limit=200, offset=0)
    return _page(
        request,
        "statements.html",
        title="Statements — dateline",
        statements=found,
        speaker=speaker,
        altered=altered,
    )


@router.get("/statements/{statement_id}", response_class=HTMLResponse, include_in_schema=False)
async def statement_page(request: Request, statement_id: int) -> Response:
    backend = _backend(request)
    found = await _db(backend.statement, statement_id)
    if found is None:
        raise ApiError(404, f"no statement {statement_id}: see the list of statements")
    days = render.timeline(occurrence_rows(found))
    return _page(
        request,
        "statement.html",
        title=f"Statement {found.id} — dateline",
        statement=found,
        days=days,
    )


class _Row:
    """An occurrence on the timeline (``render.timeline`` reads ``published`` and ``document``):
    whether it is the first appearance, and for an altered version its words with the inserted
    ones marked."""

    __slots__ = ("changes", "document", "first", "kind", "pieces", "published", "site", "source", "text")

    def __init__(self, o: StatementOccurrence, first: bool, pieces: list[render.DiffPiece]) -> None:
        self.document = o.document
        self.published = o.published
        self.site = o.site
        self.source = o.source
        self.text = o.text
        self.kind = o.kind
        self.changes = o.changes
        self.first = first
        self.pieces = pieces


def occurrence_rows(statement: StatementModel) -> list[_Row]:
    """The occurrences of a statement as the timeline draws them."""
    rows = []
    for n, o in enumerate(statement.occurrences):
        pieces = render.word_diff(statement.text, o.text)[1] if o.kind == "altered" else []
        rows.append(_Row(o, n == 0, pieces))
    return rows
