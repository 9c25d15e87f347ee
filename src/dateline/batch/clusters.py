"""Syndication clusters over a whole batch, with the single-machine rules of
:mod:`dateline.corpus.syndication` (same parameters, same template behaviour).

The work is cut where it can be distributed:

1. each document's :func:`~dateline.corpus.syndication.fingerprint` is taken in the worker that
   analyzed it (a ``signatures`` row, never written);
2. candidates are documents sharing one of its
   :func:`~dateline.corpus.syndication.band_keys` (Spark groups by key; in memory,
   :func:`~dateline.corpus.syndication.candidate_pairs` does the same with datasketch's LSH);
3. each candidate pair is verified with :func:`~dateline.corpus.syndication.is_copy` on the exact
   shingle sets (on the executors for Spark);
4. only the confirmed copies reach :func:`groups`, which orders them as
   :func:`~dateline.corpus.syndication.cluster` does (dated before undated, by date, then by
   input order) and runs :func:`~dateline.corpus.syndication.group`: a document joins a cluster
   only through its original or half its members, so a shared template paragraph never chains
   two releases together.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..corpus import syndication

__all__ = ["PARAMETERS", "OrderKey", "groups", "order_key", "verified_pairs"]

#: Everything the clusters depend on (written to ``_batch.json``).
PARAMETERS = syndication.PARAMETERS

#: Sort key of a document for "earliest first".
OrderKey = tuple[int, str, tuple[int, int]]


def order_key(published: str | None, unit_index: int, position: int | None) -> OrderKey:
    """Dated documents first, by date, then input order (unit, then place in the unit): the
    order :func:`dateline.corpus.syndication.cluster` gives documents listed in input order."""
    where = (unit_index, -1 if position is None else position)
    return (0, published, where) if published else (1, "", where)


def verified_pairs(fps: dict[str, syndication.Fingerprint]) -> set[tuple[str, str]]:
    """Confirmed copies ``(a, b)``, ``a < b``, among fingerprints held in memory."""
    return {
        (a, b)
        for a, b in syndication.candidate_pairs(fps)
        if syndication.is_copy(syndication.compare(fps[a], fps[b]))
    }


def groups(pairs: Iterable[tuple[str, str]], keys: dict[str, OrderKey]) -> list[list[str]]:
    """Clusters of two or more doc ids, members earliest first (the first is the original).

    ``keys`` holds the :func:`order_key` of every document in ``pairs``."""
    copies: dict[str, set[str]] = {}
    for a, b in pairs:
        copies.setdefault(a, set()).add(b)
        copies.setdefault(b, set()).add(a)
    order = sorted(copies, key=lambda d: (keys[d], d))
    original_of = syndication.group(order, copies)
    grouped: dict[str, list[str]] = {}
    for doc in order:
        grouped.setdefault(original_of[doc], []).append(doc)
    return [m for m in grouped.values() if len(m) >= 2]
