"""WARC reader: HTML responses only, with URL and date; truncated archives report and stop."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.errors import TooLarge
from dateline.options import Options
from dateline.readers import Input
from dateline.readers.warc import WarcError, looks_like_warc, read_warc

PAGE = "<html><head><title>T</title></head><body><article><p>Caf\u00e9 story.</p></article></body></html>"


def build(gzip: bool = True, charset: str = "utf-8") -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)

    def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    w.write_record(
        w.create_warc_record("https://n.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
    )
    response("https://n.example/a.html", PAGE.encode(charset), f"text/html; charset={charset}")
    response("https://n.example/logo.png", b"\x89PNG....", "image/png")
    response("https://n.example/moved", b"", "text/html", "301 Moved Permanently")
    response("https://n.example/b.html", PAGE.replace("story", "second").encode(charset), "text/html")
    return buf.getvalue()


def test_html_responses_only() -> None:
    for gzip in (True, False):
        got = list(read_warc(io.BytesIO(build(gzip)), "x.warc"))
        assert [g.source for g in got] == ["https://n.example/a.html", "https://n.example/b.html"]
        first = got[0]
        assert isinstance(first, Input) and first.format == "html" and "Café" in first.text
        assert first.metadata.url == first.source and first.metadata.date and first.id == "a"


def test_charset_from_http_header() -> None:
    (first, _) = read_warc(io.BytesIO(build(charset="iso-8859-1")), "latin.warc")
    assert isinstance(first, Input) and "Café story" in first.text


def test_truncated_archive_keeps_pages_read_and_reports_once() -> None:
    data = build()
    got = list(read_warc(io.BytesIO(data[: len(data) - 60]), "cut.warc.gz"))
    errors = [g for g in got if isinstance(g, WarcError)]
    assert len(errors) == 1 and got[-1] is errors[0]
    assert str(errors[0]).startswith("cut.warc.gz: truncated or corrupt")
    assert [g.source for g in got if isinstance(g, Input)] == ["https://n.example/a.html"]


def test_not_a_warc() -> None:
    (err,) = read_warc(io.BytesIO(b"hello, this is not an archive\n" * 5), "fake.warc")
    assert isinstance(err, WarcError) and str(err).startswith("fake.warc: ")


def test_page_over_the_limit() -> None:
    got = list(read_warc(io.BytesIO(build()), "x.warc", Options(max_bytes=50)))
    assert all(isinstance(g, TooLarge) or "limit" in str(g) for g in got) and len(got) == 2


def test_sniff() -> None:
    assert (
        looks_like_warc(b"", "crawl.warc.gz")
        and looks_like_warc(b"WARC/1.1\r\n")
        and not looks_like_warc(b"<html>")
    )
