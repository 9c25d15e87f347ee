"""``dateline analyze``: one or many documents to records (JSON, text report or BRAT)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import DatelineError, ModelError, OptionsError
from ..export import FORMATS, SUFFIXES, render, to_json
from ..options import Options
from ..readers import Input, read_path
from ..schemes import DEFAULT_SCHEME, SCHEMES
from .common import add_analysis_options, options_from_args, say, usage_error

log = logging.getLogger(__name__)

EPILOG = """examples:
  dateline analyze release.txt                       readable report
  dateline analyze --format json release.txt         the record as JSON
  dateline analyze --format json a.txt b.md c.html   JSON Lines, one record per input
  dateline analyze --format brat --out ann/ *.txt    ann/<name>.ann for review in BRAT/INCEpTION
  cat story.txt | dateline analyze --date 1987-02-26 -
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "analyze",
        help="analyze articles or press releases",
        description="Analyze news articles or press releases (text, Markdown or HTML): headline, "
        "credit, dateline, paragraphs, entities and who said what.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files to analyze; - reads standard input")
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--out", "-o", metavar="DIR", help="write DIR/<name>.json (or .ann, .txt) per input")
    add_analysis_options(p)
    p.add_argument(
        "--attribution-model",
        metavar="DIR",
        help="attribution model written by `dateline train attributions` (default: the packaged one)",
    )
    p.add_argument(
        "--scheme",
        choices=SCHEMES,
        default=DEFAULT_SCHEME,
        help="which statements to keep: all (default), polnear (what PolNeAR annotates: every type, "
        "no floating quotes) or quotes (what newsroom quote trackers count: speech only, each quoted "
        "piece its own quote)",
    )
    p.set_defaults(func=run)


def _inputs(paths: list[str], options: Options) -> Iterator[Input | DatelineError]:
    for path in paths:
        try:
            yield read_path(path, options)
        except DatelineError as exc:
            yield exc


def run(args: argparse.Namespace) -> int:
    try:
        options = options_from_args(args, attribution_model=args.attribution_model, scheme=args.scheme)
    except (OptionsError, ModelError) as exc:
        return usage_error("analyze", exc)
    from ..analysis import Analyzer  # spaCy loads here, not when the CLI starts

    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        if args.format == "brat":  # so BRAT (or INCEpTION) opens the folder as it is
            from ..brat import ANNOTATION_CONF

            (out / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    analyzer = Analyzer(options)
    failures: list[str] = []
    items: list[Input | DatelineError] = list(_inputs(args.paths, options))
    good = [i for i in items if isinstance(i, Input)]
    results = iter(analyzer.pipe(good)) if good else iter(())
    several = len(args.paths) > 1
    used: dict[str, int] = {}
    for item in items:
        result = item if isinstance(item, DatelineError) else next(results)
        if isinstance(result, DatelineError):
            failures.append(str(result))
            say("analyze", str(result))
            continue
        if out is not None:
            stem = result.id or "stdin"
            n = used.get(stem, 0)
            used[stem] = n + 1
            name = stem if n == 0 else f"{stem}-{n + 1}"
            target = out / f"{name}{SUFFIXES[args.format]}"
            target.write_text(render(result, args.format), encoding="utf-8")
            if args.format == "brat":  # BRAT offsets index this text (for HTML, the extracted one)
                (out / f"{name}.txt").write_text(result.text, encoding="utf-8")
            log.info("wrote %s", target)
        elif args.format == "json" and several:
            sys.stdout.write(to_json(result, indent=None) + "\n")
        else:
            text = render(result, args.format)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    if failures:
        say("analyze", f"{len(failures)} of {len(items)} inputs failed")
        return 1
    return 0
