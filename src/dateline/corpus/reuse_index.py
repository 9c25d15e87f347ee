"""Text reuse in the store: kept up to date on every ``Store.add``, read by :func:`reuse` and
:func:`pickup`.

Tables (created by the store's schema setup, :func:`create`; a store made before them is
indexed once when it is next opened, earliest document first)::

    reuse_docs  (doc, words, units, host, distributor, credit)   one row a document: its sentence
                units as JSON [[start, end, words, line], ...] and what ``--from`` filters on
    reuse_lines (host, line, doc)       which documents of a site hold a sentence (its boilerplate
                is what :data:`~dateline.corpus.reuse.SITE_REPEATS` of them hold)
    reuse_keys  (key, doc)              the inverted index of sampled 3-gram keys
    reuse_common (key)                  keys held by more than :data:`~dateline.corpus.reuse.MAX_KEY_DOCS`
                                        documents: never looked up, so their postings are dropped
    reuse_pairs (doc, source, reused_fraction, passages)   the passages of ``doc`` aligned to an
                earlier ``source`` (JSON), for the candidates of :func:`dateline.corpus.reuse.rank`

When a document is added, the documents sharing keys with it are split into earlier ones (its
candidate sources) and later ones (a document published before others already stored may be
their source), and the :data:`~dateline.corpus.reuse.MAX_CANDIDATES` best of each are aligned.
Reading without a filter assembles a document's stored pairs; with a ``--from`` filter the
candidates are searched again among the allowed sources only, so that the best allowed source
is found even when other documents crowded it out of the stored pairs.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from ..errors import StoreError
from ..records import Record
from . import parameters
from . import reuse as rx


class StoreLike(Protocol):
    """What this module needs of a :class:`dateline.corpus.store.Store` (which calls it: named
    here, not imported, so the two modules do not import each other)."""

    path: str

    @property
    def conn(self) -> sqlite3.Connection: ...

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...


__all__ = ["SCHEMA", "backfill", "create", "index", "pickup", "reuse", "setup"]

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS reuse_docs (
    doc INTEGER PRIMARY KEY,
    words INTEGER NOT NULL,
    units TEXT NOT NULL,
    host TEXT,
    distributor TEXT,
    credit TEXT
);
CREATE TABLE IF NOT EXISTS reuse_keys (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_pairs (
    doc INTEGER NOT NULL,
    source INTEGER NOT NULL,
    reused_fraction REAL NOT NULL,
    passages TEXT NOT NULL,
    PRIMARY KEY (doc, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reuse_pairs_source ON reuse_pairs (source);
CREATE TABLE IF NOT EXISTS reuse_common (key INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS reuse_lines (
    host TEXT NOT NULL,
    line INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (host, line, doc)
) WITHOUT ROWID
"""

_TABLES = frozenset({"reuse_docs", "reuse_keys", "reuse_common", "reuse_pairs", "reuse_lines"})
#: Parameters a stored index depends on (a store indexed with others must be rebuilt).
_KEYED = ("shingle_words", "sample", "hash", "max_key_docs", "site_repeats")
#: Prepared documents kept in memory while ingesting (about 6 kB each: 8,192 is about 50 MB).
#: Measured with bench/out/reuse-scale (the generated corpus of bench/reuse_scale.py): adding 500
#: documents to the 10,000-document store took 11.9 and 10.8 s of CPU with 2,048 cached and 7.9 s
#: with every document cached (RSS +47 MB), about what the same 500 cost at 2,000 documents (8.5
#: and 8.2 s): a candidate that is not cached is decoded from its stored record again. 32,768
#: took the ingest of bench/ingest_scale.py to 919 MB at 100,000 documents, too close to the 1 GB
#: a laptop ingest must stay under.
_CACHE_SIZE = 8_192

#: Prepared documents by rowid (the store keeps one and clears it when a transaction rolls back).
Cache = dict[int, rx.Prepared]


def setup(store: StoreLike) -> None:
    """Create the tables when missing and index documents stored before them (reads only when
    everything is in place, so that opening a store another process writes does not wait)."""
    conn = store.conn
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not present >= _TABLES:  # a store made before them, or before reuse_common
        with store.transaction() as tx:
            create(tx)
    else:
        _check(conn)
    backfill(store)


def _check(conn: sqlite3.Connection) -> None:
    parameters.check(conn, "reuse", _KEYED, rx.PARAMETERS, "its reuse index was", None)


def create(conn: sqlite3.Connection) -> None:
    """Create the reuse tables (idempotent) and record :data:`~dateline.corpus.reuse.PARAMETERS`;
    raise :class:`StoreError` when the index was built with other key parameters."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    _check(conn)
    for name, value in rx.PARAMETERS.items():
        conn.execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)",
            (f"reuse.{name}", json.dumps(value)),
        )


def backfill(store: StoreLike) -> int:
    """Index the documents stored before the reuse tables existed (earliest first); returns how
    many."""
    conn = store.conn
    if _complete(conn):
        return 0
    missing = conn.execute(
        "SELECT count(*) FROM documents WHERE rowid NOT IN (SELECT doc FROM reuse_docs)"
    ).fetchone()[0]
    if not missing:
        return 0
    log.info("%s: indexing %d documents for text reuse", store.path, missing)
    rows = conn.execute(
        "SELECT rowid, url, published FROM documents WHERE rowid NOT IN (SELECT doc FROM reuse_docs) "
        "ORDER BY published IS NULL, published, rowid"
    ).fetchall()
    cache: Cache = {}
    with store.transaction() as tx:
        for rowid, url, published in rows:
            record = _record(tx, rowid)
            if record is not None:
                index(tx, rowid, record, url=url, published=published, cache=cache)
    return len(rows)


def _complete(conn: sqlite3.Connection) -> bool:
    """Whether every stored document is in the reuse index, answered from the ends of two
    indexes (a count of the documents missing from it read all of a million-document store on
    every open: 4.1 s). A document gets its ``reuse_docs`` row in the transaction that stores it,
    documents are never deleted, and :func:`backfill` indexes all the missing ones in one
    transaction: so the only documents ever missing are those stored before the reuse tables
    existed, the first ones, and the two tables hold the same rowids exactly when their first and
    last rowids agree."""
    docs = conn.execute("SELECT min(rowid), max(rowid) FROM documents").fetchone()
    indexed = conn.execute("SELECT min(doc), max(doc) FROM reuse_docs").fetchone()
    return tuple(docs) == tuple(indexed)


# --------------------------------------------------------------------------- writing


def _record(conn: sqlite3.Connection, rowid: int) -> Record | None:
    row = conn.execute("SELECT record FROM documents WHERE rowid = ?", (rowid,)).fetchone()
    return Record.from_dict(json.loads(zlib.decompress(row[0]).decode("utf-8"))) if row else None


def _boilerplate(conn: sqlite3.Connection, host: str | None, lines: Iterable[int]) -> frozenset[int]:
    """The lines among ``lines`` that are boilerplate of site ``host`` now."""
    return rx.site_boilerplate(_line_counts(conn, host, lines))


def _line_counts(conn: sqlite3.Connection, host: str | None, lines: Iterable[int]) -> dict[int, int]:
    """How many documents of site ``host`` hold each of ``lines`` (those held by none are left
    out), counted up to :data:`~dateline.corpus.reuse.SITE_REPEATS`: a line is stored for no
    more documents than that, since all a count decides is whether it reached it."""
    lines = sorted(set(lines))
    if not host or not lines:
        return {}
    counts: dict[int, int] = {}
    for chunk in range(0, len(lines), 500):
        part = lines[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        counts.update(
            conn.execute(
                f"SELECT line, count(*) FROM reuse_lines WHERE host = ? AND line IN ({marks}) GROUP BY line",
                [host, *part],
            )
        )
    return counts


def _prepared(conn: sqlite3.Connection, rowid: int, cache: Cache, *, keyed: bool = False) -> rx.Prepared:
    """Stored document ``rowid`` prepared for alignment, less its site's boilerplate, from
    ``cache`` when there; its keys only when ``keyed`` (a candidate is only aligned with, and
    its keys cost more than the rest of its preparation: the cache may hold it without them)."""
    hit = None if keyed else cache.get(rowid)
    if hit is not None:
        return hit
    row = conn.execute(
        "SELECT d.record, r.host FROM documents d LEFT JOIN reuse_docs r ON r.doc = d.rowid "
        "WHERE d.rowid = ?",
        (rowid,),
    ).fetchone()
    if row is None:
        return rx.prepare("", [])
    data = json.loads(zlib.decompress(row[0]).decode("utf-8"))
    text = data.get("text") or ""
    prepared = rx.prepare(text, rx.body_spans(data.get("paragraphs") or (), text), keyed=False)
    prepared = rx.without(prepared, _boilerplate(conn, row[1], (u.line for u in prepared.units)), keyed=False)
    if keyed:
        prepared = rx.keyed(prepared)
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[rowid] = prepared
    return prepared


def _meta(record: Record, url: str | None) -> tuple[str | None, str | None, str | None]:
    host = rx.host_of(url or record.metadata.url)
    distributor = record.dateline.distributor if record.dateline else None
    credit = record.credit.name if record.credit else None
    return host, distributor, credit


def _passages_json(passages: Sequence[rx.Passage]) -> str:
    return json.dumps([[p.start, p.end, p.source_start, p.source_end, p.kind] for p in passages])


def _passages(text: str) -> tuple[rx.Passage, ...]:
    return tuple(rx.Passage(a, b, c, d, k) for a, b, c, d, k in json.loads(text))


def _postings(conn: sqlite3.Connection, keys: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for chunk in range(0, len(keys), 500):
        part = keys[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        out.extend(conn.execute(f"SELECT key, doc FROM reuse_keys WHERE key IN ({marks})", part))
    return out


def _positions(conn: sqlite3.Connection, docs: Iterable[int]) -> dict[int, tuple[int, str, int]]:
    docs = list(docs)
    out: dict[int, tuple[int, str, int]] = {}
    for chunk in range(0, len(docs), 500):
        part = docs[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for rowid, published in conn.execute(
            f"SELECT rowid, published FROM documents WHERE rowid IN ({marks})", part
        ):
            out[rowid] = rx.order_key(published, rowid)
    return out


def index(
    conn: sqlite3.Connection,
    rowid: int,
    record: Record,
    *,
    url: str | None,
    published: str | None,
    cache: Cache | None = None,
) -> None:
    """Add one stored document to the reuse index and align it with its candidates, in both
    directions (see the module docstring). Runs inside the caller's transaction."""
    cache = {} if cache is None else cache
    prepared = rx.prepare(record.text, rx.body_spans(record.paragraphs, record.text), keyed=False)
    units = json.dumps([[u.start, u.end, u.words, u.line] for u in prepared.units])
    host, distributor, credit = _meta(record, url)
    conn.execute(
        "INSERT OR REPLACE INTO reuse_docs (doc, words, units, host, distributor, credit) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (rowid, prepared.words, units, host, distributor, credit),
    )
    if host:
        prepared = rx.without(
            prepared, _add_lines(conn, host, rowid, {u.line for u in prepared.units}), keyed=False
        )
    prepared = rx.keyed(prepared)
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[rowid] = prepared
    keys = sorted(prepared.keys)
    postings = _add_keys(conn, rowid, keys)
    if not postings:
        return
    mine = rx.order_key(published, rowid)
    where = _positions(conn, {d for _, d in postings})
    earlier = {d for d, pos in where.items() if pos < mine}
    later = set(where) - earlier
    for source in rx.rank(keys, postings, allowed=earlier):
        passages = rx.align(prepared, _prepared(conn, source, cache))
        if passages:
            _store_pair(conn, rowid, source, rx.fraction(prepared, passages), passages)
    for target in rx.rank(keys, postings, allowed=later):
        tp = _prepared(conn, target, cache)
        passages = rx.align(tp, prepared)
        if passages:
            _store_pair(conn, target, rowid, rx.fraction(tp, passages), passages)


def _add_lines(conn: sqlite3.Connection, host: str, rowid: int, lines: set[int]) -> frozenset[int]:
    """Record that document ``rowid`` of site ``host`` holds ``lines``; those that are now the
    site's boilerplate. A line already held by :data:`~dateline.corpus.reuse.SITE_REPEATS`
    documents is boilerplate for good and is not recorded again (a site's cookie line is not
    stored a million times)."""
    counts = _line_counts(conn, host, lines)
    conn.executemany(
        "INSERT OR IGNORE INTO reuse_lines (host, line, doc) VALUES (?, ?, ?)",
        [(host, line, rowid) for line in sorted(lines) if counts.get(line, 0) < rx.SITE_REPEATS],
    )
    return rx.site_boilerplate({line: counts.get(line, 0) + 1 for line in lines})


def _add_keys(conn: sqlite3.Connection, rowid: int, keys: Sequence[int]) -> list[tuple[int, int]]:
    """Post document ``rowid`` under its ``keys``; the postings of the other documents under
    them, for :func:`~dateline.corpus.reuse.rank`.

    A key that this document brings past :data:`~dateline.corpus.reuse.MAX_KEY_DOCS` documents
    is one :func:`~dateline.corpus.reuse.rank` skips from now on: it goes to ``reuse_common`` and
    its postings are dropped, so that neither the index nor the lookups of later documents grow
    with the documents holding a common phrase."""
    common = set(_members(conn, "SELECT key FROM reuse_common WHERE key IN ({})", keys))
    keys = [k for k in keys if k not in common]
    postings = [(k, d) for k, d in _postings(conn, keys) if d != rowid]
    held = Counter(k for k, _ in postings)
    full = [k for k in keys if held[k] + 1 > rx.MAX_KEY_DOCS]
    conn.executemany(
        "INSERT OR IGNORE INTO reuse_keys (key, doc) VALUES (?, ?)",
        [(k, rowid) for k in keys if held[k] < rx.MAX_KEY_DOCS],
    )
    if full:
        conn.executemany("INSERT OR IGNORE INTO reuse_common (key) VALUES (?)", [(k,) for k in full])
        conn.executemany("DELETE FROM reuse_keys WHERE key = ?", [(k,) for k in full])
    return postings


def _members(conn: sqlite3.Connection, sql: str, values: Sequence[int]) -> Iterator[int]:
    """The first column of ``sql`` (one ``IN ({})``) over ``values``, 500 at a time."""
    for chunk in range(0, len(values), 500):
        part = values[chunk : chunk + 500]
        for (value,) in conn.execute(sql.format(",".join("?" * len(part))), part):
            yield value


def _store_pair(
    conn: sqlite3.Connection, doc: int, source: int, share: float, passages: Sequence[rx.Passage]
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO reuse_pairs (doc, source, reused_fraction, passages) VALUES (?, ?, ?, ?)",
        (doc, source, share, _passages_json(passages)),
    )


# --------------------------------------------------------------------------- reading


def _units(conn: sqlite3.Connection, text: str, host: str | None) -> rx.Prepared:
    """A document's stored units, less its site's boilerplate now (enough for shares)."""
    units = tuple(rx.Unit(a, b, "", w, frozenset(), line) for a, b, w, line in json.loads(text))
    return rx.without(rx.Prepared("", units, frozenset()), _boilerplate(conn, host, (u.line for u in units)))


def _allowed(conn: sqlite3.Connection, flt: rx.SourceFilter) -> set[int]:
    rows = conn.execute("SELECT doc, host, distributor, credit FROM reuse_docs")
    return {doc for doc, host, distributor, credit in rows if flt.matches(host, distributor, credit)}


def _one(
    conn: sqlite3.Connection,
    rowid: int,
    doc_id: str,
    published: str | None,
    units: str,
    host: str | None,
    allowed: set[int] | None,
    min_fraction: float,
    cache: Cache,
) -> rx.Reuse:
    if allowed is None:
        rows = conn.execute(
            "SELECT d.id, d.published, p.passages FROM reuse_pairs p JOIN documents d ON d.rowid = p.source "
            "WHERE p.doc = ? ORDER BY d.published IS NULL, d.published, d.rowid",
            (rowid,),
        ).fetchall()
        aligned = [(sid, spub, _passages(text)) for sid, spub, text in rows]
        return rx.assemble(doc_id, published, _units(conn, units, host), aligned, min_fraction=min_fraction)
    prepared = _prepared(conn, rowid, cache, keyed=True)
    keys = sorted(prepared.keys)
    postings = [(k, d) for k, d in _postings(conn, keys) if d != rowid]
    mine = rx.order_key(published, rowid)
    where = _positions(conn, {d for _, d in postings if d in allowed})
    earlier = {d for d, pos in where.items() if pos < mine}
    aligned = []
    for source in sorted(rx.rank(keys, postings, allowed=earlier), key=where.__getitem__):
        passages = rx.align(prepared, _prepared(conn, source, cache))
        if passages:
            sid, spub = conn.execute(
                "SELECT id, published FROM documents WHERE rowid = ?", (source,)
            ).fetchone()
            aligned.append((sid, spub, passages))
    return rx.assemble(doc_id, published, prepared, aligned, min_fraction=min_fraction)


def reuse(
    store: StoreLike,
    *,
    ids: Sequence[str] | None = None,
    source_filter: rx.SourceFilter | str | None = None,
    min_fraction: float = 0.0,
) -> Iterator[rx.Reuse]:
    """What each document reuses (:class:`~dateline.corpus.reuse.Reuse`), earliest document
    first, or for the documents ``ids`` in that order.

    ``source_filter`` (a :class:`~dateline.corpus.reuse.SourceFilter` or its text, e.g.
    ``"site:pa.example"``) keeps only sources it matches. Documents whose ``reused_fraction`` is
    below ``min_fraction`` are left out, and so are sources covering less than it. An unknown id
    raises :class:`StoreError`.
    """
    flt = rx.parse_filter(source_filter) if isinstance(source_filter, str) else source_filter
    conn = store.conn
    allowed = _allowed(conn, flt) if flt is not None else None
    sql = (
        "SELECT d.rowid, d.id, d.published, r.units, r.host FROM documents d "
        "JOIN reuse_docs r ON r.doc = d.rowid"
    )
    if ids is not None:
        rows = []
        for doc_id in ids:
            row = conn.execute(sql + " WHERE d.id = ?", (doc_id,)).fetchone()
            if row is None:
                raise StoreError("no such document (try `dateline search`)", doc_id)
            rows.append(row)
    else:
        rows = conn.execute(sql + " ORDER BY d.published IS NULL, d.published, d.rowid").fetchall()
    cache: Cache = {}
    for rowid, doc_id, published, units, host in rows:
        result = _one(conn, rowid, doc_id, published, units, host, allowed, min_fraction, cache)
        if result.reused_fraction >= min_fraction:
            yield result


def pickup(store: StoreLike, doc_id: str, *, min_fraction: float = 0.0) -> list[rx.Reuse]:
    """The later documents that reuse ``doc_id``: for each, a :class:`~dateline.corpus.reuse.Reuse`
    holding only ``doc_id`` as its source (its share, its passages), largest share first. An
    unknown id raises :class:`StoreError`."""
    conn = store.conn
    row = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise StoreError("no such document (try `dateline search`)", doc_id)
    src = conn.execute("SELECT id, published FROM documents WHERE rowid = ?", (row[0],)).fetchone()
    out: list[rx.Reuse] = []
    for tid, tpub, units, host, passages in conn.execute(
        "SELECT d.id, d.published, r.units, r.host, p.passages FROM reuse_pairs p "
        "JOIN documents d ON d.rowid = p.doc JOIN reuse_docs r ON r.doc = p.doc WHERE p.source = ? "
        "ORDER BY d.published IS NULL, d.published, d.rowid",
        (row[0],),
    ):
        aligned = [(src[0], src[1], _passages(passages))]
        out.append(rx.assemble(tid, tpub, _units(conn, units, host), aligned, min_fraction=min_fraction))
    out = [r for r in out if r.sources and r.reused_fraction >= min_fraction]
    out.sort(key=lambda r: -r.reused_fraction)  # stable: equal shares earliest first
    return out
