"""Walking a folder of documents without being led out of it, blocked or looped.

:func:`walk` is how ``ingest`` and ``batch`` read a folder: regular files only, in sorted order,
hidden entries skipped. What is not read comes back with its reason, for the caller to record:
a FIFO (opening one blocks until a writer comes, so a walk that opened it would hang forever),
a socket or device, a broken link or a link loop, a link to a folder (never followed: links can
loop), and a link to a file outside the folder, which is followed only when the caller asks
(a link to ``/etc/passwd`` dropped into an ingested folder must not end up served by the web app).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = ["walk"]


def walk(root: Path, follow_links: bool = False) -> Iterator[tuple[Path, str | None]]:
    """``(path, None)`` for each regular file under ``root`` (hidden entries skipped), and
    ``(path, reason)`` for each entry that is not read: anything that is not a regular file
    (a FIFO would block the walk forever), a broken link or a link loop, a link to a folder,
    and, unless ``follow_links``, a link to a file outside ``root``. Nothing is opened here."""
    inside = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept = []
        for d in sorted(d for d in dirnames if not d.startswith(".")):
            if (here / d).is_symlink():
                yield here / d, "is a link to a folder: not followed (give the folder itself to ingest it)"
            else:
                kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            reason = _not_readable(path, inside, follow_links)
            yield path, reason


def _not_readable(path: Path, inside: Path, follow_links: bool) -> str | None:
    """Why a folder entry is not read as a file, or ``None``."""
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            target = path.resolve(strict=True)
            st = target.stat()
            if not follow_links and not target.is_relative_to(inside):
                return (
                    f"is a link to {target}, outside the folder: not followed "
                    "(--follow-links reads such links)"
                )
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        return f"is a broken link or a link loop: not followed ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISDIR(st.st_mode):
        return "is a link to a folder: not followed (give the folder itself to ingest it)"
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else "a socket"
            if stat.S_ISSOCK(st.st_mode)
            else "a device"
        )
        return f"is {kind}, not a regular file: skipped"
    return None
