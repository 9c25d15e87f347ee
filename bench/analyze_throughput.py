"""Throughput of ``Analyzer.pipe`` against bare ``nlp.pipe`` of the same spaCy model, same texts.

usage: python bench/analyze_throughput.py [--rounds 2] [--limit N] [--json] [--accurate]
                                         [--precision auto|bf16|fp32]

Texts: PolNeAR dev articles, Reuters-21578 stories and 2024 press releases from ../shared/data.
Both sides run in this one process, alternating, best round of each kept; the figure that matters
is the ratio (analyze tokens/s over bare tokens/s), which is robust to how busy the machine is.
Peak memory is the process's max RSS at the end. ``--accurate`` measures the accurate
configuration (the fine-tuned role tagger) instead of the default one, its tagger in
``--precision`` (default ``auto``: bfloat16 where the processor computes it natively).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from dateline.analysis import Analyzer
from dateline.nlp.model import load_new
from dateline.options import Options
from dateline.readers import Input

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def corpus(limit: int) -> list[Input]:
    files = sorted((DATA / "polnear" / "dev" / "text").glob("*.txt"))
    files += sorted((DATA / "wire" / "reuters-21578-train" / "text").glob("*.txt"))[:100]
    files += sorted((DATA / "wire" / "press-releases-2024" / "text").glob("*.md"))[:100]
    items = []
    for f in files[:limit]:
        fmt = "markdown" if f.suffix == ".md" else "text"
        items.append(Input(str(f), f.read_text(encoding="utf-8"), fmt, f.stem))
    return items


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--accurate", action="store_true", help="the accurate configuration (role tagger)")
    ap.add_argument("--precision", default="auto", choices=("auto", "bf16", "fp32"), help="the tagger's")
    args = ap.parse_args(argv)

    items = corpus(args.limit)
    # Two instances of the same model: ``prepare`` adds dateline's components to the analyzer's,
    # the bare one stays exactly en_core_web_sm.
    nlp = load_new()
    analyzer = Analyzer(Options(accurate=args.accurate), nlp=load_new())
    if args.accurate:
        analyzer.nlp.get_pipe("dateline_roles").precision = args.precision
    analyzer.analyze(items[0])  # warm up: loads the attribution model, fills caches
    assert nlp.pipe_names != analyzer.nlp.pipe_names, "the bare pipeline must not hold dateline's components"
    texts = [i.text for i in items]
    n_tokens = sum(len(d) for d in nlp.pipe(texts))
    bare, full = [], []
    for _ in range(args.rounds):
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        records = list(analyzer.pipe(items))
        full.append(time.perf_counter() - t)
    roles = analyzer.nlp.get_pipe("dateline_roles") if args.accurate else None
    failed = sum(1 for r in records if not hasattr(r, "text"))
    res = {
        "documents": len(items),
        "tokens": n_tokens,
        "bare_tokens_per_s": round(n_tokens / min(bare)),
        "analyze_tokens_per_s": round(n_tokens / min(full)),
        "ratio": round(min(bare) / min(full), 3),
        "bare_pipes": nlp.pipe_names,
        "analyze_pipes": analyzer.nlp.pipe_names,
        "tagger_precision": roles.tagger.precision if roles else None,
        "failed": failed,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if args.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k:22s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
