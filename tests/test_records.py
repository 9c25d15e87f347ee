"""The record model: round-trips, offsets, and the published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from dateline.records import (
    Attribution,
    Content,
    Credit,
    Dateline,
    Entity,
    Mention,
    Metadata,
    Paragraph,
    Record,
    Source,
    Span,
    TimeExpression,
    Warning,
    json_schema,
)
from dateline.schema import dumps

ROOT = Path(__file__).resolve().parents[1]


@st.composite
def records(draw: st.DrawFn) -> Record:
    text = draw(st.text(min_size=1, max_size=200))
    n = len(text)

    def span() -> tuple[int, int, str]:
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        return a, b, text[a:b]

    opt = st.none() | st.text(max_size=10)
    spans = tuple(Span(*span()) for _ in range(draw(st.integers(0, 3))))
    content = Content(*span(), spans=spans)
    attr = Attribution(
        content,
        source=draw(st.none() | st.just(Source(*span(), entity=draw(opt), entity_id=draw(opt)))),
        cue=draw(st.none() | st.just(Span(*span()))),
        kind=draw(st.sampled_from(["direct", "indirect", "mixed"])),
        score=draw(st.none() | st.floats(0, 1)),
    )
    ent = Entity(
        "E1", draw(st.text(max_size=10)), "PERSON", (Mention(*span()),), ("President",), ("X",), draw(opt)
    )
    return Record(
        text=text,
        id=draw(opt),
        headline=draw(st.none() | st.just(Span(*span()))),
        credit=Credit(*span(), name="CCTV+"),
        dateline=Dateline(*span(), city=draw(opt), region=None, date="2021-12-08", distributor=draw(opt)),
        body_text=draw(st.text(max_size=20)),
        paragraphs=(Paragraph(*span(), kind="body"),),
        entities=(ent,),
        times=(TimeExpression(*span(), date=None),),
        attributions=(attr,),
        warnings=(Warning("media-without-url", "m", 1, 2),),
        metadata=Metadata(title=draw(opt), url="https://example.org/a"),
    )


@given(records())
def test_round_trip_through_json(record: Record) -> None:
    data = json.loads(json.dumps(record.as_dict()))
    assert Record.from_dict(data) == record


@given(records())
def test_records_validate_against_schema(record: Record) -> None:
    jsonschema.validate(record.as_dict(), json_schema())


def test_schema_rejects_unknown_paragraph_kind() -> None:
    bad = Record("ab", paragraphs=(Paragraph(0, 2, "ab", kind="nonsense"),)).as_dict()
    try:
        jsonschema.validate(bad, json_schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted an unknown paragraph kind")


def test_published_schema_is_current() -> None:
    published = (ROOT / "docs" / "record.schema.json").read_text(encoding="utf-8")
    assert published == dumps(), "docs/record.schema.json is stale: run `make schema`"


def test_records_are_frozen() -> None:
    span = Span(0, 1, "a")
    try:
        span.start = 3  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Span is mutable")


def test_entity_lookup_by_alias() -> None:
    rec = Record("x", entities=(Entity("E1", "Xi Jinping", "PERSON", aliases=("Xi",)),))
    assert rec.entity("xi") is not None and rec.entity("xi").name == "Xi Jinping"  # type: ignore[union-attr]
    assert rec.entity("Biden") is None
