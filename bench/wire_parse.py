"""Speed of ``dateline.wire.parse``: throughput on real documents and growth with text length.

usage: python bench/wire_parse.py [--rounds 3] [--json]

Three measurements, all in this one process, best of ``--rounds`` kept for each:

1. Throughput over every text of ``../shared/data/wire`` (1,000 documents) and PolNeAR dev
   (84), with the publication year passed as a user would (Reuters: ``1987``; PolNeAR: its
   metadata date; press releases: nothing). Reported as documents/s and MB/s, and as a ratio
   to a bare baseline on the same texts (``text.split("\\n\\n")`` plus ``strip`` per paragraph),
   so the figure says what the structure costs beyond touching every paragraph once.
2. Linearity: parse time for the same release repeated to 0.5 MB and to 5 MB. A linear parser
   gives a ratio near 10; a quadratic one near 100.
3. Adversarial 5 MB inputs (one huge line of brackets, emphasis markers, dashes; 2.5 million
   lone ``\\r`` lines), the time of each as a multiple of the 5 MB release's time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dateline.wire import parse

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def corpus() -> list[tuple[str, str | None]]:
    docs: list[tuple[str, str | None]] = []
    for f in sorted((DATA / "wire" / "reuters-21578-train" / "text").glob("*.txt")):
        docs.append((f.read_text(encoding="utf-8"), "1987"))
    for f in sorted((DATA / "wire" / "press-releases-2024" / "text").glob("*.md")):
        docs.append((f.read_text(encoding="utf-8"), None))
    with (DATA / "polnear" / "metadata.tsv").open(encoding="utf-8") as fh:
        dates = {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")}
    for f in sorted((DATA / "polnear" / "dev" / "text").glob("*.txt")):
        docs.append((f.read_text(encoding="utf-8"), dates.get(f.stem)))
    return docs


def best(rounds: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def baseline(docs: list[tuple[str, str | None]]) -> None:
    for text, _ in docs:
        [p.strip() for p in text.split("\n\n")]


def run_parse(docs: list[tuple[str, str | None]]) -> None:
    for text, date in docs:
        parse(text, date=date)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    docs = corpus()
    size_mb = sum(len(t.encode("utf-8")) for t, _ in docs) / 1e6
    t_parse = best(args.rounds, lambda: run_parse(docs))
    t_base = best(args.rounds, lambda: baseline(docs))

    seed = (DATA.parent / "seed" / "cctv-xi-letter-prnewswire.txt").read_text(encoding="utf-8")
    small = seed * (500_000 // len(seed))
    large = seed * (5_000_000 // len(seed))
    t_small = best(args.rounds, lambda: parse(small))
    t_large = best(args.rounds, lambda: parse(large))

    adversarial = {
        "brackets": "[" * 5_000_000,
        "image-openers": "![" * 2_500_000,
        "emphasis": "** " * 1_700_000,
        "dashes": "-" * 5_000_000,
        "lone-cr-lines": "x\r" * 2_500_000,
    }
    adv = {name: best(1, lambda t=t: parse(t)) / t_large for name, t in adversarial.items()}

    result = {
        "documents": len(docs),
        "megabytes": round(size_mb, 2),
        "docs_per_s": round(len(docs) / t_parse, 1),
        "mb_per_s": round(size_mb / t_parse, 2),
        "parse_over_split_baseline": round(t_parse / t_base, 1),
        "release_0_5MB_s": round(t_small, 3),
        "release_5MB_s": round(t_large, 3),
        "ratio_5MB_over_0_5MB": round(t_large / t_small, 2),
        "adversarial_5MB_over_release_5MB": {k: round(v, 2) for k, v in adv.items()},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
