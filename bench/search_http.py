"""Search latency over HTTP (``GET /api/documents?q=``) on a store, one request at a time.

    .venv/bin/python bench/search_http.py STORE [--queries 300] [--out results.json]

Starts ``python -m dateline serve --db STORE`` on a free loopback port, sends one warm-up
search, then the query mix of ``bench/ingest_scale.py`` (``--queries`` of them: single words,
two-word phrases, 4-letter prefixes, a word with ``since``, ``a OR b`` with 50 results), then
filtered searches (a word with ``source``, with ``since`` and ``until``, with ``entity``, and a
``speaker`` with and without a word), each request sent alone, after the previous answered.
Prints p50/p95/max per kind and for the mix, the number of non-200 answers, and the server's
peak memory; ``--out`` writes the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ingest_scale import queries  # noqa: E402

from dateline.corpus import Store  # noqa: E402

KINDS = ("word", "phrase", "prefix", "word+since", "a OR b")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def filtered(store: Store, n: int, seed: int = 5) -> list[tuple[str, dict[str, Any]]]:
    """Searches with filters, drawn from the store's own values."""
    rng = random.Random(seed)
    words = [q["query"] for q in queries(store, 50) if " " not in q["query"] and "*" not in q["query"]]

    def column(sql: str) -> list[str]:
        return [v for (v,) in store.conn.execute(sql) if v]

    sites = column("SELECT DISTINCT source FROM documents LIMIT 20")
    sites += column("SELECT DISTINCT site FROM documents WHERE site IS NOT NULL LIMIT 20")
    names = column("SELECT alias FROM names LIMIT 200") or ["Smith"]
    speakers = column("SELECT DISTINCT speaker FROM attributions LIMIT 200") or names
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append(("word+source", {"q": rng.choice(words), "source": rng.choice(sites)}))
        elif kind == 1:
            out.append(("word+dates", {"q": rng.choice(words), "since": "2024-03-01", "until": "2024-05-31"}))
        elif kind == 2:
            out.append(("word+entity", {"q": rng.choice(words), "entity": rng.choice(names)}))
        elif kind == 3:
            out.append(("speaker", {"speaker": rng.choice(speakers)}))
        else:
            out.append(("word+speaker", {"q": rng.choice(words), "speaker": rng.choice(speakers)}))
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[int(q * (len(values) - 1))], 1)


def summary(times: list[float]) -> dict[str, Any]:
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": pct(times, 0.95),
        "max_ms": round(max(times), 1),
    }


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", type=Path)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--filtered", type=int, default=100)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if not args.store.is_file():
        raise SystemExit(f"search_http: {args.store}: no such store")
    with Store(args.store) as store:
        mix = [(KINDS[i % 5], {"q": q.pop("query"), **q}) for i, q in enumerate(queries(store, args.queries))]
        more = filtered(store, args.filtered)
        documents = store.count()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--db", str(args.store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    times: dict[str, list[float]] = {}
    errors = 0
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.get("/api/documents", params={"q": "warmup"}).raise_for_status()
                    break
                except httpx.HTTPError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("search_http: the server did not start") from None
                    time.sleep(0.5)
            for kind, params in mix + more:
                t0 = time.perf_counter()
                r = client.get("/api/documents", params=params)
                ms = (time.perf_counter() - t0) * 1000
                errors += r.status_code != 200
                times.setdefault(kind, []).append(ms)
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    in_mix = [t for k in KINDS for t in times.get(k, [])]
    result = {
        "store": str(args.store),
        "documents": documents,
        "errors": errors,
        "mix": summary(in_mix),
        "kinds": {k: summary(v) for k, v in times.items()},
        "server_peak_rss_mb": rss,
    }
    print(f"| {documents:,} documents | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, s in [("the 300-query mix", result["mix"]), *result["kinds"].items()]:
        print(f"| {name} | {s['n']} | {s['p50_ms']} | {s['p95_ms']} | {s['max_ms']} |")
    print(f"\nnon-200 answers: {errors}; server peak RSS: {rss} MB")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
