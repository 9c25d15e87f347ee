"""What every router answers with: :class:`ApiError`, the documented error bodies, the headers of
every page, and the handlers that turn any exception into a JSON error (or an error page for a
browser). Routers and the app import it; it imports no router."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from ..corpus import QueryError
from ..errors import DatelineError, InputError, ModelError, StoreError
from .schemas import ErrorBody

__all__ = [
    "ANALYZE_ERRORS",
    "PAGE_HEADERS",
    "READ_ERRORS",
    "WRITE_ERRORS",
    "ApiError",
    "corpus_get",
    "error_response",
    "install_errors",
]

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad request (for example a malformed search query)"},
    413: {"model": ErrorBody, "description": "body over the server's size limit"},
    422: {"model": ErrorBody, "description": "the body or a parameter is invalid"},
    503: {"model": ErrorBody, "description": "the language model or the corpus is not available"},
}
TOO_MANY = {
    "model": ErrorBody,
    "description": "too many analyses from this client: wait Retry-After seconds",
}
ANALYZE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorBody, "description": "missing bearer token (when the server has one)"},
    403: {"model": ErrorBody, "description": "wrong bearer token"},
    429: TOO_MANY,
}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorBody, "description": "no such item"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    401: {"model": ErrorBody, "description": "missing bearer token"},
    403: {"model": ErrorBody, "description": "wrong bearer token"},
    429: TOO_MANY,
}

#: The stable ``error`` code of each status in an :class:`~dateline.web.schemas.ErrorBody`.
CODES = {
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


def corpus_get(
    router: APIRouter,
    path: str,
    model: Any,
    summary: str,
    responses: dict[int | str, dict[str, Any]] = READ_ERRORS,
) -> Callable[[F], F]:
    """The decorator of a ``GET`` of the corpus API on ``router``: it answers ``model`` (or one of
    the ``responses`` errors) and is listed under the ``corpus`` tag."""
    return router.get(path, response_model=model, responses=responses, tags=["corpus"], summary=summary)


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The error as an :class:`~dateline.web.schemas.ErrorBody`, or as a page when a browser
    asked for a page."""
    code = CODES.get(status, "error")
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


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body",)) or "body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            where, msg = "body", f"is not valid JSON ({err.get('ctx', {}).get('error', 'parse error')})"
        elif err.get("type") == "model_attributes_type":
            msg = 'send a JSON object such as {"text": "..."}'
        parts.append(f"{where}: {msg}")
    return "; ".join(parts) or "the request is invalid"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}: see /docs for the API, or / to search"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}: see /docs for the methods it takes"
    return error_response(request, exc.status_code, message, dict(exc.headers or {}))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, 422, _validation_message(exc))


async def _bad_query(request: Request, exc: Exception) -> Response:
    """A search the store cannot run is the client's to fix: 400 with the store's message."""
    assert isinstance(exc, QueryError)
    return error_response(request, 400, exc.message)


async def _dateline_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DatelineError)
    status = 422 if isinstance(exc, InputError) else 503 if isinstance(exc, StoreError | ModelError) else 400
    return error_response(request, status, str(exc))


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.url.path)
    return error_response(
        request,
        500,
        f"the server failed on this request ({type(exc).__name__}); the server log has the details. "
        "If it happens again with the same input, please report it with that input",
    )


def install_errors(app: FastAPI) -> None:
    """Answer every exception with an :class:`~dateline.web.schemas.ErrorBody` (or a page): the
    most specific handler wins, so a :class:`~dateline.corpus.QueryError` is a 400 though it is
    a :class:`~dateline.errors.StoreError` (503)."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(QueryError, _bad_query)
    app.add_exception_handler(DatelineError, _dateline_error)
    app.add_exception_handler(Exception, _crash)
