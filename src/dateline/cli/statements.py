"""``dateline statements``: one quote across the store, where it ran first, and how it changed.

A thin wrapper over :meth:`dateline.corpus.Store.statements` and :meth:`~dateline.corpus.Store.statement`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..corpus.statements import Statement
from .common import add_format, emit_json, open_store, output, say, table, usage_error, verb_parser

__all__ = ["register", "run_statements"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = verb_parser(
        sub,
        "statements",
        "every statement, everywhere it ran: first appearance and every change",
        "List statements found in several documents: the same speaker and the same words, verbatim, "
        "trimmed or altered. JSON Lines: {id, speaker, text, first_seen: {document, published}, "
        "occurrences: [{document, published, site, attribution, kind, changes: [{op, canonical, "
        "variant}]}]}; the text is the earliest full version, the first occurrence the first appearance.",
        """examples:
  dateline statements --speaker Xi                 Xi Jinping's statements that ran more than once
  dateline statements --altered --format json      only those with an altered version, as JSON Lines
  dateline statements --since 2021-12-01 --until 2021-12-31
  dateline statements --id 12                      one statement, every occurrence
""",
    )
    p.add_argument("--id", default=None, metavar="N", help="one statement, with every occurrence")
    p.add_argument("--speaker", metavar="NAME", help="statements by this person (name or alias)")
    p.add_argument("--altered", action="store_true", help="only statements with an altered version")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="first seen on or after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="first seen on or before this date")
    p.add_argument(
        "--min-documents", type=int, default=2, metavar="N", help="ran in at least N documents (default 2)"
    )
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    add_format(p)
    p.set_defaults(func=run_statements)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _occurrence_rows(s: Statement) -> list[tuple[Any, ...]]:
    rows = []
    for n, o in enumerate(s.occurrences):
        changes = "; ".join(
            f"{c.op} {c.canonical!r}" if c.op == "delete" else f"{c.op} {c.canonical!r} -> {c.variant!r}"
            for c in o.changes
        )
        role = "first" if n == 0 else o.kind
        rows.append((o.published or "", o.document, o.site or "", role, changes))
    return rows


def run_statements(args: argparse.Namespace) -> int:
    if args.min_documents < 1:
        return usage_error("statements", "--min-documents must be 1 or more")
    with open_store(args) as store:
        if args.id is not None:
            one = store.statement(args.id)
            if one is None:
                say("statements", f"no statement {args.id} (list them with `dateline statements`)")
                return 1
            found = [one]
        else:
            found = store.statements(
                speaker=args.speaker,
                altered=args.altered,
                since=args.since,
                until=args.until,
                min_documents=args.min_documents,
                limit=args.limit,
                offset=args.offset,
            )
    if args.format == "json":
        emit_json(found)
        return 0
    if args.id is not None:
        s = found[0]
        sys.stdout.write(f"[{s.id}] {s.speaker or '?'}: “{s.text}”\n")
        table(_occurrence_rows(s), ("PUBLISHED", "DOCUMENT", "SITE", "KIND", "CHANGES"), (20, 36, 24, 8, 60))
        return 0
    output(
        "table",
        found,
        [
            ("ID", 6, lambda s: s.id),
            ("DOCS", 4, lambda s: s.documents),
            ("ALTERED", 7, lambda s: s.altered),
            ("FIRST SEEN", 10, lambda s: s.first_seen.published or ""),
            ("FIRST DOCUMENT", 30, lambda s: s.first_seen.document),
            ("SPEAKER", 20, lambda s: s.speaker or ""),
            ("TEXT", 70, lambda s: s.text),
        ],
    )
    return 0
