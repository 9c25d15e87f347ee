"""One analysis thread for the whole server, fed in batches.

spaCy pipelines are not meant to be shared between threads, and analysis is CPU-bound, so the
web app runs every analysis in one dedicated thread. Requests that arrive while it is busy wait
in a queue; when it is free it takes up to :data:`MAX_BATCH` of them at once through
:meth:`dateline.analysis.Analyzer.pipe` (``nlp.pipe`` batches the model's work), instead of one
``nlp(text)`` call each. A failing document fails only its own request.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from ..readers import Input
from ..records import Record

__all__ = ["MAX_BATCH", "AnalysisQueue"]

log = logging.getLogger(__name__)

#: Most documents analyzed in one ``pipe`` call: larger batches gain little and make the first
#: request of a batch wait for the last.
MAX_BATCH = 16


class _Analyzer(Protocol):
    def pipe(self, items: Any) -> Any: ...


class AnalysisQueue:
    """``await queue.analyze(item)`` from any event loop; the work happens in one thread."""

    def __init__(self, analyzer: _Analyzer, max_batch: int = MAX_BATCH) -> None:
        self.analyzer = analyzer
        self.max_batch = max_batch
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-nlp")
        self._lock = threading.Lock()
        self._pending: list[tuple[Input, asyncio.AbstractEventLoop, asyncio.Future[Record]]] = []
        self._running = False

    async def analyze(self, item: Input) -> Record:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Record] = loop.create_future()
        with self._lock:
            self._pending.append((item, loop, future))
            start = not self._running
            self._running = True
        if start:
            self._pool.submit(self._drain)
        return await future

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
        close = getattr(self.analyzer, "close", None)
        if callable(close):  # an analysis process (web.worker.ProcessAnalyzer) stops with the app
            close()

    def _drain(self) -> None:
        while True:
            with self._lock:
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
                if not batch:
                    self._running = False
                    return
            results = self._results([item for item, _, _ in batch])
            for (_, loop, future), result in zip(batch, results, strict=True):
                loop.call_soon_threadsafe(_settle, future, result)

    def _results(self, items: list[Input]) -> list[Any]:
        """One result (a record or an exception) per item: the batch through ``pipe``, and when
        that fails, each item on its own, so that one bad document fails only its own request."""
        try:
            results = list(self.analyzer.pipe(items))
            if len(results) == len(items):
                return results
            log.error("pipe returned %d results for %d documents", len(results), len(items))
        except BaseException:  # the model failed on the batch: each request gets its own answer
            log.exception("analysis of a batch of %d failed; analyzing them one at a time", len(items))
        if len(items) == 1:
            return [self._alone(items[0])]
        return [self._alone(item) for item in items]

    def _alone(self, item: Input) -> Any:
        try:
            results = list(self.analyzer.pipe([item]))
            if len(results) == 1:
                return results[0]
            return RuntimeError(f"pipe returned {len(results)} results for one document")
        except BaseException as exc:  # this request learns why; the others are unaffected
            log.exception("%s: analysis failed", item.source)
            return exc


def _settle(future: asyncio.Future[Record], result: Record | BaseException) -> None:
    if future.cancelled():
        return
    if isinstance(result, BaseException):  # DatelineError included: pipe yields them in place
        future.set_exception(result)
    else:
        future.set_result(result)
