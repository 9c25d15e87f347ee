"""The local engine: the batch on one machine with a pool of processes.

Units are split into partitions; each pool task runs :func:`~dateline.batch.units.analyze_units`
over its partition (one Analyzer per worker process, so the model loads once per process) and
writes its own Parquet part files, returning only the clustering signatures to the parent, which
clusters them with :mod:`dateline.batch.clusters` exactly as the Spark engine does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import DatelineError, ModelError, OptionsError
from ..nlp.lifeline import start_worker
from ..options import Options
from . import Summary, _units_in, cluster_rows, clusters, reuse_rows, statements, tables
from .units import Unit, analyze_units

__all__ = ["run_local", "write_parquet"]

log = logging.getLogger(__name__)

#: Rows buffered per table before a row group is written (bounds a worker's memory).
CHUNK = 2000

Signature = tuple[Any, ...]


def write_parquet(folder: Path, table: str, rows: Iterable[tuple[Any, ...]], part: str) -> int:
    """Write ``rows`` (value tuples in column order) to ``folder/table/part-<part>.parquet``."""
    import pyarrow.parquet as pq

    schema = tables.arrow_schema(table)
    path = folder / table / f"part-{part}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        buf: list[tuple[Any, ...]] = []
        for row in rows:
            buf.append(row)
            if len(buf) >= CHUNK:
                writer.write_table(_to_arrow(buf, schema))
                n, buf = n + len(buf), []
        if buf or n == 0:
            writer.write_table(_to_arrow(buf, schema))
            n += len(buf)
    return n


def _to_arrow(rows: list[tuple[Any, ...]], schema: Any) -> Any:
    import pyarrow as pa

    cols = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(list(c), type=f.type) for c, f in zip(cols, schema, strict=True)], schema=schema
    )


def _task(
    name: str, units: list[Unit], options: Options, folder: str
) -> tuple[dict[str, int], list[Signature]]:
    """One partition: analyze, write its part files, return counts and signatures."""
    by_table: dict[str, list[tuple[Any, ...]]] = {t: [] for t in tables.TABLES}
    sigs: list[Signature] = []
    counts = {t: 0 for t in tables.TABLES}

    def flush(final: bool = False) -> None:
        for t, rows in by_table.items():
            if rows and (final or len(rows) >= CHUNK):
                _append(Path(folder), t, rows, name)
                counts[t] += len(rows)
                rows.clear()

    try:
        for row in analyze_units(units, options):
            if row.table == tables.SIGNATURES:
                sigs.append(row.values)
                continue
            by_table[row.table].append(row.values)
            if len(by_table[row.table]) >= CHUNK:
                flush()
        flush(final=True)
    finally:
        _close(name)
    return counts, sigs


_WRITERS: dict[tuple[str, str], Any] = {}


def _append(folder: Path, table: str, rows: list[tuple[Any, ...]], part: str) -> None:
    import pyarrow.parquet as pq

    key = (table, part)
    writer = _WRITERS.get(key)
    schema = tables.arrow_schema(table)
    if writer is None:
        path = folder / table / f"part-{part}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = _WRITERS[key] = pq.ParquetWriter(str(path), schema)
    writer.write_table(_to_arrow(rows, schema))


def _close(part: str) -> None:
    for key in [k for k in _WRITERS if k[1] == part]:
        _WRITERS.pop(key).close()


def _discard(folder: Path, part: str) -> None:
    """Remove what a failed partition wrote, so that its retry does not count anything twice."""
    for t in tables.TABLES:
        (folder / t / f"part-{part}.parquet").unlink(missing_ok=True)


#: Errors that no retry can help: the whole batch stops with them (a missing model, a bad option).
FATAL = (ModelError, OptionsError)

Task = tuple[str, list[Unit]]
Result = tuple[dict[str, int], list[Signature]]


def _run_tasks(
    tasks: list[Task], options: Options, folder: Path, workers: int
) -> tuple[list[Result], list[tuple[str, list[Unit], BaseException]]]:
    """Run ``tasks``; results of those that finished, and the tasks that died with their error."""
    done: list[Result] = []
    failed: list[tuple[str, list[Unit], BaseException]] = []
    if workers == 1 or len(tasks) <= 1:
        for name, units in tasks:
            try:
                done.append(_task(name, units, options, str(folder)))
            except FATAL:
                raise
            except Exception as exc:  # MemoryError, a bug outside the per-document guard
                failed.append((name, units, exc))
        return done, failed
    # spawn: a fresh interpreter per worker, safe whatever threads the parent runs (spaCy, BLAS)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,  # dies with this process; its share of the cores (torch, --accurate)
        initargs=(workers,),
    )
    try:
        futures = [
            (name, units, pool.submit(_task, name, units, options, str(folder))) for name, units in tasks
        ]
        for name, units, future in futures:
            try:
                done.append(future.result())
            except FATAL:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            except Exception as exc:  # a worker that died (BrokenProcessPool) takes its pool with it
                failed.append((name, units, exc))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return done, failed


def run_local(
    units: list[Unit],
    failures: list[tables.Row],
    folder: Path,
    options: Options,
    *,
    workers: int | None = None,
    partitions: int | None = None,
) -> Summary:
    """Analyze ``units`` with a process pool and write every table under ``folder``.

    A partition whose worker dies (out of memory, a crash in a native library) is retried file
    by file in a fresh pool; a file that fails again becomes a failure row, and the rest of the
    batch is kept."""
    workers = workers or os.cpu_count() or 1
    groups = _units_in(partitions or workers * 4, units)
    folder.mkdir(parents=True)
    failures = list(failures)
    results, failed = _run_tasks([(f"{i:05d}", g) for i, g in enumerate(groups)], options, folder, workers)
    if failed:
        retry = [(f"{name}-{j:04d}", [u]) for name, group, _ in failed for j, u in enumerate(group)]
        log.warning(
            "%d partitions failed (%s); retrying their %d files one by one",
            len(failed),
            failed[0][2],
            len(retry),
        )
        for name, _, _ in failed:
            _discard(folder, name)
        more, failed_again = _run_tasks(retry, options, folder, workers)
        results += more
        for name, group, exc in failed_again:
            _discard(folder, name)
            for u in group:
                err = DatelineError(f"analysis failed: {type(exc).__name__}: {exc}", u.path)
                log.error("%s", err)
                failures.append(tables.failure(err, u.path, None, "analyze"))
    counts = {t: 0 for t in tables.OUTPUT_TABLES}
    sigs: list[Signature] = []
    for part_counts, part_sigs in results:
        for t, n in part_counts.items():
            if t in counts:
                counts[t] += n
        sigs.extend(part_sigs)
    if failures:
        counts["failures"] += write_parquet(folder, "failures", (r.values for r in failures), "input")
    pairs = clusters.verified_pairs({s[0]: s[6] for s in sigs})
    linked = {d for p in pairs for d in p}
    info = {s[0]: (s[1], s[2], s[3], s[4]) for s in sigs if s[0] in linked}
    keys = {s[0]: s[5] for s in sigs if s[0] in linked}
    rows = cluster_rows(clusters.groups(pairs, keys), info)
    counts["clusters"] = write_parquet(folder, "clusters", (r.values for r in rows), "00000") if rows else 0
    reused = reuse_rows.reuse_rows((s[5], s[7]) for s in sigs)
    counts["reuse"] = write_parquet(folder, "reuse", (r.values for r in reused), "00000") if reused else 0
    srows = statements.from_folder(str(folder))
    counts["statements"] = (
        write_parquet(folder, "statements", (r.values for r in srows), "00000") if srows else 0
    )
    for t in tables.OUTPUT_TABLES:
        if not (folder / t).exists():
            write_parquet(folder, t, (), "empty")
    return Summary(
        engine="local",
        out=str(folder),
        partitions=len(groups),
        counts=counts,
        parameters={"workers": workers},
    )
