"""``dateline serve``: the web app and JSON API over a corpus store."""

from __future__ import annotations

import argparse
import logging
import os

from ..errors import ModelError, OptionsError
from ..web.ratelimit import DEFAULT_PER_MINUTE
from ..web.security import DEFAULT_MAX_BODY, LOOPBACK_HOSTS, check_bind, is_loopback
from .common import add_analysis_options, add_db, db_path, options_from_args, usage_error

log = logging.getLogger(__name__)

EPILOG = """examples:
  dateline serve --db corpus.db                        http://127.0.0.1:8000 (API docs at /docs)
  dateline serve --db corpus.db --port 8080
  DATELINE_API_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(32))') \\
    dateline serve --db corpus.db --host 0.0.0.0         share it on the network (writes need the token)

Reading is open. Writing (POST /api/documents) needs `Authorization: Bearer <token>` when
DATELINE_API_TOKEN is set; without a token the server only listens on loopback.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="run the web app and JSON API over a corpus",
        description="Serve a corpus in the browser and over a JSON API: search, articles with every "
        "statement highlighted, speakers over time, syndicated copies side by side, and a box to "
        "analyze a pasted article.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--max-body",
        type=int,
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=f"largest request body accepted; larger ones get 413 (default {DEFAULT_MAX_BODY:,})",
    )
    add_analysis_options(p, documents=False)
    p.add_argument(
        "--analysis-rate",
        type=int,
        metavar="N",
        help="analyses each client may send a minute (default: $DATELINE_ANALYSIS_RATE or 120)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..web.app import create_app
    from ..web.deps import db_threads_from_env

    token = os.environ.get("DATELINE_API_TOKEN") or None
    db = db_path(args.db)
    try:
        check_bind(args.host, token)
        if not 0 < args.port < 65536:
            raise OptionsError(f"--port must be between 1 and 65535, got {args.port}")
        if args.max_body <= 0:
            raise OptionsError(f"--max-body must be positive, got {args.max_body}")
        raw_rate = args.analysis_rate or os.environ.get("DATELINE_ANALYSIS_RATE") or DEFAULT_PER_MINUTE
        rate = int(raw_rate) if str(raw_rate).isdigit() else 0
        if rate <= 0:
            raise OptionsError(f"--analysis-rate must be a positive number, got {raw_rate!r}")
        options = options_from_args(args)
        db_threads = db_threads_from_env()
    except (OptionsError, ModelError) as exc:
        return usage_error("serve", exc)
    allowed = [*LOOPBACK_HOSTS, args.host] if is_loopback(args.host) else None
    from ..web.worker import ProcessAnalyzer

    analyzer = ProcessAnalyzer(options)
    app = create_app(
        db,
        token=token,
        max_body=args.max_body,
        allowed_hosts=allowed,
        analyzer=analyzer,
        analysis_per_minute=rate,
        db_threads=db_threads,
    )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    log.warning(
        "serving %s at http://%s:%d (writes %s)",
        db,
        shown,
        args.port,
        "need the bearer token" if token else "open to this machine",
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
