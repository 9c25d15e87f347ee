"""JSON Lines reader: one document per line; bad lines named by file and line."""

from __future__ import annotations

import io

from dateline.errors import TooLarge
from dateline.options import Options
from dateline.readers import Input
from dateline.readers.jsonl import JsonlError, read_jsonl


def read(data: bytes, options: Options | None = None) -> list[object]:
    return list(read_jsonl(io.BytesIO(data), "docs.jsonl", options))


def test_documents_and_fields() -> None:
    data = (
        b'{"text": "WASHINGTON (AP) \\u2014 A story.", "url": "https://x.example/s1", '
        b'"published": "2024-03-08", "id": "s1"}\n'
        b"\n"
        b'{"html": "<html><body><p>Page</p></body></html>", "title": "T"}\n'
    )
    first, second = read(data)
    assert isinstance(first, Input) and first.text == "WASHINGTON (AP) — A story." and first.id == "s1"
    assert first.source == "https://x.example/s1" and first.metadata.date == "2024-03-08"
    assert isinstance(second, Input) and second.format == "html" and second.source == "docs.jsonl:3"


def test_bad_lines_fail_alone() -> None:
    data = b'{"text": "ok one"}\nnot json\n[1]\n{"text": ""}\n\xff\xfe\n{"text": "ok two"}\n'
    got = read(data)
    assert [type(g).__name__ for g in got] == [
        "Input",
        "JsonlError",
        "JsonlError",
        "JsonlError",
        "JsonlError",
        "Input",
    ]
    assert str(got[1]).startswith("docs.jsonl:2: line is not JSON")
    assert str(got[2]) == "docs.jsonl:3: line is a JSON list, not an object"


def test_not_a_document_file_fails_once() -> None:
    (err,) = read(b'{"id": 1, "city": "X"}\n{"id": 2, "city": "Y"}\n')
    assert isinstance(err, JsonlError) and "first line has: city, id" in str(err)


def test_long_line_and_empty_file() -> None:
    got = read(b'{"text": "' + b"x" * 200 + b'"}\n{"text": "fine"}\n', Options(max_bytes=100))
    assert isinstance(got[0], TooLarge) and isinstance(got[1], Input) and got[1].text == "fine"
    (err,) = read(b"")
    assert isinstance(err, JsonlError)


def test_a_deeply_nested_line_fails_alone() -> None:
    import hostile

    data = hostile.jsonl({"text": "first"}, hostile.deep_json(100_000), {"text": "third"})
    got = list(read_jsonl(io.BytesIO(data), "deep.jsonl"))
    assert [g.text for g in got if isinstance(g, Input)] == ["first", "third"]
    errors = [g for g in got if not isinstance(g, Input)]
    assert [str(e) for e in errors] == [
        "deep.jsonl:2: line is nested too deeply to be a document (JSON arrays or objects)"
    ]
