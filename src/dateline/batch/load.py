"""Back to the laptop: a batch result's Parquet tables imported into the embedded store.

Each ``documents`` row carries its whole record (``text`` + ``record``), so the store receives the
same :class:`~dateline.records.Record` the batch produced and builds its own indexes (full text,
speakers, quotes, syndication clusters) from it; ``failures`` rows become the store's failures.
Documents go in earliest first (as the clusters order them), so the store's incremental
clustering meets originals before their copies. Loading is idempotent: a document is keyed by its
URL, else by where the batch read it (``container#position``), and a second load stores nothing
twice.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DatelineError, MissingInput
from . import read_table, tables

__all__ = ["LOAD_CHUNK", "LoadSummary", "load"]

#: Documents read from the Parquet files at a time.
LOAD_CHUNK = 500

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LoadSummary:
    """What a load did; ``ids`` maps each batch ``doc_id`` to the store's document id."""

    loaded: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: int = 0
    ids: dict[str, str] = field(default_factory=dict)


def _key(url: str | None, container: str, position: int | None) -> str:
    return url or (container if position is None else f"{container}#{position}")


def load(
    out: str | os.PathLike[str],
    db: str | os.PathLike[str],
    *,
    progress: Callable[[int], object] | None = None,
) -> LoadSummary:
    """Import the batch result in ``out`` into the store ``db`` (created if missing)."""
    from ..corpus.store import Store

    folder = Path(out)
    if not (folder / "documents").is_dir():
        raise MissingInput("is not a batch result (no documents/ folder; run `dateline batch`)", str(out))
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(folder / "documents"), format="parquet", schema=tables.arrow_schema("documents"))
    ranks = [
        (r["published"] is None, r["published"] or "", r["container"], r["position"] or 0)
        for r in dataset.to_table(columns=["published", "container", "position"]).to_pylist()
    ]
    order = sorted(range(len(ranks)), key=ranks.__getitem__)
    del ranks

    def docs() -> Iterator[dict[str, Any]]:
        """Rows earliest first, read LOAD_CHUNK at a time (a big result never sits in memory)."""
        for start in range(0, len(order), LOAD_CHUNK):
            yield from dataset.take(order[start : start + LOAD_CHUNK]).to_pylist()

    summary = LoadSummary()
    with Store(db) as store:
        for row in docs():
            key = _key(row["url"], row["container"], row["position"])
            try:
                record = tables.record_from_row(row["text"], row["record"])
                store_id, inserted = store.add(
                    record, source=row["container"], url=row["url"], published=row["published"], key=key
                )
            except DatelineError as exc:
                summary.failed += 1
                store.record_failure(row["source"], exc.message, key=key)
                continue
            except (ValueError, TypeError, KeyError) as exc:  # a row edited by hand, a foreign table
                summary.failed += 1
                store.record_failure(row["source"], f"cannot rebuild the record: {exc}", key=key)
                continue
            summary.ids[row["doc_id"]] = store_id
            if inserted:
                summary.loaded += 1
            else:
                summary.duplicates += 1
            if progress:
                progress(1)
        if (folder / "failures").is_dir():
            for f in read_table(folder, "failures").to_pylist():
                key = _key(None, f["container"], f["position"])
                store.record_failure(f["source"], f["message"], key=key)
                summary.failures += 1
    log.info(
        "%s -> %s: %d loaded, %d already there, %d failed, %d batch failures",
        out,
        db,
        summary.loaded,
        summary.duplicates,
        summary.failed,
        summary.failures,
    )
    return summary
