"""The hostile-input corpus (``hostile.write_corpus``, generated in code) through the real entry
points: ``ingest``, ``analyze`` and ``batch --engine local`` (the API: tests/web/test_web_hostile.py).
Each run must end (the timeout is the hang detector), print no traceback, record every
bad input with its reason, ingest the good ones, and stay under 1 GB of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile
from dateline.corpus import Store

ROOT = Path(__file__).resolve().parents[1]
GB = 1024 * 1024 * 1024


def dateline(*args: str, cwd: Path, timeout: int = 900) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``dateline ARGS``; returns the process and the peak memory (VmHWM, bytes) of the
    largest process of its tree (the CLI or one of its workers), sampled every 0.1 s.
    (``ru_maxrss`` will not do: a child started by fork and exec reports the parent's peak.)"""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out_path, err_path = cwd / "stdout.txt", cwd / "stderr.txt"  # files: a full pipe would block it
    with out_path.open("w") as out, err_path.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dateline", *args], stdout=out, stderr=err, cwd=cwd, env=env
        )
        peak = 0
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"dateline {' '.join(args)} ran over {timeout} s")
            peak = max([peak, *(vm_hwm(pid) for pid in tree(proc.pid))])
            time.sleep(0.1)
    result = subprocess.CompletedProcess(
        proc.args, proc.returncode, out_path.read_text(encoding="utf-8"), err_path.read_text(encoding="utf-8")
    )
    return result, peak


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return out


def vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[str, str | None]]:
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return tmp_path / "docs", hostile.write_corpus(tmp_path / "docs", outside)


def check_store(db: Path, expected: dict[str, str | None]) -> None:
    with Store(db) as store:
        failures = {Path(f.key).name.split("#")[0]: f.reason for f in store.failures()}
        texts = [store.get(h.id).text for h in store.search(None, limit=100)]  # type: ignore[union-attr]
    for name, phrase in expected.items():
        if phrase is None:
            continue
        found = failures.get(name) or next((r for k, r in failures.items() if k.startswith(name)), None)
        if found is None and name == "lying.warc":  # keyed by its record's URL
            found = failures.get("lying")
        assert found is not None, f"{name}: no failure recorded ({sorted(failures)})"
        assert phrase in found, f"{name}: {found}"
        assert "\n" not in found
    assert not any("root:x" in t for t in texts)
    assert sum("Harbor City opens water summit" in t for t in texts) >= 1
    assert sum(t.startswith("[[[[") for t in texts) == 1  # the 20 KB bracket document itself


def test_ingest_without_nlp_survives_the_hostile_corpus(tmp_path: Path, corpus) -> None:
    docs, expected = corpus
    proc, peak = dateline(
        "ingest", "--db", "s.db", "--no-nlp", "--progress", "never", str(docs), cwd=tmp_path
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert 0 < peak < GB, peak
    check_store(tmp_path / "s.db", expected)


@pytest.mark.slow
@pytest.mark.model
def test_ingest_with_workers_survives_the_hostile_corpus(tmp_path: Path, corpus) -> None:
    docs, expected = corpus
    proc, peak = dateline(
        "ingest",
        "--db",
        "s.db",
        "--workers",
        "2",
        "--progress",
        "never",
        "--time-budget",
        "120",
        str(docs),
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert 0 < peak < GB, peak  # the largest process (parent or one worker)
    check_store(tmp_path / "s.db", expected)


@pytest.mark.slow
@pytest.mark.model
def test_analyze_survives_the_hostile_files(tmp_path: Path, corpus) -> None:
    docs, _ = corpus
    files = [str(docs / n) for n in ("huge.txt", "brackets.txt", "binary.txt", "quotes.txt", "good.txt")]
    proc, peak = dateline("analyze", "--format", "json", *files, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(records) == 3 and records[-1]["headline"]["text"] == "Harbor City opens water summit"
    *errors, summary = [line for line in proc.stderr.splitlines() if line.startswith("dateline analyze:")]
    assert len(errors) == 2 and "1,000,000-character limit" in errors[0] and "PNG" in errors[1]
    assert summary == "dateline analyze: 2 of 5 inputs failed"
    assert 0 < peak < GB, peak


@pytest.mark.slow
@pytest.mark.model
def test_batch_local_survives_the_hostile_corpus(tmp_path: Path, corpus) -> None:
    docs, _ = corpus
    proc, peak = dateline("batch", str(docs), "--out", "out", "--workers", "1", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert 0 < peak < GB, peak
    import duckdb

    failures = duckdb.sql(f"SELECT * FROM '{tmp_path / 'out' / 'failures'}/*.parquet'").fetchall()
    reasons = " | ".join(str(row) for row in failures)
    for phrase in (
        "1,000,000-character limit",
        "nested too deeply",
        "lone surrogate",
        "FIFO",
        "outside the folder",
    ):
        assert phrase in reasons, phrase
