"""Analysis processes die with the process that started them.

``ingest --workers N`` and ``batch --workers N`` run their analysis in pool processes of about
480 MB each. When the parent is killed outright (``kill -9``, the OOM killer) nothing tells the
pool to stop: the workers were re-parented to PID 1 and lived on. :func:`start_worker`, a pool's
initializer, ties each worker to its parent twice over: on Linux the kernel sends it ``SIGKILL``
when the parent dies (``PR_SET_PDEATHSIG``), and everywhere a daemon thread checks every
:data:`POLL` seconds that the parent is still the one it started with (for a worker busy in code
that holds the GIL, the kernel's signal is the one that counts).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time

from .threads import share_cores

__all__ = ["POLL", "die_with_parent", "start_worker"]

log = logging.getLogger(__name__)

#: Seconds between two checks of the parent: a killed ingest's workers are gone within this.
POLL = 1.0

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Make this process exit when its parent does (call it first thing in a worker)."""
    # the pid of the process that started this one, as multiprocessing recorded it: os.getppid()
    # is already 1 when the parent was killed while this worker was still starting up
    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None and started_by.pid else os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError) as exc:  # no prctl: the watch thread alone
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable: %s", exc)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="dateline-lifeline", daemon=True).start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL)
        if os.getppid() != parent:
            os._exit(1)


def start_worker(workers: int) -> None:
    """A pool initializer: die with the parent, then take this worker's share of the cores."""
    die_with_parent()
    share_cores(workers)
