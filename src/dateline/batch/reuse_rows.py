"""Text reuse over a whole batch: the ``reuse`` table, with the rules of
:mod:`dateline.corpus.reuse` (same parameters, same boilerplate handling).

Each document's reuse input (its text, the ranges of its reusable paragraphs, its URL, distributor
and credit: :func:`dateline.batch.tables.reuse_input`) travels with its ``signatures`` row. The
documents are ordered as the clusters are (dated before undated, by date, then input order, then
doc id: the :attr:`Entry.key`), which is the input order :func:`dateline.corpus.reuse.find` is
given, so that both engines write the same rows:

- the local engine runs :func:`reuse_rows`: :func:`~dateline.corpus.reuse.find` once over all of
  its documents, in memory;
- the Spark engine (:mod:`dateline.batch.spark`) cuts the same search where it can be
  distributed, each step one function here or in :mod:`dateline.corpus.reuse` that it maps over
  its rows:

  1. :func:`entry`: each document prepared on an executor;
  2. :func:`line_holders` grouped by (site, line), :func:`boilerplate_holders` keeping the lines
     a site repeats (:func:`~dateline.corpus.reuse.is_site_boilerplate`), grouped again by
     document and taken out of it by :func:`stripped`;
  3. :func:`key_holders` grouped by key, :func:`~dateline.corpus.reuse.earlier_pairs` inside
     each key (keys held by more than :data:`~dateline.corpus.reuse.MAX_KEY_DOCS` documents give
     none), the pairs counted: the keys a document shares with each earlier one;
  4. :func:`candidates`: per document, the :data:`~dateline.corpus.reuse.MAX_CANDIDATES` that
     share most (:func:`~dateline.corpus.reuse.top`, the tie-break of
     :func:`~dateline.corpus.reuse.rank`; the entry key sorts as ``find``'s input position);
  5. the candidates' entries joined to the document, and :func:`doc_rows` aligns and assembles
     them (:func:`~dateline.corpus.reuse.measure`) into its rows.

  No document text reaches the driver.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..corpus import reuse as rx
from . import tables

__all__ = [
    "PARAMETERS",
    "Entry",
    "boilerplate_holders",
    "candidates",
    "doc_rows",
    "entry",
    "key_holders",
    "line_holders",
    "reuse_rows",
    "stripped",
]

#: Everything the ``reuse`` table depends on.
PARAMETERS = rx.PARAMETERS

#: Where a document stands in the batch: its order key (:func:`dateline.batch.clusters.order_key`)
#: and its doc id. Sorting by it is sorting by :func:`reuse_rows`'s input position.
EntryKey = tuple[Any, str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One document of the distributed search: its place in the order, its ids, date and site,
    and its prepared body."""

    key: EntryKey
    record_id: str | None
    published: str | None
    host: str | None
    prepared: rx.Prepared

    @property
    def id(self) -> str:
        return self.key[1]


def reuse_rows(inputs: Iterable[tuple[Any, dict[str, Any]]]) -> list[tables.Row]:
    """``reuse`` rows from ``(order key, reuse input)`` pairs (any order): one row per document
    and source, documents earliest first, sources by share."""
    ordered = [doc for _, doc in sorted(inputs, key=lambda kv: (kv[0], kv[1]["id"]))]
    info = {d["id"]: (d.get("record_id"), d.get("published")) for d in ordered}
    return [tables.Row("reuse", row) for r in rx.find(ordered) for row in _rows(r, info)]


def _rows(r: rx.Reuse, info: dict[str, tuple[str | None, str | None]]) -> list[tables.ReuseRow]:
    """The rows of one document's :class:`~dateline.corpus.reuse.Reuse` (``info``: record id and
    date of the document and of each source, by doc id)."""
    rid, pub = info[r.id]
    rows = []
    for s in r.sources:
        passages = json.dumps([[p.start, p.end, p.source_start, p.source_end, p.kind] for p in s.passages])
        sid, spub = info[s.id]
        rows.append(
            tables.ReuseRow(
                r.id, rid, pub, r.reused_fraction, r.label, s.id, sid, spub, s.reused_fraction, passages
            )
        )
    return rows


def entry(order: Any, doc: dict[str, Any]) -> Entry:
    """The :class:`Entry` of a document from its order key and reuse input (step 1)."""
    key = (order, str(doc["id"]))
    host = rx.host_of(doc.get("url"))
    return Entry(key, doc.get("record_id"), doc.get("published"), host, rx.prepare_input(doc))


def line_holders(e: Entry) -> list[tuple[tuple[str, int], str]]:
    """``((site, line), doc id)`` for each line of a document that has a site (step 2)."""
    if not e.host:
        return []
    return [((e.host, line), e.id) for line in rx.site_lines(e.prepared)]


def boilerplate_holders(item: tuple[tuple[str, int], Iterable[str]]) -> list[tuple[str, int]]:
    """``(doc id, line)`` for each document holding one line of a site, when the line is that
    site's boilerplate (``item``: the line and its documents, each once; step 2)."""
    (_, line), docs = item
    held = sorted(set(docs))
    return [(d, line) for d in held] if rx.is_site_boilerplate(len(held)) else []


def stripped(e: Entry, lines: Iterable[int] | None) -> Entry:
    """A document without its site's boilerplate ``lines`` (none: unchanged; step 2)."""
    if lines is None:
        return e
    return Entry(e.key, e.record_id, e.published, e.host, rx.without(e.prepared, frozenset(lines)))


def key_holders(e: Entry) -> list[tuple[int, EntryKey]]:
    """``(key, entry key)`` for each key of a document's body (step 3)."""
    return [(k, e.key) for k in e.prepared.keys]


def candidates(item: tuple[EntryKey, Iterable[tuple[EntryKey, int]]]) -> list[tuple[str, str]]:
    """``(candidate id, doc id)`` for the candidate sources of one document, from the keys it
    shares with each earlier document (step 4)."""
    key, counts = item
    return [(c[1], key[1]) for c in rx.top(counts)]


def doc_rows(doc: Entry, sources: Iterable[Entry]) -> list[tables.ReuseRow]:
    """The rows of one document, aligned against the entries of its candidate sources (step 5)."""
    ordered = sorted(sources, key=lambda e: e.key)  # earliest first, as find gives them
    got = rx.measure(doc.id, doc.published, doc.prepared, [(s.id, s.published, s.prepared) for s in ordered])
    info = {e.id: (e.record_id, e.published) for e in (doc, *ordered)}
    return _rows(got, info)
