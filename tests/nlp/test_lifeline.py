"""Pool workers die with their parent, even when it is killed with SIGKILL (issue 16, finding 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Starts ingest's process pool (spawn, its real initializer), makes both workers run a job,
#: prints their pids and waits to be killed.
PARENT = """
import sys, time
from dateline.corpus.ingest import AnalysisPool
from dateline.options import Options

pool = AnalysisPool(2, Options(), False, len)
futures = [pool.submit(pool.runner, [1, 2]) for _ in range(8)]
assert [f.result() for f in futures] == [2] * 8
print(" ".join(str(p) for p in pool.executor._processes), flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read()
    except FileNotFoundError:
        return "gone"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_ingest_workers_die_when_the_ingest_is_killed() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(alive(p) for p in workers)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        deadline = time.monotonic() + 60  # the kernel's signal is immediate; the watch thread takes a second
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(p) for p in workers), [state(p) for p in workers]
    finally:
        proc.kill()
        proc.wait(30)
