"""The FastAPI dependencies every router shares: the corpus and the threads that query it
(:data:`CorpusDep`), the page renderer (:data:`PagesDep`), the token check (:data:`Writer`) and
the analysis queue (:func:`analyze`). Each reads what :func:`dateline.web.app.create_app` put in
``app.state``; no router reaches into another module's state or privates."""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import jinja2
from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .. import __version__, dates
from ..errors import DatelineError, InputError, ModelError, OptionsError
from ..readers import Input
from ..records import Metadata, Record
from . import render
from .backend import Backend
from .batcher import AnalysisQueue
from .ratelimit import RateLimit, client_key
from .responses import PAGE_HEADERS, ApiError
from .schemas import AnalyzeRequest
from .security import token_matches

__all__ = [
    "BEARER",
    "DB_THREADS",
    "PAGE_SIZE",
    "ClusterId",
    "Corpus",
    "CorpusDep",
    "Pages",
    "PagesDep",
    "StoreThreads",
    "Writer",
    "analyze",
    "check_dates",
    "db_threads_from_env",
    "templates",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

HERE = Path(__file__).resolve().parent

#: Results on one page of search (and the API's default ``limit``).
PAGE_SIZE = 20

#: Threads that query the store. SQLite releases the GIL while it works, so a few threads keep
#: both cores busy; each thread holds its own connection with the store's page cache (64 MB), so
#: the count also bounds memory. Measured with bench/load_test.py (reads only, 10,000 documents,
#: A/B twice in one session): 4 threads 71 and 52 requests/s at 371 MB peak, the default
#: 40-thread pool 72 and 58 requests/s at 1,410 MB. ``DATELINE_DB_THREADS`` overrides it.
DB_THREADS = 4


def db_threads_from_env() -> int:
    """``DATELINE_DB_THREADS``, else :data:`DB_THREADS`."""
    raw = os.environ.get("DATELINE_DB_THREADS") or str(DB_THREADS)
    if not raw.isdigit() or int(raw) <= 0:
        raise OptionsError(f"DATELINE_DB_THREADS must be a positive number of threads, got {raw!r}")
    return int(raw)


class StoreThreads:
    """The threads that query the store: started by the app's lifespan (or on first use, for an
    app served without one), stopped when the app stops, started again if it starts again."""

    def __init__(self, count: int) -> None:
        if count <= 0:
            raise OptionsError(f"db_threads must be positive, got {count}")
        self.count = count
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.count, thread_name_prefix="dateline-db")
            return self._pool

    def shutdown(self) -> None:
        """Let running queries finish and stop the threads."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


NO_CORPUS = (
    "this server was started without a corpus: restart it with `dateline serve --db FILE` "
    "to search and store documents (POST /api/analyze works without one)"
)


@dataclass(frozen=True, slots=True)
class Corpus:
    """The corpus as a route sees it: the app's backend (``None`` without ``--db``) and the
    threads its calls run in. :attr:`backend` answers 503 when there is none, at the point a
    route needs it (after its parameters were checked)."""

    maybe_backend: Backend | None
    threads: StoreThreads

    @property
    def backend(self) -> Backend:
        if self.maybe_backend is None:
            raise ApiError(503, NO_CORPUS)
        return self.maybe_backend

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a store call in the store's threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.threads.executor(), functools.partial(fn, *args, **kwargs))


async def get_corpus(request: Request) -> Corpus:
    return Corpus(request.app.state.backend, request.app.state.store_threads)


CorpusDep = Annotated[Corpus, Depends(get_corpus)]


def templates() -> jinja2.Environment:
    """The pages' templates: every ``{{ }}`` is escaped, so article text never becomes markup."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["pathquote"] = render.path_quote
    env.filters["anchor"] = render.quote_anchor
    env.filters["safe_url"] = render.safe_url
    env.filters["snippet_parts"] = lambda hit: render.snippet_parts(hit.snippet, hit.highlights)
    return env


@dataclass(frozen=True, slots=True)
class Pages:
    """Renders a page of this request with the app's templates and :data:`PAGE_HEADERS`."""

    request: Request

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        state = self.request.app.state
        context.setdefault("title", "dateline")
        context.setdefault("has_corpus", state.backend is not None)
        context.setdefault("token_required", state.token is not None)
        html = state.templates.get_template(template).render(request=self.request, **context)
        return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


async def get_pages(request: Request) -> Pages:
    return Pages(request)


PagesDep = Annotated[Pages, Depends(get_pages)]

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


def check_dates(since: str | None, until: str | None) -> None:
    """The web's date filters are whole dates, ``YYYY-MM-DD`` (a :class:`QueryError`, 400,
    otherwise): the store itself reads the first ten characters of anything longer."""
    dates.filter_date(since, "since", whole=True)
    dates.filter_date(until, "until", whole=True)


async def analyze(request: Request, body: AnalyzeRequest) -> Record:
    """Analyze one document in the app's analysis process, within this client's rate."""
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
