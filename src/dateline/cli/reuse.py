"""``dateline reuse``: which earlier documents each stored document takes passages from (a thin
wrapper over :func:`dateline.corpus.reuse_index.reuse`)."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from ..corpus import reuse as rx
from ..corpus.reuse_index import reuse
from ..errors import OptionsError
from .common import add_format, open_store, table, usage_error, verb_parser

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = verb_parser(
        sub,
        "reuse",
        "text reuse: the passages each document takes from earlier ones",
        "For every stored document (earliest first), the earlier documents it reuses text from, with "
        "the aligned passages (character ranges in both texts, verbatim or rewritten), the share of "
        "the document reused and a label: wholly (share >= "
        f"{rx.WHOLLY}), partially (>= {rx.PARTIALLY}) or non. JSON Lines: {{id, published, "
        "reused_fraction, label, sources: [{id, published, reused_fraction, passages: [{start, end, "
        "source_start, source_end, kind}]}]}, sources by their share.",
        """examples:
  dateline reuse --db news.db
  dateline reuse --db news.db --from site:pa.example --format json     only sources from a site
  dateline reuse --from distributor:"PR Newswire" --min-fraction 0.1   stories built on releases
  dateline reuse --from credit:CCTV+ --id xi-letter-story               one document
""",
    )
    p.add_argument(
        "--from",
        dest="source_filter",
        metavar="FILTER",
        help="only sources matching site:HOST, distributor:NAME or credit:NAME",
    )
    p.add_argument("--id", action="append", metavar="ID", help="only this document (repeatable)")
    p.add_argument(
        "--min-fraction",
        type=float,
        default=0.0,
        metavar="F",
        help="only documents (and sources) reusing at least this share, 0 to 1 (default 0: all)",
    )
    add_format(p)
    p.set_defaults(func=run_reuse)


def run_reuse(args: argparse.Namespace) -> int:
    try:
        flt = rx.parse_filter(args.source_filter) if args.source_filter is not None else None
        if not 0.0 <= args.min_fraction <= 1.0:
            raise OptionsError(f"must be between 0 and 1, got {args.min_fraction}", "--min-fraction")
    except OptionsError as exc:
        return usage_error("reuse", exc)
    with open_store(args) as store:
        results = reuse(store, ids=args.id, source_filter=flt, min_fraction=args.min_fraction)
        if args.format == "json":
            for r in results:
                sys.stdout.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")
        else:
            rows = []
            for r in results:
                sources = ", ".join(f"{s.id} ({s.reused_fraction:.2f})" for s in r.sources[:3])
                if len(r.sources) > 3:
                    sources += f", +{len(r.sources) - 3}"
                rows.append((r.id, r.published or "", f"{r.reused_fraction:.2f}", r.label, sources))
            table(rows, ("ID", "PUBLISHED", "REUSED", "LABEL", "SOURCES"), (40, 20, 6, 9, 70))
    return 0
