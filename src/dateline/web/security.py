"""Access rules of ``dateline serve``: where it may listen, who may write, how big a body may be.

* Reading is open. The server listens on loopback unless a token is set
  (:func:`check_bind` refuses ``--host 0.0.0.0`` without one).
* Writing (``POST /api/documents``) and analysis (``POST /api/analyze``, the Analyze form) need
  ``Authorization: Bearer <token>`` when the server has a token (``DATELINE_API_TOKEN``);
  compared in constant time. Analysis is also rate-limited per client (``ratelimit.py``).
* Every response carries ``X-Content-Type-Options: nosniff``.
* :class:`Guard`, an ASGI middleware, answers 413 for bodies over the limit, checking the declared
  ``Content-Length`` first and then the bytes actually received (a chunked upload cannot slip by),
  and, when given a host list, 400 for any other ``Host`` header (a DNS-rebinding page cannot
  reach a loopback server through a name of its own).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from ..errors import OptionsError

__all__ = [
    "DEFAULT_MAX_BODY",
    "LOOPBACK_HOSTS",
    "Guard",
    "check_bind",
    "is_loopback",
    "token_matches",
]

log = logging.getLogger(__name__)

#: 10 MB: a long article is under 100 kB and a full HTML page rarely over 2 MB.
DEFAULT_MAX_BODY = 10 * 1024 * 1024

#: Host names a loopback server answers to.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    name = host.strip().strip("[]").casefold()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen on a non-loopback address when no token protects writes."""
    if is_loopback(host):
        return
    if not token:
        raise OptionsError(
            f"--host {host} is reachable from other machines, so writes must be protected: set "
            'DATELINE_API_TOKEN to a long random secret (for example `python -c "import secrets; '
            'print(secrets.token_urlsafe(32))"`) or listen on --host 127.0.0.1',
            "dateline serve",
        )


def token_matches(header: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries ``Bearer <token>`` (constant-time compare)."""
    if not header:
        return False
    scheme, _, value = header.strip().partition(" ")
    if scheme.casefold() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


class _TooLarge(Exception):
    pass


def _error_body(status: int, code: str, message: str) -> bytes:
    return json.dumps({"status": status, "error": code, "message": message}).encode()


class Guard:
    """ASGI middleware: request body size limit and (optionally) allowed ``Host`` names."""

    def __init__(self, app: ASGIApp, max_body: int, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = {h.casefold() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.casefold() not in self.allowed_hosts:
                await _reply(
                    send,
                    400,
                    "bad_host",
                    f"this server answers to {', '.join(sorted(self.allowed_hosts))}, not to Host {host!r}; "
                    "open it by one of those names",
                )
                return
        declared = headers.get("content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _reply(send, 400, "bad_request", f"Content-Length {declared!r} is not a number")
                return
            if size > self.max_body:
                await _reply(send, 413, "too_large", self._too_large(f"{size:,} bytes"))
                return

        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # The app saw the limit as a broken body; answer 413 instead of whatever it chose.
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _reply(
                        send, 413, "too_large", self._too_large(f"more than {self.max_body:,} bytes")
                    )
                return
            if message["type"] == "http.response.start":
                started = True
                _nosniff(message)
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if not started:
                started = True
                await _reply(send, 413, "too_large", self._too_large(f"more than {self.max_body:,} bytes"))

    def _too_large(self, what: str) -> str:
        return (
            f"the request body ({what}) is over this server's limit of {self.max_body:,} bytes: "
            "send a smaller document, or restart the server with a larger --max-body"
        )


def _nosniff(message: Message) -> None:
    """Every response (JSON, static files, pages) says ``X-Content-Type-Options: nosniff``: a
    browser never runs a stored document it was sent as data."""
    headers = list(message.get("headers", []))
    if not any(k.lower() == b"x-content-type-options" for k, _ in headers):
        headers.append((b"x-content-type-options", b"nosniff"))
        message["headers"] = headers


async def _reply(send: Send, status: int, code: str, message: str) -> None:
    body = _error_body(status, code, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
