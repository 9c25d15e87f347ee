"""Throughput of the attribution stage: bare ``nlp.pipe`` against ``nlp.pipe`` + attributions.

usage: python bench/attribution_throughput.py [--rounds N] [--docs N]

Both pipelines are the same en_core_web_sm, loaded twice in this process; one gets
``attribution.prepare`` (paragraph sentences before the parser, the attribution component last)
and every Doc also goes through ``attribution.extract`` (speaker resolution included). The texts
are the PolNeAR dev articles. Rounds alternate between the two so that load on the machine hits
both alike; the ratio is taken per round and the median reported, with tokens per second and
the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline.nlp import attribution  # noqa: E402
from dateline.nlp.model import load_new  # noqa: E402

DEV = ROOT / ".." / "shared" / "data" / "polnear" / "dev" / "text"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=84)
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))][: args.docs]
    bare = load_new()
    full = load_new()
    attribution.prepare(full)
    n_tokens = sum(len(d) for d in bare.pipe(texts[:4]))  # warm up both
    for d in full.pipe(texts[:4]):
        attribution.extract(d)
    n_tokens = 0
    n_atts = 0
    ratios, bare_tps, full_tps = [], [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        n_tokens = sum(len(d) for d in bare.pipe(texts, batch_size=16))
        t_bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_atts = sum(len(attribution.extract(d)) for d in full.pipe(texts, batch_size=16))
        t_full = time.perf_counter() - t0
        ratios.append(t_bare / t_full)
        bare_tps.append(n_tokens / t_bare)
        full_tps.append(n_tokens / t_full)
    report = {
        "docs": len(texts),
        "tokens": n_tokens,
        "attributions": n_atts,
        "rounds": args.rounds,
        "bare_tokens_per_s": round(statistics.median(bare_tps)),
        "with_attributions_tokens_per_s": round(statistics.median(full_tps)),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
