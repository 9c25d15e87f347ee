"""Statement grouping on the labelled set of ``bench/statements_corpus.py``.

Reports, per part (``tune`` / ``test`` halves by story, or ``all``):

* pairwise precision, recall and F1 of grouping (pairs of occurrences in one statement);
* accuracy of the occurrence kind (``verbatim`` / ``trimmed`` / ``altered``) over all
  occurrences, against the gold kind;
* first appearance: the share of gold statements whose first occurrence lands in a predicted
  statement first seen in the gold first document;
* occurrences per second of :func:`dateline.corpus.statements.group`.

Usage::

    PYTHONPATH=src python bench/statements_bench.py [--part test] [--polnear DIR] [--releases DIR]
    PYTHONPATH=src python bench/statements_bench.py --grid      # thresholds, on the tuning half
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from statements_corpus import POLNEAR, RELEASES, Corpus, build  # noqa: E402

from dateline.corpus import statements  # noqa: E402


def _pairs(labels: dict[int, str]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())


def score(corpus: Corpus) -> dict[str, float]:
    """Grouping, kind and first-appearance scores of :func:`statements.group` on ``corpus``."""
    items = corpus.items
    t0 = time.perf_counter()
    found = statements.group([it.occurrence for it in items])
    seconds = time.perf_counter() - t0
    where = {(it.occurrence.document, it.occurrence.attribution): i for i, it in enumerate(items)}
    pred: dict[int, str] = {}
    kind: dict[int, str] = {}
    first_of: dict[str, str] = {}
    for st in found:
        first_of[st.id] = st.first_seen.document
        for o in st.occurrences:
            i = where[(o.document, o.attribution)]
            pred[i] = st.id
            kind[i] = o.kind or ""
    gold = {i: it.group for i, it in enumerate(items)}
    together: Counter[tuple[str, str]] = Counter((gold[i], pred[i]) for i in gold if i in pred)
    tp = sum(n * (n - 1) // 2 for n in together.values())
    n_pred, n_gold = _pairs(pred), _pairs(gold)
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    kind_ok = sum(1 for i, it in enumerate(items) if kind.get(i) == it.kind) / len(items)
    firsts = {}
    for i, it in enumerate(items):
        if it.occurrence.document == corpus.first[it.group]:
            firsts.setdefault(it.group, i)
    first_ok = sum(1 for g, i in firsts.items() if first_of.get(pred.get(i, "")) == corpus.first[g])
    by_kind: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        by_kind.setdefault(it.kind, []).append(kind.get(i) == it.kind)
    return {
        "occurrences": len(items),
        "documents": corpus.documents,
        "groups": len(corpus.first),
        "statements": len(found),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "kind_accuracy": round(kind_ok, 4),
        **{f"kind_{k}": round(sum(v) / len(v), 4) for k, v in sorted(by_kind.items())},
        "first_seen": round(first_ok / len(firsts), 4),
        "occurrences_per_second": round(len(items) / seconds),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("tune", "test", "all"), default="test")
    ap.add_argument(
        "--polnear", type=Path, default=POLNEAR, help="PolNeAR-layout folder (text/, attributions/)"
    )
    ap.add_argument("--releases", type=Path, default=RELEASES, help="releases folder (text/, gold.jsonl)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--grid", action="store_true", help="try thresholds on the tuning half")
    args = ap.parse_args(argv)
    if args.grid:
        corpus = build("tune", polnear=args.polnear, releases=args.releases, seed=args.seed)
        for c, m in itertools.product((0.5, 0.6, 0.7, 0.8, 0.9), (3, 4, 5, 6, 8)):
            statements.MIN_CONTAINMENT, statements.MIN_SHARED = c, m
            s = score(corpus)
            print(
                json.dumps(
                    {
                        "min_containment": c,
                        "min_shared": m,
                        **{k: s[k] for k in ("precision", "recall", "f1", "kind_accuracy", "first_seen")},
                    }
                )
            )
        return 0
    corpus = build(args.part, polnear=args.polnear, releases=args.releases, seed=args.seed)
    print(json.dumps({"part": args.part, **score(corpus)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
