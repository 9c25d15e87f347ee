"""Ingest: files, folders, feeds, WARC archives and JSON Lines into the store.

:func:`ingest` is what ``dateline ingest`` runs:

1. :func:`discover` walks the inputs (folders recursively, hidden entries skipped; ``-`` is
   standard input) and yields :class:`Item` objects: one per document, each with its ingest
   ``key`` (the resolved path of a file, the URL of a feed entry or WARC page, ``FILE:LINE`` or
   the URL of a JSON line, the SHA-1 of standard input) and its ``source`` label (the name of the
   input given on the command line, or ``--source``). An input that cannot be read yields an
   item carrying its error, and the walk goes on.
2. Keys already stored are skipped (counted as ``duplicates``): ingesting again is idempotent,
   and a rerun after a crash (even ``kill -9``) picks up where the last committed batch ended.
3. New documents are analyzed, in this process or in ``workers`` processes (each loads the
   spaCy model once), in input order; ``nlp=False`` skips spaCy entirely (wire structure only:
   headline, dateline, paragraphs, body; see :func:`quick_record`).
4. Records are stored in transactions of ``commit_every`` documents (512: each commit writes
   the full-text rows of its documents as one FTS5 segment and the pages they touched to the
   WAL; adding 2,000 documents to a 30,000-document store spent 3.7 s of CPU committing in
   batches of 64 and 1.9 s in batches of 512); each failure is recorded with its reason
   (``Store.failures()``) and reported in one line through ``on_error``.

The result is a :class:`Summary` (ingested, duplicates, failed, per source).
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import logging
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import pool
from ..errors import DatelineError, InputError, MissingInput, ModelError, NotAFile, OverBudget, TooLarge
from ..nlp.lifeline import start_worker
from ..options import Options
from ..readers import STDIN, Input, from_bytes, read_path
from ..readers.folders import walk
from ..records import Metadata, Record
from .store import Store

__all__ = [
    "AnalysisPool",
    "Item",
    "Summary",
    "analyze_items",
    "discover",
    "ingest",
    "quick_record",
]

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True, slots=True)
class Item:
    """One document to ingest, or the error that stopped it being read."""

    key: str
    source: str
    input: Input | None = None
    error: DatelineError | None = None


@dataclass(slots=True)
class SourceCounts:
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"ingested": self.ingested, "duplicates": self.duplicates, "failed": self.failed}


@dataclass(slots=True)
class Summary:
    """What an ingest did: new documents, inputs already stored, failures, per source."""

    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0
    sources: dict[str, SourceCounts] = field(default_factory=dict)

    def count(self, source: str, what: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        counts = self.sources.setdefault(source, SourceCounts())
        setattr(counts, what, getattr(counts, what) + 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "sources": {k: v.as_dict() for k, v in self.sources.items()},
        }

    def lines(self) -> list[str]:
        """The summary as people read it."""
        out = [
            f"ingested {self.ingested}, duplicates {self.duplicates}, failed {self.failed} "
            f"in {self.seconds:.1f}s"
        ]
        for name, c in sorted(self.sources.items()):
            out.append(f"  {name}: ingested {c.ingested}, duplicates {c.duplicates}, failed {c.failed}")
        return out


# --------------------------------------------------------------------------- discovery


def _kind(path: Path, head: bytes) -> str:
    from ..readers.feed import looks_like_feed
    from ..readers.warc import looks_like_warc

    name = path.name.lower()
    if looks_like_warc(head, name):
        return "warc"
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in FEED_SUFFIXES or looks_like_feed(head):
        return "feed" if looks_like_feed(head) or suffix in {".rss", ".atom"} else "document"
    return "document"


def _label(arg: str, source: str | None) -> str:
    if source:
        return source
    if arg == "-":
        return "stdin"
    return Path(arg.rstrip("/\\")).name or arg


def discover(
    paths: Sequence[str],
    options: Options | None = None,
    *,
    source: str | None = None,
    exclude: Iterable[str] = (),
    follow_links: bool = False,
) -> Iterator[Item]:
    """The documents in ``paths`` (see the module docstring), in order; files whose resolved
    path is in ``exclude`` (the store itself, when it lives in an ingested folder) are skipped.
    In a folder, what is not a regular file (and a link out of the folder, unless
    ``follow_links``) is a failure with its reason: see :func:`dateline.readers.folders.walk`."""
    options = options or Options()
    skip = set(exclude)
    for arg in paths:
        label = _label(arg, source)
        if arg == "-":
            yield from _from_stdin(label, options)
            continue
        path = Path(arg)
        if path.is_dir():
            found = False
            for file, reason in walk(path, follow_links):
                found = True
                if reason is not None:
                    yield Item(str(file.absolute()), label, error=NotAFile(reason, str(file)))
                elif str(file.resolve()) not in skip:
                    yield from _from_file(file, label, options)
            if not found:
                yield Item(str(path.resolve()), label, error=InputError("folder holds no files", arg))
        elif not path.exists():
            yield Item(str(path.absolute()), label, error=MissingInput("no such file or folder", arg))
        elif not path.is_file():
            yield Item(str(path.absolute()), label, error=NotAFile("is not a regular file", arg))
        else:
            yield from _from_file(path, label, options)


def _from_stdin(label: str, options: Options) -> Iterator[Item]:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    key = "stdin:" + hashlib.sha1(data).hexdigest()
    head = data[:4096]
    kind = _kind(Path(""), head)
    if kind == "warc" or data.startswith(b"\x1f\x8b"):
        import io

        from ..readers.warc import read_warc

        yield from _container(read_warc(io.BytesIO(data), STDIN, options), key, label, STDIN)
    elif kind == "feed":
        yield from _feed(data, STDIN, key, label)
    else:
        try:
            item = from_bytes(data, STDIN, options=options)
        except DatelineError as exc:
            yield Item(key, label, error=exc)
        else:
            yield Item(key, label, input=item)


def _container(items: Iterable[Input | DatelineError], base: str, label: str, name: str) -> Iterator[Item]:
    """Items of a feed or archive ``name`` (resolved path ``base``): keyed by URL, else by
    position in the container; an error about the container itself is keyed by ``base``."""
    for n, got in enumerate(items, start=1):
        where = got.source if isinstance(got, DatelineError) else (got.metadata.url or got.source)
        if where and where.startswith(("http://", "https://")):
            key = where
        elif where == name:
            key = base
        else:
            key = f"{base}#{n}"
        if isinstance(got, Input):
            yield Item(key, label, input=got)
        else:
            yield Item(key, label, error=got)


def _feed(data: bytes, name: str, key: str, label: str) -> Iterator[Item]:
    from ..readers.feed import read_feed

    try:
        entries = list(read_feed(data, name))
    except DatelineError as exc:
        yield Item(key, label, error=exc)
        return
    yield from _container(entries, key, label, name)


def _from_file(path: Path, label: str, options: Options) -> Iterator[Item]:
    key = str(path.resolve())
    name = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        yield Item(key, label, error=MissingInput(f"cannot read: {exc.strerror or exc}", name))
        return
    kind = _kind(path, head)
    if kind == "warc":
        from ..readers.warc import read_warc

        try:
            with path.open("rb") as fh:
                yield from _container(read_warc(fh, name, options), key, label, name)
        except OSError as exc:
            yield Item(key, label, error=InputError(f"cannot read: {exc}", name))
        return
    if kind == "jsonl":
        from ..readers.jsonl import read_jsonl

        with path.open("rb") as fh:
            for got in read_jsonl(fh, name, options):
                if isinstance(got, Input):
                    yield Item(got.metadata.url or f"{key}:{got.source.rsplit(':', 1)[-1]}", label, input=got)
                else:
                    where = got.source or name
                    suffix = where[len(name) :] if where.startswith(name) else f"#{where}"
                    yield Item(key + suffix, label, error=got)
        return
    size = path.stat().st_size
    if size > options.max_bytes:
        yield Item(
            key,
            label,
            error=TooLarge(
                f"{size:,} bytes is over the {options.max_bytes:,}-byte limit (raise it with --max-bytes)",
                name,
            ),
        )
        return
    if kind == "feed":
        yield from _feed(path.read_bytes(), name, key, label)
        return
    try:
        yield Item(key, label, input=read_path(path, options))
    except DatelineError as exc:
        yield Item(key, label, error=exc)


# --------------------------------------------------------------------------- analysis


def quick_record(item: Input, options: Options | None = None) -> Record:
    """A record without NLP: wire structure (headline, credit, dateline, paragraphs, body) and
    metadata, no entities or attributions (:func:`dateline.analysis.structure`)."""
    from ..analysis import structure

    return structure(item, options)


class _Worker:
    """Analysis in one process: the spaCy model (when ``nlp``) loads once, on first use."""

    def __init__(self, options: Options, nlp: bool) -> None:
        self.options = options
        self.nlp = nlp
        self._analyzer: Any = None

    def _one(self, item: Input) -> Record | DatelineError:
        try:
            if not self.nlp:
                return quick_record(item, self.options)
            return self.analyzer.analyze(item)  # type: ignore[no-any-return]
        except ModelError:
            raise  # no document can be analyzed: stop the ingest (committed batches stay)
        except DatelineError as exc:
            return exc
        except Exception as exc:  # a bug on one document must not stop the batch
            log.exception("%s: analysis failed", item.source)
            return DatelineError(f"analysis failed: {type(exc).__name__}: {exc}", item.source)

    @property
    def analyzer(self) -> Any:
        if self._analyzer is None:
            from ..analysis import Analyzer

            self._analyzer = Analyzer(self.options)
        return self._analyzer

    def run(self, items: Sequence[Input]) -> list[Record | DatelineError]:
        if not self.nlp:
            return [self._one(i) for i in items]
        try:
            out = list(self.analyzer.pipe(items))
            if len(out) == len(items):
                return out
        except ModelError:
            raise
        except Exception:
            log.exception("batch analysis failed; analyzing its documents one by one")
        return [self._one(i) for i in items]


_PROCESS_WORKER: _Worker | None = None
_INIT_ERROR: ModelError | None = None


def _init_process(options: Options, nlp: bool, workers: int = 1) -> None:
    global _PROCESS_WORKER, _INIT_ERROR
    # die with the ingest (even kill -9); then, before torch loads, this worker's share of the
    # cores: `--workers 4 --accurate` must not run 4 x all cores
    start_worker(workers)
    _PROCESS_WORKER = _Worker(options, nlp)
    if nlp:
        try:
            _ = _PROCESS_WORKER.analyzer.nlp  # load the model once, now
        except DatelineError as exc:  # reported with the first batch, not as a broken pool
            _INIT_ERROR = ModelError(exc.message, exc.source)


def _run_in_process(items: list[Input]) -> list[Record | DatelineError]:
    """What a pool process runs on one batch (errors travel back pickled, as they are)."""
    assert _PROCESS_WORKER is not None
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    return _PROCESS_WORKER.run(items)


def _died(item: Input) -> DatelineError:
    log.error("%s: the analysis process died on this document", item.source)
    return DatelineError(
        "the analysis process died on this document (a crash in native code or out of memory); "
        "the rest of the batch goes on",
        item.source,
    )


def _over_budget(item: Input, seconds: float | None) -> OverBudget:
    return OverBudget(
        f"analysis ran over {seconds or 0:.0f} s and its process was stopped (raise --time-budget)",
        item.source,
    )


def _one_by_one(inputs: list[Input]) -> list[list[Input]]:
    return [[i] for i in inputs]


def _results(outcomes: pool.Outcomes[list[Input], list[Any]]) -> list[Record | DatelineError]:
    """One result per input of a batch, from the outcomes of the batch or of its pieces."""
    out: list[Record | DatelineError] = []
    for piece, result in outcomes:
        if isinstance(result, BaseException):
            out += [_died(i) if isinstance(result, BrokenProcessPool) else _failed(i, result) for i in piece]
        else:
            out += result
    return out


def _failed(item: Input, exc: BaseException) -> DatelineError:
    if isinstance(exc, DatelineError):
        return exc
    return DatelineError(f"analysis failed: {type(exc).__name__}: {exc}", item.source)


def _inline(
    items: Iterable[Item], worker: _Worker, chunk: int
) -> Iterator[tuple[Item, Record | DatelineError]]:
    """``analyze_items`` in this process, ``chunk`` documents at a time."""
    batch: list[Item] = []

    def flush() -> Iterator[tuple[Item, Record | DatelineError]]:
        results = iter(worker.run([b.input for b in batch if b.input is not None]))
        for b in batch:
            yield (b, b.error) if b.input is None else (b, next(results))  # type: ignore[misc]
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= chunk:
            yield from flush()
    yield from flush()


def _groups(items: Iterable[Item], chunk: int) -> Iterator[list[Item]]:
    group: list[Item] = []
    for item in items:
        group.append(item)
        if len(group) >= chunk:
            yield group
            group = []
    if group:
        yield group


def analyze_items(
    items: Iterable[Item],
    *,
    options: Options,
    nlp: bool = True,
    workers: int = 1,
    chunk: int = 16,
    runner: Callable[[list[Input]], list[Any]] | None = None,
) -> Iterator[tuple[Item, Record | DatelineError]]:
    """``(item, record or error)`` for each item with an input, in order; items carrying an
    error come back with it. With ``workers`` > 1, batches of ``chunk`` documents go to a
    process pool (``runner`` replaces the function run there, for tests) under the retry policy
    of :mod:`dateline.pool`: a worker that dies costs only the document it died on."""
    if workers <= 1:
        yield from _inline(items, _Worker(options, nlp), chunk if nlp else 1)
        return
    groups = _groups(items, chunk)
    with AnalysisPool(workers, options, nlp, runner) as analysis:
        tasks = ((group, [g.input for g in group if g.input is not None]) for group in groups)
        order: deque[list[Item]] = deque()

        def inputs() -> Iterator[list[Input]]:
            for group, batch in tasks:
                order.append(group)
                yield batch

        for _, outcomes in analysis.map(
            analysis.runner, inputs(), split=_one_by_one, fatal=(ModelError,), ahead=2 * workers
        ):
            results = iter(_results(outcomes))
            for b in order.popleft():
                yield (b, b.error) if b.input is None else (b, next(results))  # type: ignore[misc]


class AnalysisPool(pool.Pool[list[Input], list[Any]]):
    """The pool analysis runs in (:class:`dateline.pool.Pool`, each process loading the model
    once), with a time limit per batch for the web app's analysis process."""

    def __init__(self, workers: int, options: Options, nlp: bool, runner: Callable[..., Any] | None) -> None:
        self.options, self.nlp = options, nlp
        self.runner = runner or _run_in_process
        super().__init__(workers, _init_process, (options, nlp, workers))

    def run(self, inputs: list[Input], timeout: float | None, each: float | None = None) -> list[Any]:
        """Results of ``inputs`` (one batch, on an otherwise idle pool) within ``timeout``
        seconds. Past it the workers are killed and the documents go again one at a time,
        ``each`` seconds apiece, so that only the one that stalls fails (``OverBudget``)."""
        try:
            return self.submit(self.runner, inputs).result(timeout)
        except BrokenProcessPool:
            self.restart()
            return _results(self.isolate(self.runner, _one_by_one(inputs)))
        except cf.TimeoutError:
            log.error(
                "a batch of %d ran over %.0f s: stopping its analysis process", len(inputs), timeout or 0
            )
            self.restart(kill=True)
        if len(inputs) == 1:
            return [_over_budget(inputs[0], timeout)]
        out: list[Any] = []
        for item in inputs:
            try:
                out.extend(self.submit(self.runner, [item]).result(each))
            except BrokenProcessPool:
                self.restart()
                out.extend(_results(self.isolate(self.runner, [[item]])))
            except cf.TimeoutError:
                log.error("%s: ran over %.0f s: stopping its analysis process", item.source, each or 0)
                self.restart(kill=True)
                out.append(_over_budget(item, each))
        return out


# --------------------------------------------------------------------------- ingest


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    options: Options | None = None,
    nlp: bool = True,
    workers: int = 1,
    source: str | None = None,
    follow_links: bool = False,
    commit_every: int = 512,
    on_error: Callable[[str], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Ingest ``paths`` into ``store`` (see the module docstring); returns the :class:`Summary`."""
    options = options or Options()
    started = time.perf_counter()
    summary = Summary()
    known = store.keys()
    seen: set[str] = set()

    def fresh() -> Iterator[Item]:
        own = str(Path(store.path).resolve()) if store.path != ":memory:" else ""
        exclude = {own + suffix for suffix in ("", "-wal", "-shm", "-journal")} if own else set()
        for item in discover(paths, options, source=source, exclude=exclude, follow_links=follow_links):
            if item.error is None and (item.key in known or item.key in seen):
                summary.count(item.source, "duplicates")
                if progress:
                    progress(1)
                continue
            seen.add(item.key)
            yield item

    def fail(item: Item, error: DatelineError) -> None:
        reason = str(error)
        summary.count(item.source, "failed")
        store.record_failure(error.source or item.key, error.message, key=item.key)
        if on_error:
            on_error(reason)
        log.info("failed: %s", reason)

    def store_one(item: Item, result: Record | DatelineError) -> None:
        if isinstance(result, DatelineError):
            fail(item, result)
            return
        try:
            meta = item.input.metadata if item.input else Metadata()
            _, inserted = store.add(
                result, source=item.source, url=meta.url, published=meta.date, key=item.key
            )
        except DatelineError as exc:
            fail(item, exc)
        except Exception as exc:  # a record the store cannot take must not stop the batch
            log.exception("%s: cannot store", item.key)
            fail(item, DatelineError(f"cannot store: {type(exc).__name__}: {exc}", item.key))
        else:
            summary.count(item.source, "ingested" if inserted else "duplicates")

    analyzed = analyze_items(fresh(), options=options, nlp=nlp, workers=workers)
    while True:
        # one transaction per ``commit_every`` documents: a crash loses at most the open one
        with store.transaction():
            for n, (item, result) in enumerate(analyzed, start=1):
                store_one(item, result)
                if progress:
                    progress(1)
                if n >= commit_every:
                    break
            else:
                break
    summary.seconds = time.perf_counter() - started
    return summary
