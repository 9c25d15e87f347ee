"""Text reuse on the set of ``bench/reuse_corpus.py``: dateline against two baselines, in one run.

    PYTHONPATH=src .venv/bin/python bench/reuse_bench.py [--releases 120] [--reuters 120] [--json OUT]

The documents are written as JSON Lines (``id, text, url, published``), ingested into a fresh
store (``ingest --no-nlp``) and scored with what ``dateline reuse --from site:wire.example
--format json`` prints (:func:`dateline.corpus.reuse_index.reuse`): the ``reused_fraction`` of
the whole document, its first source as its source.

Baselines, on the same stories and sources:

* ``containment3``: word 3-gram containment of the story in every source (exhaustive); the best
  source and its containment; passages are the story's sentences whose own 3-gram containment
  in that source is at least 0.5.
* ``minhash-lsh``: datasketch ``MinHashLSH`` (threshold 0.5, 128 permutations) over the word
  3-grams of whole documents, the syndication approach; a story with a candidate source reuses
  the best one (by estimated Jaccard) as a whole.

Reported per half (``tune``, ``test``): three-class label macro F1 (from each method's two
thresholds: dateline's are the module's ``PARTIALLY``/``WHOLLY``, the baselines' are chosen on
the tune half), two-class macro F1 (derived or not) and ROC AUC of the score, the share of
derived stories whose first source is right, and character-level passage precision, recall and
F1. ``--grid`` also prints the thresholds that would maximize dateline's macro F1 on the tune half.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reuse_corpus as rc

from dateline.corpus import Store
from dateline.corpus import reuse as rx
from dateline.corpus.ingest import ingest
from dateline.corpus.reuse_index import reuse

LABELS = ("wholly", "partially", "non")


# --------------------------------------------------------------------------- metrics


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def three(score: float, low: float, high: float) -> str:
    return "wholly" if score >= high else "partially" if score >= low else "non"


def best_thresholds(scores: Sequence[float], gold: Sequence[str]) -> tuple[float, float, float]:
    grid = sorted({round(x / 100, 2) for x in range(1, 100)})
    best = (0.0, 0.0, 1.0)
    for low in grid:
        for high in grid:
            if high <= low:
                continue
            f = macro_f1(gold, [three(s, low, high) for s in scores], LABELS)
            if f > best[0]:
                best = (f, low, high)
    return best


def chars(ranges: Sequence[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in ranges:
        out.update(range(a, b))
    return out


# --------------------------------------------------------------------------- methods


Prediction = dict[str, tuple[float, str | None, list[tuple[int, int]]]]  # id -> (score, source, ranges)


def run_dateline(docs: list[rc.Doc], folder: Path) -> tuple[Prediction, dict[str, float]]:
    jsonl = folder / "reuse-set.jsonl"
    rc.write(docs, jsonl)
    started = time.perf_counter()
    with Store(folder / "reuse.db") as store:
        summary = ingest([str(jsonl)], store, nlp=False)
        ingested = time.perf_counter() - started
        t0 = time.perf_counter()
        results = list(reuse(store, source_filter=f"site:{rc.WIRE_HOST}"))
        scored = time.perf_counter() - t0
    assert summary.failed == 0, summary.as_dict()
    out: Prediction = {}
    for r in results:
        ranges = [(p.start, p.end) for s in r.sources for p in s.passages]
        out[r.id] = (r.reused_fraction, r.sources[0].id if r.sources else None, ranges)
    return out, {"ingest_s": round(ingested, 2), "reuse_s": round(scored, 2), "documents": len(docs)}


def _grams(text: str) -> set[tuple[str, ...]]:
    words = [w for w in rx._WORD.findall(text.casefold())]
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def run_containment(docs: list[rc.Doc]) -> Prediction:
    sources = [(d.id, _grams(d.text)) for d in docs if d.kind == "source"]
    out: Prediction = {}
    for d in docs:
        if d.kind == "source":
            continue
        mine = _grams(d.text)
        best, best_id, best_set = 0.0, None, set()
        for sid, grams in sources:
            c = len(mine & grams) / len(mine) if mine else 0.0
            if c > best:
                best, best_id, best_set = c, sid, grams
        ranges = []
        for u in rx.prepare(d.text).units:
            g = _grams(d.text[u.start : u.end])
            if g and len(g & best_set) / len(g) >= 0.5:
                ranges.append((u.start, u.end))
        out[d.id] = (best, best_id, ranges)
    return out


def run_minhash(docs: list[rc.Doc]) -> Prediction:
    def mh(text: str) -> MinHash:
        m = MinHash(num_perm=128, seed=1)
        for g in _grams(text):
            m.update(" ".join(g).encode("utf-8"))
        return m

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes: dict[str, MinHash] = {}
    for d in docs:
        if d.kind == "source":
            hashes[d.id] = mh(d.text)
            lsh.insert(d.id, hashes[d.id])
    out: Prediction = {}
    for d in docs:
        if d.kind == "source":
            continue
        m = mh(d.text)
        cands = [(m.jaccard(hashes[c]), c) for c in lsh.query(m)]
        if cands:
            j, c = max(cands)
            out[d.id] = (j, c, [(0, len(d.text))])
        else:
            out[d.id] = (0.0, None, [])
    return out


# --------------------------------------------------------------------------- scoring


def score(
    docs: list[rc.Doc], pred: Prediction, part: str, label_of: Callable[[float], str]
) -> dict[str, float]:
    stories = [d for d in docs if d.kind != "source" and d.part == part]
    gold = [d.label or "non" for d in stories]
    scores = [pred[d.id][0] for d in stories]
    labels = [label_of(s) for s in scores]
    derived = [g != "non" for g in gold]
    two_gold = ["derived" if x else "non" for x in derived]
    two_pred = ["derived" if lab != "non" else "non" for lab in labels]
    right = [pred[d.id][1] == d.source for d in stories if d.label != "non"]
    tp = fp = fn = 0
    for d in stories:
        g = chars([(a, b) for a, b, _ in d.passages])
        p = chars(pred[d.id][2])
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "stories": len(stories),
        "label_macro_f1": round(macro_f1(gold, labels, LABELS), 3),
        "two_class_macro_f1": round(macro_f1(two_gold, two_pred, ("derived", "non")), 3),
        "roc_auc": round(roc_auc(scores, derived), 3),
        "source_right": round(sum(right) / len(right), 3) if right else 0.0,
        "passage_precision": round(precision, 3),
        "passage_recall": round(recall, 3),
        "passage_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
    }


def evaluate(n_releases: int, n_reuters: int, grid: bool = False) -> dict[str, Any]:
    docs = rc.build(n_releases, n_reuters)
    report: dict[str, Any] = {"documents": len(docs), "stories": sum(1 for d in docs if d.kind != "source")}
    with tempfile.TemporaryDirectory() as tmp:
        mine, timing = run_dateline(docs, Path(tmp))
    report["timing"] = timing
    methods: dict[str, Prediction] = {
        "dateline": mine,
        "containment3": run_containment(docs),
        "minhash-lsh": run_minhash(docs),
    }
    for name, pred in methods.items():
        tune = [d for d in docs if d.kind != "source" and d.part == "tune"]
        gold = [d.label or "non" for d in tune]
        f, low, high = best_thresholds([pred[d.id][0] for d in tune], gold)
        if name == "dateline":
            low_used, high_used = rx.PARTIALLY, rx.WHOLLY
            if grid:
                report["dateline_tune_grid"] = {"macro_f1": round(f, 3), "partially": low, "wholly": high}
        else:
            low_used, high_used = low, high
        report[name] = {
            "thresholds": [low_used, high_used],
            "tune": score(docs, pred, "tune", lambda s, a=low_used, b=high_used: three(s, a, b)),
            "test": score(docs, pred, "test", lambda s, a=low_used, b=high_used: three(s, a, b)),
        }
    return report


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=int, default=120)
    ap.add_argument("--reuters", type=int, default=120)
    ap.add_argument("--grid", action="store_true", help="print dateline's best thresholds on the tune half")
    ap.add_argument("--json", metavar="OUT", help="write the report here too")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    report = evaluate(args.releases, args.reuters, grid=args.grid)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
