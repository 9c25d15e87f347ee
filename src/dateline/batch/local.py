"""The local engine: the batch on one machine with a pool of processes.

Units are split into partitions; each pool task runs :func:`~dateline.batch.units.analyze_units`
over its partition (one Analyzer per worker process, so the model loads once per process) and
writes its own Parquet part files, returning only the clustering signatures to the parent, which
clusters them with :mod:`dateline.batch.clusters` exactly as the Spark engine does.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import DatelineError, ModelError, OptionsError
from ..nlp.lifeline import start_worker
from ..options import Options
from ..pool import Pool
from . import clusters, reuse_rows, statements, tables
from .summary import Summary
from .units import Unit, analyze_units, split_units

__all__ = ["run_local", "write_parquet"]

log = logging.getLogger(__name__)

#: Rows buffered per table before a row group is written (bounds a worker's memory).
CHUNK = 2000

Signature = tables.SignatureRow


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
            if isinstance(row.values, tables.SignatureRow):
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


def _run_task(options: Options, folder: str, task: Task) -> Result:
    return _task(task[0], task[1], options, folder)


def _files(task: Task) -> list[Task]:
    """A partition split into its files (``<partition>-<n>``), for the retry of :mod:`dateline.pool`."""
    name, units = task
    return [(f"{name}-{j:04d}", [u]) for j, u in enumerate(units)]


def _run_tasks(
    tasks: list[Task], options: Options, folder: Path, workers: int
) -> tuple[list[Result], list[tables.Row]]:
    """Run ``tasks`` under the retry policy of :mod:`dateline.pool` (a partition that fails runs
    again file by file); the results, and a failure row for each file that failed again."""
    done: list[Result] = []
    failures: list[tables.Row] = []
    inline = workers == 1 or len(tasks) <= 1
    # each worker dies with this process and takes its share of the cores (torch, --accurate)
    with Pool[Task, Result](0 if inline else workers, start_worker, (workers,)) as runner:
        run = functools.partial(_run_task, options, str(folder))
        for task, outcomes in runner.map(run, tasks, split=_files, fatal=FATAL):
            if outcomes[0][0] is not task:
                log.warning("partition %s failed; its %d files ran again one by one", task[0], len(task[1]))
                _discard(folder, task[0])
            for (name, units), result in outcomes:
                if not isinstance(result, BaseException):
                    done.append(result)
                    continue
                _discard(folder, name)
                for u in units:
                    err = DatelineError(f"analysis failed: {type(result).__name__}: {result}", u.path)
                    log.error("%s", err)
                    failures.append(tables.failure(err, u.path, None, "analyze"))
    return done, failures


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

    A partition whose worker dies (out of memory, a crash in a native library) is run again file
    by file (the retry policy of :mod:`dateline.pool`); a file that fails again becomes a failure
    row, and the rest of the batch is kept."""
    workers = workers or os.cpu_count() or 1
    groups = split_units(partitions or workers * 4, units)
    folder.mkdir(parents=True)
    results, failed = _run_tasks([(f"{i:05d}", g) for i, g in enumerate(groups)], options, folder, workers)
    failures = [*failures, *failed]
    counts = {t: 0 for t in tables.OUTPUT_TABLES}
    sigs: list[Signature] = []
    for part_counts, part_sigs in results:
        for t, n in part_counts.items():
            if t in counts:
                counts[t] += n
        sigs.extend(part_sigs)
    if failures:
        counts["failures"] += write_parquet(folder, "failures", (r.values for r in failures), "input")
    pairs = clusters.verified_pairs({s.doc_id: s.fingerprint for s in sigs})
    linked = {d for p in pairs for d in p}
    rows = tables.cluster_rows(pairs, {s.doc_id: tables.member(s) for s in sigs if s.doc_id in linked})
    counts["clusters"] = write_parquet(folder, "clusters", (r.values for r in rows), "00000") if rows else 0
    reused = reuse_rows.reuse_rows((s.order, s.reuse) for s in sigs)
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
