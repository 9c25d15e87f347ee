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

On a cluster, executors need dateline and its model installed (or shipped with
``--archives``/``spark.archives``) and ``PYSPARK_PYTHON`` pointing at that interpreter; in local
mode the driver's own interpreter is used.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..corpus import syndication
from ..errors import DatelineError
from ..options import Options
from . import Summary, cluster_rows, clusters, reuse_rows, statements, tables
from .units import Unit, analyze_units

__all__ = ["run_spark", "session"]

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
            df = spark.createDataFrame(values, schema=tables.spark_schema(table))
            df.write.mode("error").parquet(str(folder / table))
            log.info("%s: %d rows written (%.1f s)", table, counts[table], time.perf_counter() - t0)

        sigs = rows.filter(lambda r: r.table == tables.SIGNATURES).map(lambda r: r.values)
        sigs.persist(StorageLevel.MEMORY_AND_DISK)
        fps = sigs.map(lambda v: (v[0], v[6]))
        candidates = (
            fps.flatMap(lambda kv: [(k, kv[0]) for k in syndication.band_keys(kv[1])])
            .groupByKey()
            .flatMap(lambda kv: _pairs(kv[1]))
            .distinct()
        )
        candidates.persist(StorageLevel.MEMORY_AND_DISK)
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
        found = []
        if linked:
            wanted = sc.broadcast(linked)
            found = sigs.filter(lambda v: v[0] in wanted.value).map(lambda v: v[:6]).collect()
        reuse_inputs = sigs.map(lambda v: (v[5], v[7])).collect()
        candidates.unpersist()
        sigs.unpersist()
        info = {v[0]: (v[1], v[2], v[3], v[4]) for v in found}
        keys = {v[0]: v[5] for v in found}
        groups = clusters.groups(pairs, keys)
        crow = [r.values for r in cluster_rows(groups, info)]
        cdf = spark.createDataFrame(sc.parallelize(crow, 1), schema=tables.spark_schema("clusters"))
        cdf.write.mode("error").parquet(str(folder / "clusters"))
        counts["clusters"] = len(crow)
        log.info("clusters: %d rows written (%.1f s)", len(crow), time.perf_counter() - t0)
        rrow = [r.values for r in reuse_rows.reuse_rows(reuse_inputs)]
        rdf = spark.createDataFrame(sc.parallelize(rrow, 1), schema=tables.spark_schema("reuse"))
        rdf.write.mode("error").parquet(str(folder / "reuse"))
        counts["reuse"] = len(rrow)
        log.info("reuse: %d rows written (%.1f s)", len(rrow), time.perf_counter() - t0)

        # statements: the two projections come to the driver, which groups them as the store does
        docs = rows.filter(lambda r: r.table == "documents").map(lambda r: statements.document_info(r.values))
        atts = rows.filter(lambda r: r.table == "attributions").map(
            lambda r: statements.attribution_info(r.values)
        )
        srow = [r.values for r in statements.statement_rows(docs.collect(), atts.collect())]
        sdf = spark.createDataFrame(sc.parallelize(srow, 1), schema=tables.spark_schema("statements"))
        sdf.write.mode("error").parquet(str(folder / "statements"))
        counts["statements"] = len(srow)
        log.info("statements: %d rows written (%.1f s)", len(srow), time.perf_counter() - t0)
    finally:
        rows.unpersist()
    return Summary(
        engine="spark",
        out=str(folder),
        partitions=n,
        counts=counts,
        parameters={"master": sc.master, "spark": spark.version},
    )
