"""Building test inputs from the shared data: an RSS feed, an Atom feed and WARC archives.

Nothing is copied into the project: the feeds and archives are written to a temporary folder
by each test, from ``../shared/data`` texts.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: ``../shared`` from the project root.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def texts(folder: str, n: int) -> list[Path]:
    """The first ``n`` text files of a shared data folder (sorted by name)."""
    return sorted(p for p in shared_path(*folder.split("/")).iterdir() if p.is_file())[:n]


def split_story(text: str) -> tuple[str, list[str]]:
    """Headline (first non-empty line, Markdown ``#`` removed) and body paragraphs."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    title = blocks[0].lstrip("# ").strip() if blocks else ""
    return title, blocks[1:]


def html_page(title: str, paragraphs: list[str], *, date: str = "2024-03-08") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta property='article:published_time' content='{date}'>"
        "</head><body><header><nav>Home | World | Business</nav></header>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str, list[str]]], *, title: str = "Wire feed") -> bytes:
    """An RSS 2.0 feed; ``items`` are (link, date ISO, title, paragraphs)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{html.escape(title)}</title><link>https://wire.example/</link>",
        "<description>Test feed</description>",
    ]
    for link, date, headline, paragraphs in items:
        when = dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC)
        content = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        out.append(
            f"<item><title>{html.escape(headline)}</title><link>{html.escape(link)}</link>"
            f"<guid>{html.escape(link)}</guid>"
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<description>{html.escape(paragraphs[0][:200] if paragraphs else '')}</description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


def atom(items: list[tuple[str, str, str, list[str]]], *, title: str = "Atom wire") -> bytes:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{html.escape(title)}</title><id>urn:test:feed</id><updated>2024-01-01T00:00:00Z</updated>",
    ]
    for link, date, headline, paragraphs in items:
        content = html.escape("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
        out.append(
            f'<entry><title>{html.escape(headline)}</title><link href="{html.escape(link)}"/>'
            f"<id>{html.escape(link)}</id><updated>{date}T12:00:00Z</updated>"
            f'<content type="html">{content}</content></entry>'
        )
    out.append("</feed>")
    return "\n".join(out).encode("utf-8")


def warc(pages: list[tuple[str, str]], *, gzip: bool = True, extra: bool = True) -> bytes:
    """A WARC holding a response per (url, html) page, plus (``extra``) a request record, an image
    response and a 404 that must be skipped."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)

    def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(rec)

    for n, (url, page) in enumerate(pages):
        if extra and n == 0:
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(req)
            response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\nxxxx", "image/png")
            response("https://news.example/missing", b"<html>not found</html>", "text/html", "404 Not Found")
        response(url, page.encode("utf-8"), "text/html; charset=utf-8")
    return buf.getvalue()
