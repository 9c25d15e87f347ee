"""How many threads the numeric libraries of one analysis process may use.

``ingest --workers N`` and ``batch --workers N`` run N processes; torch (``--accurate``), OpenMP
and BLAS would each start as many threads as the machine has cores in every one of them, N times
too many. :func:`share_cores` gives each its share. It imports nothing heavy, so a pool's
initializer can call it before the model and torch load (torch reads ``OMP_NUM_THREADS`` when it
is imported, and is resized if it already was; a BLAS already loaded keeps its own count).
"""

from __future__ import annotations

import os
import sys

__all__ = ["THREAD_VARS", "share_cores"]

#: What numeric libraries (torch, OpenMP, MKL, OpenBLAS) read for their thread count.
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def share_cores(workers: int) -> int:
    """In one of ``workers`` processes: let its numeric libraries use ``cores // workers`` threads
    (at least one), unless the user set ``OMP_NUM_THREADS``, which wins. Returns the thread count
    in effect. Meant for a process pool's initializer, before the model loads."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    n = max(1, cores // max(1, workers))
    user = os.environ.get("OMP_NUM_THREADS", "").strip()
    if user.isdigit() and int(user) > 0:
        n = int(user)
    for var in THREAD_VARS:
        os.environ.setdefault(var, str(n))
    torch = sys.modules.get("torch")
    if torch is not None:  # already imported: its pool is sized, so resize it
        torch.set_num_threads(n)
    return n
