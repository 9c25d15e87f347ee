"""Statement grouping end to end: article texts with edited copies, through ``dateline ingest``.

    PYTHONPATH=src python bench/statements_e2e.py [--stories 25] [--part test]

Where ``bench/statements_bench.py`` scores the grouping on attribution records, this runs the
whole path a user runs: PolNeAR articles (``--part`` half of dev, as in
``bench/statements_corpus.py``) are republished in one to three copies dated 1 to 30 days later,
in which each annotated statement (one-piece content of 6 to 90 words) is kept, trimmed or
altered *in the text*; every document goes through :func:`dateline.corpus.ingest.ingest` (spaCy,
entities, attributions, speakers) into a fresh store, and the statements the store built are
compared with the gold: each gold occurrence is matched to the attribution whose content covers
most of it (at least half; one attribution answers for one gold occurrence), and pairwise F1,
kind accuracy and first appearance are computed over the matched ones. ``found`` is the share
of gold occurrences the attribution stage found at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from statements_corpus import POLNEAR, _alter, _gold_kind, _part_of, _trim  # noqa: E402

from dateline.brat import read_brat_document  # noqa: E402
from dateline.corpus import Store, statements  # noqa: E402
from dateline.corpus.ingest import ingest  # noqa: E402


def stories(folder: Path, part: str, limit: int) -> list[tuple[str, str, str, list[tuple[int, int]]]]:
    """``(id, text, date, content spans)`` of PolNeAR articles with one-piece contents."""
    meta = {}
    for line in (folder.parent / "metadata.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        meta[cols[1]] = cols[5]
    out = []
    for path in sorted((folder / "text").glob("*.txt")):
        sid = f"pn-{path.stem[:60]}"
        if part != "all" and _part_of(sid) != part:
            continue
        anns = sorted((folder / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        with path.open(encoding="utf-8") as fh:
            text = fh.read()
        spans = []
        for att in read_brat_document(anns[0]).attributions:
            if len(att.content) != 1 or not att.source:
                continue
            a, b = att.content[0]
            if 6 <= len(text[a:b].split()) <= 90 and "\n" not in text[a:b]:
                spans.append((a, b))
        spans = sorted(set(spans))
        spans = [s for i, s in enumerate(spans) if i == 0 or s[0] >= spans[i - 1][1]]  # no nesting
        if spans:
            out.append((sid, text, meta.get(path.stem, "2016-10-01"), spans))
        if len(out) >= limit:
            break
    return out


def build(
    items: list[tuple[str, str, str, list[tuple[int, int]]]], seed: int
) -> tuple[list[dict[str, str]], list[tuple[str, int, int, str, str]]]:
    """JSON Lines documents and gold ``(doc, start, end, group, kind)`` occurrences."""
    rng = random.Random(seed)
    docs: list[dict[str, str]] = []
    gold: list[tuple[str, int, int, str, str]] = []
    for sid, text, date, spans in items:
        day = dt.date.fromisoformat(date[:10])
        docs.append({"id": sid, "text": text, "published": day.isoformat()})
        for n, (a, b) in enumerate(spans):
            gold.append((sid, a, b, f"{sid}#{n}", "verbatim"))
        for c, offset in enumerate(sorted(rng.sample(range(1, 31), rng.randint(1, 3))), start=1):
            doc = f"{sid}-copy{c}"
            pieces, pos, shift = [], 0, 0
            for n, (a, b) in enumerate(spans):
                original = text[a:b]
                ws = original.split()
                r = rng.random()
                if r < 0.5:
                    new = original
                elif r < 0.75:
                    cut = _trim(ws, rng)
                    new = " ".join(cut) if cut else original
                else:
                    new = " ".join(_alter(ws, rng)[0])
                kind = _gold_kind(statements.tokens(original), statements.tokens(new), "altered")
                pieces.append(text[pos:a])
                start = a + shift
                pieces.append(new)
                shift += len(new) - len(original)
                gold.append((doc, start, start + len(new), f"{sid}#{n}", kind))
                pos = b
            pieces.append(text[pos:])
            published = (day + dt.timedelta(days=offset)).isoformat()
            docs.append({"id": doc, "text": "".join(pieces), "published": published})
    rng.shuffle(docs)
    return docs, gold


def _pairs(labels: dict[int, str]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=25)
    ap.add_argument("--part", choices=("tune", "test", "all"), default="test")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--errors", action="store_true", help="print each wrong kind to stderr")
    args = ap.parse_args(argv)
    docs, gold = build(stories(POLNEAR, args.part, args.stories), args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "docs.jsonl"
        jsonl.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        t0 = time.perf_counter()
        with Store(Path(tmp) / "e2e.db") as store:
            summary = ingest([str(jsonl)], store, nlp=True, workers=1)
            seconds = time.perf_counter() - t0
            pred: dict[int, str] = {}
            kind: dict[int, str] = {}
            first_of: dict[str, str] = {}
            by_doc: dict[str, list[int]] = {}
            for i, g in enumerate(gold):
                by_doc.setdefault(g[0], []).append(i)
            for doc, idx in by_doc.items():
                record = store.get(doc)
                sums = {s.attribution: s for s in store.statement_summaries(doc)}
                if record is None:
                    continue
                # one-to-one: each attribution answers for the gold occurrence it covers most
                pairs = []
                for i in idx:
                    _, a, b, _, _ = gold[i]
                    for n, att in enumerate(record.attributions):
                        overlap = max(0, min(b, att.content.end) - max(a, att.content.start))
                        if overlap >= (b - a) / 2 and n in sums:
                            pairs.append((overlap, i, n))
                used_gold: set[int] = set()
                used_attr: set[int] = set()
                for _, i, n in sorted(pairs, reverse=True):
                    if i in used_gold or n in used_attr:
                        continue
                    used_gold.add(i)
                    used_attr.add(n)
                    s = sums[n]
                    pred[i], kind[i] = s.statement, s.kind
                    first_of[s.statement] = s.first_document
                    if args.errors and s.kind != gold[i][4]:
                        one = store.statement(s.statement)
                        print(
                            json.dumps(
                                {
                                    "gold": gold[i][4],
                                    "kind": s.kind,
                                    "canonical": one.text if one else None,
                                    "gold_text": next(d["text"] for d in docs if d["id"] == doc)[
                                        gold[i][1] : gold[i][2]
                                    ],
                                    "found": record.attributions[n].content.text,
                                }
                            ),
                            file=sys.stderr,
                        )
    labels = {i: gold[i][3] for i in pred}
    together = Counter((labels[i], pred[i]) for i in pred)
    tp = sum(n * (n - 1) // 2 for n in together.values())
    n_pred, n_gold = _pairs(pred), _pairs(labels)
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    firsts = {g[3]: i for i, g in enumerate(gold) if g[0] == g[3].split("#")[0] and i in pred}
    first_ok = sum(1 for grp, i in firsts.items() if first_of.get(pred[i]) == grp.split("#")[0])
    result = {
        "stories": args.stories,
        "documents": len(docs),
        "ingested": summary.ingested,
        "gold_occurrences": len(gold),
        "found": round(len(pred) / len(gold), 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "kind_accuracy": round(sum(1 for i in pred if kind[i] == gold[i][4]) / max(1, len(pred)), 4),
        "first_seen": round(first_ok / max(1, len(firsts)), 4),
        "ingest_seconds": round(seconds, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
