"""A bounded load test of ``dateline serve`` on loopback (issue 5).

    .venv/bin/python bench/load_test.py [--docs 10000] [--requests 3000] [--clients 50]

1. Builds (once, cached under ``bench/out/``) a store of ``--docs`` documents generated from the
   shared texts without NLP: PolNeAR train articles and the wire samples, paragraphs recombined
   under new ids and dates, parsed by the wire parser, with statements of the form
   ``"...," Name said`` found by a regular expression so that speakers and quotes exist.
2. Starts ``python -m dateline serve`` on a free loopback port in a second process, with a
   write token, and warms it up (the model loads on the first analysis; not timed).
3. Sends a fixed, seeded list of mixed requests from ``--clients`` concurrent httpx async
   clients: full-text searches (API and page, some with filters), documents (API and page),
   speakers' quotes, speaker and cluster lists, and writes (``POST /api/documents``: analyzed
   with the real model and stored).
4. Prints a Markdown section: errors (any status >= 400 or transport error counts), p50/p95/p99
   latency per kind and overall, throughput, and the server's peak memory.

``--stall`` (issue 16) first sends a 20 KB nested-bracket document (``'[' * 10000 + ']' *
10000``, which stalled spaCy's tokenizer for a minute) to ``POST /api/analyze`` and sends the
mixed requests while it is being analyzed; the stalled request's own status and time are
printed too. ``--requests 50 --stall`` is the issue's scenario (p95 under 1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data"
OUT = ROOT / "bench" / "out"
TOKEN = "load-test-token-0123456789"
SEED = 20241130

QUOTE = re.compile(
    r"[\"“]([^\"“”\n]{20,400}?)[,.]?[\"”],? (said|says|added|told) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)


def source_texts() -> list[str]:
    texts = []
    for folder in (
        SHARED / "polnear" / "train" / "text",
        SHARED / "wire" / "reuters-21578-train" / "text",
        SHARED / "wire" / "press-releases-2024" / "text",
    ):
        for path in sorted(folder.iterdir()):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def quick_record(text: str, doc_id: str, published: str) -> object:
    """A record from the wire parser plus regex statements (no spaCy)."""
    from dateline import wire
    from dateline.records import Attribution, Content, Entity, Mention, Metadata, Record, Source, Span

    parts = wire.parse(text, date=published)
    attrs = []
    people: dict[str, list[Mention]] = {}
    for m in QUOTE.finditer(text):
        name = m.group(3)
        c0, c1 = m.start(1), m.end(1)
        s0, s1 = m.start(3), m.end(3)
        k0, k1 = m.start(2), m.end(2)
        eid = f"P{len(people)}" if name not in people else None
        people.setdefault(name, []).append(Mention(s0, s1, name))
        attrs.append(
            Attribution(
                content=Content(c0, c1, text[c0:c1], (Span(c0, c1, text[c0:c1]),)),
                source=Source(s0, s1, name, name, eid or f"P{list(people).index(name)}"),
                cue=Span(k0, k1, text[k0:k1]),
                kind="direct",
            )
        )
    entities = tuple(
        Entity(f"P{i}", name, "PERSON", tuple(ms)) for i, (name, ms) in enumerate(people.items())
    )
    return Record(
        text=text,
        id=doc_id,
        headline=parts.headline,
        credit=parts.credit,
        dateline=parts.dateline,
        body_text=parts.body_text,
        paragraphs=parts.paragraphs,
        entities=entities,
        attributions=tuple(attrs),
        warnings=parts.warnings,
        metadata=Metadata(date=published),
    )


def build_store(db: Path, n: int) -> None:
    """``n`` documents recombined from the shared texts (seeded), stored in batches."""
    from dateline.corpus import Store

    rng = random.Random(SEED)
    texts = source_texts()
    start = dt.date(2015, 1, 1)
    t0 = time.perf_counter()
    tmp = db.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    with Store(tmp) as store:
        i = 0
        while i < n:
            with store.transaction():
                for _ in range(min(500, n - i)):
                    base = texts[rng.randrange(len(texts))]
                    paras = [p for p in re.split(r"\n\s*\n", base) if p.strip()]
                    head, body = paras[0], paras[1:]
                    if len(body) > 3:
                        keep = sorted(
                            rng.sample(range(len(body)), k=max(2, int(len(body) * rng.uniform(0.5, 1))))
                        )
                        body = [body[k] for k in keep]
                    text = "\n\n".join([head, *body, f"Reference LT-{i:06d}."])
                    published = (start + dt.timedelta(days=rng.randrange(3650))).isoformat()
                    record = quick_record(text, f"lt-{i:06d}", published)
                    store.add(
                        record,
                        source=rng.choice(["wire", "feeds", "crawl"]),  # type: ignore[arg-type]
                        url=f"https://load.example/{i}",
                        published=published,
                    )
                    i += 1
            print(f"  stored {i:,} documents ({i / (time.perf_counter() - t0):,.0f}/s)", file=sys.stderr)
    tmp.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Request:
    kind: str
    method: str
    url: str
    json: dict[str, str] | None = None


def plan(db: Path, total: int, write_share: float = 0.1) -> list[Request]:
    """A fixed, seeded mix of requests over what the store holds."""
    from dateline.corpus import Store

    rng = random.Random(SEED + 1)
    with Store(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
        speakers = [s.name for s in store.speakers(200)]
        clusters = [c.id for c in store.clusters(limit=200)]
    words = [
        "said",
        "election",
        "president",
        "market",
        "company",
        "campaign",
        "oil",
        "trade",
        "water",
        "health",
        "Trump",
        "Clinton",
        "bank",
        "shares",
        "announced",
        "new",
        "court",
        "percent",
        '"white house"',
        "tax OR taxes",
        "launch*",
        "clinton NOT trump",
        "vote*",
        "energy",
    ]
    releases = sorted((SHARED / "wire" / "press-releases-2024" / "text").iterdir())
    out: list[Request] = []
    for n in range(total):
        if rng.random() < write_share:
            path = releases[rng.randrange(len(releases))]
            text = path.read_text(encoding="utf-8")
            body = {"text": text, "url": f"https://written.example/{n}", "published": "2024-06-01"}
            out.append(Request("write", "POST", "/api/documents", body))
            continue
        roll = rng.random()
        if roll < 0.39:
            params = {"q": rng.choice(words)}
            if rng.random() < 0.3:
                params["since"] = f"{2015 + rng.randrange(8)}-01-01"
            if rng.random() < 0.2 and speakers:
                params["speaker"] = rng.choice(speakers)
            out.append(Request("search (API)", "GET", f"/api/documents?{httpx.QueryParams(params)}"))
        elif roll < 0.50:
            out.append(
                Request("search (page)", "GET", "/?" + str(httpx.QueryParams({"q": rng.choice(words)})))
            )
        elif roll < 0.67:
            out.append(Request("document (API)", "GET", f"/api/documents/{rng.choice(ids)}"))
        elif roll < 0.78:
            out.append(Request("document (page)", "GET", f"/documents/{rng.choice(ids)}"))
        elif roll < 0.89:
            name = urllib.parse.quote(rng.choice(speakers), safe="")
            out.append(Request("speaker quotes", "GET", f"/api/speakers/{name}/quotes?limit=100"))
        elif roll < 0.94:
            out.append(Request("lists", "GET", rng.choice(["/api/speakers?top=50", "/api/clusters"])))
        elif clusters:
            out.append(Request("cluster page", "GET", f"/clusters/{rng.choice(clusters)}"))
        else:
            out.append(Request("lists", "GET", "/api/clusters"))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def run_load(
    base: str, requests: list[Request], clients: int
) -> tuple[list[tuple[str, float, int]], float]:
    queue: asyncio.Queue[Request] = asyncio.Queue()
    for r in requests:
        queue.put_nowait(r)
    results: list[tuple[str, float, int]] = []
    headers = {"Authorization": f"Bearer {TOKEN}"}

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as client:
            while True:
                try:
                    req = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                try:
                    resp = await client.request(req.method, req.url, json=req.json)
                    status = resp.status_code
                    if status >= 400:
                        print(f"  {status} {req.method} {req.url[:80]}: {resp.text[:200]}", file=sys.stderr)
                except httpx.HTTPError as exc:
                    status = 0
                    print(f"  transport error {req.method} {req.url[:80]}: {exc!r}", file=sys.stderr)
                results.append((req.kind, time.perf_counter() - t, status))

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return results, time.perf_counter() - t0


async def run_stalled(
    base: str, requests: list[Request], clients: int
) -> tuple[list[tuple[str, float, int]], float, tuple[int, float]]:
    """The mixed requests, sent while a 20 KB nested-bracket document is being analyzed."""
    brackets = "[" * 10_000 + "]" * 10_000

    async def stall() -> tuple[int, float]:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(base_url=base, timeout=600, headers=headers) as client:
            t = time.perf_counter()
            resp = await client.post("/api/analyze", json={"text": brackets})
            return resp.status_code, time.perf_counter() - t

    task = asyncio.create_task(stall())
    await asyncio.sleep(0.05)  # the bracket document reaches the analysis queue first
    results, wall = await run_load(base, requests, clients)
    return results, wall, await task


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the server's analysis process)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--write-share", type=float, default=0.1, help="share of writes (default 0.1)")
    ap.add_argument(
        "--stall",
        action="store_true",
        help="send the mixed requests while a 20 KB bracket document is analyzed",
    )
    args = ap.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"load-{args.docs}.db"
    if not cached.exists():
        print(f"building a store of {args.docs:,} documents (once) ...", file=sys.stderr)
        t = time.perf_counter()
        build_store(cached, args.docs)
        print(f"built in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    # Every run starts from the same store: writes go to a copy.
    db = OUT / "load-run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    import shutil

    shutil.copyfile(cached, db)
    requests = plan(db, args.requests, args.write_share)

    port = free_port()
    env = {**os.environ, "DATELINE_API_TOKEN": TOKEN}
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)], env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/speakers?top=1", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        warm = httpx.post(
            f"{base}/api/analyze",
            json={"text": "Headline\n\nWASHINGTON (AP) — Warm-up, he said."},
            headers={"Authorization": f"Bearer {TOKEN}"},  # analysis needs the token too (issue 16)
            timeout=120,
        )
        warm.raise_for_status()
        stalled: tuple[int, float] | None = None
        if args.stall:
            results, wall, stalled = asyncio.run(run_stalled(base, requests, args.clients))
        else:
            results, wall = asyncio.run(run_load(base, requests, args.clients))
        rss = peak_rss_mb(server.pid)
        analysis_rss = [peak_rss_mb(pid) for pid in children(server.pid)]
    finally:
        server.terminate()
        server.wait(30)

    errors = sum(1 for _, _, s in results if s == 0 or s >= 400)
    kinds = sorted({k for k, _, _ in results})
    print(
        f"\n{len(results):,} requests ({args.write_share:.0%} writes) from {args.clients} concurrent clients "
        f"over {args.docs:,} documents: "
        f"{errors} errors, {wall:.1f} s, {len(results) / wall:,.0f} requests/s"
    )
    print("\n| requests | n | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|")
    for kind in [*kinds, "reads (all but writes)", "all"]:
        lat = [
            t * 1000
            for k, t, _ in results
            if kind in ("all", k) or (kind.startswith("reads") and k != "write")
        ]
        print(f"| {kind} | {len(lat):,} | {pct(lat, 50):.0f} | {pct(lat, 95):.0f} | {pct(lat, 99):.0f} |")
    if stalled is not None:
        print(
            f"\nthe 20 KB bracket document sent first (POST /api/analyze): status {stalled[0]}, "
            f"{stalled[1] * 1000:,.0f} ms"
        )
    if rss is not None:
        print(f"\nserver peak memory (VmHWM): {rss:,.0f} MB")
    sizes = [f"{m:,.0f} MB" for m in analysis_rss if m is not None]
    if sizes:
        print(f"analysis process peak memory (VmHWM): {', '.join(sizes)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
