"""Scale of text reuse in the store: ingest with reuse kept up to date, then read it all.

    PYTHONPATH=src .venv/bin/python bench/reuse_scale.py [--sizes 10000 100000] [--out bench/out/reuse-scale]
        [--workers 1] [--read-only]

For each size N the corpus of ``bench/corpus_gen.py`` (shared paragraphs recombined: every
paragraph recurs in many documents, so nearly every document has candidate sources) is ingested
by the real ``dateline ingest --no-nlp`` in a child process (wall time, CPU time, peak RSS, as
``bench/ingest_scale.py`` measures them; the reuse index is written on every add), then
``dateline reuse --format json`` reads every document's reuse in another child process. Results
go to ``OUT/results.json``. ``--read-only`` reads the stores ``OUT/store-N.db`` that
``bench/ingest_scale.py --out OUT`` ingested (the same corpus, the same ingest) instead of
ingesting again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus_gen import write  # noqa: E402
from ingest_scale import child_ingest  # noqa: E402


def child_reuse(db: Path) -> dict[str, Any]:
    """``dateline reuse --format json`` in a child process: wall, CPU, peak RSS, lines, labels."""
    code = (
        "import resource, subprocess, sys, json, time, collections\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "wall = time.perf_counter() - t\n"
        "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "labels = collections.Counter(json.loads(x)['label'] for x in p.stdout.splitlines() if x.strip())\n"
        "print(json.dumps({'rc': p.returncode, 'wall': wall, 'maxrss_kb': ru.ru_maxrss,"
        " 'cpu': ru.ru_utime + ru.ru_stime, 'labels': labels, 'err': p.stderr.decode()[-2000:]}))\n"
    )
    cmd = [sys.executable, "-m", "dateline", "reuse", "--db", str(db), "--format", "json"]
    res = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, cwd=ROOT, check=True)
    info = json.loads(res.stdout)
    if info["rc"] != 0:
        raise SystemExit(f"reuse failed: {info['err']}")
    n = sum(info["labels"].values())
    return {
        "documents": n,
        "seconds": round(info["wall"], 1),
        "docs_per_s": round(n / info["wall"], 1),
        "cpu_seconds": round(info["cpu"], 1),
        "peak_rss_mb": round(info["maxrss_kb"] / 1024, 1),
        "labels": info["labels"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "reuse-scale")
    ap.add_argument("--workers", type=int, default=1, help="--workers of the ingest")
    ap.add_argument("--read-only", action="store_true", help="read OUT/store-N.db of bench/ingest_scale.py")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for n in args.sizes:
        if args.read_only:
            db = args.out / f"store-{n}.db"
            results[str(n)] = {"reuse": child_reuse(db), "store_mb": round(db.stat().st_size / 2**20, 1)}
            print(json.dumps({n: results[str(n)]}), flush=True)
            continue
        jsonl = args.out / f"gen-{n}.jsonl"
        if not jsonl.exists():
            write(n, jsonl)
        db = args.out / f"gen-{n}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        started = time.strftime("%H:%M:%S")
        ingest = child_ingest(jsonl, db, nlp=False, workers=args.workers)
        reuse = child_reuse(db)
        results[str(n)] = {
            "started": started,
            "ingest": ingest,
            "reuse": reuse,
            "store_mb": round(db.stat().st_size / 2**20, 1),
        }
        print(json.dumps({n: results[str(n)]}), flush=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    if args.read_only:
        (args.out / "reuse-read.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
