"""Text reuse over HTTP: the API (``GET /api/documents/{id}/reuse``, ``GET /api/reuse``,
``GET /api/documents/{id}/pickup``) and two pages: a document with its reused passages shaded,
each linked to its source passage (``/documents/{id}/reuse``), and the pickup view of a document,
every later document that reused it with its share and a side-by-side alignment
(``/documents/{id}/pickup``).

An ``APIRouter`` included by :func:`dateline.web.app.create_app`; it reaches the store only
through the app's :class:`~dateline.web.backend.Backend`.
"""

from __future__ import annotations

import functools
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from ..corpus import reuse as rx
from ..errors import OptionsError
from ..records import Record
from . import render
from .deps import Corpus, CorpusDep, PagesDep
from .responses import ApiError, corpus_get
from .schemas import DocumentReuse, ErrorBody, Pickup, ReuseList

__all__ = ["router"]

log = logging.getLogger(__name__)

router = APIRouter()

#: Error answers of these routes (narrower than the corpus API's ``READ_ERRORS``).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad request (a malformed `from` filter)"},
    404: {"model": ErrorBody, "description": "no such document"},
    422: {"model": ErrorBody, "description": "a parameter is invalid"},
    503: {"model": ErrorBody, "description": "the corpus is not available"},
}
read = functools.partial(corpus_get, router, responses=ERRORS)

FromFilter = Annotated[
    str | None,
    Query(
        alias="from",
        description="only sources matching site:HOST, distributor:NAME or credit:NAME",
        examples=["site:pa.example"],
    ),
]


def _check_filter(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        rx.parse_filter(value)
    except OptionsError as exc:
        raise ApiError(400, f"from: {exc.message}") from None
    return value


async def _exists(corpus: Corpus, doc_id: str) -> Record:
    record = await corpus.run(corpus.backend.get, doc_id)
    if record is None:
        raise ApiError(404, f"no document {doc_id!r} in the corpus: search with GET /api/documents?q=...")
    return record


# ------------------------------------------------------------------------------ API


@read(
    "/api/documents/{doc_id}/reuse",
    DocumentReuse,
    "The earlier documents one document reuses text from, with aligned passages",
)
async def api_document_reuse(
    corpus: CorpusDep, doc_id: str, source_filter: FromFilter = None
) -> DocumentReuse:
    flt = _check_filter(source_filter)
    await _exists(corpus, doc_id)
    found = await corpus.run(corpus.backend.reuse, [doc_id], source_filter=flt)
    return found[0]


@read("/api/reuse", ReuseList, "Text reuse of every document, earliest first (what `dateline reuse` prints)")
async def api_reuse(
    corpus: CorpusDep,
    source_filter: FromFilter = None,
    min_fraction: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ReuseList:
    flt = _check_filter(source_filter)
    backend = corpus.backend
    found = await corpus.run(
        backend.reuse, None, source_filter=flt, min_fraction=min_fraction, limit=limit, offset=offset
    )
    return ReuseList(reuse=found)


@read(
    "/api/documents/{doc_id}/pickup",
    Pickup,
    "The later documents that reuse one document, largest share first",
)
async def api_pickup(corpus: CorpusDep, doc_id: str) -> Pickup:
    await _exists(corpus, doc_id)
    return Pickup(id=doc_id, documents=await corpus.run(corpus.backend.pickup, doc_id))


# ------------------------------------------------------------------------------ pages


@router.get("/documents/{doc_id}/reuse", response_class=HTMLResponse, include_in_schema=False)
async def reuse_page(
    corpus: CorpusDep, pages: PagesDep, doc_id: str, source_filter: FromFilter = None
) -> Response:
    record = await _exists(corpus, doc_id)
    flt = _check_filter(source_filter)
    result = (await corpus.run(corpus.backend.reuse, [doc_id], source_filter=flt))[0]
    return pages.render(
        "reuse.html",
        title=f"Reuse in {doc_id} — dateline",
        doc_id=doc_id,
        record=record,
        result=result,
        source_filter=flt or "",
        pieces=render.pieces(record.text, render.reused_passages(result)),
    )


@router.get("/documents/{doc_id}/pickup", response_class=HTMLResponse, include_in_schema=False)
async def pickup_page(corpus: CorpusDep, pages: PagesDep, doc_id: str, doc: str | None = None) -> Response:
    record = await _exists(corpus, doc_id)
    later = await corpus.run(corpus.backend.pickup, doc_id)
    ids = [r.id for r in later]
    chosen = doc if doc in ids else (ids[0] if ids else None)
    left: list[render.Piece] = []
    right: list[render.Piece] = []
    if chosen is not None:
        other = await corpus.run(corpus.backend.get, chosen)
        copy = next(r for r in later if r.id == chosen)
        left = render.pieces(record.text, render.source_marks(copy.sources[0].passages))
        # the copy's passages lead to their source passage on this page
        right = render.pieces(
            other.text if other else "", render.reused_passages(copy, lambda _s, _d, anchor: f"#{anchor}")
        )
    return pages.render(
        "pickup.html",
        title=f"Pickup of {doc_id} — dateline",
        doc_id=doc_id,
        record=record,
        later=later,
        chosen=chosen,
        left=left,
        right=right,
    )
