"""A per-client rate limit for analysis (``POST /api/analyze``, ``POST /api/documents`` and the
Analyze form): a token bucket per client, so that one client cannot keep the analysis process
busy for everyone else.

A client is its bearer token when it sends one (many scripts behind one address each get their
share), else its address. Each bucket holds :data:`BURST` analyses and refills at ``per_minute``
a minute; a request finding it empty gets 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time

__all__ = ["BURST", "DEFAULT_PER_MINUTE", "RateLimit"]

#: Analyses one client may send at once before the rate applies: four batches of the analysis
#: queue (``batcher.MAX_BATCH``), so a script posting a few dozen documents at once (the test of
#: 40 concurrent writers, bench/load_test.py's 50 mixed requests) is never refused.
BURST = 64

#: Analyses a client may send each minute, sustained. One analysis of a news article takes about
#: 0.1 s of one core (bench/analyze_throughput.py), so 120 a minute keeps one client under a
#: fifth of the analysis process; ``DATELINE_ANALYSIS_RATE`` (or ``create_app``) changes it.
DEFAULT_PER_MINUTE = 120

#: Buckets kept at most (the oldest full ones are forgotten first): bounds memory under a flood
#: of client addresses.
MAX_CLIENTS = 10_000


class RateLimit:
    """``limit.take(client)`` -> seconds to wait (0.0 when the request may go ahead)."""

    def __init__(self, per_minute: int = DEFAULT_PER_MINUTE, burst: int = BURST) -> None:
        if per_minute <= 0 or burst <= 0:
            raise ValueError(f"a rate limit needs positive numbers, got {per_minute}/min and burst {burst}")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                self._forget(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return math.ceil((1.0 - tokens) / self.rate * 10) / 10

    def _forget(self, now: float) -> None:
        if len(self._buckets) <= MAX_CLIENTS:
            return
        full = [k for k, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.burst]
        for key in full or list(self._buckets)[: len(self._buckets) - MAX_CLIENTS]:
            del self._buckets[key]


def client_key(authorization: str | None, address: str | None) -> str:
    """Who a request is, for the limit: a digest of its bearer token, else its address."""
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return "addr:" + (address or "unknown")
