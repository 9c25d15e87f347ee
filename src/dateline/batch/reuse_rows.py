"""Text reuse over a whole batch: the ``reuse`` table, with the rules of
:mod:`dateline.corpus.reuse` (same parameters, same boilerplate handling).

Each document's reuse input (its text, the ranges of its reusable paragraphs, its URL, distributor
and credit: :func:`dateline.batch.tables.reuse_input`) travels with its ``signatures`` row; the
driver orders the documents as the clusters are ordered (dated before undated, by date, then
input order) and runs
:func:`dateline.corpus.reuse.find` once over all of them, so that the local and the Spark engine
write the same rows. The search itself is not distributed yet: every reuse input reaches the
driver.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..corpus import reuse as rx
from . import tables

__all__ = ["PARAMETERS", "reuse_rows"]

#: Everything the ``reuse`` table depends on.
PARAMETERS = rx.PARAMETERS


def reuse_rows(inputs: Iterable[tuple[Any, dict[str, Any]]]) -> list[tables.Row]:
    """``reuse`` rows from ``(order key, reuse input)`` pairs (any order): one row per document
    and source, documents earliest first, sources by share."""
    ordered = [doc for _, doc in sorted(inputs, key=lambda kv: (kv[0], kv[1]["id"]))]
    info = {d["id"]: (d.get("record_id"), d.get("published")) for d in ordered}
    rows: list[tables.Row] = []
    for r in rx.find(ordered):
        rid, pub = info[r.id]
        for s in r.sources:
            passages = json.dumps(
                [[p.start, p.end, p.source_start, p.source_end, p.kind] for p in s.passages]
            )
            sid, spub = info[s.id]
            row = tables.ReuseRow(
                r.id, rid, pub, r.reused_fraction, r.label, s.id, sid, spub, s.reused_fraction, passages
            )
            rows.append(tables.Row("reuse", row))
    return rows
