"""Statements on the web: ``GET /api/statements[/{id}]``, the statement pages, and what the
document and speaker pages show of them (a router the app includes; the HTTP models are in
:mod:`dateline.web.schemas`).

    GET /api/statements              statements that ran in several documents, with filters
    GET /api/statements/{id}         one statement: canonical text, first appearance, every
                                     occurrence with its kind and word-level changes
    GET /statements                  the list, as a page
    GET /statements/{id}             the statement's spread on a timeline: the first appearance
                                     marked, altered versions highlighted with their changes
"""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from ..corpus.query import StatementQuery
from . import render
from .deps import CorpusDep, PagesDep, check_dates
from .responses import ApiError, corpus_get
from .schemas import StatementList, StatementModel, StatementOccurrence

__all__ = ["occurrence_rows", "router"]

router = APIRouter()
read = functools.partial(corpus_get, router)


@read(
    "/api/statements",
    StatementList,
    "Statements that ran in several documents (first appearance, every change)",
)
async def api_statements(
    corpus: CorpusDep,
    speaker: Annotated[
        str | None, Query(description="only statements by this speaker (name or alias)")
    ] = None,
    altered: Annotated[bool, Query(description="only statements with an altered version")] = False,
    since: Annotated[str | None, Query(description="first seen on or after, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="first seen on or before, YYYY-MM-DD")] = None,
    min_documents: Annotated[int, Query(ge=1, le=1_000_000, description="ran in at least this many")] = 2,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> StatementList:
    backend = corpus.backend
    check_dates(since, until)
    query = StatementQuery(speaker, altered, since, until, min_documents, limit, offset)
    found = await corpus.run(backend.statements, query)
    return StatementList(limit=limit, offset=offset, statements=found)


@read(
    "/api/statements/{statement_id}",
    StatementModel,
    "One statement: canonical text, first appearance, every occurrence and change",
)
async def api_statement(corpus: CorpusDep, statement_id: int) -> StatementModel:
    return await _statement(corpus, statement_id, "list them with GET /api/statements")


async def _statement(corpus: CorpusDep, statement_id: int, where: str) -> StatementModel:
    found = await corpus.run(corpus.backend.statement, statement_id)
    if found is None:
        raise ApiError(404, f"no statement {statement_id}: {where}")
    return found


@router.get("/statements", response_class=HTMLResponse, include_in_schema=False)
async def statements_page(
    corpus: CorpusDep, pages: PagesDep, speaker: str | None = None, altered: bool = False
) -> Response:
    backend = corpus.backend
    speaker = (speaker or "").strip() or None
    found = await corpus.run(backend.statements, StatementQuery(speaker, altered, limit=200))
    return pages.render(
        "statements.html",
        title="Statements — dateline",
        statements=found,
        speaker=speaker,
        altered=altered,
    )


@router.get("/statements/{statement_id}", response_class=HTMLResponse, include_in_schema=False)
async def statement_page(corpus: CorpusDep, pages: PagesDep, statement_id: int) -> Response:
    found = await _statement(corpus, statement_id, "see the list of statements")
    return pages.render(
        "statement.html",
        title=f"Statement {found.id} — dateline",
        statement=found,
        days=render.timeline(occurrence_rows(found)),
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
