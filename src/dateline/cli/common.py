"""What the verbs share, in one place: the store they open, the analysis options they accept, how
they print tables and JSON Lines, and how they report a problem.

Every problem reaches the user as one line ``dateline VERB: message`` on stderr. A bad option or
argument exits 2 before any work (:func:`usage_error`); a failure during the work exits 1
(:func:`dateline.cli.main` catches :class:`~dateline.errors.DatelineError`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import StoreError
from ..options import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET, Options

__all__ = [
    "DEFAULT_DB",
    "add_analysis_options",
    "add_db",
    "add_format",
    "db_path",
    "emit_json",
    "open_store",
    "options_from_args",
    "output",
    "say",
    "table",
    "usage_error",
    "verb_parser",
]

#: The store used when ``--db`` is not given and ``$DATELINE_DB`` is not set.
DEFAULT_DB = "dateline.db"


# --------------------------------------------------------------------------- reporting


def say(verb: str, message: str) -> None:
    """Print one line ``dateline VERB: message`` on stderr."""
    print(f"dateline {verb}: {message}" if verb else f"dateline: {message}", file=sys.stderr)


def usage_error(verb: str, exc: BaseException | str) -> int:
    """Report a bad option or argument; the exit status for it (2)."""
    say(verb, str(exc))
    return 2


# --------------------------------------------------------------------------- the store


def db_path(arg: str | None) -> str:
    """The store a verb uses: ``--db``, else ``$DATELINE_DB``, else ``dateline.db``."""
    return arg or os.environ.get("DATELINE_DB") or DEFAULT_DB


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", default=None, metavar="FILE", help=f"the store (default: $DATELINE_DB or {DEFAULT_DB})"
    )


def open_store(args: argparse.Namespace, *, must_exist: bool = True) -> Any:
    """The store named by ``args.db`` (see :func:`db_path`); a missing one is an error unless the
    verb creates it."""
    from ..corpus import Store  # the store's modules load with the verb that needs them

    path = db_path(args.db)
    if must_exist and path != ":memory:" and not os.path.exists(path):
        raise StoreError("no such store (create it with `dateline ingest --db FILE PATH...`)", path)
    return Store(path)


def verb_parser(sub: Any, name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
    """A verb over the store: its parser with ``--db``."""
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db(p)
    return p


# --------------------------------------------------------------------------- output


def add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", "-f", choices=("table", "json"), default="table", help="output format")


def emit_json(rows: Sequence[Any]) -> None:
    """JSON Lines on stdout, one ``row.as_dict()`` a line."""
    for row in rows:
        sys.stdout.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], widths: Sequence[int]) -> None:
    """A plain-text table on stdout: each cell on one line, cut to its column's width."""

    def cut(value: Any, width: int) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    sys.stdout.write(line + "\n")
    for row in rows:
        cells = [cut(v, w).ljust(w) for v, w in zip(row, widths, strict=True)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


#: A column of :func:`output`'s table: header, width, and the cell of a row.
Column = tuple[str, int, Callable[[Any], Any]]


def output(fmt: str, rows: Sequence[Any], columns: Sequence[Column]) -> None:
    """``rows`` as JSON Lines (``fmt == "json"``) or as a table of ``columns``."""
    if fmt == "json":
        emit_json(rows)
        return
    table(
        [tuple(cell(r) for _, _, cell in columns) for r in rows],
        [h for h, _, _ in columns],
        [w for _, w, _ in columns],
    )


# --------------------------------------------------------------------------- analysis options


def add_analysis_options(p: argparse.ArgumentParser, *, documents: bool = True) -> None:
    """The options of the verbs that analyze documents (analyze, ingest, batch, serve):
    ``--date``, ``--max-bytes`` and ``--model`` (``documents``: the verb reads files), then
    ``--accurate``, ``--max-chars`` and ``--time-budget``."""
    if documents:
        p.add_argument("--date", metavar="YYYY-MM-DD", help="publication date for datelines without a year")
        p.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            metavar="N",
            help=f"refuse documents over N bytes (default {DEFAULT_MAX_BYTES:,})",
        )
        p.add_argument("--model", metavar="NAME", help="spaCy pipeline to load (default: en_core_web_sm)")
    p.add_argument(
        "--accurate",
        action="store_true",
        help="add the fine-tuned role tagger to who-said-what (more accurate, slower; "
        "needs pip install 'dateline[accurate]')",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"refuse documents whose text is over N characters (default {DEFAULT_MAX_CHARS:,})",
    )
    p.add_argument(
        "--time-budget",
        type=float,
        default=DEFAULT_TIME_BUDGET,
        metavar="SECONDS",
        help=f"fail a document whose analysis takes longer (default {DEFAULT_TIME_BUDGET:g}; 0: no limit)",
    )


def options_from_args(args: argparse.Namespace, **extra: Any) -> Options:
    """The :class:`Options` of :func:`add_analysis_options` (plus ``extra``), checked: raises
    :class:`OptionsError` for a bad value and :class:`ModelError` when ``--accurate`` is asked for
    without the ``accurate`` extra installed, before any work starts."""
    fields: dict[str, Any] = {
        "accurate": args.accurate,
        "max_chars": args.max_chars,
        "time_budget": args.time_budget or None,
    }
    for name in ("date", "max_bytes", "model"):
        if hasattr(args, name):
            fields[name] = getattr(args, name)
    options = Options(**fields, **extra)
    if options.accurate:
        from ..nlp import tagger

        tagger.check_installed()
    return options
