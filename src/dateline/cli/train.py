"""``dateline train attributions``: fit the attribution model on PolNeAR-layout data."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from ..errors import InputError

log = logging.getLogger(__name__)

EPILOG = """examples:
  dateline train attributions --train ../shared/data/polnear/train \\
      --dev ../shared/data/polnear/dev --out src/dateline/data/attribution
  dateline train attributions --train gold/ --out my-model/ --cache /tmp/parsed --seed 7

Each folder holds text/<id>.txt and attributions/<id>_<annotator>.ann (BRAT standoff with
Source, Cue and Content spans linked by E lines), or a flat BRAT export (<id>.txt beside <id>.ann),
read as `dateline eval attributions` reads gold. The run is deterministic for a given seed;
use the model with `dateline analyze` by putting it at src/dateline/data/attribution.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "train",
        help="train a model (attributions)",
        description="Train dateline's models from annotated data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = p.add_subparsers(dest="what", metavar="WHAT")
    a = what.add_parser(
        "attributions",
        help="the who-said-what model, from PolNeAR-layout BRAT gold",
        description="Train the attribution (who said what) model; the dev folder is only scored.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("--train", required=True, metavar="DIR", help="training folder (text/ + attributions/)")
    a.add_argument("--dev", metavar="DIR", help="folder to score the trained model on")
    a.add_argument("--out", required=True, metavar="MODEL", help="folder to write model.json into")
    a.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    a.add_argument(
        "--folds",
        type=int,
        default=4,
        metavar="N",
        help="held-out tenths of --train to choose the thresholds on, one model fitted per tenth "
        "(default 4; 1 is about five times faster)",
    )
    a.add_argument(
        "--accurate",
        action="store_true",
        help="also fine-tune the role tagger for `analyze --accurate` (about 20 minutes more on 2 cores; "
        "needs pip install 'dateline[accurate]')",
    )
    a.add_argument(
        "--objective",
        choices=("both", "who_said_what"),
        default="both",
        help="what the thresholds are chosen for on held-out train: the mean of who_said_what and "
        "content_exact F1 (default), or who_said_what F1 alone",
    )
    a.add_argument("--cache", metavar="DIR", help="keep parsed documents here to retrain faster")
    a.add_argument("--model", metavar="NAME", help="spaCy pipeline to parse with (default: en_core_web_sm)")
    a.set_defaults(func=run)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run(args: argparse.Namespace) -> int:
    from ..evaluate import find_gold
    from ..nlp.model import load
    from ..train import TrainParams, train_attributions

    if not 1 <= args.folds <= 10:
        raise InputError(f"must be between 1 and 10, not {args.folds}", "--folds")
    for folder in filter(None, (args.train, args.dev)):
        find_gold(folder)  # gold as `dateline eval` reads it, checked before the model loads
    nlp = load(args.model)
    if args.accurate:
        from ..nlp.tagger import check_installed

        check_installed()
    params = TrainParams(seed=args.seed, folds=args.folds, tagger=args.accurate, objective=args.objective)
    report = train_attributions(nlp, args.train, args.dev, args.out, params, args.cache)
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0
