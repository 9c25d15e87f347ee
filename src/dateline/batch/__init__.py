"""The same analysis over many files, on one machine (a process pool) or on Apache Spark.

:func:`run` expands the inputs (WARC/WARC.gz, JSON Lines, text/Markdown/HTML files, manifests,
directories) into units, has an engine analyze them with :func:`dateline.batch.units.analyze_units`
and writes Parquet tables (see :mod:`dateline.batch.tables`) under ``out``::

    out/documents/*.parquet  entities/  mentions/  attributions/  clusters/  failures/
    out/_batch.json          engine, parameters and counts of the run

The output is written to a temporary folder beside ``out`` and renamed into place when complete,
so a failed run leaves the previous result untouched and a rerun replaces it whole.

>>> summary = run(["crawl.warc.gz", "wire.jsonl"], "out/", engine="local")   # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..corpus import reuse as rx
from ..errors import OptionsError
from ..options import Options
from . import clusters, statements, tables
from .summary import Summary
from .units import expand

__all__ = ["ENGINES", "Summary", "read_table", "run"]

log = logging.getLogger(__name__)

ENGINES = ("local", "spark")


def run(
    inputs: Sequence[str],
    out: str | os.PathLike[str],
    *,
    engine: str = "local",
    options: Options | None = None,
    workers: int | None = None,
    master: str | None = None,
    partitions: int | None = None,
) -> Summary:
    """Analyze ``inputs`` with ``engine`` and write the tables to ``out`` (replaced atomically).

    ``workers`` is the local engine's process count (default: CPU count); ``master`` the Spark
    master URL (default ``local[*]``); ``partitions`` how many tasks the units are split into.
    """
    if engine not in ENGINES:
        raise OptionsError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if partitions is not None and partitions <= 0:
        raise OptionsError(f"--partitions must be positive, got {partitions}")
    if workers is not None and workers <= 0:
        raise OptionsError(f"--workers must be positive, got {workers}")
    options = options or Options()
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise OptionsError(f"--out {target} exists and is not a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    units, failures = expand(inputs)
    for row in failures:
        if isinstance(row.values, tables.FailureRow):
            log.warning("%s: %s", row.values.source, row.values.message)
    tmp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    try:
        if engine == "spark":
            from .spark import run_spark

            summary = run_spark(units, failures, tmp, options, master=master, partitions=partitions)
        else:
            from .local import run_local

            summary = run_local(units, failures, tmp, options, workers=workers, partitions=partitions)
        summary.seconds = time.perf_counter() - started
        summary.out = str(target)
        summary.units = len(units)
        summary.parameters = {
            **summary.parameters,
            "inputs": list(inputs),
            "options": {k: getattr(options, k) for k in Options.__dataclass_fields__},
            "syndication": dict(clusters.PARAMETERS),
            "reuse": dict(rx.PARAMETERS),
            "statements": dict(statements.PARAMETERS),
        }
        (tmp / "_batch.json").write_text(json.dumps(asdict(summary), indent=2, default=str) + "\n")
        _replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info(
        "%s: %d documents, %d failures, %d clusters in %.1f s",
        target,
        summary.documents,
        summary.failures,
        summary.counts.get("clusters", 0),
        summary.seconds,
    )
    return summary


def _replace(tmp: Path, target: Path) -> None:
    """Put the finished ``tmp`` folder at ``target``: the old result is moved aside, the new one
    renamed in (two renames on one file system: a reader sees the old or the new result, never
    a mix), then the old one is removed."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
        target.rename(old)
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_table(out: str | os.PathLike[str], table: str) -> Any:
    """One table of a batch result as a ``pyarrow.Table`` (in the schema of :mod:`.tables`)."""
    import pyarrow.dataset as ds

    folder = Path(out) / table
    return ds.dataset(str(folder), format="parquet", schema=tables.arrow_schema(table)).to_table()
