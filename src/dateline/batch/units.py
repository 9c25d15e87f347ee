"""What a batch reads: input paths expanded into units of work, and a unit read into documents.

A *unit* is one file: a WARC or WARC.gz archive (each HTML response is a document), a JSON Lines
file (each line is a document), or a text, Markdown or HTML file (one document). Manifests
(``*.paths``, ``*.paths.gz``, ``*.manifest``: one path a line, as Common Crawl publishes
``warc.paths``) and directories expand to the units they list or hold. Units are what an engine
distributes: a Spark task or a pool worker reads its units itself, so inputs are read in parallel.

:func:`analyze_units` is the one analysis function both engines run, per partition or per pool
task: it reads units, analyzes their documents with one :class:`~dateline.analysis.Analyzer`
(the model loads once per process) and yields :class:`~dateline.batch.tables.Row` objects.
"""

from __future__ import annotations

import gzip
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DatelineError, InputError, MissingInput, NotAFile
from ..options import Options
from ..readers import Input, read_path
from ..readers.folders import walk
from . import tables

if TYPE_CHECKING:
    from ..analysis import Analyzer

__all__ = ["MANIFEST_SUFFIXES", "Unit", "analyze_units", "expand", "read_unit", "split_units"]

log = logging.getLogger(__name__)

MANIFEST_SUFFIXES = (".paths", ".paths.gz", ".manifest")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(frozen=True, slots=True)
class Unit:
    """One input file, how to read it (``warc``, ``jsonl`` or ``file``) and its place in the
    expanded input list (which orders undated copies)."""

    path: str
    kind: str
    index: int = 0


def kind_of(path: str) -> str:
    low = path.lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "file"


def _open_text(path: str) -> list[str]:
    raw = Path(path).read_bytes()
    if path.lower().endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8-sig").splitlines()


def _manifest(path: str) -> Iterator[str]:
    """Paths listed in a manifest; relative ones are relative to the manifest's folder."""
    base = Path(path).parent
    for line in _open_text(path):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        yield entry if os.path.isabs(entry) else str(base / entry)


def expand(paths: Iterable[str]) -> tuple[list[Unit], list[tables.Row]]:
    """Units for ``paths`` (manifests and directories expanded) and failure rows for the paths
    that cannot be used (missing, unreadable manifest). Nothing here aborts the batch."""
    units: list[Unit] = []
    failures: list[tables.Row] = []
    seen: set[str] = set()

    def add(path: str, via: str | None) -> None:
        p = Path(path)
        if p.is_dir():
            for child, reason in walk(p):  # no links out, no FIFOs: readers/folders.py
                if reason is None:
                    add(str(child), via)
                else:
                    failures.append(tables.failure(NotAFile(reason, str(child)), str(child), None, "read"))
            return
        if not p.exists():
            where = f" (listed in {via})" if via else ""
            failures.append(tables.failure(MissingInput(f"no such file{where}", path), path, None, "read"))
            return
        if not p.is_file():
            failures.append(tables.failure(NotAFile("is not a regular file", path), path, None, "read"))
            return
        if path.lower().endswith(MANIFEST_SUFFIXES):
            try:
                listed = list(_manifest(path))
            except (OSError, UnicodeDecodeError, EOFError) as exc:
                err = InputError(f"cannot read manifest: {exc}", path)
                failures.append(tables.failure(err, path, None, "read"))
                return
            for entry in listed:
                add(entry, path)
            return
        if path not in seen:
            seen.add(path)
            units.append(Unit(path, kind_of(path), len(units)))

    for path in paths:
        add(str(path), None)
    return units, failures


def split_units(parts: int, units: list[Unit]) -> list[list[Unit]]:
    """``units`` split into ``parts`` contiguous groups of nearly equal size (the partitions)."""
    parts = max(1, min(parts, len(units)))
    size, extra = divmod(len(units), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(units[start:end])
        start = end
    return [g for g in out if g]


# ---------------------------------------------------------------------------- reading one unit

Item = tuple[int | None, Input | DatelineError]
Reader = Callable[..., Iterator[Input | DatelineError]]


def read_unit(unit: Unit, options: Options) -> Iterator[Item]:
    """``(position, Input or error)`` for each document of ``unit``: position is the index of the
    page (or error) in a WARC or JSON Lines file, ``None`` for a one-document file. WARC and JSON
    Lines go through :mod:`dateline.readers.warc` and :mod:`dateline.readers.jsonl`."""
    if unit.kind == "warc":
        yield from _read_stream(unit.path, options, _warc_reader())
    elif unit.kind == "jsonl":
        yield from _read_stream(unit.path, options, _jsonl_reader(), gunzip=unit.path.lower().endswith(".gz"))
    else:
        try:
            yield None, read_path(unit.path, options)
        except DatelineError as exc:
            yield None, exc


def _read_stream(path: str, options: Options, reader: Reader, *, gunzip: bool = False) -> Iterator[Item]:
    """Documents of a multi-document file through its reader in :mod:`dateline.readers`,
    numbered in the order the reader yields them (the same on every engine)."""
    try:
        with gzip.open(path, "rb") if gunzip else open(path, "rb") as fh:
            yield from enumerate(reader(fh, path, options))
    except OSError as exc:  # unreadable file, or a .jsonl.gz that is not gzip
        yield None, InputError(f"cannot read: {exc}", path)


def _warc_reader() -> Reader:
    from ..readers.warc import read_warc

    return read_warc


def _jsonl_reader() -> Reader:
    from ..readers.jsonl import read_jsonl

    return read_jsonl


# ---------------------------------------------------------------------------- analysis

_ANALYZERS: dict[Options, Analyzer] = {}


def _analyzer(options: Options) -> Analyzer:
    """One Analyzer per process and options: a Spark worker or pool process loads the model once."""
    from ..analysis import Analyzer

    found = _ANALYZERS.get(options)
    if found is None:
        found = _ANALYZERS[options] = Analyzer(options)
    return found


def analyze_units(units: Iterable[Unit], options: Options) -> Iterator[tables.Row]:
    """Rows of every table for the documents of ``units``; a bad document gives a failure row.

    This is the function an engine ships to its workers (Spark ``mapPartitions``, a pool task).
    """
    analyzer = _analyzer(options)
    for unit in units:
        pending: deque[int | None] = deque()
        failed: list[tables.Row] = []

        def good(
            unit: Unit = unit, pending: deque[int | None] = pending, failed: list[tables.Row] = failed
        ) -> Iterator[Input]:
            for pos, item in read_unit(unit, options):
                if isinstance(item, DatelineError):
                    failed.append(tables.failure(item, unit.path, pos, "read"))
                    continue
                pending.append(pos)
                yield item

        for result in analyzer.pipe(good()):
            pos = pending.popleft()
            if isinstance(result, DatelineError):
                failed.append(tables.failure(result, unit.path, pos, "analyze"))
                continue
            yield from tables.record_rows(result, unit.path, pos, unit.index)
        yield from failed
