"""The hostile-input corpus (``hostile.write_corpus``, generated in code) through the real entry
points: ``ingest``, ``analyze`` and ``batch --engine local`` (the API: tests/web/test_web_hostile.py).
Each run must end (the subprocess timeout is the hang detector), print no traceback, record every
bad input with its reason, ingest the good ones, and stay under 1 GB of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hostile
from dateline.corpus import Store

ROOT = Path(__file__).resolve().parents[1]
GB = 1024 * 1024 * 1024


def dateline(*args: str, cwd: Path, timeout: int = 900) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``dateline ARGS``; returns the process and its peak memory in bytes (Linux ru_maxrss)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    code = (
        "import resource, sys\n"
        "from dateline.cli import main\n"
        "try:\n    rc = main(sys.argv[1:])\n"
        "finally:\n"
        "    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
        "               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "    sys.stderr.write(f'\\nPEAK {peak * 1024}\\n')\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    peak = int(proc.stderr.rsplit("PEAK ", 1)[-1].split()[0]) if "PEAK " in proc.stderr else 0
    return proc, peak


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
    assert peak < GB, peak
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
    assert peak < GB, peak  # the largest process (parent or one worker)
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
    errors = [line for line in proc.stderr.splitlines() if line.startswith("dateline: error:")]
    assert len(errors) == 2 and "1,000,000-character limit" in errors[0] and "PNG" in errors[1]
    assert peak < GB, peak


@pytest.mark.slow
@pytest.mark.model
def test_batch_local_survives_the_hostile_corpus(tmp_path: Path, corpus) -> None:
    docs, _ = corpus
    proc, peak = dateline("batch", str(docs), "--out", "out", "--workers", "1", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert peak < GB, peak
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
