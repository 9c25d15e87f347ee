"""The ``dateline`` command: thin verbs over library functions.

Each verb lives in its own module under ``dateline.cli`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable ``(args) -> int`` (the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from ..errors import DatelineError
from .common import say

__all__ = ["build_parser", "main"]

#: Modules under ``dateline.cli`` that define verbs, in the order ``--help`` lists them.
COMMAND_MODULES = ("analyze", "evaluate", "serve", "corpus", "reuse", "statements", "train", "batch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Turn news articles and press releases into structured records: "
        "headline, dateline, entities, who said what, syndicated copies.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except DatelineError as exc:  # a failure during the work: one line, exit 1
        say(_verb(args), str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _verb(args: argparse.Namespace) -> str:
    """The verb as the user typed it (``eval attributions``), for error lines."""
    sub = getattr(args, "eval_command", None) or getattr(args, "what", None)
    return f"{args.command} {sub}" if sub else str(args.command or "")


if __name__ == "__main__":
    sys.exit(main())
