"""The server's analysis in a process of its own, which can be stopped.

In a thread, spaCy competes with every read for the GIL, and a document that stalls in native
code holds the thread for as long as it likes. :class:`ProcessAnalyzer` has the interface the
:class:`~dateline.web.batcher.AnalysisQueue` needs (``pipe``) and runs each batch in one spawned
process (ingest's :class:`~dateline.corpus.ingest.AnalysisPool`, so the model loads there once).
The process applies each document's time budget itself (``Options.time_budget``); when a batch
still runs over the sum of its budgets plus :data:`STARTUP`, the process is killed, a fresh one
started, and the batch's documents go again one at a time, so that only the one that stalls
fails. Reads and other requests never wait for it: the event loop only awaits a result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from ..corpus.ingest import AnalysisPool
from ..errors import DatelineError
from ..options import Options
from ..readers import Input
from ..records import Record

__all__ = ["STARTUP", "ProcessAnalyzer"]

log = logging.getLogger(__name__)

#: Seconds allowed on top of a batch's time budgets: the first batch waits for the process to
#: start and load the model (about 3 s for en_core_web_sm on this machine's two cores, 15 s with
#: ``--accurate``; 60 s leaves room for a loaded machine).
STARTUP = 60.0


class ProcessAnalyzer:
    """``pipe(items)`` in a separate process (started on first use), stopped past its budget."""

    def __init__(
        self, options: Options | None = None, runner: Callable[[list[Input]], list[Any]] | None = None
    ) -> None:
        self.options = options or Options()
        self.runner = runner  # what the process runs on a batch (tests stand in their own)
        self._pool: AnalysisPool | None = None

    @property
    def pool(self) -> AnalysisPool:
        if self._pool is None:
            self._pool = AnalysisPool(1, self.options, self.runner is None, self.runner)
        return self._pool

    def pipe(self, items: Iterable[Input]) -> list[Record | DatelineError]:
        inputs = list(items)
        if not inputs:
            return []
        budget = self.options.time_budget
        timeout = budget * len(inputs) + STARTUP if budget else None
        each = budget + STARTUP if budget else None
        return list(self.pool.run(inputs, timeout, each))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.restart(kill=True)
            self._pool.shutdown()
            self._pool = None
