"""Records to rows and back, and one schema for Arrow and Spark (no model)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from dateline.batch import read_table, tables
from dateline.batch.local import write_parquet
from dateline.errors import EmptyInput
from dateline.records import (
    Attribution,
    Content,
    Dateline,
    Entity,
    Mention,
    Metadata,
    Record,
    Source,
    Span,
    Warning,
)

TEXT = (
    "Harbor City Opens Water Summit\n"
    "HARBOR CITY, March 3, 2024 /PRNewswire/ -- \u201cWater is life,\u201d Mayor Ana Ruiz said. "
    "She added that the summit would open on Monday, and Ruiz said, \u201cwe will\u201d fund it."
)


def _record() -> Record:
    def span(s: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(s, start + 1)
        return start, start + len(s)

    h = span("Harbor City Opens Water Summit")
    d = span("HARBOR CITY, March 3, 2024 /PRNewswire/ --")
    ruiz = span("Ana Ruiz")
    q = span("Water is life,")
    said = span("said")
    c1, c2 = span("we will"), span("fund it")
    return Record(
        text=TEXT,
        id="harbor",
        path="harbor.txt",
        headline=Span(*h, TEXT[h[0] : h[1]]),
        dateline=Dateline(
            *d, TEXT[d[0] : d[1]], city="HARBOR CITY", date="2024-03-03", distributor="PR Newswire"
        ),
        body_text=TEXT[d[1] :].strip(),
        entities=(
            Entity("e1", "Ana Ruiz", "PERSON", (Mention(*ruiz, "Ana Ruiz"),), titles=("Mayor",)),
            Entity("e2", "Water Summit", "EVENT", (), date="2024-03-04"),
        ),
        attributions=(
            Attribution(
                Content(*q, TEXT[q[0] : q[1]], (Span(*q, TEXT[q[0] : q[1]]),)),
                Source(*ruiz, "Ana Ruiz", "Ana Ruiz", "e1"),
                Span(*said, "said"),
                "direct",
                1,
            ),
            Attribution(
                Content(c1[0], c2[1], "we will fund it", (Span(*c1, "we will"), Span(*c2, "fund it"))),
                None,
                None,
                "mixed",
                None,
            ),
        ),
        warnings=(Warning("media-line", "a media line without an address"),),
        metadata=Metadata(url="https://example.org/harbor", date="2024-03-03T09:30:00+01:00"),
    )


def _rows(record: Record) -> dict[str, list[tuple[object, ...]]]:
    out: dict[str, list[tuple[object, ...]]] = {}
    for row in tables.record_rows(record, "in/harbor.jsonl", 4, 2):
        out.setdefault(row.table, []).append(row.values)
    return out


def test_every_row_has_its_table_columns_and_offsets_slice_the_text() -> None:
    rows = _rows(_record())
    for table, values in rows.items():
        if table != tables.SIGNATURES:
            assert all(len(v) == len(tables.TABLES[table]) for v in values), table
    cols = {t: [c for c, _ in tables.TABLES[t]] for t in tables.TABLES}
    [doc] = rows["documents"]
    d = dict(zip(cols["documents"], doc, strict=True))
    assert d["doc_id"] == tables.doc_id("in/harbor.jsonl", 4)
    assert (d["city"], d["dateline_date"], d["distributor"]) == ("HARBOR CITY", "2024-03-03", "PR Newswire")
    assert d["published"] == "2024-03-03T08:30:00Z"  # the store's normal form, UTC
    assert d["warnings"] == ["media-line"]
    for m in rows["mentions"]:
        mention = dict(zip(cols["mentions"], m, strict=True))
        assert TEXT[mention["start_char"] : mention["end_char"]] == mention["text"]
    first, second = (dict(zip(cols["attributions"], a, strict=True)) for a in rows["attributions"])
    assert first["speaker"] == "Ana Ruiz" and first["speaker_entity_id"] == "e1"
    assert isinstance(first["score"], float)
    w, f = TEXT.index("we will"), TEXT.index("fund it")
    assert second["source_start"] is None
    assert second["content_spans"] == f"[[{w}, {w + 7}], [{f}, {f + 7}]]"
    [sig] = rows[tables.SIGNATURES]
    assert sig[0] == d["doc_id"] and sig[5] == (0, "2024-03-03T08:30:00Z", (2, 4))


def test_documents_row_gives_back_the_same_record() -> None:
    record = _record()
    [doc] = _rows(record)["documents"]
    cols = [c for c, _ in tables.TABLES["documents"]]
    d = dict(zip(cols, doc, strict=True))
    assert tables.record_from_row(d["text"], d["record"]) == record


def test_parquet_round_trip_keeps_types_and_values(tmp_path: Path) -> None:
    rows = _rows(_record())
    for table in ("documents", "entities", "mentions", "attributions"):
        write_parquet(tmp_path, table, rows[table], "00000")
        back = read_table(tmp_path, table)
        assert back.schema.equals(tables.arrow_schema(table))
        assert [tuple(r.values()) for r in back.to_pylist()] == rows[table]
    assert pq.read_schema(tmp_path / "documents" / "part-00000.parquet").field("warnings").type == (
        tables.arrow_schema("documents").field("warnings").type
    )


def test_empty_table_is_written_with_its_schema(tmp_path: Path) -> None:
    assert write_parquet(tmp_path, "clusters", [], "empty") == 0
    back = read_table(tmp_path, "clusters")
    assert back.num_rows == 0 and back.schema.equals(tables.arrow_schema("clusters"))


def test_failure_row_names_where_what_and_why() -> None:
    row = tables.failure(EmptyInput("is empty (no text to analyze)", "in/a.jsonl:3"), "in/a.jsonl", 2, "read")
    assert row == tables.Row(
        "failures", ("in/a.jsonl", 2, "in/a.jsonl:3", "read", "EmptyInput", "is empty (no text to analyze)")
    )


def test_spark_schema_matches_arrow_schema() -> None:
    import pyarrow as pa

    names = {
        "StringType": pa.string(),
        "IntegerType": pa.int32(),
        "LongType": pa.int64(),
        "DoubleType": pa.float64(),
        "BooleanType": pa.bool_(),
    }
    for table in tables.TABLES:
        arrow = tables.arrow_schema(table)
        spark = tables.spark_schema(table)
        assert [f.name for f in spark.fields] == arrow.names
        for f in spark.fields:
            kind = type(f.dataType).__name__
            expected = pa.list_(pa.string()) if kind == "ArrayType" else names[kind]
            assert arrow.field(f.name).type == expected, (table, f.name)


def test_every_row_type_names_its_table_columns_in_order() -> None:
    assert set(tables.ROW_TYPES) == set(tables.TABLES)
    for table, row_type in tables.ROW_TYPES.items():
        assert row_type._fields == tuple(c for c, _ in tables.TABLES[table]), table  # type: ignore[attr-defined]
