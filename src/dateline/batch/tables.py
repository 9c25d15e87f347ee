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
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..errors import DatelineError
from ..records import Record

__all__ = [
    "OUTPUT_TABLES",
    "TABLES",
    "Row",
    "arrow_schema",
    "doc_id",
    "failure",
    "published",
    "record_from_row",
    "record_rows",
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


class Row(NamedTuple):
    """One row: the table it belongs to and its values in the table's column order."""

    table: str
    values: tuple[Any, ...]


def doc_id(container: str, position: int | None) -> str:
    """A stable id for the document at ``position`` of ``container`` (same on every engine)."""
    key = container if position is None else f"{container}#{position}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def published(record: Record) -> str | None:
    """The publication date as the store keeps it (ISO date, or UTC datetime): the metadata's
    (feed, HTML, WARC, JSON Lines), else the dateline's."""
    from ..corpus.store import normalize_date

    found = normalize_date(record.metadata.date)
    if found is None and record.dateline is not None:
        found = normalize_date(record.dateline.date)
    return found


def record_rows(record: Record, container: str, position: int | None, unit_index: int = 0) -> Iterator[Row]:
    """The rows of every table for one analyzed record, and its ``signatures`` row (the
    syndication fingerprint of its body and the key that orders it, earliest first)."""
    from ..corpus import syndication
    from .clusters import order_key

    did = doc_id(container, position)
    date = published(record)
    d = record.dateline
    rest = record.as_dict()
    rest.pop("text")
    yield Row(
        "documents",
        (
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
        ),
    )
    for ent in record.entities:
        yield Row(
            "entities",
            (
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
            yield Row("mentions", (did, ent.id, m.start, m.end, m.text, m.kind))
    for n, a in enumerate(record.attributions):
        s, c, k = a.source, a.cue, a.content
        yield Row(
            "attributions",
            (
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
            ),
        )
    fp = syndication.fingerprint(record.body_text)
    if fp is not None:
        key = order_key(date, unit_index, position)
        from .reuse_rows import reuse_input

        yield Row(
            SIGNATURES,
            (
                did,
                record.id,
                record.path or container,
                record.metadata.url,
                date,
                key,
                fp,
                reuse_input(record, did),
            ),
        )


def failure(err: DatelineError | Exception, container: str, position: int | None, stage: str) -> Row:
    """A ``failures`` row: where (``container``, ``position``), what failed and why."""
    source = getattr(err, "source", None) or container
    message = getattr(err, "message", None) or str(err)
    return Row("failures", (container, position, source, stage, type(err).__name__, message))


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
