"""Show that a change left dateline's outputs byte-identical.

Writes a manifest of SHA-256 digests for what users and downstream code consume:

- ``records``: the JSON record (``dateline analyze --format json``) of every shared text
  (PolNeAR train and dev, Reuters, press releases, the seed release), one digest per file and one
  over all of them; with ``--accurate`` too when the accurate extra is installed and asked for;
- ``openapi``: the OpenAPI schema the web app serves;
- ``store``: the store schema (``sqlite_master``) and the rows of every table after ingesting
  ``examples/`` and the seed release (ingest times and paths blanked);
- ``parquet``: the rows of every Parquet table that ``dateline batch --engine local`` writes for
  the same inputs.

Usage::

    python bench/identity.py --out before.json            # on the old tree
    python bench/identity.py --out after.json --compare before.json

``--compare`` prints every digest that differs and exits 1 if any does. ``--limit N`` analyzes only
the first N shared texts (a quick check while working); ``--workers N`` spreads the analysis.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SEED = SHARED / "seed" / "cctv-xi-letter-prnewswire.txt"


def shared_texts() -> list[Path]:
    paths: list[Path] = []
    for sub in ("polnear/train/text", "polnear/dev/text"):
        paths += sorted((DATA / sub).glob("*.txt"))
    for sub in ("wire/reuters-21578-train/text", "wire/press-releases-2024/text"):
        paths += sorted(p for p in (DATA / sub).iterdir() if p.is_file())
    return [*paths, SEED]


def _digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


_ANALYZER = None


def _analyze(job: tuple[str, bool]) -> tuple[str, str]:
    global _ANALYZER
    from dateline import Analyzer, Options, read_path
    from dateline.errors import DatelineError
    from dateline.export import to_json

    path, accurate = job
    if _ANALYZER is None:
        _ANALYZER = Analyzer(Options(accurate=accurate))
    try:
        out = to_json(_ANALYZER.analyze(read_path(path, _ANALYZER.options)))
    except DatelineError as e:
        out = f"error: {e}"
    return str(Path(path).relative_to(SHARED)), _digest(out)


def records(paths: list[Path], workers: int, accurate: bool) -> dict[str, object]:
    jobs = [(str(p), accurate) for p in paths]
    with ProcessPoolExecutor(workers) as pool:
        per_file = dict(pool.map(_analyze, jobs, chunksize=8))
    return {"all": _digest(json.dumps(per_file, sort_keys=True)), "files": per_file}


def openapi() -> str:
    out = subprocess.run(
        [sys.executable, "-m", "dateline.web.app", "openapi"], capture_output=True, text=True, check=True
    )
    return _digest(out.stdout)


def _dateline(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "dateline", *args], check=True, capture_output=True)


def _inputs(tmp: Path) -> Path:
    folder = tmp / "inputs"
    folder.mkdir()
    for p in [*sorted((ROOT / "examples").iterdir()), SEED]:
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


_VOLATILE = ("ingested", "added", "created", "path", "source", "time", "elapsed", "seconds")


def _plain(value: object) -> object:
    """A stored value as text where it is compressed JSON (a record), so paths in it can be masked."""
    if isinstance(value, bytes):
        try:
            return zlib.decompress(value).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            return value
    return value


def store(tmp: Path, inputs: Path) -> dict[str, str]:
    db = tmp / "store.db"
    _dateline("ingest", "--db", str(db), "--progress", "never", str(inputs))
    con = sqlite3.connect(db)
    out: dict[str, str] = {}
    schema = con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    out["schema"] = _digest(json.dumps(schema))
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        if "fts" in name and name != "documents_fts" and name.startswith("documents_fts"):
            continue  # FTS5 shadow tables: segment layout, not content
        cols = [c[1] for c in con.execute(f'PRAGMA table_info("{name}")')]
        keep = [c for c in cols if not any(v in c.lower() for v in _VOLATILE)]
        if not keep:
            continue
        select = ", ".join(f'"{c}"' for c in keep)
        rows = sorted(repr(tuple(map(_plain, r))) for r in con.execute(f'SELECT {select} FROM "{name}"'))
        out[f"table:{name}"] = _digest(json.dumps([keep, rows], default=repr).replace(str(tmp), "<tmp>"))
    con.close()
    return out


def parquet(tmp: Path, inputs: Path) -> dict[str, str]:
    import pyarrow.parquet as pq

    out_dir = tmp / "batch"
    _dateline("batch", "--engine", "local", "--workers", "1", "--out", str(out_dir), str(inputs))
    out: dict[str, str] = {}
    for table_dir in sorted(p for p in out_dir.iterdir() if p.is_dir()):
        table = pq.read_table(table_dir)
        cols = [c for c in table.column_names if not any(v in c.lower() for v in _VOLATILE)]
        rows = sorted(json.dumps(r, sort_keys=True, default=repr) for r in table.select(cols).to_pylist())
        dump = json.dumps([str(table.schema), rows]).replace(str(tmp), "<tmp>")
        out[f"table:{table_dir.name}"] = _digest(dump)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seed = args[args.index("--hash-seed") + 1] if "--hash-seed" in args else "0"
    if os.environ.get("PYTHONHASHSEED") != seed:
        # One hash seed for this run and every process it starts: where code iterates over a set
        # of strings, the order (and so a tie broken by it) would otherwise change between runs.
        # Two runs of one tree with different --hash-seed show whether any output depends on it.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": seed})
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="write the manifest here (JSON)")
    ap.add_argument("--compare", help="a manifest to compare against; exit 1 on any difference")
    ap.add_argument("--limit", type=int, help="analyze only the first N shared texts")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--accurate", action="store_true", help="records from the accurate pipeline too")
    ap.add_argument("--hash-seed", default="0", help="PYTHONHASHSEED of the run (default 0)")
    ap.add_argument(
        "--parts",
        default="records,openapi,store,parquet",
        help="what to digest, comma-separated (default: all four)",
    )
    args = ap.parse_args(argv)
    parts = set(args.parts.split(","))
    paths = shared_texts()[: args.limit] if args.limit else shared_texts()
    manifest: dict[str, object] = {"texts": len(paths)}
    if "records" in parts:
        manifest["records"] = records(paths, args.workers, False)
        if args.accurate:
            manifest["records_accurate"] = records(paths, args.workers, True)
    if "openapi" in parts:
        manifest["openapi"] = openapi()
    # One fixed folder, since batch ids are derived from input paths; a lock makes runs at the
    # same time (two worktrees) take turns.
    tmp = Path(tempfile.gettempdir()) / "dateline-identity"
    lock = (Path(tempfile.gettempdir()) / "dateline-identity.lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        inputs = _inputs(tmp)
        if "store" in parts:
            manifest["store"] = store(tmp, inputs)
        if "parquet" in parts:
            manifest["parquet"] = parquet(tmp, inputs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        lock.close()
    Path(args.out).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    print(f"identity: {len(paths)} texts; manifest in {args.out}")
    if not args.compare:
        return 0
    return _compare(json.loads(Path(args.compare).read_text()), manifest)


def _flat(d: object, prefix: str = "") -> dict[str, object]:
    if not isinstance(d, dict):
        return {prefix: d}
    out: dict[str, object] = {}
    for k, v in d.items():
        out.update(_flat(v, f"{prefix}/{k}" if prefix else k))
    return out


def _compare(before: dict[str, object], after: dict[str, object]) -> int:
    a, b = _flat(before), _flat(after)
    keys = a.keys() | b.keys()
    # a --limit or --parts run against a full one: compare what both have
    if before.get("texts") != after.get("texts") or a.keys() != b.keys():
        keys = {k for k in a.keys() & b.keys() if k not in ("texts", "records/all", "records_accurate/all")}
        print(f"identity: comparing what both runs have ({len([k for k in keys if '/files/' in k])} records)")
    differ = sorted(k for k in keys if a.get(k) != b.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(f"identity: {len(differ)} of {len(keys)} digests differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
