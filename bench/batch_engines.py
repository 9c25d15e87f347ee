"""Batch throughput: the local engine (1 and 2 processes) and Spark local[1] / local[2] on the
same input, in one run, plus the per-document figures the Common Crawl News capacity plan rests on.

The input is built from ``../shared/data/polnear/train`` (real US news articles): N articles as
HTML pages (nav, article, footer) in WARC.gz files of PER_FILE pages each, the shape of Common
Crawl News, so every document goes through warcio, trafilatura, the wire parser, spaCy and the
attribution model. Nothing is written into the project: inputs and outputs go under --work.

    .venv/bin/python bench/batch_engines.py [--docs 240] [--per-file 30] [--work /tmp/dateline-bench]

Prints a Markdown table (docs/s, ratio to the local engine with 2 processes) and the figures of
the capacity plan: seconds of one core per document (local engine, 1 process, model load
excluded), input and output bytes per document.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import time
from html import escape
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / ".." / "shared" / "data" / "polnear" / "train" / "text"


# Page furniture in the weight of a real news page (scripts, styles, menus, related links),
# about 60 kB of HTML around the article, so trafilatura does its real share of the work.
HEAD = (
    "<script>"
    + "var cfg = {ads: true, slots: [1, 2, 3]};" * 400
    + "</script>"
    + ("<style>" + ".nav a{color:#333;margin:0 4px}" * 300 + "</style>")
)
NAV = (
    "<nav><ul>"
    + "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(120))
    + "</ul></nav>"
)
ASIDE = (
    "<aside><h2>Most read</h2><ul>"
    + "".join(
        f'<li><a href="/story/{i}">Related story number {i} that readers also clicked on</a></li>'
        for i in range(200)
    )
    + "</ul></aside>"
)


def build(work: Path, docs: int, per_file: int) -> tuple[list[str], int]:
    """WARC.gz files of HTML pages; returns their paths and the characters of text in them."""
    texts = sorted(TRAIN.glob("*.txt"))[:docs]
    folder = work / "input"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths, chars = [], 0
    for start in range(0, len(texts), per_file):
        path = folder / f"bench-{start // per_file:03d}.warc.gz"
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for p in texts[start : start + per_file]:
                text = p.read_text(encoding="utf-8")
                chars += len(text)
                paras = [x for x in text.split("\n") if x.strip()]
                html = (
                    f"<!doctype html><html><head><title>{escape(paras[0])}</title>{HEAD}</head><body>{NAV}"
                    f"<article><h1>{escape(paras[0])}</h1>"
                    + "".join(f"<p>{escape(x)}</p>" for x in paras[1:])
                    + f"</article>{ASIDE}<footer>Example News</footer></body></html>"
                )
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1")
                rec = writer.create_warc_record(
                    f"https://bench.example/{p.stem}",
                    "response",
                    payload=io.BytesIO(html.encode()),
                    http_headers=http,
                )
                writer.write_record(rec)
        paths.append(str(path))
    return paths, chars


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.parquet"))


def per_doc_cost(paths: list[str]) -> tuple[float, int]:
    """Seconds of one core per document with the model already loaded (one process, in order)."""
    from dateline.batch.units import _analyzer, analyze_units, expand
    from dateline.options import Options

    options = Options()
    units, _ = expand(paths)
    analyzer = _analyzer(options)
    analyzer.analyze_text("WASHINGTON (AP) — Warm-up: the model loads here, said Ann Lee.")
    n = 0
    cpu = time.process_time()
    for row in analyze_units(units, options):
        n += row.table == "documents"
    return (time.process_time() - cpu) / max(n, 1), n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=240)
    ap.add_argument("--per-file", type=int, default=30)
    ap.add_argument("--work", default="/tmp/dateline-bench-batch")
    ap.add_argument("--skip-spark", action="store_true")
    args = ap.parse_args()

    from dateline.batch import run

    work = Path(args.work)
    paths, chars = build(work, args.docs, args.per_file)
    in_bytes = sum(os.path.getsize(p) for p in paths)
    runs = [
        ("local engine, 1 process", "local", {"workers": 1}),
        ("local engine, 2 processes", "local", {"workers": 2}),
    ]
    if not args.skip_spark:
        runs += [
            ("Spark local[1]", "spark", {"master": "local[1]"}),
            ("Spark local[2]", "spark", {"master": "local[2]"}),
        ]
    results = []
    for label, engine, kw in runs:
        out = work / ("out-" + "-".join(label.replace(",", "").replace("[", "-").replace("]", "").split()))
        s = run(paths, out, engine=engine, partitions=len(paths), **kw)  # type: ignore[arg-type]
        results.append((label, s.documents, s.failures, s.seconds, size_of(out)))
        print(
            f"{label}: {s.documents} docs, {s.failures} failures, {s.seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    ref = next(r for r in results if r[0] == "local engine, 2 processes")
    ref_rate = ref[1] / ref[3]
    n0 = results[0][1]
    print(f"\n{len(paths)} WARC.gz files, {n0} documents, {chars / n0:,.0f} characters a document\n")
    print("| engine | documents | seconds (wall, incl. start-up) | docs/s | vs local engine, 2 processes |")
    print("|---|---|---|---|---|")
    for label, n, _f, secs, _size in results:
        print(f"| {label} | {n} | {secs:.1f} | {n / secs:.2f} | {n / secs / ref_rate:.2f} |")
    cost, n = per_doc_cost(paths)
    out_bytes = results[0][4]
    print(
        "\nper document: "
        + json.dumps(
            {
                "core_seconds_per_doc": round(cost, 4),
                "docs_timed": n,
                "warc_gz_bytes_per_doc": round(in_bytes / n),
                "parquet_bytes_per_doc": round(out_bytes / n),
                "chars_per_doc": round(chars / n),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
