"""``dateline eval attributions``: score dateline (or given predictions) against BRAT gold."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..evaluate import METRICS, evaluate_attributions
from .common import say, usage_error

EPILOG = """examples:
  dateline eval attributions ../shared/data/polnear/dev                  run dateline, score it
  dateline eval attributions gold/ --pred ann/ --breakdown              score BRAT predictions
  dateline eval attributions gold/ --pred ann/ --format json            metrics as JSON

GOLD_DIR is PolNeAR layout (text/<id>.txt, attributions/<id>_<annotator>.ann; the first
annotator file by name is used) or a flat BRAT export (<id>.txt beside <id>.ann). Predictions
are DIR/<id>.ann; a missing file counts as no attributions. The metrics are exactly those of
shared/tools/score_attributions.py; who_said_what is the headline figure.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "eval",
        help="measure dateline against annotated articles",
        description="Measure dateline against gold annotations.",
    )
    verbs = p.add_subparsers(dest="eval_command", metavar="WHAT")
    a = verbs.add_parser(
        "attributions",
        help="score who-said-what against BRAT gold",
        description="Score attributions (source, cue, content) against gold in PolNeAR or BRAT layout.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("gold", metavar="GOLD_DIR", help="gold annotations (PolNeAR layout or flat BRAT)")
    a.add_argument(
        "--pred", metavar="DIR", help="predicted DIR/<id>.ann (default: run dateline on the texts)"
    )
    a.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output (default: text)")
    a.add_argument(
        "--breakdown", action="store_true", help="add errors by cue lemma and by source type, and why misses"
    )
    a.add_argument(
        "--attribution-model",
        metavar="DIR",
        help="without --pred: run dateline with this trained model (default: the packaged one)",
    )
    a.add_argument(
        "--accurate",
        action="store_true",
        help="without --pred: run dateline's accurate configuration (the fine-tuned role tagger)",
    )
    a.add_argument(
        "--save", metavar="DIR", help="without --pred: keep dateline's predictions as DIR/<id>.ann for review"
    )
    a.add_argument(
        "--scheme",
        choices=("polnear", "quotes"),
        default="polnear",
        help="polnear (default): the reference scorer's metrics over every statement; quotes: speech "
        "only, one quote per quoted piece, found at 30%% and 80%% character overlap, with speaker accuracy",
    )
    a.set_defaults(func=run_attributions)
    p.set_defaults(func=lambda args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_quotes(result: dict[str, Any]) -> str:
    """The report of ``dateline eval attributions --scheme quotes``."""
    lines = [
        f"{'articles':24s} {result['articles']}",
        f"{'gold_quotes':24s} {result['gold_quotes']}",
        f"{'predicted_quotes':24s} {result['predicted_quotes']}",
        f"{'':24s} {'P':>7s} {'R':>7s} {'F1':>7s}",
    ]
    for name in (k for k in result if k.startswith("quotes_")):
        m = result[name]
        lines.append(f"{name + '% overlap':24s} {m['P']:7.4f} {m['R']:7.4f} {m['F1']:7.4f}")
    lines.append(f"{'speaker right':24s} {_fmt(result['speaker'])} of {result['found_quotes']} found quotes")
    lines.append(
        f"{'pronoun speaker right':24s} {_fmt(result['pronoun_speaker'])} of {result['pronoun_quotes']}"
    )
    return "\n".join(lines) + "\n"


def format_text(result: dict[str, Any], *, top: int = 25) -> str:
    """The report ``dateline eval attributions`` prints: metrics, then the breakdown if present."""
    lines = [
        f"{'articles':24s} {result['articles']}",
        f"{'gold_attributions':24s} {result['gold_attributions']}",
        f"{'predicted_attributions':24s} {result['predicted_attributions']}",
        f"{'':24s} {'P':>7s} {'R':>7s} {'F1':>7s}",
    ]
    for name in METRICS:
        m = result[name]
        lines.append(f"{name:24s} {m['P']:7.4f} {m['R']:7.4f} {m['F1']:7.4f}")
    lines.append(f"who_said_what_F1 {result['who_said_what']['F1']}")
    parts = result.get("breakdown")
    if parts:
        header = f"{'gold':>6s} {'matched':>7s} {'recall':>6s} {'pred':>6s} {'FP':>5s} {'prec':>6s}"

        def row(name: str, r: dict[str, Any]) -> str:
            return (
                f"{name[:28]:28s} {r['gold']:6d} {r['matched']:7d} {_fmt(r['recall']):>6s} "
                f"{r['predicted']:6d} {r['false_positives']:5d} {_fmt(r['precision']):>6s}"
            )

        lines += ["", f"{'by source type':28s} {header}"]
        lines += [row(r["source_type"], r) for r in parts["by_source_type"]]
        cues = parts["by_cue"]
        lines += ["", f"{f'by cue lemma (top {min(top, len(cues))} of {len(cues)})':28s} {header}"]
        lines += [row(r["cue"], r) for r in cues[:top]]
        fps = parts["false_positive_cues"]
        if fps:
            lines += [
                "",
                "false positives by cue lemma: "
                + ", ".join(f"{r['cue']} {r['false_positives']}" for r in fps[:top]),
            ]
        lines += ["", "gold attributions missed, by reason:"]
        lines += [f"  {reason:44s} {n}" for reason, n in parts["missed"].items()]
        worst = sorted(
            parts["by_article"], key=lambda r: (r["matched"] * 2 - r["gold"] - r["predicted"], r["id"])
        )
        worst = [r for r in worst if r["gold"] + r["predicted"] > 2 * r["matched"]][:10]
        if worst:
            lines += ["", f"{'articles with the most errors':52s} {'gold':>5s} {'pred':>5s} {'matched':>7s}"]
            lines += [
                f"  {r['id'][:50]:50s} {r['gold']:5d} {r['predicted']:5d} {r['matched']:7d}" for r in worst
            ]
    return "\n".join(lines) + "\n"


def run_attributions(args: argparse.Namespace) -> int:
    if args.save and args.pred:
        return usage_error("eval attributions", "--save keeps dateline's own predictions; drop --pred")
    if (args.attribution_model or args.accurate) and args.pred:
        return usage_error(
            "eval attributions", "--attribution-model and --accurate run dateline; drop --pred"
        )
    result = evaluate_attributions(
        args.gold,
        args.pred,
        breakdown=args.breakdown,
        save_dir=args.save,
        attribution_model=args.attribution_model,
        accurate=args.accurate,
        scheme=args.scheme,
    )
    problems = result.pop("problems")
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    elif args.scheme == "quotes":
        sys.stdout.write(format_quotes(result))
    else:
        sys.stdout.write(format_text(result))
    for line in problems:
        say("eval attributions", f"warning: {line}")
    return 1 if problems else 0
