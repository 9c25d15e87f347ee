"""Corpus verbs: ``ingest``, ``search``, ``quotes``, ``speakers``, ``show``, ``clusters``,
``failures``. Each is a thin wrapper over :mod:`dateline.corpus` (``Store`` and ``ingest``)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..corpus import Store
from ..corpus.ingest import ingest
from ..errors import ModelError, OptionsError
from ..options import DEFAULT_MAX_BYTES, Options
from ..records import ATTRIBUTION_TYPES
from .analyze import add_accurate_flag, add_budget_flags, budgets, check_accurate

log = logging.getLogger(__name__)

#: The store used when ``--db`` is not given (``$DATELINE_DB`` overrides it).
DEFAULT_DB = "dateline.db"


def _db_default() -> str:
    return os.environ.get("DATELINE_DB") or DEFAULT_DB


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", default=None, metavar="FILE", help=f"the store (default: $DATELINE_DB or {DEFAULT_DB})"
    )


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")


def _parser(sub: Any, name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_db(p)
    return p


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = _parser(
        sub,
        "ingest",
        "add documents, folders, feeds, WARC archives or JSON Lines to a store",
        "Analyze and store documents: text and Markdown files, HTML pages, RSS/Atom feeds, WARC and "
        "WARC.gz archives, JSON Lines ({text|html, url, published, id}); folders recursively; - reads "
        "standard input. Ingesting again stores nothing twice; after a crash, run the same command.",
        """examples:
  dateline ingest --db news.db releases/                     a folder, recursively
  dateline ingest --db news.db feed.xml crawl.warc.gz docs.jsonl
  dateline ingest --db news.db --workers 4 releases/         4 processes, model loaded once in each
  dateline ingest --db news.db --no-nlp big-crawl/           structure only (no entities, quotes)
""",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads standard input")
    p.add_argument("--workers", "-j", type=int, default=1, metavar="N", help="analysis processes (default 1)")
    p.add_argument("--no-nlp", action="store_true", help="skip spaCy: wire structure only (much faster)")
    p.add_argument("--source", metavar="NAME", help="label the documents with this source name")
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="in folders, read links to files outside the folder too (default: record them as skipped)",
    )
    p.add_argument("--date", metavar="YYYY-MM-DD", help="publication date for datelines without a year")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse documents over N bytes (default {DEFAULT_MAX_BYTES:,})",
    )
    p.add_argument("--model", metavar="NAME", help="spaCy pipeline to load")
    add_accurate_flag(p)
    add_budget_flags(p)
    p.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar: on a terminal only (auto), always or never",
    )
    _add_format(p)
    p.set_defaults(func=run_ingest)

    p = _parser(
        sub,
        "search",
        "full-text search of a store, with filters",
        'Search documents: words, "exact phrases", OR, NOT, prefix* (SQLite FTS5 syntax), '
        "filtered by speaker, entity, source and date.",
        """examples:
  dateline search "water summit"
  dateline search tariffs --speaker Xi --since 2021-01-01
  dateline search --entity "Communist Party of China" --format json
""",
    )
    p.add_argument("query", nargs="?", default=None, help="full-text query (optional with filters)")
    p.add_argument("--speaker", metavar="NAME", help="documents quoting this person (name or alias)")
    p.add_argument(
        "--type",
        choices=ATTRIBUTION_TYPES,
        help="with --speaker: only their statements of this type (speech...)",
    )
    p.add_argument("--entity", metavar="NAME", help="documents mentioning this entity")
    p.add_argument("--source", metavar="NAME", help="source label or site")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    _add_format(p)
    p.set_defaults(func=run_search)

    p = _parser(
        sub,
        "quotes",
        "what a speaker said, across the store",
        'List statements by a speaker (canonical name or alias: "Xi" finds Xi Jinping), and/or whose '
        "quoted content matches a full-text query.",
        """examples:
  dateline quotes --speaker Xi
  dateline quotes --speaker "Hillary Clinton" --query email --format json
  dateline quotes --speaker Xi --type speech          what he said (not what he believes or plans)
""",
    )
    p.add_argument("--speaker", metavar="NAME")
    p.add_argument(
        "--type",
        choices=ATTRIBUTION_TYPES,
        help="statements of this type only: speech (said, told, wrote), thought (believes, expects), "
        "evidence (a study found), intention (plans, vowed), other",
    )
    p.add_argument("--query", "-q", metavar="QUERY", help="full-text query over quoted content")
    p.add_argument("--source", metavar="NAME")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    _add_format(p)
    p.set_defaults(func=run_quotes)

    p = _parser(
        sub,
        "speakers",
        "the most quoted speakers",
        "List speakers by number of statements.",
        "examples:\n  dateline speakers --top 10\n",
    )
    p.add_argument("--top", type=int, default=20, metavar="N")
    _add_format(p)
    p.set_defaults(func=run_speakers)

    p = _parser(
        sub,
        "show",
        "one stored document",
        "Print a stored record (a readable report, or JSON).",
        "examples:\n  dateline show cctv-xi-letter-prnewswire\n  dateline show ID --format json\n",
    )
    p.add_argument("id", help="document id (a file's name without extension)")
    p.add_argument("--format", "-f", choices=("text", "json", "brat"), default="text")
    p.set_defaults(func=run_show)

    p = _parser(
        sub,
        "clusters",
        "syndication clusters: copies of one document",
        "List clusters of republished copies, largest first: {id, size, original, members: [{id, path, "
        "url, published}]}; the original is the earliest copy.",
        "examples:\n  dateline clusters\n  dateline clusters --format json\n  dateline clusters --id 12\n",
    )
    p.add_argument("--id", type=int, default=None, metavar="N", help="one cluster")
    p.add_argument("--min-size", type=int, default=2, metavar="N")
    p.add_argument(
        "--limit",
        type=int,
        default=100,
        metavar="N",
        help="at most N clusters (default 100; 0: all); when there are more, stderr says so",
    )
    _add_format(p)
    p.set_defaults(func=run_clusters)

    p = _parser(
        sub,
        "failures",
        "inputs that could not be ingested, and why",
        "List failed inputs with their reasons (cleared when an input is ingested later).",
        "examples:\n  dateline failures\n  dateline failures --format json\n",
    )
    _add_format(p)
    p.set_defaults(func=run_failures)


# --------------------------------------------------------------------------- helpers


def _open(args: argparse.Namespace, *, must_exist: bool = True) -> Store:
    path = args.db or _db_default()
    if must_exist and path != ":memory:" and not os.path.exists(path):
        from ..errors import StoreError

        raise StoreError("no such store (create it with `dateline ingest --db FILE PATH...`)", path)
    return Store(path)


def _emit_json(rows: Sequence[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")


def _table(rows: Sequence[Sequence[Any]], headers: Sequence[str], widths: Sequence[int]) -> None:
    def cut(value: Any, width: int) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    sys.stdout.write(line + "\n")
    for row in rows:
        cells = [cut(v, w).ljust(w) for v, w in zip(row, widths, strict=True)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


# --------------------------------------------------------------------------- verbs


def run_ingest(args: argparse.Namespace) -> int:
    try:
        options = Options(
            date=args.date,
            max_bytes=args.max_bytes,
            model=args.model,
            accurate=args.accurate,
            **budgets(args),
        )
        if args.accurate and args.no_nlp:
            raise OptionsError("--accurate needs the NLP stage; drop --no-nlp")
        if args.accurate:
            check_accurate()
    except (OptionsError, ModelError) as exc:
        print(f"dateline ingest: {exc}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("dateline ingest: --workers must be 1 or more", file=sys.stderr)
        return 2
    show_bar = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    bar: Any = None
    tick: Callable[[int], None] | None = None
    if show_bar:
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
        tick = bar.update

    def report(line: str) -> None:
        if bar is not None:
            bar.write(f"failed: {line}", file=sys.stderr)
        else:
            print(f"failed: {line}", file=sys.stderr)

    with _open(args, must_exist=False) as store:
        try:
            summary = ingest(
                args.paths,
                store,
                options=options,
                nlp=not args.no_nlp,
                workers=args.workers,
                source=args.source,
                follow_links=args.follow_links,
                on_error=report,
                progress=tick,
            )
        finally:
            if bar is not None:
                bar.close()
    if args.format == "json":
        sys.stdout.write(json.dumps(summary.as_dict()) + "\n")
    else:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 1 if summary.failed else 0  # the rest was stored; the exit status says not everything was


def run_search(args: argparse.Namespace) -> int:
    from ..corpus.query import SearchQuery

    with _open(args) as store:
        hits = store.search(
            SearchQuery(
                args.query,
                speaker=args.speaker,
                entity=args.entity,
                source=args.source,
                since=args.since,
                until=args.until,
                type=args.type,
                limit=args.limit,
                offset=args.offset,
            )
        )
    if args.format == "json":
        _emit_json(hits)
    else:
        _table(
            [(h.id, h.published or "", h.headline, h.snippet) for h in hits],
            ("ID", "PUBLISHED", "HEADLINE", "SNIPPET"),
            (40, 10, 50, 60),
        )
    return 0


def run_quotes(args: argparse.Namespace) -> int:
    if not args.speaker and not args.query:
        print("dateline quotes: give --speaker NAME and/or --query QUERY", file=sys.stderr)
        return 2
    with _open(args) as store:
        quotes = store.quotes(
            args.speaker,
            query=args.query,
            source=args.source,
            since=args.since,
            until=args.until,
            limit=args.limit,
            offset=args.offset,
            type=args.type,
        )
    if args.format == "json":
        _emit_json(quotes)
    else:
        _table(
            [
                (
                    q.published or "",
                    q.speaker or q.source_text or "",
                    q.type or "",
                    q.cue or "",
                    q.content,
                    q.document,
                )
                for q in quotes
            ],
            ("PUBLISHED", "SPEAKER", "TYPE", "CUE", "CONTENT", "DOCUMENT"),
            (10, 24, 9, 10, 70, 30),
        )
    return 0


def run_speakers(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.speakers(top=args.top)
    if args.format == "json":
        _emit_json(rows)
    else:
        _table(
            [(s.name, s.quotes, s.documents, s.first or "", s.last or "") for s in rows],
            ("SPEAKER", "QUOTES", "DOCS", "FIRST", "LAST"),
            (36, 6, 5, 10, 10),
        )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from ..corpus.provenance import lines, provenance
    from ..export import render

    with _open(args) as store:
        record = store.get(args.id)
        origin = provenance(store, args.id) if record is not None and args.format == "text" else None
    if record is None:
        print(f"dateline show: {args.id}: no such document (try `dateline search`)", file=sys.stderr)
        return 1
    text = render(record, args.format)
    if origin is not None:  # where this came from: credit, distributor, site, cluster, statements
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines(origin)) + "\n"
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def run_clusters(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.id is not None:
            one = store.cluster(args.id)
            if one is None:
                print(f"dateline clusters: no cluster {args.id}", file=sys.stderr)
                return 1
            clusters = [one]
        else:
            limit = args.limit if args.limit > 0 else 2**62
            clusters = store.clusters(min_size=args.min_size, limit=limit + 1)
            if len(clusters) > limit:  # a script reading the output must know it is not all of them
                clusters = clusters[:limit]
                print(
                    f"dateline clusters: showing the first {limit:,} clusters; there are more "
                    "(--limit N shows more, --limit 0 all)",
                    file=sys.stderr,
                )
    if args.format == "json":
        _emit_json(clusters)
    else:
        rows = []
        for c in clusters:
            for n, m in enumerate(c.members):
                rows.append(
                    (
                        c.id if n == 0 else "",
                        c.size if n == 0 else "",
                        "original" if n == 0 else "copy",
                        m.id,
                        m.published or "",
                        m.url or m.path or "",
                    )
                )
        _table(rows, ("CLUSTER", "SIZE", "ROLE", "ID", "PUBLISHED", "URL/PATH"), (7, 4, 8, 40, 20, 60))
    return 0


def run_failures(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.failures()
    if args.format == "json":
        _emit_json(rows)
    else:
        for f in rows:
            sys.stdout.write(f"{f.source}: {f.reason}\n")
    return 0
