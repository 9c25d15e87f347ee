"""The Spark engine: the same analysis shipped to executors with ``mapPartitions``.

The driver lists the units (files); ``sc.parallelize(units, partitions)`` sends them to the
executors, which read their files themselves (inputs are read in parallel) and run
:func:`~dateline.batch.units.analyze_units` once per partition: one Analyzer, so the spaCy model
loads once per partition (and once per Python worker when Spark reuses workers). The rows are
persisted and written as one Parquet folder per table.

Syndication clusters span the whole input: every document's MinHash band keys are grouped with
``groupByKey``, candidate pairs are verified inside their bucket on the executors, and only the
verified pairs come back to the driver, which runs the same :func:`~dateline.batch.clusters.cluster`
as the local engine.

Text reuse is searched on the executors too (:func:`reuse_table`, the steps of
:mod:`dateline.batch.reuse_rows`): site boilerplate is found by grouping (site, line) pairs,
candidate sources by grouping the documents' keys, and the candidates' prepared bodies are joined
to each document to be aligned there; the rows are written from the executors.

On a cluster, executors need dateline and its model installed (or shipped with
``--archives``/``spark.archives``) and ``PYSPARK_PYTHON`` pointing at that interpreter; in local
mode the driver's own interpreter is used.
"""

from __future__ import annotations

import logging
import operator
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..corpus import reuse as rx
from ..corpus import syndication
from ..errors import DatelineError
from ..options import Options
from . import reuse_rows as rr
from . import statements, tables
from .summary import Summary
from .units import Unit, analyze_units

__all__ = ["reuse_table", "run_spark", "session"]

log = logging.getLogger(__name__)

DEFAULT_MASTER = "local[*]"


def _session_class() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DatelineError(
            "the Spark engine needs PySpark: pip install 'dateline[spark]' (and a Java runtime)",
            "--engine spark",
        ) from None
    return SparkSession


def session(master: str | None = None, app: str = "dateline batch") -> Any:
    """A SparkSession on ``master`` (default ``local[*]``). In local mode the workers run this
    interpreter and the settings suit one machine; on a cluster, its own configuration rules."""
    master = master or DEFAULT_MASTER
    builder = _session_class().builder.master(master).appName(app)
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
        )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, bad master URL: the JVM start fails with a long trace
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        raise DatelineError(f"cannot start Spark: {lines[0]}", master) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _partition(units: Iterator[Unit], options: Options) -> Iterator[tables.Row]:
    return analyze_units(units, options)


def _pairs(members: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair ``(a, b)``, ``a < b``, of the documents sharing one band key."""
    docs = sorted(set(members))
    return [(a, b) for i, a in enumerate(docs) for b in docs[i + 1 :]]


def run_spark(
    units: list[Unit],
    failures: list[tables.Row],
    folder: Path,
    options: Options,
    *,
    master: str | None = None,
    partitions: int | None = None,
) -> Summary:
    """Analyze ``units`` on Spark and write every table under ``folder``.

    A Spark session already running in this process is used as it is; otherwise one is started
    on ``master`` and stopped at the end."""
    active = _session_class().getActiveSession()
    if active is not None and master and active.sparkContext.master != master:
        log.warning("using the running Spark session on %s, not %s", active.sparkContext.master, master)
    spark = active or session(master)
    try:
        return _run(spark, units, failures, folder, options, partitions)
    finally:
        if active is None:  # a session this call started ends with it
            spark.stop()


def _run(
    spark: Any,
    units: list[Unit],
    failures: list[tables.Row],
    folder: Path,
    options: Options,
    partitions: int | None,
) -> Summary:
    from pyspark import StorageLevel

    sc = spark.sparkContext
    n = max(1, min(partitions or sc.defaultParallelism * 4, max(len(units), 1)))
    opts = options
    rows = sc.parallelize(units, n).mapPartitions(lambda it: _partition(it, opts))
    rows.persist(StorageLevel.MEMORY_AND_DISK)
    t0 = time.perf_counter()
    try:
        # one pass analyzes every partition (and persists the rows); it also counts them
        found = rows.map(lambda r: (r.table, 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
        counts = {t: int(found.get(t, 0)) for t in ("documents", "entities", "mentions", "attributions")}
        counts["failures"] = int(found.get("failures", 0)) + len(failures)
        log.info("analyzed: %s (%.1f s)", counts, time.perf_counter() - t0)
        for table in ("documents", "entities", "mentions", "attributions", "failures"):
            values = rows.filter(lambda r, t=table: r.table == t).map(lambda r: r.values)
            if table == "failures" and failures:
                values = values.union(sc.parallelize([r.values for r in failures], 1))
            _write(spark, values, folder, table)
            log.info("%s: %d rows written (%.1f s)", table, counts[table], time.perf_counter() - t0)
        sigs = rows.filter(lambda r: r.table == tables.SIGNATURES).map(lambda r: r.values)
        crow = _clusters(sigs, sc)
        counts["reuse"] = _write_reuse(spark, sigs, folder)
        log.info("reuse: %d rows written (%.1f s)", counts["reuse"], time.perf_counter() - t0)
        # statements: the two projections come to the driver, which groups them as the store does
        docs = rows.filter(lambda r: r.table == "documents").map(lambda r: statements.document_info(r.values))
        atts = rows.filter(lambda r: r.table == "attributions").map(
            lambda r: statements.attribution_info(r.values)
        )
        srow = statements.statement_rows(docs.collect(), atts.collect())
        for table, driver_rows in (("clusters", crow), ("statements", srow)):
            _write(spark, sc.parallelize([r.values for r in driver_rows], 1), folder, table)
            counts[table] = len(driver_rows)
            log.info("%s: %d rows written (%.1f s)", table, len(driver_rows), time.perf_counter() - t0)
    finally:
        rows.unpersist()
    return Summary(
        engine="spark",
        out=str(folder),
        partitions=n,
        counts=counts,
        parameters={"master": sc.master, "spark": spark.version},
    )


def _write(spark: Any, values: Any, folder: Path, table: str) -> None:
    """Write an RDD of row values as ``folder/table`` (Parquet, the table's schema)."""
    df = spark.createDataFrame(values.map(tuple), schema=tables.spark_schema(table))
    df.write.mode("error").parquet(str(folder / table))


def _clusters(sigs: Any, sc: Any) -> list[tables.Row]:
    """``clusters`` rows: every document's band keys are grouped on the executors, candidate
    pairs verified there, and only the verified pairs come to the driver."""
    from pyspark import StorageLevel

    sigs.persist(StorageLevel.MEMORY_AND_DISK)
    fps = sigs.map(lambda v: (v.doc_id, v.fingerprint))
    candidates = (
        fps.flatMap(lambda kv: [(k, kv[0]) for k in syndication.band_keys(kv[1])])
        .groupByKey()
        .flatMap(lambda kv: _pairs(kv[1]))
        .distinct()
    )
    candidates.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        pairs: list[tuple[str, str]] = []
        if not candidates.isEmpty():  # no shared band key anywhere: no joins to run
            pairs = (
                candidates.join(fps)  # (a, (b, fp_a))
                .map(lambda x: (x[1][0], (x[0], x[1][1])))
                .join(fps)  # (b, ((a, fp_a), fp_b))
                .filter(lambda x: syndication.is_copy(syndication.compare(x[1][0][1], x[1][1])))
                .map(lambda x: (x[1][0][0], x[0]))
                .collect()
            )
        linked = {d for p in pairs for d in p}
        members: dict[str, tables.Member] = {}
        if linked:
            wanted = sc.broadcast(linked)
            members = (
                sigs.filter(lambda v: v.doc_id in wanted.value)
                .map(lambda v: (v.doc_id, tables.member(v)))
                .collectAsMap()
            )
    finally:
        candidates.unpersist()
        sigs.unpersist()
    return tables.cluster_rows(pairs, members)


def _write_reuse(spark: Any, sigs: Any, folder: Path) -> int:
    """Write the ``reuse`` table of the documents of ``sigs`` (``signatures`` rows); its row count."""
    table, n = reuse_table(sigs.map(lambda v: (v.order, v.reuse)))
    try:
        _write(spark, table, folder, "reuse")
    finally:
        table.unpersist()
    return n


def _keep_searchable(held: list[Any], more: list[Any]) -> list[Any]:
    """The documents holding one key, gathered: once a key is no longer searchable the list
    stops growing (it is dropped whole by :func:`~dateline.corpus.reuse.earlier_pairs`)."""
    if not rx.searchable(held):
        return held
    if not rx.searchable(more):
        return more
    return held + more


def reuse_table(inputs: Any) -> tuple[Any, int]:
    """The ``reuse`` rows of an RDD of ``(order key, reuse input)`` pairs, searched on the
    executors: the rows :func:`dateline.batch.reuse_rows.reuse_rows` gives for them (earliest
    document first, sources by share), as an RDD of :class:`~dateline.batch.tables.ReuseRow`
    computed and persisted (``unpersist`` it when done), and their number."""
    from pyspark import StorageLevel

    entries = _entries(inputs)
    try:
        # 3. per key, its documents (no more than one past MAX_KEY_DOCS) and their earlier ones
        shared = (
            entries.flatMap(lambda x: rr.key_holders(x[1]))
            .combineByKey(lambda d: [d], lambda held, d: _keep_searchable(held, [d]), _keep_searchable)
            .flatMap(lambda kv: rx.earlier_pairs(kv[1]))
            .map(lambda pair: (pair, 1))
            .reduceByKey(operator.add)
        )
        # 4. the candidates of each document, 5. their entries joined to it, aligned, assembled
        wanted = shared.map(lambda x: (x[0][0], (x[0][1], x[1]))).groupByKey().flatMap(rr.candidates)
        sources = wanted.join(entries).map(lambda x: x[1]).groupByKey()  # doc id -> candidate entries
        table = (
            sources.join(entries)
            .flatMap(lambda x: _numbered(x[1][1], rr.doc_rows(x[1][1], x[1][0])))
            .sortByKey()
            .values()
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        try:
            return table, int(table.count())
        except BaseException:
            table.unpersist()
            raise
    finally:
        entries.unpersist()


def _entries(inputs: Any) -> Any:
    """Steps 1 and 2 of the search: ``(doc id, entry)`` of every document, its site's boilerplate
    taken out (persisted and computed: ``unpersist`` it when done)."""
    from pyspark import StorageLevel

    raw = inputs.map(lambda kv: rr.entry(kv[0], kv[1])).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        own_boilerplate = (
            raw.flatMap(rr.line_holders).groupByKey().flatMap(rr.boilerplate_holders).groupByKey()
        )
        entries = (
            raw.map(lambda e: (e.id, e))
            .leftOuterJoin(own_boilerplate)
            .map(lambda x: (x[0], rr.stripped(x[1][0], x[1][1])))
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        try:
            log.info("reuse: %d documents prepared", entries.count())
        except BaseException:
            entries.unpersist()
            raise
        return entries
    finally:
        raw.unpersist()


def _numbered(doc: Any, rows: list[tables.ReuseRow]) -> list[tuple[Any, tables.ReuseRow]]:
    """``rows`` keyed for the sort of the table: the document's place, then the row's."""
    return [((doc.key, n), row) for n, row in enumerate(rows)]
