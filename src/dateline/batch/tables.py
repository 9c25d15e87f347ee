"""Records to rows: one schema for the batch tables, shared by the local and the Spark engine.

Tables (one Parquet folder each under the output directory):

``documents``     one row per analyzed document; ``record`` holds the full record as JSON
                  (without ``text``, which has its own column), so ``dateline load`` can rebuild it
``entities``      one row per entity of a document
``mentions``      one row per mention of an entity (character offsets into ``documents.text``)
``attributions``  one row per statement: who (``speaker``), the cue and the content
``clusters``      one row per member of a syndication cluster of two or more documents
``reuse``         one row per (document, earlier source) pair of text reuse: the document's share
                  reused and label, the source's share, the aligned passages as JSON
``failures``      one row per input or document that could not be read or analyzed, with the reason
``statements``    one row per occurrence of a statement that ran in two or more documents: the
                  statement (canonical text, speaker, first appearance) and this occurrence's kind
                  and word-level changes (see :mod:`dateline.batch.statements`)

Column types are named once here (``string``, ``int32``, ``int64``, ``double``, ``bool``,
``list<string>``) and mapped to Arrow types for the local engine and to Spark types for Spark,
so both engines write the same schema. Offsets are ``start_char``/``end_char`` (``end`` is a
reserved word in SQL).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from .. import dates
from ..corpus import reuse as rx
from ..corpus import syndication
from ..errors import DatelineError
from ..records import Attribution, Record
from .clusters import OrderKey, groups, order_key

__all__ = [
    "OUTPUT_TABLES",
    "ROW_TYPES",
    "TABLES",
    "AttributionRow",
    "ClusterRow",
    "DocumentRow",
    "EntityRow",
    "FailureRow",
    "Member",
    "MentionRow",
    "ReuseRow",
    "Row",
    "SignatureRow",
    "StatementRow",
    "arrow_schema",
    "attribution_row",
    "cluster_rows",
    "doc_id",
    "document_row",
    "failure",
    "member",
    "record_from_row",
    "record_rows",
    "reuse_input",
    "spark_schema",
]

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "string"),
        ("id", "string"),
        ("source", "string"),
        ("container", "string"),
        ("position", "int32"),
        ("url", "string"),
        ("published", "string"),
        ("title", "string"),
        ("site", "string"),
        ("format", "string"),
        ("language", "string"),
        ("headline", "string"),
        ("credit", "string"),
        ("dateline", "string"),
        ("city", "string"),
        ("region", "string"),
        ("dateline_date", "string"),
        ("distributor", "string"),
        ("n_paragraphs", "int32"),
        ("n_entities", "int32"),
        ("n_attributions", "int32"),
        ("warnings", "list<string>"),
        ("text", "string"),
        ("record", "string"),
    ),
    "entities": (
        ("doc_id", "string"),
        ("entity_id", "string"),
        ("name", "string"),
        ("label", "string"),
        ("titles", "list<string>"),
        ("aliases", "list<string>"),
        ("date", "string"),
        ("n_mentions", "int32"),
    ),
    "mentions": (
        ("doc_id", "string"),
        ("entity_id", "string"),
        ("start_char", "int32"),
        ("end_char", "int32"),
        ("text", "string"),
        ("kind", "string"),
    ),
    "attributions": (
        ("doc_id", "string"),
        ("n", "int32"),
        ("kind", "string"),
        ("speaker", "string"),
        ("speaker_entity_id", "string"),
        ("source_text", "string"),
        ("source_start", "int32"),
        ("source_end", "int32"),
        ("cue_text", "string"),
        ("cue_start", "int32"),
        ("cue_end", "int32"),
        ("content_text", "string"),
        ("content_start", "int32"),
        ("content_end", "int32"),
        ("content_spans", "string"),
        ("score", "double"),
        ("type", "string"),
    ),
    "clusters": (
        ("cluster_id", "string"),
        ("doc_id", "string"),
        ("id", "string"),
        ("source", "string"),
        ("url", "string"),
        ("published", "string"),
        ("size", "int32"),
        ("original", "bool"),
    ),
    "reuse": (
        ("doc_id", "string"),
        ("id", "string"),
        ("published", "string"),
        ("reused_fraction", "double"),
        ("label", "string"),
        ("source_doc_id", "string"),
        ("source_id", "string"),
        ("source_published", "string"),
        ("source_fraction", "double"),
        ("passages", "string"),
    ),
    "failures": (
        ("container", "string"),
        ("position", "int32"),
        ("source", "string"),
        ("stage", "string"),
        ("error", "string"),
        ("message", "string"),
    ),
    "statements": (
        ("statement_id", "string"),
        ("doc_id", "string"),
        ("n", "int32"),
        ("speaker", "string"),
        ("canonical", "string"),
        ("first_doc_id", "string"),
        ("first_published", "string"),
        ("documents", "int32"),
        ("altered", "int32"),
        ("published", "string"),
        ("site", "string"),
        ("kind", "string"),
        ("changes", "string"),
        ("content_text", "string"),
    ),
}

#: Tables written to the output directory, in this order.
OUTPUT_TABLES = (
    "documents",
    "entities",
    "mentions",
    "attributions",
    "clusters",
    "reuse",
    "failures",
    "statements",
)

#: Internal table carried from the analysis to the clustering step, never written: the
#: ``(doc_id, id, source, url, published, order key, Fingerprint, reuse input)`` (see
#: :mod:`.clusters` and :mod:`.reuse_rows`).
SIGNATURES = "signatures"


class DocumentRow(NamedTuple):
    """A ``documents`` row (fields in column order, named as the columns)."""

    doc_id: str
    id: str | None
    source: str
    container: str
    position: int | None
    url: str | None
    published: str | None
    title: str | None
    site: str | None
    format: str | None
    language: str | None
    headline: str | None
    credit: str | None
    dateline: str | None
    city: str | None
    region: str | None
    dateline_date: str | None
    distributor: str | None
    n_paragraphs: int
    n_entities: int
    n_attributions: int
    warnings: list[str]
    text: str
    record: str


class EntityRow(NamedTuple):
    """An ``entities`` row."""

    doc_id: str
    entity_id: str
    name: str
    label: str
    titles: list[str]
    aliases: list[str]
    date: str | None
    n_mentions: int


class MentionRow(NamedTuple):
    """A ``mentions`` row."""

    doc_id: str
    entity_id: str
    start_char: int
    end_char: int
    text: str
    kind: str


class AttributionRow(NamedTuple):
    """An ``attributions`` row."""

    doc_id: str
    n: int
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    source_text: str | None
    source_start: int | None
    source_end: int | None
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    content_text: str
    content_start: int
    content_end: int
    content_spans: str
    score: float | None
    type: str | None


class ClusterRow(NamedTuple):
    """A ``clusters`` row: one member of a cluster."""

    cluster_id: str
    doc_id: str
    id: str | None
    source: str | None
    url: str | None
    published: str | None
    size: int
    original: bool


class ReuseRow(NamedTuple):
    """A ``reuse`` row: a document and one of its earlier sources."""

    doc_id: str
    id: str | None
    published: str | None
    reused_fraction: float
    label: str
    source_doc_id: str
    source_id: str | None
    source_published: str | None
    source_fraction: float
    passages: str


class FailureRow(NamedTuple):
    """A ``failures`` row."""

    container: str
    position: int | None
    source: str
    stage: str
    error: str
    message: str


class StatementRow(NamedTuple):
    """A ``statements`` row: one occurrence of a statement."""

    statement_id: str
    doc_id: str
    n: int
    speaker: str | None
    canonical: str
    first_doc_id: str
    first_published: str | None
    documents: int
    altered: int
    published: str | None
    site: str | None
    kind: str | None
    changes: str
    content_text: str


class Member(NamedTuple):
    """What a ``clusters`` row says of one member, and the key that orders it."""

    id: str | None
    source: str | None
    url: str | None
    published: str | None
    order: OrderKey


class SignatureRow(NamedTuple):
    """The internal ``signatures`` row: what clustering and text reuse need of one document."""

    doc_id: str
    id: str | None
    source: str
    url: str | None
    published: str | None
    order: OrderKey
    fingerprint: syndication.Fingerprint
    reuse: dict[str, Any]


def member(sig: SignatureRow) -> Member:
    """The :class:`Member` of a signatures row (a function, not a method: PySpark pickles named
    tuples by their fields alone, so methods do not survive its shuffles)."""
    return Member(sig.id, sig.source, sig.url, sig.published, sig.order)


#: The row type of each table (its fields are the table's columns, in order).
ROW_TYPES: dict[str, type[tuple[Any, ...]]] = {
    "documents": DocumentRow,
    "entities": EntityRow,
    "mentions": MentionRow,
    "attributions": AttributionRow,
    "clusters": ClusterRow,
    "reuse": ReuseRow,
    "failures": FailureRow,
    "statements": StatementRow,
}

Values = (
    DocumentRow
    | EntityRow
    | MentionRow
    | AttributionRow
    | ClusterRow
    | ReuseRow
    | FailureRow
    | StatementRow
    | SignatureRow
)


class Row(NamedTuple):
    """One row: the table it belongs to and its typed values (a tuple in the table's column
    order, so that both engines write it as it is)."""

    table: str
    values: Values


def doc_id(container: str, position: int | None) -> str:
    """A stable id for the document at ``position`` of ``container`` (same on every engine)."""
    key = container if position is None else f"{container}#{position}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def record_rows(record: Record, container: str, position: int | None, unit_index: int = 0) -> Iterator[Row]:
    """The rows of every table for one analyzed record, and its ``signatures`` row (the
    syndication fingerprint of its body and the key that orders it, earliest first)."""
    did = doc_id(container, position)
    date = dates.published(record)
    yield Row("documents", document_row(record, did, container, position, date))
    for ent in record.entities:
        yield Row(
            "entities",
            EntityRow(
                did,
                ent.id,
                ent.name,
                ent.label,
                list(ent.titles),
                list(ent.aliases),
                ent.date,
                len(ent.mentions),
            ),
        )
        for m in ent.mentions:
            yield Row("mentions", MentionRow(did, ent.id, m.start, m.end, m.text, m.kind))
    for n, a in enumerate(record.attributions):
        yield Row("attributions", attribution_row(a, did, n))
    fp = syndication.fingerprint(record.body_text)
    if fp is not None:
        key = order_key(date, unit_index, position)
        reuse = reuse_input(record, did)
        sig = SignatureRow(
            did, record.id, record.path or container, record.metadata.url, date, key, fp, reuse
        )
        yield Row(SIGNATURES, sig)


def document_row(
    record: Record, did: str, container: str, position: int | None, date: str | None
) -> DocumentRow:
    """The ``documents`` row of a record; ``record`` holds it as JSON without its ``text``."""
    d = record.dateline
    rest = record.as_dict()
    rest.pop("text")
    return DocumentRow(
        did,
        record.id,
        record.path or container,
        container,
        position,
        record.metadata.url,
        date,
        record.metadata.title,
        record.metadata.site,
        record.format,
        record.language,
        record.headline.text if record.headline else None,
        record.credit.name if record.credit else None,
        d.text if d else None,
        d.city if d else None,
        d.region if d else None,
        d.date if d else None,
        d.distributor if d else None,
        len(record.paragraphs),
        len(record.entities),
        len(record.attributions),
        [w.code for w in record.warnings],
        record.text,
        json.dumps(rest, ensure_ascii=False, sort_keys=True),
    )


def attribution_row(a: Attribution, did: str, n: int) -> AttributionRow:
    """The ``attributions`` row of the ``n``-th attribution of a document."""
    s, c, k = a.source, a.cue, a.content
    return AttributionRow(
        did,
        n,
        a.kind,
        (s.entity or s.text) if s else None,
        s.entity_id if s else None,
        s.text if s else None,
        s.start if s else None,
        s.end if s else None,
        c.text if c else None,
        c.start if c else None,
        c.end if c else None,
        k.text,
        k.start,
        k.end,
        json.dumps([[sp.start, sp.end] for sp in k.spans]),
        None if a.score is None else float(a.score),
        a.type,
    )


def reuse_input(record: Record, did: str) -> dict[str, Any]:
    """What :func:`dateline.corpus.reuse.find` needs of one document (``id`` is its doc id)."""
    return {
        "id": did,
        "record_id": record.id,
        "text": record.text,
        "spans": rx.body_spans(record.paragraphs, record.text),
        "published": dates.published(record),
        "url": record.metadata.url,
        "distributor": record.dateline.distributor if record.dateline else None,
        "credit": record.credit.name if record.credit else None,
    }


def failure(err: DatelineError | Exception, container: str, position: int | None, stage: str) -> Row:
    """A ``failures`` row: where (``container``, ``position``), what failed and why."""
    source = getattr(err, "source", None) or container
    message = getattr(err, "message", None) or str(err)
    return Row("failures", FailureRow(container, position, source, stage, type(err).__name__, message))


def cluster_rows(pairs: Iterable[tuple[str, str]], members: dict[str, Member]) -> list[Row]:
    """``clusters`` rows from verified copies ``pairs`` (each document's :class:`Member` in
    ``members``), grouped by :func:`dateline.batch.clusters.groups`. The first member of each
    group is its original, whose doc id is the cluster's."""
    rows = []
    for group in groups(pairs, {d: m.order for d, m in members.items()}):
        for i, did in enumerate(group):
            m = members[did]
            rows.append(
                Row(
                    "clusters",
                    ClusterRow(group[0], did, m.id, m.source, m.url, m.published, len(group), i == 0),
                )
            )
    return rows


def record_from_row(text: str, record_json: str) -> Record:
    """The :class:`Record` back from a ``documents`` row's ``text`` and ``record`` columns."""
    data = json.loads(record_json)
    data["text"] = text
    return Record.from_dict(data)


# ---------------------------------------------------------------------------- engine types


def arrow_schema(table: str) -> Any:
    """The ``pyarrow.Schema`` of ``table``."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in TABLES[table]])


def spark_schema(table: str) -> Any:
    """The ``pyspark.sql.types.StructType`` of ``table``."""
    from pyspark.sql import types as T

    types = {
        "string": T.StringType(),
        "int32": T.IntegerType(),
        "int64": T.LongType(),
        "double": T.DoubleType(),
        "bool": T.BooleanType(),
        "list<string>": T.ArrayType(T.StringType()),
    }
    return T.StructType([T.StructField(name, types[kind], True) for name, kind in TABLES[table]])
