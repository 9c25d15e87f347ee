"""``dateline serve``: a FastAPI app over :mod:`dateline.analysis` and the corpus store.

JSON API under ``/api`` (OpenAPI at ``/docs``; the routes are listed in ``web/api.py``,
``web/reuse_routes.py`` and ``web/statements.py``), server-rendered pages everywhere else
(``web/pages.py``).

This module only builds the app: the routes are routers (``web/api.py``, ``web/pages.py``,
``web/reuse_routes.py``, ``web/statements.py``) over the dependencies of ``web/deps.py``, and the
error answers are ``web/responses.py``'s.

The spaCy model loads once, on first use, in a separate analysis process (``web/worker.py``):
analysis is CPU-bound and spaCy pipelines are not meant to be shared between threads, so
requests queue for it (in batches) while reads go on in the store's threads, and a document that
stalls the process past its time budget is stopped with it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..analysis import Analyzer
from ..errors import OptionsError
from . import api, pages, reuse_routes, statements
from .backend import open_backend
from .batcher import AnalysisQueue
from .deps import HERE, StoreThreads, db_threads_from_env, templates
from .ratelimit import DEFAULT_PER_MINUTE, RateLimit
from .responses import install_errors
from .security import DEFAULT_MAX_BODY, Guard
from .worker import ProcessAnalyzer

__all__ = ["DEFAULT_MAX_BODY", "app_from_env", "create_app", "openapi_document"]

log = logging.getLogger(__name__)


def create_app(
    db: str | Path | None = None,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    analyzer: Analyzer | ProcessAnalyzer | None = None,
    allowed_hosts: list[str] | None = None,
    analysis_per_minute: int = DEFAULT_PER_MINUTE,
    db_threads: int | None = None,
) -> FastAPI:
    """The web app over the store at ``db`` (``None``: analysis only, no corpus pages).

    ``token`` protects writes; ``max_body`` caps request bodies (413 above it);
    ``allowed_hosts`` restricts the ``Host`` header (``dateline serve`` passes the loopback
    names when it listens on loopback); ``analysis_per_minute`` is each client's analysis rate;
    ``db_threads`` is the number of threads querying the store (``None``:
    ``DATELINE_DB_THREADS``, else :data:`~dateline.web.deps.DB_THREADS`). ``analyzer`` lets
    tests share one loaded model.
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
    app.state.store_threads = StoreThreads(db_threads if db_threads is not None else db_threads_from_env())
    app.state.analysis = AnalysisQueue(analyzer or ProcessAnalyzer())
    app.state.analysis_limit = RateLimit(analysis_per_minute)
    app.state.templates = templates()
    app.add_middleware(Guard, max_body=max_body, allowed_hosts=allowed_hosts)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_errors(app)
    for module in (api, pages, reuse_routes, statements):
        app.include_router(module.router)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the store's threads (the model loads on first use); on shutdown, let a running
    analysis and running queries finish, stop the threads and close the store's connections. An
    app started again after a shutdown (a test client used twice, schemathesis' ASGI calls)
    reopens all three."""
    if getattr(app.state, "stopped", False):
        app.state.analysis = AnalysisQueue(app.state.analysis.analyzer)
        if app.state.db is not None:
            app.state.backend = open_backend(app.state.db)
        app.state.stopped = False
    app.state.store_threads.executor()
    yield
    app.state.analysis.shutdown()
    app.state.store_threads.shutdown()
    if app.state.backend is not None:
        app.state.backend.close()
    app.state.stopped = True


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory dateline.web.app:app_from_env``: ``DATELINE_DB``,
    ``DATELINE_API_TOKEN``, ``DATELINE_MAX_BODY``, ``DATELINE_ANALYSIS_RATE`` and
    ``DATELINE_DB_THREADS`` configure it."""
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
        db_threads=db_threads_from_env(),
    )


def openapi_document() -> dict[str, Any]:
    """The OpenAPI schema as stored in ``docs/openapi.json`` (no store or model is opened)."""
    app = create_app(None)
    return app.openapi()


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
