"""One crash-tolerant process pool, shared by ``ingest --workers`` and ``batch --engine local``.

:class:`Pool` is a spawn-context :class:`~concurrent.futures.ProcessPoolExecutor` (a fresh
interpreter per worker: safe whatever threads the parent runs, spaCy's or BLAS's) that can be
restarted after a worker dies; ``Pool(0)`` runs everything in this process instead, with the
same results and the same retry policy.

**The retry policy** (:meth:`Pool.map`), the one both callers follow:

1. Tasks run whole, their results come back in the order the tasks were given.
2. A task that fails, because its worker died (a crash in native code, the OOM killer: the
   pool breaks) or because it raised an exception that is not ``fatal``, runs again as its
   pieces (``split(task)``), one at a time, on a fresh pool when the old one broke. A piece
   that fails again fails alone: its outcome is the exception (``BrokenProcessPool`` when its
   worker died), and the rest of the work goes on.
3. Tasks that were waiting when the pool broke were not at fault: they are submitted again
   whole to the fresh pool.
4. A ``fatal`` exception (a missing model, a bad option: no retry can help) stops the run.

Results and exceptions cross the process boundary pickled: every
:class:`~dateline.errors.DatelineError` pickles whole (message and source).
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, Self, TypeVar

__all__ = ["BrokenProcessPool", "Outcomes", "Pool"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: What one task gave: ``[(task, result)]`` when it ran whole, else ``(piece, result or the
#: exception it failed with)`` for each of its pieces, in order.
Outcomes = list[tuple[T, R | BaseException]]


class Pool(Generic[T, R]):
    """A restartable spawn-context process pool (``workers`` = 0: this process)."""

    def __init__(
        self, workers: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
    ) -> None:
        self.workers = workers
        self.initializer, self.initargs = initializer, initargs
        self.executor = self._start()

    def _start(self) -> cf.ProcessPoolExecutor | None:
        if self.workers <= 0:
            return None
        return cf.ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=self.initializer,
            initargs=self.initargs,
        )

    def submit(self, fn: Callable[..., R], *args: Any) -> cf.Future[R]:
        """``fn(*args)`` in a worker (or, inline, now: the future is already done).

        A pool that broke while tasks were being submitted (a resubmitted task killed its worker
        at once) gives the refused ones a future failed with :class:`BrokenProcessPool`, so they
        are retried like every task the break cost, never raised into the caller."""
        done: cf.Future[R] = cf.Future()
        if self.executor is not None:
            try:
                return self.executor.submit(fn, *args)
            except BrokenProcessPool as exc:
                done.set_exception(exc)
                return done
        try:
            done.set_result(fn(*args))
        except Exception as exc:
            done.set_exception(exc)
        return done

    def restart(self, kill: bool = False) -> None:
        """A fresh pool; ``kill`` first stops the workers where they are (one stuck in native
        code that its own time budget could not interrupt)."""
        if self.executor is None:
            return
        if kill:
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def shutdown(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def map(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        split: Callable[[T], Sequence[T]],
        fatal: tuple[type[BaseException], ...] = (),
        ahead: int | None = None,
    ) -> Iterator[tuple[T, Outcomes[T, R]]]:
        """``(task, outcomes)`` for each task, in order, under the retry policy of the module
        docstring; at most ``ahead`` tasks wait in the pool beyond the one being read (``None``:
        all of them are submitted at once)."""
        pending: deque[tuple[T, cf.Future[R]]] = deque()

        def drain(keep: int) -> Iterator[tuple[T, Outcomes[T, R]]]:
            while len(pending) > keep:
                task, future = pending.popleft()
                yield task, self._outcomes(fn, task, future, pending, split, fatal)

        if self.executor is None:
            ahead = 0  # inline, a task runs when submitted: read it at once (a fatal error stops now)
        for task in tasks:
            pending.append((task, self.submit(fn, task)))
            if ahead is not None:
                yield from drain(ahead)
        yield from drain(0)

    def _outcomes(
        self,
        fn: Callable[[T], R],
        task: T,
        future: cf.Future[R],
        pending: deque[tuple[T, cf.Future[R]]],
        split: Callable[[T], Sequence[T]],
        fatal: tuple[type[BaseException], ...],
    ) -> Outcomes[T, R]:
        try:
            return [(task, future.result())]
        except fatal:
            self._cancel(pending)
            raise
        except BrokenProcessPool:
            # every waiting task was lost with the pool: find the culprit, then resubmit the rest
            rest = [t for t, _ in pending]
            pending.clear()
            self.restart()
            outcomes = self.isolate(fn, split(task), fatal)
            pending.extend((t, self.submit(fn, t)) for t in rest)
            return outcomes
        except Exception as exc:  # MemoryError, a bug outside the caller's own guard
            log.warning("a task failed (%s: %s); running its pieces one by one", type(exc).__name__, exc)
            return self.isolate(fn, split(task), fatal)

    def isolate(
        self, fn: Callable[[T], R], pieces: Sequence[T], fatal: tuple[type[BaseException], ...] = ()
    ) -> Outcomes[T, R]:
        """Each piece alone, restarting after a worker death; a piece that fails gives its
        exception as its outcome."""
        out: Outcomes[T, R] = []
        for piece in pieces:
            try:
                out.append((piece, self.submit(fn, piece).result()))
            except fatal:
                raise
            except BrokenProcessPool as exc:
                out.append((piece, exc))
                self.restart()
            except Exception as exc:
                out.append((piece, exc))
        return out

    def _cancel(self, pending: deque[tuple[T, cf.Future[R]]]) -> None:
        for _, future in pending:
            future.cancel()
        pending.clear()
