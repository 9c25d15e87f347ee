"""Corpus verbs: ``ingest``, ``search``, ``quotes``, ``speakers``, ``show``, ``clusters``,
``failures``. Each is a thin wrapper over :mod:`dateline.corpus` (``Store`` and ``ingest``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from ..corpus.ingest import ingest
from ..corpus.query import SearchQuery
from ..errors import ModelError, OptionsError
from ..records import ATTRIBUTION_TYPES
from .common import (
    add_analysis_options,
    add_format,
    emit_json,
    open_store,
    options_from_args,
    output,
    say,
    table,
    usage_error,
    verb_parser,
)

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    _add_ingest(sub)
    _add_search(sub)
    _add_quotes(sub)
    _add_speakers(sub)
    _add_show(sub)
    _add_clusters(sub)
    _add_failures(sub)


def _add_ingest(sub: Any) -> None:
    p = verb_parser(
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
    add_analysis_options(p)
    p.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar: on a terminal only (auto), always or never",
    )
    add_format(p)
    p.set_defaults(func=run_ingest)


def _add_search(sub: Any) -> None:
    p = verb_parser(
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
    add_format(p)
    p.set_defaults(func=run_search)


def _add_quotes(sub: Any) -> None:
    p = verb_parser(
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
    add_format(p)
    p.set_defaults(func=run_quotes)


def _add_speakers(sub: Any) -> None:
    p = verb_parser(
        sub,
        "speakers",
        "the most quoted speakers",
        "List speakers by number of statements.",
        "examples:\n  dateline speakers --top 10\n",
    )
    p.add_argument("--top", type=int, default=20, metavar="N")
    add_format(p)
    p.set_defaults(func=run_speakers)


def _add_show(sub: Any) -> None:
    p = verb_parser(
        sub,
        "show",
        "one stored document",
        "Print a stored record (a readable report, or JSON).",
        "examples:\n  dateline show cctv-xi-letter-prnewswire\n  dateline show ID --format json\n",
    )
    p.add_argument("id", help="document id (a file's name without extension)")
    p.add_argument("--format", "-f", choices=("text", "json", "brat"), default="text")
    p.set_defaults(func=run_show)


def _add_clusters(sub: Any) -> None:
    p = verb_parser(
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
    add_format(p)
    p.set_defaults(func=run_clusters)


def _add_failures(sub: Any) -> None:
    p = verb_parser(
        sub,
        "failures",
        "inputs that could not be ingested, and why",
        "List failed inputs with their reasons (cleared when an input is ingested later).",
        "examples:\n  dateline failures\n  dateline failures --format json\n",
    )
    add_format(p)
    p.set_defaults(func=run_failures)


# --------------------------------------------------------------------------- verbs


def run_ingest(args: argparse.Namespace) -> int:
    try:
        if args.accurate and args.no_nlp:
            raise OptionsError("--accurate needs the NLP stage; drop --no-nlp")
        if args.workers < 1:
            raise OptionsError("--workers must be 1 or more")
        options = options_from_args(args)
    except (OptionsError, ModelError) as exc:
        return usage_error("ingest", exc)
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

    with open_store(args, must_exist=False) as store:
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
    with open_store(args) as store:
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
    output(
        args.format,
        hits,
        [
            ("ID", 40, lambda h: h.id),
            ("PUBLISHED", 10, lambda h: h.published or ""),
            ("HEADLINE", 50, lambda h: h.headline),
            ("SNIPPET", 60, lambda h: h.snippet),
        ],
    )
    return 0


def run_quotes(args: argparse.Namespace) -> int:
    if not args.speaker and not args.query:
        return usage_error("quotes", "give --speaker NAME and/or --query QUERY")
    with open_store(args) as store:
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
    output(
        args.format,
        quotes,
        [
            ("PUBLISHED", 10, lambda q: q.published or ""),
            ("SPEAKER", 24, lambda q: q.speaker or q.source_text or ""),
            ("TYPE", 9, lambda q: q.type or ""),
            ("CUE", 10, lambda q: q.cue or ""),
            ("CONTENT", 70, lambda q: q.content),
            ("DOCUMENT", 30, lambda q: q.document),
        ],
    )
    return 0


def run_speakers(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = store.speakers(top=args.top)
    output(
        args.format,
        rows,
        [
            ("SPEAKER", 36, lambda s: s.name),
            ("QUOTES", 6, lambda s: s.quotes),
            ("DOCS", 5, lambda s: s.documents),
            ("FIRST", 10, lambda s: s.first or ""),
            ("LAST", 10, lambda s: s.last or ""),
        ],
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from ..corpus.provenance import lines, provenance
    from ..export import render

    with open_store(args) as store:
        record = store.get(args.id)
        origin = provenance(store, args.id) if record is not None and args.format == "text" else None
    if record is None:
        say("show", f"{args.id}: no such document (try `dateline search`)")
        return 1
    text = render(record, args.format)
    if origin is not None:  # where this came from: credit, distributor, site, cluster, statements
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines(origin)) + "\n"
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def run_clusters(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.id is not None:
            one = store.cluster(args.id)
            if one is None:
                say("clusters", f"no cluster {args.id}")
                return 1
            clusters = [one]
        else:
            limit = args.limit if args.limit > 0 else 2**62
            clusters = store.clusters(min_size=args.min_size, limit=limit + 1)
            if len(clusters) > limit:  # a script reading the output must know it is not all of them
                clusters = clusters[:limit]
                say(
                    "clusters",
                    f"showing the first {limit:,} clusters; there are more "
                    "(--limit N shows more, --limit 0 all)",
                )
    if args.format == "json":
        emit_json(clusters)
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
        table(rows, ("CLUSTER", "SIZE", "ROLE", "ID", "PUBLISHED", "URL/PATH"), (7, 4, 8, 40, 20, 60))
    return 0


def run_failures(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = store.failures()
    if args.format == "json":
        emit_json(rows)
    else:
        for f in rows:
            sys.stdout.write(f"{f.source}: {f.reason}\n")
    return 0
