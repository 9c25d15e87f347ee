"""The embedded corpus store: one SQLite file (WAL) of analyzed documents.

Public API (``from dateline.corpus import Store``)::

    with Store("corpus.db") as store:
        doc_id, inserted = store.add(record, source="feeds", url=None, published=None, key=None)
        store.get(doc_id)                    -> Record | None
        store.document(doc_id)               -> Document | None  (stored fields, no NLP)
        store.search("water summit", speaker="Xi", entity=None, source=None,
                     since="2021-01-01", until=None, limit=20, offset=0)   -> list[Hit]
        store.quotes("Xi", query=None, since=None, until=None, source=None,
                     limit=50, offset=0)      -> list[Quote]
        store.speakers(top=20)               -> list[Speaker]
        store.clusters(min_size=2, limit=100, offset=0) -> list[Cluster]
        store.cluster(cluster_id)            -> Cluster | None
        store.statements(speaker=None, altered=False, since=None, until=None,
                         min_documents=2, limit=50, offset=0)  -> list[Statement]
        store.statement(statement_id)        -> Statement | None
        store.statement_summaries(doc_ids)   -> list[statement_store.Summary]
        store.record_failure(source, reason, key=None); store.failures() -> list[Failure]
        store.count()                        -> int
        store.has_key(key)                   -> str | None (the id stored under an ingest key)

Every result is a frozen dataclass with ``as_dict()``. A malformed full-text query raises
:class:`QueryError` (a :class:`~dateline.errors.StoreError`): the web app answers 400.

**Identity.** Each document has an ingest ``key`` (its path, URL or content hash; default the
URL, else ``record.path``, else the SHA-1 of the text): adding a key already stored stores
nothing and returns ``(existing id, False)``, so ingesting again is idempotent and resumable.
Its ``id`` is ``record.id`` (a file's name without extension), else the last segment of its
URL or path, made unique with a ``-2``, ``-3`` ... suffix. Identical text under two keys is two
documents, members of one syndication cluster.

**Speakers** match by canonical entity name, alias or (for people) any word of the name,
case-insensitively: ``"Xi"`` finds the statements of ``Xi Jinping``.

**Clusters** are kept up to date on every ``add`` (LSH band keys in a table, verification and
grouping from :mod:`dateline.corpus.syndication`); the original of a cluster is its earliest
member by ``published`` (then by order of ingest).

**Statements** (one quote across documents, :mod:`dateline.corpus.statements`) are kept up to
date on every ``add`` as well (:mod:`dateline.corpus.statement_store`); a statement's canonical
text, first appearance and the kind of each occurrence are worked out when it is read.

**Threads and processes.** Each thread gets its own connection; writes are serialized by a
lock and by SQLite's own locking (``BEGIN IMMEDIATE``, 60 s busy timeout), so a FastAPI app
and an ingest in another process can share one file. ``transaction()`` groups many ``add``
calls into one commit (what ``ingest`` does, in batches).

**Schema** versions live in :data:`MIGRATIONS` (``PRAGMA user_version``); opening a store
applies the missing ones. Records are stored whole as zlib-compressed JSON
(``Record.as_dict()``), beside the tables that queries use: ``documents``, ``entities``,
``names`` (every name and alias of an entity), ``mentions``, ``attributions``, ``clusters``,
``signatures`` and ``bands`` (MinHash, with the parameters in ``settings``), ``failures`` and
the FTS5 indexes ``documents_fts`` (headline, body) and ``quotes_fts`` (quoted content).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import zlib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from .. import dates
from ..errors import QueryError, StoreError
from ..records import ATTRIBUTION_TYPES, Record
from . import parameters, reuse_index, statement_store, syndication
from .query import SearchQuery
from .statements import Statement

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Cluster",
    "Document",
    "Failure",
    "Hit",
    "Member",
    "QueryError",
    "Quote",
    "Speaker",
    "Store",
    "check_query",
]

log = logging.getLogger(__name__)


_V1 = """
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    site TEXT,
    path TEXT,
    url TEXT,
    published TEXT,
    headline TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL DEFAULT '',
    text_sha1 TEXT NOT NULL,
    cluster INTEGER,
    added TEXT NOT NULL,
    record BLOB NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_source ON documents (source COLLATE NOCASE);
CREATE INDEX documents_site ON documents (site COLLATE NOCASE);
CREATE INDEX documents_cluster ON documents (cluster);
CREATE INDEX documents_sha1 ON documents (text_sha1);
CREATE TABLE id_counters (stem TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE entities (
    doc INTEGER NOT NULL,
    eid TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (doc, eid)
) WITHOUT ROWID;
CREATE TABLE names (
    alias TEXT NOT NULL COLLATE NOCASE,
    doc INTEGER NOT NULL,
    eid TEXT NOT NULL,
    PRIMARY KEY (alias, doc, eid)
) WITHOUT ROWID;
CREATE INDEX names_doc ON names (doc);
CREATE TABLE mentions (
    doc INTEGER NOT NULL,
    eid TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc, eid);
CREATE TABLE attributions (
    rowid INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    n INTEGER NOT NULL,
    speaker TEXT,
    eid TEXT,
    source_text TEXT,
    cue TEXT,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    score REAL
);
CREATE INDEX attributions_doc ON attributions (doc, eid);
CREATE INDEX attributions_speaker ON attributions (speaker COLLATE NOCASE);
CREATE INDEX attributions_source_text ON attributions (source_text COLLATE NOCASE);
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    headline, body_text, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    content, speaker, content='attributions', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE clusters (id INTEGER PRIMARY KEY, created TEXT NOT NULL);
CREATE TABLE signatures (
    doc INTEGER PRIMARY KEY,
    words INTEGER NOT NULL,
    signature BLOB NOT NULL,
    lead_signature BLOB NOT NULL
);
CREATE TABLE bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
CREATE TABLE failures (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1
);
"""

#: Statement types (speech, thought, evidence, intention, other). Statements stored before
#: this version have none (NULL): re-ingest those documents to type them.
_V2 = """
ALTER TABLE attributions ADD COLUMN type TEXT;
CREATE INDEX attributions_type ON attributions (type);
"""

#: The full-text index of documents with prefix indexes of 3 and 4 characters: ``comp*`` reads
#: one list of documents instead of merging the lists of every word it could begin (hundreds,
#: each with its documents). Older stores get it rebuilt from their documents when opened.
#: And the shingle hashes of each body and lead beside its signatures, so that verifying a
#: candidate copy reads them instead of fingerprinting the candidate's body again (0.4 ms each,
#: and a new document meets up to ``BANDS`` x ``MAX_BAND_DOCS`` candidates); NULL in rows
#: stored before, which are fingerprinted again as before.
_V4 = """
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    headline, body_text, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='3 4'
);
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
ALTER TABLE signatures ADD COLUMN shingles BLOB;
ALTER TABLE signatures ADD COLUMN lead BLOB;
"""

#: What a search filters documents on, in a narrow table of its own kept by triggers: a full-text
#: search checks ``since``/``until``/``source`` for each match it reads (up to
#: ``RANK_CANDIDATES`` passing), and a ``documents`` row holds the body and the record, so each
#: check read about a page of its own; here a page holds about a hundred documents' filters.
#: On the million-document benchmark store, right after it was written (its pages not in the
#: OS cache), a common word with ``since`` took up to 288 ms reading ``documents``.
_V5 = """
CREATE TABLE doc_filters (doc INTEGER PRIMARY KEY, published TEXT, source TEXT NOT NULL, site TEXT);
INSERT INTO doc_filters (doc, published, source, site) SELECT rowid, published, source, site FROM documents;
CREATE TRIGGER documents_filters_insert AFTER INSERT ON documents BEGIN
    INSERT INTO doc_filters (doc, published, source, site)
    VALUES (new.rowid, new.published, new.source, new.site);
END;
CREATE TRIGGER documents_filters_update AFTER UPDATE OF published, source, site ON documents BEGIN
    UPDATE doc_filters SET published = new.published, source = new.source, site = new.site
    WHERE doc = new.rowid;
END;
CREATE TRIGGER documents_filters_delete AFTER DELETE ON documents BEGIN
    DELETE FROM doc_filters WHERE doc = old.rowid;
END;
"""

#: Each cluster's size and first member (lowest rowid), kept by triggers on ``documents``, so
#: that listing the largest clusters reads an index instead of counting every document's cluster
#: (526 ms on the million-document benchmark store).
_V6 = """
ALTER TABLE clusters ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clusters ADD COLUMN first INTEGER;
UPDATE clusters SET size = c.n, first = c.lo
FROM (
    SELECT cluster, count(*) AS n, min(rowid) AS lo FROM documents
    WHERE cluster IS NOT NULL GROUP BY cluster
) AS c
WHERE clusters.id = c.cluster;
CREATE INDEX clusters_size ON clusters (size DESC, first);
CREATE TRIGGER documents_cluster_insert AFTER INSERT ON documents WHEN new.cluster IS NOT NULL BEGIN
    UPDATE clusters SET size = size + 1, first = min(coalesce(first, new.rowid), new.rowid)
    WHERE id = new.cluster;
END;
CREATE TRIGGER documents_cluster_update AFTER UPDATE OF cluster ON documents
WHEN new.cluster IS NOT old.cluster BEGIN
    UPDATE clusters SET size = size - 1,
        first = (SELECT min(rowid) FROM documents WHERE cluster = old.cluster)
    WHERE id = old.cluster;
    UPDATE clusters SET size = size + 1, first = min(coalesce(first, new.rowid), new.rowid)
    WHERE id = new.cluster;
END;
CREATE TRIGGER documents_cluster_delete AFTER DELETE ON documents WHEN old.cluster IS NOT NULL BEGIN
    UPDATE clusters SET size = size - 1,
        first = (SELECT min(rowid) FROM documents WHERE cluster = old.cluster)
    WHERE id = old.cluster;
END;
"""

#: Schema migrations, in order; ``PRAGMA user_version`` counts those applied.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, statement_store.MIGRATION, _V4, _V5, _V6)
#: The migration that added statements (older stores are grouped when they reach it).
_STATEMENTS_VERSION = 3
SCHEMA_VERSION = len(MIGRATIONS)

_PERSON_LABELS = {"PERSON", "PER"}
#: Candidates' shingles kept in memory for verifying later copies, least recently used
#: dropped first (about 3 kB each, 100 MB in all). A band bucket keeps its first
#: ``MAX_BAND_DOCS`` documents, so the same candidates come back again and again.
_FP_CACHE_SIZE = 32_768
#: Full-text matches scored per search (see :meth:`Store._ranked`). bm25 costs FTS5 about 1.5
#: microseconds a match (30 ms for 20,000 in the 100,000-document benchmark store), and a filter
#: (``since``, ``source``...) costs a lookup of each match read until this many pass (226 ms for
#: "states" since June, 20,000 lookups, in about 340,000 documents): 2,000 keeps both a few
#: milliseconds at any size. In the 10,000-document benchmark store 9 of the 300 queries match
#: more (common words, ``comp*``) and rank their newest 2,000.
RANK_CANDIDATES = 2_000
_HIT_COLUMNS = "d.id, d.headline, d.published, d.source, d.site, d.url, d.path, d.cluster"
_ID_CLEAN = re.compile(r"[^\w.-]+")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Document:
    """What the store holds about one document besides its record."""

    id: str
    key: str
    source: str
    site: str | None
    path: str | None
    url: str | None
    published: str | None
    headline: str
    cluster: int | None
    added: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; ``snippet`` marks matched words with ``[`` and ``]``."""

    id: str
    headline: str
    published: str | None
    source: str
    site: str | None
    url: str | None
    path: str | None
    cluster: int | None
    snippet: str
    score: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Quote:
    """One statement: who (``speaker``, the canonical name; ``source_text``, the words in the
    text), the cue and the content, with offsets into the document's text; ``type`` is the
    statement type (``speech``, ``thought``...; ``None`` when stored before types existed)."""

    document: str
    speaker: str | None
    source_text: str | None
    cue: str | None
    kind: str
    content: str
    start: int
    end: int
    published: str | None
    headline: str
    score: float | None = None
    type: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker and how often they are quoted."""

    name: str
    quotes: int
    documents: int
    first: str | None
    last: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Member:
    """One copy in a cluster (``id`` is a file's name without extension)."""

    id: str
    path: str | None
    url: str | None
    published: str | None
    source: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Copies of one document; ``original`` is the earliest member, listed first."""

    id: int
    original: str
    members: tuple[Member, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "size": self.size,
            "original": self.original,
            "members": [m.as_dict() for m in self.members],
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be ingested, and why (``reason`` is one line)."""

    key: str
    source: str
    reason: str
    at: str
    attempts: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- helpers


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_range(column: str, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """``column`` between ``since`` and ``until`` (both days included; see
    :func:`dateline.dates.filter_date`)."""
    where: list[str] = []
    params: list[Any] = []
    s, u = dates.filter_date(since, "since"), dates.filter_date(until, "until")
    if s:
        where.append(f"{column} >= ?")
        params.append(s)
    end = dates.next_day(u) if u else None  # None after 9999-12-31: such an until filters nothing
    if end:
        where.append(f"{column} < ?")
        params.append(end)
    return where, params


def _stem_of(record: Record, url: str | None) -> str:
    """The id a document asks for: ``record.id`` as given (a file's name without extension),
    else the last segment of its URL or path, reduced to word characters, dots and dashes."""
    if record.id and record.id.strip():
        return record.id.strip()
    if url:
        parts = urlsplit(url)
        segs = [s for s in parts.path.split("/") if s]
        stem = PurePosixPath(segs[-1]).stem if segs else parts.netloc
    elif record.path:
        stem = Path(record.path).stem
    else:
        stem = "doc"
    return (_ID_CLEAN.sub("-", stem).strip("-.") or "doc")[:120]


def _sig_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def _sig_array(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def _stored_shingles(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, syndication.Shingles]:
    """The shingles stored for ``rowids`` (those stored without them are left out), read 500 at
    a time; the arrays are read-only views of the stored bytes."""
    out: dict[int, syndication.Shingles] = {}
    for k in range(0, len(rowids), 500):
        part = rowids[k : k + 500]
        marks = ",".join("?" * len(part))
        for doc, shingles, lead in conn.execute(
            f"SELECT doc, shingles, lead FROM signatures WHERE doc IN ({marks}) AND shingles IS NOT NULL",
            part,
        ):
            out[doc] = syndication.Shingles(np.frombuffer(shingles, "<u4"), np.frombuffer(lead, "<u4"))
    return out


# --------------------------------------------------------------------------- the store


class Store:
    """The SQLite corpus store (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        self._fp_cache: OrderedDict[int, syndication.Shingles] = OrderedDict()
        self._reuse_cache: reuse_index.Cache = {}
        if self.path != ":memory:":
            parent = Path(self.path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"folder {parent} does not exist", self.path)
        self._migrate()
        reuse_index.setup(self)

    # ------------------------------------------------------------------ connections

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 60000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal" and self.path != ":memory:":
                log.warning("%s: journal mode is %s, not WAL", self.path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            # 64 MB of page cache: the LSH band index takes random inserts as the store grows
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store: {exc}", self.path) from None
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        if self._closed:
            raise StoreError("the store is closed", self.path)
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
            self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        conn = self.conn
        try:
            with self._lock:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"schema version {version} is newer than this dateline's ({SCHEMA_VERSION}); "
                        "upgrade dateline",
                        self.path,
                    )
                if version == SCHEMA_VERSION:
                    self._check_parameters()
                    return
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    for number in range(version, SCHEMA_VERSION):
                        log.info("%s: migrating schema to version %d", self.path, number + 1)
                        for statement in _statements(MIGRATIONS[number]):
                            conn.execute(statement)
                        conn.execute(f"PRAGMA user_version = {number + 1}")
                    for name, value in syndication.PARAMETERS.items():
                        conn.execute(
                            "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)",
                            (f"syndication.{name}", json.dumps(value)),
                        )
                    statement_store.record_parameters(conn)
                    if 0 < version < _STATEMENTS_VERSION:
                        statement_store.backfill(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not a dateline store, or damaged: {exc}", self.path) from None

    def _check_parameters(self) -> None:
        names = ("num_perm", "seed", "scheme", "shingle_words", "lead_words", "bands", "rows")
        parameters.check(
            self.conn, "syndication", names, syndication.PARAMETERS, "its signatures were", self.path
        )
        statement_store.check_parameters(self.conn, self.path)

    def settings(self) -> dict[str, Any]:
        """Recorded settings (syndication parameters the signatures were made with)."""
        return {k: json.loads(v) for k, v in self.conn.execute("SELECT name, value FROM settings")}

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested calls join the outer one).

        Full-text rows given to :meth:`_index_text` are written when the outermost transaction
        commits: FTS5 writes its pending rows out as a new index segment at every savepoint, so
        that writing them as they come (one savepoint per ``add``) made a segment per document
        and left FTS5 merging segments all along a bulk ingest."""
        conn = self.conn
        with self._lock:
            depth = getattr(self._local, "depth", 0)
            if depth:  # nested: a savepoint, so a failed ``add`` leaves nothing behind
                name = f"sp{depth}"
                conn.execute(f"SAVEPOINT {name}")
                self._local.depth = depth + 1
                pending = len(self._local.fts)
                try:
                    yield conn
                except BaseException:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                    del self._local.fts[pending:]
                    self._fp_cache.clear()
                    self._reuse_cache.clear()
                    raise
                else:
                    conn.execute(f"RELEASE {name}")
                finally:
                    self._local.depth = depth
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot write: {exc}", self.path) from None
            self._local.depth = 1
            self._local.fts = []
            try:
                yield conn
                self._write_text(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                self._fp_cache.clear()
                self._reuse_cache.clear()
                raise
            else:
                conn.execute("COMMIT")
            finally:
                self._local.depth = 0
                self._local.fts = []

    def _index_text(self, table: str, rowid: int, values: tuple[str, str]) -> None:
        """Queue a row of full-text index ``table`` for the commit (see :meth:`transaction`)."""
        self._local.fts.append((table, rowid, values))

    def _write_text(self, conn: sqlite3.Connection) -> None:
        for table, columns in _INDEXES.items():
            rows = [(rowid, *values) for t, rowid, values in self._local.fts if t == table]
            if rows:
                conn.executemany(f"INSERT INTO {table} (rowid, {columns}) VALUES (?, ?, ?)", rows)

    # ------------------------------------------------------------------ writing

    def has_key(self, key: str) -> str | None:
        """The id of the document stored under ingest ``key``, if any."""
        row = self.conn.execute("SELECT id FROM documents WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def keys(self) -> set[str]:
        """Every ingest key stored (for resuming a large ingest without a query per input)."""
        return {k for (k,) in self.conn.execute("SELECT key FROM documents")}

    def add(
        self,
        record: Record,
        *,
        source: str,
        url: str | None = None,
        published: str | None = None,
        key: str | None = None,
    ) -> tuple[str, bool]:
        """Store ``record``; ``(doc_id, inserted)``; ``inserted`` is False when ``key`` was stored."""
        url = url or record.metadata.url
        text_sha1 = hashlib.sha1(record.text.encode("utf-8", "surrogatepass")).hexdigest()
        key = key or url or record.path or f"sha1:{text_sha1}"
        pub = dates.published(record, published)
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM documents WHERE key = ?", (key,)).fetchone()
            if row:
                return row[0], False
            doc_id = self._unique_id(conn, _stem_of(record, url))
            site = record.metadata.site or (record.dateline.distributor if record.dateline else None)
            headline = record.headline.text if record.headline else (record.metadata.title or "")
            # the body, or the whole text when the wire parser found no body paragraphs
            body = record.body_text or record.text
            blob = zlib.compress(json.dumps(record.as_dict(), ensure_ascii=False).encode("utf-8"), 6)
            cur = conn.execute(
                "INSERT INTO documents (id, key, source, site, path, url, published, headline, body_text,"
                " text_sha1, added, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    key,
                    source,
                    site,
                    record.path,
                    url,
                    pub,
                    headline,
                    body,
                    text_sha1,
                    _now(),
                    blob,
                ),
            )
            rowid = cur.lastrowid
            assert rowid is not None
            self._index_text("documents_fts", rowid, (headline, body))
            self._add_entities(conn, rowid, record)
            self._add_attributions(conn, rowid, record)
            self._add_to_cluster(conn, rowid, body, pub)
            reuse_index.index(conn, rowid, record, url=url, published=pub, cache=self._reuse_cache)
            statement_store.add_document(conn, rowid, pub)
            conn.execute("DELETE FROM failures WHERE key = ?", (key,))
        return doc_id, True

    def _unique_id(self, conn: sqlite3.Connection, stem: str) -> str:
        row = conn.execute("SELECT n FROM id_counters WHERE stem = ?", (stem,)).fetchone()
        n = row[0] if row else 0
        while True:
            n += 1
            candidate = stem if n == 1 else f"{stem}-{n}"
            if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                break
        conn.execute("INSERT OR REPLACE INTO id_counters (stem, n) VALUES (?, ?)", (stem, n))
        return candidate

    def _add_entities(self, conn: sqlite3.Connection, rowid: int, record: Record) -> None:
        for ent in record.entities:
            conn.execute(
                "INSERT OR IGNORE INTO entities (doc, eid, name, label) VALUES (?, ?, ?, ?)",
                (rowid, ent.id, ent.name, ent.label),
            )
            # in this order, so that of two spellings alike but for case (a NOCASE key keeps the
            # first) the canonical name's wins, then the aliases' in the record's order
            names = [ent.name, *ent.aliases]
            if ent.label in _PERSON_LABELS:
                names += [w for w in re.findall(r"[\w'’-]+", ent.name) if len(w) > 1 and w[0].isupper()]
            conn.executemany(
                "INSERT OR IGNORE INTO names (alias, doc, eid) VALUES (?, ?, ?)",
                [(n.strip(), rowid, ent.id) for n in dict.fromkeys(names) if n and n.strip()],
            )
            conn.executemany(
                "INSERT INTO mentions (doc, eid, start_char, end_char, kind) VALUES (?, ?, ?, ?, ?)",
                [(rowid, ent.id, m.start, m.end, m.kind) for m in ent.mentions],
            )

    def _add_attributions(self, conn: sqlite3.Connection, rowid: int, record: Record) -> None:
        names = {e.id: e.name for e in record.entities}
        for n, attr in enumerate(record.attributions):
            src = attr.source
            eid = src.entity_id if src else None
            speaker = (names.get(eid) if eid else None) or (src.entity if src else None)
            cur = conn.execute(
                "INSERT INTO attributions (doc, n, speaker, eid, source_text, cue, kind, content,"
                " start_char, end_char, score, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    n,
                    speaker,
                    eid,
                    src.text if src else None,
                    attr.cue.text if attr.cue else None,
                    attr.kind,
                    attr.content.text,
                    attr.content.start,
                    attr.content.end,
                    attr.score,
                    attr.type,
                ),
            )
            assert cur.lastrowid is not None
            self._index_text(
                "quotes_fts", cur.lastrowid, (attr.content.text, speaker or (src.text if src else ""))
            )

    # ------------------------------------------------------------------ syndication

    def _shingles_of(
        self, conn: sqlite3.Connection, rowids: Iterable[int]
    ) -> dict[int, syndication.Shingles]:
        """The shingles of candidate documents: from the cache, else stored (one query for all),
        else fingerprinted from the body (a store written before shingles were stored)."""
        out: dict[int, syndication.Shingles] = {}
        missing = []
        for rowid in rowids:
            sh = self._fp_cache.get(rowid)
            if sh is None:
                missing.append(rowid)
            else:
                self._fp_cache.move_to_end(rowid)
                out[rowid] = sh
        stored = _stored_shingles(conn, missing) if missing else {}
        for rowid in missing:
            sh = stored.get(rowid)
            if sh is None:
                row = conn.execute("SELECT body_text FROM documents WHERE rowid = ?", (rowid,)).fetchone()
                fp = syndication.fingerprint(row[0]) if row else None
                if fp is None:
                    continue
                sh = syndication.Shingles(fp.shingles, fp.lead)
            self._remember(rowid, sh)
            out[rowid] = sh
        return out

    def _remember(self, rowid: int, sh: syndication.Shingles) -> None:
        """Cache a document's shingles for verifying later copies (the least recently used go
        first past ``_FP_CACHE_SIZE``)."""
        self._fp_cache[rowid] = sh
        self._fp_cache.move_to_end(rowid)
        if len(self._fp_cache) > _FP_CACHE_SIZE:
            self._fp_cache.popitem(last=False)

    def _add_to_cluster(self, conn: sqlite3.Connection, rowid: int, body: str, published: str | None) -> None:
        fp = syndication.fingerprint(body)
        if fp is None:
            return
        keys = syndication.band_keys(fp)
        conn.execute(
            "INSERT INTO signatures (doc, words, signature, lead_signature, shingles, lead)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                rowid,
                fp.words,
                *(_sig_bytes(a) for a in (fp.signature, fp.lead_signature, fp.shingles, fp.lead)),
            ),
        )
        candidates: set[int] = set()
        held: Counter[int] = Counter()
        for chunk in range(0, len(keys), 500):
            part = keys[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for key, doc in conn.execute(f"SELECT key, doc FROM bands WHERE key IN ({marks})", part):
                candidates.add(doc)
                held[key] += 1
        # a bounded bucket: its first documents stand for the rest (see MAX_BAND_DOCS)
        conn.executemany(
            "INSERT OR IGNORE INTO bands (key, doc) VALUES (?, ?)",
            [(k, rowid) for k in keys if held[k] < syndication.MAX_BAND_DOCS],
        )
        candidates.discard(rowid)
        confirmed = syndication.copies(fp, self._shingles_of(conn, sorted(candidates)))
        self._remember(rowid, syndication.Shingles(fp.shingles, fp.lead))
        chosen = syndication.choose(self._candidates(conn, confirmed)) if confirmed else None
        if chosen is None:
            chosen = conn.execute("INSERT INTO clusters (created) VALUES (?)", (_now(),)).lastrowid
        conn.execute("UPDATE documents SET cluster = ? WHERE rowid = ?", (chosen, rowid))

    @staticmethod
    def _candidates(conn: sqlite3.Connection, confirmed: set[int]) -> list[syndication.Candidate[int]]:
        """The clusters holding confirmed copies of a new document, for :func:`syndication.choose`.

        A stored cluster's original is its earliest member by ``published``, then by order of
        ingest; among clusters whose originals tie, the store prefers the cluster made first
        (``order`` = (published or ``"~"``, cluster id)), where :func:`syndication.group` prefers
        the earliest original in its order. The two differ only when two candidate clusters'
        originals share a date and the cluster made first has the later-ingested original (a
        document published earlier joined it after the other cluster was made)."""
        marks = ",".join("?" * len(confirmed))
        by_cluster: dict[int, set[int]] = {}
        for doc, cl in conn.execute(
            f"SELECT rowid, cluster FROM documents WHERE rowid IN ({marks}) AND cluster IS NOT NULL",
            tuple(confirmed),
        ):
            by_cluster.setdefault(cl, set()).add(doc)
        out = []
        for cl, linked in by_cluster.items():
            # the members' rowids from the cluster index, their dates from the narrow
            # doc_filters (a documents row holds the body: a page read for each member)
            members = conn.execute(
                "SELECT d.rowid, f.published FROM documents d "
                "JOIN doc_filters f ON f.doc = d.rowid WHERE d.cluster = ? "
                "ORDER BY f.published IS NULL, f.published, d.rowid",
                (cl,),
            ).fetchall()
            original, published = members[0]
            out.append(
                syndication.Candidate(
                    cl, len(members), len(linked), original in linked, (published or "~", cl)
                )
            )
        return out

    # ------------------------------------------------------------------ failures

    def record_failure(self, source: str, reason: str, *, key: str | None = None) -> None:
        """Record that ``source`` (under ingest ``key``, default ``source``) failed, and why."""
        key = key or source
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO failures (key, source, reason, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET reason = excluded.reason, at = excluded.at, "
                "source = excluded.source, attempts = attempts + 1",
                (key, source, reason, _now()),
            )

    def failures(self, *, limit: int | None = None, offset: int = 0) -> list[Failure]:
        """Inputs that failed and have not been ingested since, oldest first."""
        rows = self.conn.execute(
            "SELECT key, source, reason, at, attempts FROM failures ORDER BY at, key LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [Failure(*r) for r in rows]

    # ------------------------------------------------------------------ reading

    def count(self) -> int:
        """Number of documents."""
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def get(self, doc_id: str) -> Record | None:
        """The stored record of ``doc_id``."""
        row = self.conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return Record.from_dict(json.loads(zlib.decompress(row[0]).decode("utf-8")))

    def document(self, doc_id: str) -> Document | None:
        """The stored fields of ``doc_id`` (no record decoding)."""
        row = self.conn.execute(
            "SELECT id, key, source, site, path, url, published, headline, cluster, added "
            "FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return Document(*row) if row else None

    def _speaker_clause(self, speaker: str, alias: str = "a") -> tuple[str, list[Any]]:
        name = speaker.strip()
        clause = (
            f"(({alias}.doc, {alias}.eid) IN (SELECT doc, eid FROM names WHERE alias = ?)"
            f" OR {alias}.speaker = ? COLLATE NOCASE OR {alias}.source_text = ? COLLATE NOCASE)"
        )
        return clause, [name, name, name]

    @staticmethod
    def _type_clause(type: str | None, alias: str = "a") -> tuple[list[str], list[Any]]:
        """``type = ?`` for a statement type (checked against ``ATTRIBUTION_TYPES``)."""
        if type is None or not type.strip():
            return [], []
        if type not in ATTRIBUTION_TYPES:
            raise QueryError(
                f"unknown statement type {type!r}; choose one of {', '.join(ATTRIBUTION_TYPES)}", "type"
            )
        return [f"{alias}.type = ?"], [type]

    def _filters(
        self,
        *,
        speaker: str | None,
        entity: str | None,
        source: str | None,
        since: str | None,
        until: str | None,
        type: str | None = None,
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if speaker:
            clause, p = self._speaker_clause(speaker)
            typed, tp = self._type_clause(type)
            where.append(
                f"d.rowid IN (SELECT a.doc FROM attributions a WHERE {' AND '.join([clause, *typed])})"
            )
            params += p + tp
        if entity:
            where.append("d.rowid IN (SELECT doc FROM names WHERE alias = ?)")
            params.append(entity.strip())
        if source:
            where.append("(d.source = ? COLLATE NOCASE OR d.site = ? COLLATE NOCASE)")
            params += [source, source]
        dated, dp = _date_range("d.published", since, until)
        return where + dated, params + dp

    def search(
        self,
        query: str | SearchQuery | None = None,
        *,
        speaker: str | None = None,
        entity: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
        type: str | None = None,
    ) -> list[Hit]:
        """Documents matching a :class:`~dateline.corpus.query.SearchQuery`: its FTS5 ``text``
        (words, ``"phrases"``, ``OR``, ``NOT``, ``prefix*``) and its filters, best first (newest
        first without a text); ``type`` restricts the ``speaker`` filter to statements of that
        type. ``search("words", speaker=..., limit=...)`` builds the query from keywords, which
        are ignored when ``query`` is a ``SearchQuery`` already."""
        if not isinstance(query, SearchQuery):
            query = SearchQuery(query, speaker, entity, source, since, until, type, limit, offset)
        where, params = self._filters(
            speaker=query.speaker,
            entity=query.entity,
            source=query.source,
            since=query.since,
            until=query.until,
            type=query.type,
        )
        limit, offset = _limit(query.limit), max(0, int(query.offset))
        if query.has_text and query.text is not None:
            return self._ranked(query.text, where, params, limit, offset)
        sql = f"SELECT {_HIT_COLUMNS}, substr(d.body_text, 1, 160), NULL FROM documents d"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC LIMIT ? OFFSET ?"
        return [Hit(*r) for r in self._query(sql, [*params, limit, offset], None)]

    def _ranked(self, text: str, where: list[str], params: list[Any], limit: int, offset: int) -> list[Hit]:
        """The documents matching full-text ``text`` and the filters ``where``, best first by
        bm25 (headline words weigh 4 times body words; ties: earlier ingested first).

        Scoring every match would grow with the store (a common word matches most of a million
        documents), so at most the newest :data:`RANK_CANDIDATES` matches are scored (newest by
        ingest order, the order FTS5 reads its index in, so reading stops there) and the best of
        them returned: the exact ranking whenever a query matches fewer.

        A query with a phrase (``"of the"``, ``a + b``, ``NEAR``) comes newest first, unscored:
        FTS5's bm25 counts a phrase's documents by reading every document that holds all its
        words (230 ms for ``"and on"`` in about 340,000 documents), where
        reading newest first stops at the page's last match. Snippets are made for the page only."""
        if offset + limit <= 0:
            return []
        base = (
            " FROM documents_fts"
            + (" JOIN doc_filters d ON d.doc = documents_fts.rowid" if where else "")
            + " WHERE documents_fts MATCH ?"
            + "".join(f" AND {w}" for w in where)
        )
        if _has_phrase(text):
            newest = self._query(
                f"SELECT documents_fts.rowid{base} ORDER BY documents_fts.rowid DESC LIMIT ? OFFSET ?",
                [text, *params, limit, offset],
                text,
            )
            return self._hits(text, [(rowid, None) for (rowid,) in newest], phrase=True)
        scored = self._query(
            f"SELECT documents_fts.rowid, bm25(documents_fts, 4.0, 1.0){base} "
            "ORDER BY documents_fts.rowid DESC LIMIT ?",
            [text, *params, RANK_CANDIDATES],
            text,
        )
        page = sorted(scored, key=lambda r: (r[1], r[0]))[offset : offset + limit]
        return self._hits(text, page, phrase=False)

    def _hits(self, text: str, page: list[tuple[int, float | None]], *, phrase: bool) -> list[Hit]:
        """The hits of ``page`` (rowid and score, in order) with their snippets.

        FTS5 makes a snippet only while it reads a match, and looking one document up starts
        its reading again (for ``comp*`` or ``a OR b``, several lists of documents): snippets
        are made in one reading of the rowid range of the page, except for phrases, whose
        reading checks the positions of every document holding their words in that range."""
        if not page:
            return []
        ids = [rowid for rowid, _ in page]
        marks = ",".join("?" * len(ids))
        snippet = "snippet(documents_fts, 1, '[', ']', '…', 16)"
        if phrase:
            sql = (
                f"SELECT documents_fts.rowid, {snippet} FROM documents_fts "
                f"WHERE documents_fts MATCH ? AND documents_fts.rowid IN ({marks})"
            )
            args: list[Any] = [text, *ids]
        else:
            sql = (
                f"SELECT documents_fts.rowid, CASE WHEN documents_fts.rowid IN ({marks}) THEN {snippet} END "
                "FROM documents_fts WHERE documents_fts MATCH ? AND documents_fts.rowid BETWEEN ? AND ?"
            )
            args = [*ids, text, min(ids), max(ids)]
        snippets = {rowid: snip for rowid, snip in self._query(sql, args, None) if snip is not None}
        rows = self._query(
            f"SELECT d.rowid, {_HIT_COLUMNS} FROM documents d WHERE d.rowid IN ({marks})", ids, None
        )
        found = {r[0]: r[1:] for r in rows}
        return [
            Hit(*(*found[rowid], snippets.get(rowid, ""), score)) for rowid, score in page if rowid in found
        ]

    def _query(
        self, sql: str, params: Sequence[Any], query: str | None, index: str = "documents_fts"
    ) -> list[tuple[Any, ...]]:
        """Rows of ``sql``; a full-text ``query`` (matched against ``index``) is parsed first, so
        that a query SQLite cannot parse is a :class:`QueryError` and any other failure a
        :class:`StoreError`."""
        if query and query.strip():
            check_query(query, index)
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"query failed: {exc}", self.path) from None

    def quotes(
        self,
        speaker: str | None = None,
        *,
        query: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int = 50,
        offset: int = 0,
        type: str | None = None,
    ) -> list[Quote]:
        """Statements by ``speaker`` (name or alias) and/or whose content matches ``query``
        (FTS5 over quoted content), of statement ``type`` when given, oldest first."""
        where, params = self._filters(speaker=None, entity=None, source=source, since=since, until=until)
        typed, tp = self._type_clause(type)
        where, params = typed + where, tp + params
        if speaker and speaker.strip():
            clause, p = self._speaker_clause(speaker)
            where.insert(0, clause)
            params = p + params
        sql = (
            "SELECT d.id, a.speaker, a.source_text, a.cue, a.kind, a.content, a.start_char, a.end_char,"
            " d.published, d.headline, a.score, a.type"
            " FROM attributions a JOIN documents d ON d.rowid = a.doc"
        )
        if query and query.strip():
            where.insert(0, "a.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params = [query, *params]
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published IS NULL, d.published, d.rowid, a.n LIMIT ? OFFSET ?"
        rows = self._query(sql, [*params, _limit(limit), max(0, int(offset))], query, "quotes_fts")
        return [Quote(*r) for r in rows]

    def speakers(self, top: int = 20, *, offset: int = 0) -> list[Speaker]:
        """The most quoted speakers (by canonical name), with their first and last dates."""
        rows = self.conn.execute(
            "SELECT min(a.speaker), count(*), count(DISTINCT a.doc), min(d.published), max(d.published) "
            "FROM attributions a JOIN documents d ON d.rowid = a.doc WHERE a.speaker IS NOT NULL "
            "GROUP BY a.speaker COLLATE NOCASE ORDER BY count(*) DESC, min(a.speaker) LIMIT ? OFFSET ?",
            (_limit(top), max(0, int(offset))),
        )
        return [Speaker(*r) for r in rows]

    def _members(self, cluster_id: int) -> tuple[Member, ...]:
        rows = self.conn.execute(
            "SELECT id, path, url, published, source FROM documents WHERE cluster = ? "
            "ORDER BY published IS NULL, published, rowid",
            (cluster_id,),
        )
        return tuple(Member(*r) for r in rows)

    def clusters(self, *, min_size: int = 2, limit: int = 100, offset: int = 0) -> list[Cluster]:
        """Syndication clusters with at least ``min_size`` members, largest first."""
        rows = self.conn.execute(
            "SELECT id, size, first FROM clusters WHERE size >= ? ORDER BY size DESC, first LIMIT ? OFFSET ?",
            (max(1, min_size), _limit(limit), max(0, int(offset))),
        ).fetchall()
        out = []
        for cid, _, _ in rows:
            members = self._members(cid)
            out.append(Cluster(cid, members[0].id, members))
        return out

    def cluster(self, cluster_id: int) -> Cluster | None:
        """One cluster by id (also singletons)."""
        members = self._members(int(cluster_id))
        return Cluster(int(cluster_id), members[0].id, members) if members else None

    def cluster_of(self, doc_id: str) -> Cluster | None:
        """The cluster ``doc_id`` belongs to."""
        row = self.conn.execute("SELECT cluster FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self.cluster(row[0]) if row and row[0] is not None else None

    def signature(self, doc_id: str) -> np.ndarray | None:
        """The stored MinHash signature of ``doc_id`` (``syndication.NUM_PERM`` uint32)."""
        row = self.conn.execute(
            "SELECT s.signature FROM signatures s JOIN documents d ON d.rowid = s.doc WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        return _sig_array(row[0]) if row else None

    # ------------------------------------------------------------------ statements

    def statements(
        self,
        *,
        speaker: str | None = None,
        altered: bool = False,
        since: str | None = None,
        until: str | None = None,
        min_documents: int = 2,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Statement]:
        """Statements (see :mod:`dateline.corpus.statements`) that ran in at least
        ``min_documents`` documents, by ``speaker`` (name or alias), with an altered version
        (``altered``), first seen between ``since`` and ``until``; most documents first."""
        where = ["s.documents >= ?"]
        params: list[Any] = [max(1, int(min_documents))]
        if speaker and speaker.strip():
            clause, p = self._speaker_clause(speaker)
            where.append(
                "s.id IN (SELECT m.statement FROM statement_members m "
                f"JOIN attributions a ON a.rowid = m.attribution WHERE {clause})"
            )
            params += p
        dated, dp = _date_range("s.first", since, until)
        where, params = where + dated, params + dp
        sql = "SELECT s.id FROM statements s WHERE " + " AND ".join(where)
        sql += " ORDER BY s.documents DESC, s.first IS NULL, s.first, s.id"
        lim, off = _limit(limit), max(0, int(offset))
        conn = self.conn
        if not altered:
            ids = [r[0] for r in self._query(sql + " LIMIT ? OFFSET ?", [*params, lim, off], None)]
            found = (statement_store.describe(conn, i) for i in ids)
            return [f for f in found if f is not None]
        out: list[Statement] = []
        skipped = 0
        for (sid,) in self._query(sql, params, None):
            one = statement_store.describe(conn, sid)
            if one is None or not one.altered:
                continue
            if skipped < off:
                skipped += 1
                continue
            out.append(one)
            if len(out) >= lim:
                break
        return out

    def statement(self, statement_id: int | str) -> Statement | None:
        """One statement by id, with every occurrence."""
        try:
            sid = int(statement_id)
        except ValueError:
            return None
        if not -(2**63) <= sid < 2**63:  # past SQLite's integers: no statement has that id
            return None
        return statement_store.describe(self.conn, sid)

    def statement_summaries(self, doc_ids: str | Sequence[str]) -> list[statement_store.Summary]:
        """For each attribution of the documents ``doc_ids`` (one id or several) that is in a
        statement: how far that statement ran."""
        ids = [doc_ids] if isinstance(doc_ids, str) else list(dict.fromkeys(doc_ids))
        return statement_store.summaries(self.conn, ids)


#: Empty in-memory FTS5 tables shaped like the store's two indexes (one connection a thread).
_PARSER = threading.local()
_INDEXES = {"documents_fts": "headline, body_text", "quotes_fts": "content, speaker"}


def check_query(query: str, index: str = "documents_fts", name: str = "query") -> None:
    """Raise :class:`QueryError` (naming the input ``name``) when SQLite's FTS5 parser rejects
    ``query`` for ``index`` (``documents_fts`` or ``quotes_fts``, whose column names a
    ``column:`` filter may use).

    SQLite reports a malformed query as a generic error (``SQLITE_ERROR``, with words that vary:
    "fts5: syntax error", "unknown special query", "no such column"), the code a failing
    statement of ours would give too. So the query is parsed alone, against an empty table
    in memory of the same shape, where nothing but the query can fail: any error there is the
    query's."""
    conn = getattr(_PARSER, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        for name, columns in _INDEXES.items():
            tokenize = "tokenize='unicode61 remove_diacritics 2'"
            conn.execute(f"CREATE VIRTUAL TABLE {name} USING fts5 ({columns}, {tokenize})")
        _PARSER.conn = conn
    try:
        conn.execute(f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (query,)).fetchall()
    except sqlite3.Error as exc:
        raise QueryError(
            f'cannot parse the search query {query!r} ({exc}): write words, "quoted phrases", '
            "OR, NOT, or prefix* and avoid stray punctuation",
            name,
        ) from None


def _has_phrase(text: str) -> bool:
    """Whether an FTS5 query holds a phrase (``"a b"``, ``a + b``) or a ``NEAR`` group."""
    return '"' in text or "+" in text or "NEAR" in text


def _limit(value: int) -> int:
    value = int(value)
    if value < 0:
        raise QueryError(f"limit must be 0 or more, got {value}", "limit")
    return min(value, 10_000)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (a trigger's body holds semicolons of its own:
    pieces are joined until SQLite reads a complete statement)."""
    out: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        out.append(pending.strip())
    return out
