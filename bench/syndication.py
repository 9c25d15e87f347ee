"""Syndication benchmark: pairwise F1 and Adjusted Rand Index of the clusters.

    .venv/bin/python bench/syndication.py [--seed N] [--json OUT]

Builds the labelled set of ``bench/syndication_corpus.py`` from
``../shared/data/wire/press-releases-2024`` (copies with republishers' edits, hard negatives
sharing templates and long About sections, pasted paragraphs), reads every document the way
``dateline ingest --no-nlp`` does (wire structure, ``body_text``), clusters the bodies with
``dateline.corpus.syndication.cluster`` at its default parameters, and in the same run with
datasketch's plain ``MinHashLSH`` and the union of all matches (at datasketch's default
threshold 0.9 and at 0.5). Scores are given for the whole set, the tuning half and the test half
(by source file name; the thresholds were chosen on the tuning half), with the share of
clusters whose marked original is the true original.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from syndication_corpus import Doc, build

from dateline.corpus import Store, syndication
from dateline.corpus.ingest import quick_record
from dateline.readers import Input
from dateline.records import Record


def pairwise(pred: dict[str, str], gold: dict[str, str], ids: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all pairs of ``ids`` (same cluster vs same family)."""

    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = {}
        for i in ids:
            groups.setdefault(labels[i], []).append(i)
        out: set[tuple[str, str]] = set()
        for members in groups.values():
            out.update(itertools.combinations(sorted(members), 2))
        return out

    p, g = pairs(pred), pairs(gold)
    tp = len(p & g)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ari(pred: dict[str, str], gold: dict[str, str], ids: Sequence[str]) -> float:
    """Adjusted Rand Index (Hubert and Arabie) of two labellings of ``ids``."""
    n = len(ids)
    table = Counter((pred[i], gold[i]) for i in ids)
    a = Counter(pred[i] for i in ids)
    b = Counter(gold[i] for i in ids)
    index = sum(comb(v, 2) for v in table.values())
    sum_a = sum(comb(v, 2) for v in a.values())
    sum_b = sum(comb(v, 2) for v in b.values())
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0.0
    maximum = (sum_a + sum_b) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def labels_from(clusters: Iterable[Sequence[str]], ids: Sequence[str]) -> dict[str, str]:
    out = {i: i for i in ids}
    for members in clusters:
        root = members[0]
        for m in members:
            out[m] = root
    return out


def plain_datasketch(bodies: dict[str, str], threshold: float) -> list[list[str]]:
    """datasketch's plain recipe: MinHash of lower-cased 5-word shingles, ``MinHashLSH`` at
    ``threshold``, union of every match."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hashes = {}
    for key, body in bodies.items():
        words = body.lower().split()
        shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingles])
        hashes[key] = m
        lsh.insert(key, m)
    parent = {k: k for k in bodies}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, m in hashes.items():
        for other in lsh.query(m):
            ra, rb = find(key), find(other)
            if ra != rb:
                parent[rb] = ra
    groups: dict[str, list[str]] = {}
    for k in bodies:
        groups.setdefault(find(k), []).append(k)
    return [g for g in groups.values() if len(g) > 1]


def score(pred: dict[str, str], docs: list[Doc]) -> dict[str, float | int]:
    gold = {d.id: d.family for d in docs}
    ids = [d.id for d in docs]
    p, r, f = pairwise(pred, gold, ids)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "ari": round(ari(pred, gold, ids), 4),
        "documents": len(ids),
    }


def bodies_of(docs: list[Doc]) -> dict[str, str]:
    """Each document's body as ``dateline ingest --no-nlp`` stores it (the text when the wire
    parser finds no body), which is what the store clusters."""
    out = {}
    for d in docs:
        record = quick_record(Input(d.id, d.text, "markdown", d.id))
        out[d.id] = record.body_text or record.text
    return out


def run_part(part: str, seed: int, show_errors: int) -> list[dict[str, object]]:
    docs = build(part, seed=seed)
    kinds = Counter(d.kind for d in docs)
    families = Counter(d.family for d in docs)
    t0 = time.perf_counter()
    bodies = bodies_of(docs)
    t_read = time.perf_counter() - t0
    ids = [d.id for d in docs]
    published = {d.id: d.published for d in docs}
    family = {d.id: d.family for d in docs}
    print(
        f"{part}: {len(docs)} documents ({dict(kinds)}), {sum(1 for v in families.values() if v > 1)} "
        f"families with copies; wire parse {t_read:.1f}s"
    )

    t0 = time.perf_counter()
    clusters = syndication.cluster([(i, bodies[i], published[i]) for i in ids])
    t_ours = time.perf_counter() - t0
    ours = labels_from([c.members for c in clusters], ids)
    true_original: dict[str, str] = {}
    for d in sorted(docs, key=lambda d: d.published):
        true_original.setdefault(d.family, d.id)
    right = sum(1 for c in clusters if true_original[family[c.original]] == c.original)

    rows: list[dict[str, object]] = [
        {
            "part": part,
            "method": "dateline syndication (defaults)",
            **score(ours, docs),
            "seconds": round(t_ours, 2),
            "originals": f"{right}/{len(clusters)}",
        }
    ]
    # the store clusters incrementally, as documents arrive: ingest them in a shuffled order
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        order = list(docs)
        random.Random(seed).shuffle(order)
        with store.transaction():
            for d in order:
                record = Record(text=bodies[d.id], id=d.id, path=d.id, body_text=bodies[d.id])
                store.add(record, source=part, published=d.published, key=d.id)
        incremental = labels_from([[m.id for m in c.members] for c in store.clusters(limit=10_000)], ids)
        right_store = sum(
            1 for c in store.clusters(limit=10_000) if true_original[family[c.original]] == c.original
        )
        n_store = len(store.clusters(limit=10_000))
    rows.append(
        {
            "part": part,
            "method": "dateline store (incremental, shuffled ingest order)",
            **score(incremental, docs),
            "seconds": round(time.perf_counter() - t0, 2),
            "originals": f"{right_store}/{n_store}",
        }
    )
    for threshold in (0.9, 0.5):
        t0 = time.perf_counter()
        plain = labels_from(plain_datasketch(bodies, threshold), ids)
        rows.append(
            {
                "part": part,
                "method": f"datasketch MinHashLSH threshold={threshold} + union",
                **score(plain, docs),
                "seconds": round(time.perf_counter() - t0, 2),
                "originals": "-",
            }
        )
    shown = 0
    for a, b in itertools.combinations(ids, 2):
        if shown >= show_errors:
            break
        if (ours[a] == ours[b]) != (family[a] == family[b]):
            fa, fb = syndication.fingerprint(bodies[a]), syndication.fingerprint(bodies[b])
            sim = syndication.compare(fa, fb) if fa and fb else None
            print("  FP" if ours[a] == ours[b] else "  FN", a, b, sim)
            shown += 1
    return rows


def grid(seed: int) -> None:
    """How the thresholds were chosen: pair errors among LSH candidates of the tuning set for a
    grid of (COPY_JACCARD, COPY_LEAD, COPY_CONTAINMENT); the test set is not looked at."""
    docs = build("tune", seed=seed)
    family = {d.id: d.family for d in docs}
    bodies = bodies_of(docs)
    fps = {i: fp for i, b in bodies.items() if (fp := syndication.fingerprint(b)) is not None}
    sims = [
        (family[a] == family[b], syndication.compare(fps[a], fps[b]))
        for a, b in syndication.candidate_pairs(fps)
    ]
    print(f"tune: {len(sims)} candidate pairs, {sum(1 for y, _ in sims if not y)} of them negatives")
    results = []
    for jt in (0.5, 0.55, 0.6, 0.65, 0.7):
        for lt in (0.3, 0.4, 0.5, 0.6, 0.7):
            for ct in (0.4, 0.5, 0.6, 0.7, 0.8):
                fp = fn = 0
                for same, sim in sims:
                    copy = sim.jaccard >= jt or (sim.lead >= lt and sim.containment >= ct)
                    fp += copy and not same
                    fn += same and not copy
                results.append((fp + fn, fp, fn, jt, lt, ct))
    print("| errors | false pairs | missed pairs | COPY_JACCARD | COPY_LEAD | COPY_CONTAINMENT |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in sorted(results)[:40]:
        print("| " + " | ".join(str(v) for v in row) + " |")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--parts", nargs="+", default=["tune", "test"], choices=("tune", "test", "all"))
    ap.add_argument("--json", metavar="OUT", help="write the results as JSON")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N wrong pairs per part")
    ap.add_argument("--grid", action="store_true", help="print the threshold grid on the tuning set")
    args = ap.parse_args(argv)
    if args.grid:
        grid(args.seed)
        return 0

    print(f"parameters: {json.dumps(syndication.PARAMETERS)}")
    results: list[dict[str, object]] = []
    for part in args.parts:
        results.extend(run_part(part, args.seed, args.show_errors))
    print()
    print("| set | method | docs | precision | recall | pairwise F1 | ARI | originals right | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['part']} | {r['method']} | {r['documents']} | {r['precision']:.4f} | {r['recall']:.4f} | "
            f"{r['f1']:.4f} | {r['ari']:.4f} | {r['originals']} | {r['seconds']} |"
        )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
