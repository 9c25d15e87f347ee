"""The store's statements: its tables, kept up to date on every ``add``, and read back.

:class:`~dateline.corpus.store.Store` calls these functions with its connection (inside its
write transaction on ``add``); they hold no state of their own. The rules are
:mod:`dateline.corpus.statements`' own: :func:`add_document` runs its blocking (``keys``, at most
``MAX_POSTINGS`` statements per key) and :func:`~dateline.corpus.statements.choose` for each new
attribution, in the order of the document; :func:`describe` runs
:func:`~dateline.corpus.statements.statement` over a statement's occurrences, earliest first (by
``published``, then order of ingest), when it is read.

Tables (migration :data:`MIGRATION`):

``statements``         one row per statement: its speaker (first resolved name), the versions
                       the matcher compares with (``texts``: up to ``MAX_TEXTS`` normalized
                       texts, and ``speakers``, JSON), the number of documents it ran in and the
                       date it was first seen.
``statement_members``  attribution rowid -> statement.
``statement_keys``     blocking key -> statement.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from . import parameters
from . import statements as st

__all__ = [
    "MIGRATION",
    "ProvenanceStatement",
    "Summary",
    "add_document",
    "backfill",
    "check_parameters",
    "describe",
    "member_rows",
    "record_parameters",
    "summaries",
]

log = logging.getLogger(__name__)

MIGRATION = """
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    speaker TEXT,
    texts TEXT NOT NULL,
    speakers TEXT NOT NULL,
    documents INTEGER NOT NULL DEFAULT 0,
    first TEXT
);
CREATE INDEX statements_documents ON statements (documents);
CREATE TABLE statement_members (
    attribution INTEGER PRIMARY KEY,
    statement INTEGER NOT NULL,
    doc INTEGER NOT NULL
);
CREATE INDEX statement_members_statement ON statement_members (statement, doc);
CREATE INDEX statement_members_doc ON statement_members (doc);
CREATE TABLE statement_keys (
    key INTEGER NOT NULL,
    statement INTEGER NOT NULL,
    PRIMARY KEY (key, statement)
) WITHOUT ROWID;
"""

#: Candidate statements verified per attribution (most shared keys first), as ``statements.group``.
TOP_CANDIDATES = st.TOP_CANDIDATES


def record_parameters(conn: sqlite3.Connection) -> None:
    """Write the grouping parameters to ``settings`` (``statements.*``)."""
    for name, value in st.PARAMETERS.items():
        conn.execute(
            "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)",
            (f"statements.{name}", json.dumps(value)),
        )


#: Parameters the stored blocking keys depend on: a store keyed with others cannot be matched.
KEY_PARAMETERS = ("shingle_words", "window", "all_keys_below")


def check_parameters(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a store whose statement keys were made with other parameters."""
    parameters.check(conn, "statements", KEY_PARAMETERS, st.PARAMETERS, "its statement keys were", path)


def _candidates(conn: sqlite3.Connection, keys: Sequence[int]) -> list[st.Candidate]:
    counts: dict[int, int] = {}
    for chunk in range(0, len(keys), 500):
        part = list(keys[chunk : chunk + 500])
        marks = ",".join("?" * len(part))
        for (sid,) in conn.execute(f"SELECT statement FROM statement_keys WHERE key IN ({marks})", part):
            counts[sid] = counts.get(sid, 0) + 1
    best = sorted(counts, key=lambda s: (-counts[s], s))[:TOP_CANDIDATES]
    out = []
    for sid in best:
        row = conn.execute("SELECT texts, speakers FROM statements WHERE id = ?", (sid,)).fetchone()
        if row:
            out.append(st.Candidate(str(sid), list(json.loads(row[0])), list(json.loads(row[1]))))
    return out


def _index(conn: sqlite3.Connection, keys: Sequence[int], sid: int) -> None:
    for key in keys:
        conn.execute(
            "INSERT OR IGNORE INTO statement_keys (key, statement) SELECT ?, ? "
            "WHERE (SELECT count(*) FROM statement_keys WHERE key = ?) < ?",
            (key, sid, key, st.MAX_POSTINGS),
        )


def add_document(conn: sqlite3.Connection, doc: int, published: str | None) -> None:
    """Put the attributions of document ``doc`` (a rowid, published on ``published``) into
    statements."""
    rows = conn.execute(
        "SELECT rowid, speaker, source_text, content FROM attributions WHERE doc = ? ORDER BY n", (doc,)
    ).fetchall()
    touched: set[int] = set()
    for rowid, speaker, source, content in rows:
        toks = st.tokens(content)
        if not toks:
            continue
        keys = st.keys(toks)
        chosen = st.choose(toks, speaker, source, _candidates(conn, keys))
        if chosen is None:
            sid = conn.execute(
                "INSERT INTO statements (speaker, texts, speakers) VALUES (?, ?, ?)",
                (speaker, json.dumps([" ".join(toks)]), json.dumps([speaker] if speaker else [])),
            ).lastrowid
            assert sid is not None
        else:
            sid = int(chosen)
            row = conn.execute("SELECT texts, speakers FROM statements WHERE id = ?", (sid,)).fetchone()
            cand = st.Candidate(chosen, json.loads(row[0]), json.loads(row[1]))
            before = (len(cand.texts), len(cand.speakers))
            cand.add(toks, speaker)
            if (len(cand.texts), len(cand.speakers)) != before:
                conn.execute(
                    "UPDATE statements SET texts = ?, speakers = ?, speaker = coalesce(speaker, ?) "
                    "WHERE id = ?",
                    (json.dumps(cand.texts), json.dumps(cand.speakers), speaker, sid),
                )
        conn.execute(
            "INSERT INTO statement_members (attribution, statement, doc) VALUES (?, ?, ?)", (rowid, sid, doc)
        )
        _index(conn, keys, sid)
        touched.add(sid)
    # one new document for each statement touched; the first date is the earliest known
    for sid in touched:
        conn.execute(
            "UPDATE statements SET documents = documents + 1, first = CASE WHEN ? IS NULL THEN first "
            "WHEN first IS NULL OR ? < first THEN ? ELSE first END WHERE id = ?",
            (published, published, published, sid),
        )


def backfill(conn: sqlite3.Connection) -> int:
    """Group the attributions of documents stored before statements existed (order of ingest)."""
    docs = conn.execute(
        "SELECT rowid, published FROM documents WHERE rowid IN (SELECT doc FROM attributions) ORDER BY rowid"
    ).fetchall()
    for doc, published in docs:
        add_document(conn, doc, published)
    if docs:
        log.info("statements: grouped the attributions of %d stored documents", len(docs))
    return len(docs)


def member_rows(conn: sqlite3.Connection, sid: int) -> list[st.Occurrence]:
    """The occurrences of statement ``sid``, earliest first."""
    rows = conn.execute(
        "SELECT d.id, a.n, a.content, d.published, d.site, a.speaker, a.source_text "
        "FROM statement_members m JOIN attributions a ON a.rowid = m.attribution "
        "JOIN documents d ON d.rowid = m.doc WHERE m.statement = ? "
        "ORDER BY d.published IS NULL, d.published, d.rowid, a.n",
        (sid,),
    ).fetchall()
    return [st.Occurrence(*r) for r in rows]


def describe(conn: sqlite3.Connection, sid: int) -> st.Statement | None:
    """Statement ``sid`` with its canonical text, first appearance and kinds."""
    occurrences = member_rows(conn, sid)
    return st.statement(str(sid), occurrences) if occurrences else None


@dataclass(frozen=True, slots=True)
class Summary:
    """How far the statement of one attribution (the ``attribution``-th of ``document``, its
    content starting at ``start``) ran: ``documents`` it ran in, how many of them carry an
    ``altered`` version, where it was first seen, and this occurrence's ``kind``."""

    statement: str
    document: str
    attribution: int
    start: int
    documents: int
    altered: int
    first_document: str
    first_published: str | None
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)  # flat: every field, in order


@dataclass(frozen=True, slots=True)
class ProvenanceStatement:
    """A statement a document shares with an earlier one."""

    statement: str
    text: str
    speaker: str | None
    kind: str
    first_document: str
    first_published: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)  # flat: every field, in order


def summaries(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> list[Summary]:
    """One :class:`Summary` per attribution of the documents ``doc_ids`` that is in a statement.
    Statements that ran in one document only are summarized without being described."""
    out: list[Summary] = []
    cache: dict[int, st.Statement | None] = {}
    for chunk in range(0, len(doc_ids), 500):
        part = list(doc_ids[chunk : chunk + 500])
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            "SELECT d.id, a.n, a.start_char, m.statement, s.documents, d.published "
            "FROM statement_members m JOIN attributions a ON a.rowid = m.attribution "
            "JOIN documents d ON d.rowid = m.doc JOIN statements s ON s.id = m.statement "
            f"WHERE d.id IN ({marks}) ORDER BY d.rowid, a.n",
            part,
        ).fetchall()
        for doc_id, n, start, sid, documents, published in rows:
            if documents < 2:
                out.append(Summary(str(sid), doc_id, n, start, 1, 0, doc_id, published, "verbatim"))
                continue
            if sid not in cache:
                cache[sid] = describe(conn, sid)
            found = cache[sid]
            if found is None:
                continue
            mine = next((o for o in found.occurrences if o.document == doc_id and o.attribution == n), None)
            first = found.first_seen
            kind = (mine.kind if mine else None) or "verbatim"
            out.append(
                Summary(
                    found.id,
                    doc_id,
                    n,
                    start,
                    found.documents,
                    found.altered,
                    first.document,
                    first.published,
                    kind,
                )
            )
    return out
