"""Speaker resolution accuracy on the hand-made speaker gold (PolNeAR dev pronouns and descriptions).

usage: python bench/speaker_resolution.py [--gold FILE] [--text DIR] [--accurate] [--errors FILE]

Runs dateline (default configuration, or ``--accurate``) on every article of
``tests/data/speaker_gold/polnear_dev.jsonl`` (texts from ``../shared/data/polnear/dev/text``) and
prints :func:`dateline.speaker_eval.evaluate_speakers`'s figures as JSON: ``end_to_end`` scores the
attributions as they come (``accuracy``: right over gold spans a predicted source overlaps;
``accuracy_all``: right over all gold spans), ``gold_spans`` resolves the gold spans themselves.
``--errors FILE`` writes every wrong or unresolved span for review.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dateline.options import Options
from dateline.speaker_eval import evaluate_speakers

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "tests" / "data" / "speaker_gold" / "polnear_dev.jsonl"))
    ap.add_argument("--text", default=str(ROOT / ".." / "shared" / "data" / "polnear" / "dev" / "text"))
    ap.add_argument("--accurate", action="store_true", help="the accurate configuration (role tagger)")
    ap.add_argument("--errors", default=None, help="write wrong and unresolved spans here (JSON)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    result = evaluate_speakers(args.gold, args.text, Options(accurate=args.accurate))
    errors = result.pop("errors")
    result["seconds"] = round(time.perf_counter() - t0, 1)
    if args.errors:
        Path(args.errors).write_text(json.dumps(errors, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
