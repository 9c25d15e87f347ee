"""``dateline batch`` (many files to Parquet tables, locally or on Spark) and ``dateline load``
(a batch result into the store). Thin wrappers over :func:`dateline.batch.run` and
:func:`dateline.batch.load.load`."""

from __future__ import annotations

import argparse
import logging

from ..errors import ModelError, OptionsError
from .common import add_analysis_options, add_db, db_path, options_from_args, say, usage_error

log = logging.getLogger(__name__)

BATCH_EPILOG = """examples:
  dateline batch crawl/*.warc.gz --out out/                      local engine, all cores
  dateline batch warc.paths --out out/ --engine spark            a manifest (Common Crawl's warc.paths)
  dateline batch wire.jsonl releases/ --out out/ --workers 2     JSON Lines and a folder of files
  dateline batch /nfs/warc.paths --out /nfs/out --engine spark --master spark://host:7077 --partitions 400

The result: out/{documents,entities,mentions,attributions,clusters,failures}/*.parquet and
out/_batch.json. A bad file or record is a row in failures/, not the end of the job; running
again into the same --out replaces the result whole. Query it with DuckDB (docs/duckdb.md) or
load it into a store with `dateline load`. --out must be a folder every executor can write
(local disk in local mode; a shared file system on a cluster). Exit status 1 when any input
failed (see failures/).
"""

LOAD_EPILOG = """examples:
  dateline load out/ --db news.db          then: dateline search --db news.db "tariffs"
  dateline load out/ --db news.db          again: nothing is stored twice
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "batch",
        help="analyze many files (WARC, JSON Lines, text) into Parquet tables, locally or on Spark",
        description="Analyze WARC/WARC.gz archives, JSON Lines, text/Markdown/HTML files, folders or "
        "manifests listing them (one path a line, relative to the manifest) and write Parquet tables: "
        "documents, entities, mentions, attributions, syndication clusters and failures.",
        epilog=BATCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or manifests (*.paths)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (replaced if it exists)")
    p.add_argument("--engine", choices=("local", "spark"), default="local", help="where to run")
    p.add_argument("--master", metavar="URL", help="Spark master (default local[*]); --engine spark only")
    p.add_argument("--partitions", type=int, metavar="N", help="tasks the inputs are split into")
    p.add_argument(
        "--workers", "-j", type=int, metavar="N", help="local engine: processes (default: CPU count)"
    )
    add_analysis_options(p)
    p.set_defaults(func=run_batch)

    q = sub.add_parser(
        "load",
        help="import a batch result (Parquet tables) into a store",
        description="Import the tables written by `dateline batch` into the SQLite store, so that "
        "search, quotes, speakers, clusters and serve work on them.",
        epilog=LOAD_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument("dir", metavar="DIR", help="a folder written by `dateline batch --out`")
    add_db(q)
    q.set_defaults(func=run_load)


def run_batch(args: argparse.Namespace) -> int:
    from ..batch import run

    try:
        if args.master and args.engine != "spark":
            raise OptionsError("--master needs --engine spark")
        options = options_from_args(args)
    except (OptionsError, ModelError) as exc:
        return usage_error("batch", exc)
    summary = run(
        args.inputs,
        args.out,
        engine=args.engine,
        options=options,
        workers=args.workers,
        master=args.master,
        partitions=args.partitions,
    )
    counts = ", ".join(f"{n} {t}" for t, n in summary.counts.items())
    say(
        "batch",
        f"{summary.out}: {counts} ({summary.units} files, {summary.engine} engine, "
        f"{summary.seconds:.1f} s, {summary.docs_per_second:.2f} docs/s)",
    )
    return 1 if summary.failures else 0


def run_load(args: argparse.Namespace) -> int:
    from ..batch.load import load

    db = db_path(args.db)
    summary = load(args.dir, db)
    say(
        "load",
        f"{db}: {summary.loaded} loaded, {summary.duplicates} already there, "
        f"{summary.failed} failed, {summary.failures} batch failures recorded",
    )
    return 1 if summary.failed else 0
