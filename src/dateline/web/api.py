"""The JSON API over analysis and the corpus (an ``APIRouter`` the app includes)::

    POST /api/analyze                  analyze one document, store nothing
    POST /api/documents                analyze and store (needs the token when one is set)
    GET  /api/documents                full-text search with speaker/entity/source/date filters
    GET  /api/documents/{id}           one stored record
    GET  /api/speakers                 speakers by number of statements
    GET  /api/speakers/{name}/quotes   everything one speaker said
    GET  /api/clusters[/{id}]          syndication clusters

Every route returns its response model (or the dict FastAPI checks against it), so what the API
sends is what ``docs/openapi.json`` says it sends.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ..corpus.query import SearchQuery
from ..records import AttributionType, Record
from .deps import PAGE_SIZE, ClusterId, CorpusDep, Writer, analyze, check_dates
from .responses import ANALYZE_ERRORS, WRITE_ERRORS, ApiError, corpus_get
from .schemas import (
    AnalyzeRequest,
    Cluster,
    ClusterList,
    QuoteList,
    SearchPage,
    SpeakerList,
    StoredDocument,
)

__all__ = ["router"]

router = APIRouter()
read = functools.partial(corpus_get, router)


@router.post(
    "/api/analyze",
    response_model=Record,
    responses=ANALYZE_ERRORS,
    tags=["analysis"],
    summary="Analyze one document; nothing is stored (needs the token when the server has one)",
)
async def api_analyze(request: Request, body: AnalyzeRequest, _: Writer) -> dict[str, Any]:
    record = await analyze(request, body)
    return record.as_dict()


@router.post(
    "/api/documents",
    response_model=StoredDocument,
    status_code=201,
    responses=WRITE_ERRORS,
    tags=["corpus"],
    summary="Analyze a document and store it, once per url (or per text when no url is given)",
)
async def api_store(
    request: Request, response: Response, body: AnalyzeRequest, corpus: CorpusDep, _: Writer
) -> dict[str, Any]:
    backend = corpus.backend
    record = await analyze(request, body)
    doc_id, inserted = await corpus.run(
        backend.add, record, source="api", url=body.url, published=body.published
    )
    if not inserted:
        response.status_code = 200
    return {"id": doc_id, "inserted": inserted, "record": record.as_dict()}


@read("/api/documents", SearchPage, "Search stored documents")
async def api_search(
    corpus: CorpusDep,
    q: Annotated[
        str | None, Query(description="full-text query (SQLite FTS5 syntax)", max_length=1000)
    ] = None,
    speaker: Annotated[str | None, Query(description="only documents quoting this speaker")] = None,
    entity: Annotated[str | None, Query(description="only documents mentioning this entity")] = None,
    source: Annotated[str | None, Query(description="distributor or site")] = None,
    since: Annotated[str | None, Query(description="published on or after, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="published on or before, YYYY-MM-DD")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> SearchPage:
    backend = corpus.backend
    check_dates(since, until)
    query = SearchQuery(q, speaker, entity, source, since, until, limit=limit, offset=offset)
    hits = await corpus.run(backend.search, query)
    return SearchPage(query=q, limit=limit, offset=offset, results=hits)


@read("/api/documents/{doc_id}", Record, "One stored record")
async def api_document(corpus: CorpusDep, doc_id: str) -> dict[str, Any]:
    record = await corpus.run(corpus.backend.get, doc_id)
    if record is None:
        raise ApiError(404, f"no document {doc_id!r} in the corpus: search with GET /api/documents?q=...")
    return record.as_dict()


@read("/api/speakers", SpeakerList, "Speakers by number of statements")
async def api_speakers(corpus: CorpusDep, top: Annotated[int, Query(ge=1, le=10_000)] = 100) -> SpeakerList:
    return SpeakerList(speakers=await corpus.run(corpus.backend.speakers, top))


@read(
    "/api/speakers/{name:path}/quotes",
    QuoteList,
    "Every statement of one speaker (a part of the name finds the canonical entity)",
)
async def api_quotes(
    corpus: CorpusDep,
    name: str,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    type: Annotated[
        AttributionType | None,
        Query(description="only statements of this type (speech: said, told, wrote...)"),
    ] = None,
) -> QuoteList:
    return QuoteList(speaker=name, quotes=await corpus.run(corpus.backend.quotes, name, limit, type))


@read("/api/clusters", ClusterList, "Syndication clusters (copies of one story)")
async def api_clusters(
    corpus: CorpusDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ClusterList:
    return ClusterList(clusters=await corpus.run(corpus.backend.clusters, limit, offset))


@read("/api/clusters/{cluster_id}", Cluster, "One syndication cluster")
async def api_cluster(corpus: CorpusDep, cluster_id: ClusterId) -> Cluster:
    cluster = await corpus.run(corpus.backend.cluster, cluster_id)
    if cluster is None:
        raise ApiError(404, f"no cluster {cluster_id!r}: list them with GET /api/clusters")
    return cluster
