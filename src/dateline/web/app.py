"""``dateline serve``: a FastAPI app over :mod:`dateline.analyze` and the corpus store.

JSON API under ``/api`` (OpenAPI at ``/docs``), server-rendered pages everywhere else::

    POST /api/analyze                  analyze one document, store nothing
    POST /api/documents                analyze and store (needs the token when one is set)
    GET  /api/documents                full-text search with speaker/entity/source/date filters
    GET  /api/documents/{id}           one stored record
    GET  /api/speakers                 speakers by number of statements
    GET  /api/speakers/{name}/quotes   everything one speaker said
    GET  /api/clusters[/{id}]          syndication clusters
    GET  /api/statements[/{id}]        statements across documents (router in ``web/statements.py``)

The spaCy model loads once, on first use, in a separate analysis process (``web/worker.py``):
analysis is CPU-bound and spaCy pipelines are not meant to be shared between threads, so
requests queue for it (in batches) while reads go on in the threadpool, and a document that
stalls the process past its time budget is stopped with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import math
import os
import sys
import urllib.parse
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, TypeVar

import jinja2
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__
from ..analyze import Analyzer
from ..errors import DatelineError, InputError, ModelError, OptionsError, StoreError
from ..readers import Input
from ..records import AttributionType, Metadata, Record
from . import apidocs, render, reuse_routes
from .backend import Backend, QueryError, open_backend
from .batcher import AnalysisQueue
from .ratelimit import DEFAULT_PER_MINUTE, RateLimit, client_key
from .schemas import (
    AnalyzeRequest,
    Cluster,
    ClusterList,
    ErrorBody,
    QuoteList,
    SearchPage,
    SpeakerList,
    StoredDocument,
)
from .security import DEFAULT_MAX_BODY, Guard, token_matches
from .worker import ProcessAnalyzer

__all__ = ["DEFAULT_MAX_BODY", "app_from_env", "create_app", "openapi_document"]

log = logging.getLogger(__name__)

T = TypeVar("T")

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
#: Longest text the paste box accepts as an upload (the body limit still applies first).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad request (for example a malformed search query)"},
    413: {"model": ErrorBody, "description": "body over the server's size limit"},
    422: {"model": ErrorBody, "description": "the body or a parameter is invalid"},
    503: {"model": ErrorBody, "description": "the language model or the corpus is not available"},
}
ANALYZE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorBody, "description": "missing bearer token (when the server has one)"},
    403: {"model": ErrorBody, "description": "wrong bearer token"},
    429: {"model": ErrorBody, "description": "too many analyses from this client: wait Retry-After seconds"},
}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorBody, "description": "no such item"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    401: {"model": ErrorBody, "description": "missing bearer token"},
    403: {"model": ErrorBody, "description": "wrong bearer token"},
    429: {"model": ErrorBody, "description": "too many analyses from this client: wait Retry-After seconds"},
}

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    422: "invalid",
    500: "internal",
    503: "unavailable",
}


#: Threads that query the store. SQLite releases the GIL while it works, so a few threads keep
#: both cores busy; each thread holds its own connection with the store's page cache (64 MB), so
#: the count also bounds memory. Measured with bench/load_test.py (reads only, 10,000 documents,
#: A/B twice in one session): 4 threads 71 and 52 requests/s at 371 MB peak, the default
#: 40-thread pool 72 and 58 requests/s at 1,410 MB. ``DATELINE_DB_THREADS`` overrides it.
DB_THREADS = int(os.environ.get("DATELINE_DB_THREADS") or 4)
_DB_POOL = ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="dateline-db")


async def _db(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run a store call in the store's threads."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_DB_POOL, functools.partial(fn, *args, **kwargs))


#: Headers on every page: scripts, styles and images only from this server (an article that
#: somehow got markup into a page still could not run it), no framing, no sniffing.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class ApiError(HTTPException):
    """An error with a message a person can act on (rendered as JSON, or a page for browsers)."""


# ------------------------------------------------------------------------------ the app


def create_app(
    db: str | Path | None = None,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    analyzer: Analyzer | ProcessAnalyzer | None = None,
    allowed_hosts: list[str] | None = None,
    analysis_per_minute: int = DEFAULT_PER_MINUTE,
) -> FastAPI:
    """The web app over the store at ``db`` (``None``: analysis only, no corpus pages).

    ``token`` protects writes; ``max_body`` caps request bodies (413 above it);
    ``allowed_hosts`` restricts the ``Host`` header (``dateline serve`` passes the loopback
    names when it listens on loopback); ``analysis_per_minute`` is each client's analysis rate.
    ``analyzer`` lets tests share one loaded model.
    """
    if max_body <= 0:
        raise OptionsError(f"max_body must be positive, got {max_body}")
    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Who said what in news articles and press releases: analyze documents, search a "
        "corpus, read every statement of a speaker, compare syndicated copies. Reads are open; "
        "writes need `Authorization: Bearer <token>` when the server has a token.",
        docs_url=None,  # FastAPI's Swagger UI comes from a CDN; /docs is rendered here instead
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.token = token or None
    app.state.max_body = max_body
    app.state.db = str(db) if db is not None else None
    app.state.backend = open_backend(db) if db is not None else None
    app.state.analysis = AnalysisQueue(analyzer or ProcessAnalyzer())
    app.state.analysis_limit = RateLimit(analysis_per_minute)
    app.state.templates = _templates()
    app.add_middleware(Guard, max_body=max_body, allowed_hosts=allowed_hosts)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_errors(app)
    _api_routes(app)
    _page_routes(app)
    app.include_router(reuse_routes.router)
    from .statements import router as statements_router  # imports this module: included last

    app.include_router(statements_router)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Nothing to start (the model loads on first use); on shutdown, let a running analysis
    finish and close the store's connections. An app started again after a shutdown (a test
    client used twice, schemathesis' ASGI calls) reopens both."""
    if getattr(app.state, "stopped", False):
        app.state.analysis = AnalysisQueue(app.state.analysis.analyzer)
        if app.state.db is not None:
            app.state.backend = open_backend(app.state.db)
        app.state.stopped = False
    yield
    app.state.analysis.shutdown()
    if app.state.backend is not None:
        app.state.backend.close()
    app.state.stopped = True


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory dateline.web.app:app_from_env``: ``DATELINE_DB``,
    ``DATELINE_API_TOKEN``, ``DATELINE_MAX_BODY`` and ``DATELINE_ANALYSIS_RATE`` configure it."""
    raw = os.environ.get("DATELINE_MAX_BODY") or str(DEFAULT_MAX_BODY)
    try:
        max_body = int(raw)
    except ValueError:
        raise OptionsError(f"DATELINE_MAX_BODY must be a number of bytes, got {raw!r}") from None
    rate = os.environ.get("DATELINE_ANALYSIS_RATE") or str(DEFAULT_PER_MINUTE)
    if not rate.isdigit() or int(rate) <= 0:
        raise OptionsError(
            f"DATELINE_ANALYSIS_RATE must be analyses per minute (a positive number), got {rate!r}"
        )
    return create_app(
        os.environ.get("DATELINE_DB") or None,
        token=os.environ.get("DATELINE_API_TOKEN") or None,
        max_body=max_body,
        analysis_per_minute=int(rate),
    )


def openapi_document() -> dict[str, Any]:
    """The OpenAPI schema as stored in ``docs/openapi.json`` (no store or model is opened)."""
    app = create_app(None)
    return app.openapi()


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every {{ }} is escaped: article text can never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["pathquote"] = lambda value: urllib.parse.quote(str(value), safe="")
    env.filters["anchor"] = render.quote_anchor
    env.filters["safe_url"] = render.safe_url
    env.filters["snippet_parts"] = lambda hit: render.snippet_parts(hit.snippet, hit.highlights)
    return env


# ------------------------------------------------------------------------------ helpers


def _backend(request: Request) -> Backend:
    backend: Backend | None = request.app.state.backend
    if backend is None:
        raise ApiError(
            503,
            "this server was started without a corpus: restart it with `dateline serve --db FILE` "
            "to search and store documents (POST /api/analyze works without one)",
        )
    return backend


#: The bearer scheme, declared in the OpenAPI document (``components.securitySchemes``) for the
#: operations that need the token; :func:`require_writer` does the checking and the messages.
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="the server's DATELINE_API_TOKEN; needed for writes and analysis when the server has one",
)


def require_writer(
    request: Request, _scheme: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None
) -> None:
    """Writes need ``Authorization: Bearer <token>`` when the server has a token."""
    token: str | None = request.app.state.token
    if not token:
        return
    header = request.headers.get("authorization")
    if not header:
        raise ApiError(
            401,
            "writing needs `Authorization: Bearer <token>`, with the token this server was started "
            "with (DATELINE_API_TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not token_matches(header, token):
        raise ApiError(
            403,
            "the bearer token is wrong: use the DATELINE_API_TOKEN this server was started with",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


Writer = Annotated[None, Depends(require_writer)]

#: A cluster number: SQLite integers are 64-bit, so a larger one is a 422, not an overflow.
ClusterId = Annotated[int, PathParam(ge=0, le=2**63 - 1, description="the cluster's number")]


async def _analyze(request: Request, body: AnalyzeRequest) -> Record:
    queue: AnalysisQueue = request.app.state.analysis
    limit: RateLimit = request.app.state.analysis_limit
    client = client_key(request.headers.get("authorization"), request.client.host if request.client else None)
    wait = limit.take(client)
    if wait:
        raise ApiError(
            429,
            f"too many analyses from this client: wait {wait:g} s and send it again "
            "(the server's rate is set with DATELINE_ANALYSIS_RATE)",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    meta = Metadata(url=body.url, date=body.published)
    item = Input("<text>", body.body, body.format, body.id, meta)
    try:
        return await queue.analyze(item)
    except InputError as exc:
        raise ApiError(422, f"the document cannot be analyzed: {exc.message}") from exc
    except ModelError as exc:
        raise ApiError(503, f"the language model is not available: {exc}") from exc
    except DatelineError as exc:
        log.error("analysis failed: %s", exc)
        raise ApiError(
            500,
            f"the analysis failed on this document ({exc.message}); the server log has the details. "
            "If it happens again with the same input, please report it with that input",
        ) from exc


def _json(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
    )


def _check_dates(since: str | None, until: str | None) -> None:
    import datetime as dt

    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ApiError(400, f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


# ------------------------------------------------------------------------------ errors


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    code = _CODES.get(status, "error")
    if _wants_html(request):
        html = request.app.state.templates.get_template("error.html").render(
            request=request,
            status=status,
            message=message,
            title=f"Error {status} — dateline",
            has_corpus=request.app.state.backend is not None,
        )
        return HTMLResponse(html, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})
    return JSONResponse(
        {"status": status, "error": code, "message": message}, status_code=status, headers=headers
    )


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}: see /docs for the API, or / to search"
        elif exc.status_code == 405:
            message = (
                f"{request.method} is not allowed on {request.url.path}: see /docs for the methods it takes"
            )
        return _error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body",)) or "body"
            msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
            if err.get("type") == "json_invalid":
                where, msg = "body", f"is not valid JSON ({err.get('ctx', {}).get('error', 'parse error')})"
            elif err.get("type") == "model_attributes_type":
                msg = 'send a JSON object such as {"text": "..."}'
            parts.append(f"{where}: {msg}")
        return _error_response(request, 422, "; ".join(parts) or "the request is invalid")

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> Response:
        status = (
            422 if isinstance(exc, InputError) else 503 if isinstance(exc, StoreError | ModelError) else 400
        )
        return _error_response(request, status, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return _error_response(
            request,
            500,
            f"the server failed on this request ({type(exc).__name__}); the server log has the details. "
            "If it happens again with the same input, please report it with that input",
        )


# ------------------------------------------------------------------------------ API


def _api_routes(app: FastAPI) -> None:
    @app.post(
        "/api/analyze",
        response_model=Record,
        responses=ANALYZE_ERRORS,
        tags=["analysis"],
        summary="Analyze one document; nothing is stored (needs the token when the server has one)",
    )
    async def api_analyze(request: Request, body: AnalyzeRequest, _: Writer) -> Response:
        record = await _analyze(request, body)
        return _json(record.as_dict())

    @app.post(
        "/api/documents",
        response_model=StoredDocument,
        status_code=201,
        responses=WRITE_ERRORS,
        tags=["corpus"],
        summary="Analyze a document and store it, once per url (or per text when no url is given)",
    )
    async def api_store(request: Request, body: AnalyzeRequest, _: Writer) -> Response:
        backend = _backend(request)
        record = await _analyze(request, body)
        doc_id, inserted = await _db(
            backend.add, record, source="api", url=body.url, published=body.published
        )
        return _json(
            {"id": doc_id, "inserted": inserted, "record": record.as_dict()}, 201 if inserted else 200
        )

    @app.get(
        "/api/documents",
        response_model=SearchPage,
        responses=READ_ERRORS,
        tags=["corpus"],
        summary="Search stored documents",
    )
    async def api_search(
        request: Request,
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
    ) -> Response:
        backend = _backend(request)
        _check_dates(since, until)
        hits = await _db(
            backend.search,
            q,
            speaker=speaker,
            entity=entity,
            source=source,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
        page = SearchPage(query=q, limit=limit, offset=offset, results=hits)
        return _json(page.model_dump())

    @app.get(
        "/api/documents/{doc_id}",
        response_model=Record,
        responses=READ_ERRORS,
        tags=["corpus"],
        summary="One stored record",
    )
    async def api_document(request: Request, doc_id: str) -> Response:
        backend = _backend(request)
        record = await _db(backend.get, doc_id)
        if record is None:
            raise ApiError(404, f"no document {doc_id!r} in the corpus: search with GET /api/documents?q=...")
        return _json(record.as_dict())

    @app.get(
        "/api/speakers",
        response_model=SpeakerList,
        responses=READ_ERRORS,
        tags=["corpus"],
        summary="Speakers by number of statements",
    )
    async def api_speakers(request: Request, top: Annotated[int, Query(ge=1, le=10_000)] = 100) -> Response:
        backend = _backend(request)
        speakers = await _db(backend.speakers, top)
        return _json(SpeakerList(speakers=speakers).model_dump())

    @app.get(
        "/api/speakers/{name:path}/quotes",
        response_model=QuoteList,
        responses=READ_ERRORS,
        tags=["corpus"],
        summary="Every statement of one speaker (a part of the name finds the canonical entity)",
    )
    async def api_quotes(
        request: Request,
        name: str,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
        type: Annotated[
            AttributionType | None,
            Query(description="only statements of this type (speech: said, told, wrote...)"),
        ] = None,
    ) -> Response:
        backend = _backend(request)
        quotes = await _db(backend.quotes, name, limit, type)
        return _json(QuoteList(speaker=name, quotes=quotes).model_dump())

    @app.get(
        "/api/clusters",
        response_model=ClusterList,
        responses=READ_ERRORS,
        tags=["corpus"],
        summary="Syndication clusters (copies of one story)",
    )
    async def api_clusters(
        request: Request,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> Response:
        backend = _backend(request)
        clusters = await _db(backend.clusters, limit, offset)
        return _json(ClusterList(clusters=clusters).model_dump())

    @app.get(
        "/api/clusters/{cluster_id}",
        response_model=Cluster,
        responses=READ_ERRORS,
        tags=["corpus"],
        summary="One syndication cluster",
    )
    async def api_cluster(request: Request, cluster_id: ClusterId) -> Response:
        backend = _backend(request)
        cluster = await _db(backend.cluster, cluster_id)
        if cluster is None:
            raise ApiError(404, f"no cluster {cluster_id!r}: list them with GET /api/clusters")
        return _json(cluster.model_dump())


# ------------------------------------------------------------------------------ pages


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env: jinja2.Environment = request.app.state.templates
    context.setdefault("title", "dateline")
    context.setdefault("has_corpus", request.app.state.backend is not None)
    context.setdefault("token_required", request.app.state.token is not None)
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _document_context(record: Record) -> dict[str, Any]:
    return {
        "record": record,
        "segments": render.segments(record),
        "groups": render.speaker_groups(record),
        "people": [e for e in record.entities if e.label == "PERSON"],
        "others": [e for e in record.entities if e.label != "PERSON"],
    }


def _page_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(
        request: Request,
        q: str | None = None,
        speaker: str | None = None,
        entity: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> Response:
        backend: Backend | None = request.app.state.backend
        filters = {"speaker": speaker, "entity": entity, "source": source, "since": since, "until": until}
        filters = {k: (v.strip() if v else None) or None for k, v in filters.items()}
        q = (q or "").strip() or None
        hits: list[Any] = []
        error = None
        speakers: list[Any] = []
        if backend is not None:
            try:
                _check_dates(filters["since"], filters["until"])
                hits = await _db(
                    backend.search, q, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, **filters
                )
            except (QueryError, ApiError) as exc:
                error = exc.detail if isinstance(exc, ApiError) else str(exc)
            if not q and not any(filters.values()):
                speakers = await _db(backend.speakers, 12)
        more = len(hits) > PAGE_SIZE
        return _page(
            request,
            "search.html",
            status=400 if error else 200,
            title="dateline — search",
            q=q,
            filters=filters,
            hits=hits[:PAGE_SIZE],
            page=page,
            more=more,
            error=error,
            speakers=speakers,
            searched=bool(q or any(filters.values())),
        )

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    async def document_page(request: Request, doc_id: str) -> Response:
        backend = _backend(request)
        record = await _db(backend.get, doc_id)
        if record is None:
            raise ApiError(404, f"no document {doc_id!r} in the corpus: search for it from the home page")
        cluster = await _db(backend.cluster_of, doc_id)
        title = record.headline.text if record.headline else doc_id
        summaries = await _db(backend.statement_summaries, [doc_id])
        return _page(
            request,
            "document.html",
            cluster=cluster if cluster is not None and cluster.size > 1 else None,
            ran={s.attribution: s for s in summaries if s.documents > 1},
            provenance=await _db(backend.provenance, doc_id),
            title=f"{title} — dateline",
            doc_id=doc_id,
            stored=True,
            **_document_context(record),
        )

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    async def speakers_page(request: Request) -> Response:
        backend = _backend(request)
        speakers = await _db(backend.speakers, 200)
        return _page(request, "speakers.html", title="Speakers — dateline", speakers=speakers)

    @app.get("/speakers/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    async def speaker_page(request: Request, name: str, type: str | None = None) -> Response:
        backend = _backend(request)
        every = await _db(backend.quotes, name, 2000)
        shown, types = render.by_type(every, type)
        timeline = render.timeline(shown)
        names = {q.speaker for q in every if q.speaker}
        canonical = names.pop() if len(names) == 1 else name
        summaries = await _db(backend.statement_summaries, sorted({q.document for q in shown}))
        return _page(
            request,
            "speaker.html",
            status=200 if every else 404,
            title=f"{name} — dateline",
            name=canonical,
            asked=name,
            months=render.month_counts(shown),
            quotes=shown,
            every=every,
            types=types,
            timeline=timeline,
            ran={(s.document, s.start): s for s in summaries if s.documents > 1},
        )

    @app.get("/clusters", response_class=HTMLResponse, include_in_schema=False)
    async def clusters_page(request: Request) -> Response:
        backend = _backend(request)
        clusters = await _db(backend.clusters, 500, 0)
        return _page(request, "clusters.html", title="Copies — dateline", clusters=clusters)

    @app.get("/clusters/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    async def cluster_page(request: Request, cluster_id: ClusterId, copy: str | None = None) -> Response:
        backend = _backend(request)
        cluster = await _db(backend.cluster, cluster_id)
        if cluster is None:
            raise ApiError(404, f"no cluster {cluster_id!r}: see the list of clusters")
        ids = [m.id for m in cluster.members]
        original = cluster.original if cluster.original in ids else (ids[0] if ids else None)
        others = [i for i in ids if i != original]
        chosen = copy if copy in others else (others[0] if others else None)
        left = await _db(backend.get, original) if original else None
        right = await _db(backend.get, chosen) if chosen else None
        diff = render.word_diff(left.text, right.text) if left and right else None
        return _page(
            request,
            "cluster.html",
            title=f"Cluster {cluster_id} — dateline",
            cluster=cluster,
            original=original,
            chosen=chosen,
            others=others,
            left=left,
            right=right,
            diff=diff,
        )

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def paste_page(request: Request) -> Response:
        return _page(request, "analyze.html", title="Analyze — dateline", text="", error=None)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def paste_submit(
        request: Request,
        text: Annotated[str, Form()] = "",
        published: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        store: Annotated[str, Form()] = "",
        token: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        def again(status: int, error: str) -> Response:
            return _page(
                request, "analyze.html", status=status, title="Analyze — dateline", text=text, error=error
            )

        fmt = "text"
        if file is not None and file.filename:
            raw = await file.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = ""
                return again(422, f"{file.filename}: is not UTF-8 text; save it as UTF-8 or paste its text")
            if file.filename.lower().endswith((".html", ".htm")):
                fmt = "html"
        keep = bool(store)
        if keep or request.app.state.token:  # analysis, like writing, needs the token when set
            refusal = _form_write_refusal(request, token)
            if refusal:
                return again(*refusal)
        if keep and request.app.state.backend is None:
            return again(503, "this server has no corpus to store into: start it with --db FILE")
        try:
            body = AnalyzeRequest(
                **({"html": text} if fmt == "html" else {"text": text}),
                published=published.strip() or None,
                url=url.strip() or None,
            )
        except ValueError as exc:
            return again(
                422, "; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in _errors(exc))
            )
        try:
            record = await _analyze(request, body)
        except ApiError as exc:
            return again(exc.status_code, str(exc.detail))
        if keep:
            backend = _backend(request)
            doc_id, _ = await _db(
                backend.add, record, source="browser", url=body.url, published=body.published
            )
            return RedirectResponse(f"/documents/{urllib.parse.quote(doc_id, safe='')}", status_code=303)
        title = record.headline.text if record.headline else "Pasted document"
        return _page(
            request,
            "document.html",
            cluster=None,
            title=f"{title} — dateline",
            doc_id=None,
            stored=False,
            **_document_context(record),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def api_reference(request: Request) -> Response:
        spec = request.app.openapi()
        operations, schemas = apidocs.describe(spec)
        return _page(
            request,
            "api.html",
            title="API — dateline",
            info=spec.get("info", {}),
            openapi_version=spec.get("openapi", ""),
            operations=operations,
            schemas=schemas,
        )

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=308)


def _form_write_refusal(request: Request, token: str) -> tuple[int, str] | None:
    """Why a browser form may not write (status, message), or ``None``. The form must come from
    this server's own pages (a page elsewhere cannot make a visitor's browser store documents
    here), and carry the server's token when it has one."""
    origin = request.headers.get("origin")
    own = "use this server's own Analyze page"
    fetch_site = request.headers.get("sec-fetch-site", "").casefold()
    if fetch_site in {"cross-site", "same-site"}:  # a browser says where the form came from
        return 403, f"a form from another site cannot store documents here: {own}"
    if origin is None and not fetch_site:  # an old browser: the Referer is all it tells
        came_from = urllib.parse.urlsplit(request.headers.get("referer", "")).netloc
        if came_from and came_from.casefold() != request.headers.get("host", "").casefold():
            return 403, f"a form from {came_from} cannot store documents here: {own}"
    if origin == "null":
        return 403, f"a form from an unknown origin cannot store documents here: {own}"
    host = request.headers.get("host", "").casefold()
    if origin and urllib.parse.urlsplit(origin).netloc.casefold() != host:
        return 403, f"a form from {origin} cannot store documents here: {own}"
    expected: str | None = request.app.state.token
    if expected and not token_matches(f"Bearer {token.strip()}", expected):
        return 401, (
            "storing needs this server's token (DATELINE_API_TOKEN): enter it in the Token field"
            if not token.strip()
            else "the token is wrong: enter the DATELINE_API_TOKEN this server was started with"
        )
    return None


def _errors(exc: Exception) -> list[dict[str, Any]]:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return list(errors())
    return [{"msg": str(exc)}]


def main(argv: list[str] | None = None) -> int:
    """``python -m dateline.web.app openapi`` prints the OpenAPI schema stored in docs/."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["openapi"]:
        sys.stderr.write("usage: python -m dateline.web.app openapi > docs/openapi.json\n")
        return 2
    sys.stdout.write(json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
