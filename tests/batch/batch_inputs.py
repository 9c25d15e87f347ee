"""Inputs for the batch tests, built from the shared texts: a WARC of HTML pages (with records a
crawler meets and skips, and one page that is not text), JSON Lines with syndicated copies, a
truncated WARC.gz. Nothing is copied into the project: everything is written under tmp_path."""

from __future__ import annotations

import gzip
import io
import json
import re
from html import escape
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"
REUTERS = SHARED / "data" / "wire" / "reuters-21578-train" / "text"
RELEASES = SHARED / "data" / "wire" / "press-releases-2024" / "text"


def html_page(text: str) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    head = escape(paras[0])
    body = "".join(f"<p>{escape(p)}</p>" for p in paras[1:])
    return (
        f"<!doctype html><html><head><title>{head}</title></head><body>"
        f"<nav>Home | World | Politics</nav><article><h1>{head}</h1>{body}</article>"
        "<footer>© News Example</footer></body></html>"
    )


def _response(writer: WARCWriter, url: str, payload: bytes, ctype: str, status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2016-10-01T12:00:00Z"},
    )
    writer.write_record(rec)


def write_warc(path: Path, texts: list[str], *, extras: bool = True, site: str = "news.example") -> Path:
    """A WARC.gz with one HTML response per text; with ``extras``, also a request record, a 404,
    an image and an HTML page whose bytes are binary (a failure row)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, text in enumerate(texts):
            if extras and i == 1:
                req = writer.create_warc_record(
                    "https://news.example/robots.txt",
                    "request",
                    payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                )
                writer.write_record(req)
                _response(
                    writer, "https://news.example/gone", b"<html>gone</html>", "text/html", "404 Not Found"
                )
                _response(
                    writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"
                )
                _response(
                    writer, "https://news.example/broken", b"\x89PNG\r\n\x1a\n" + bytes(64), "text/html"
                )
            _response(writer, f"https://{site}/story-{i}", html_page(text).encode("utf-8"), "text/html")
    return path


def truncate(path: Path, out: Path, keep: float = 0.6) -> Path:
    """A copy of ``path`` cut after ``keep`` of its bytes (a crawl file that was never finished)."""
    data = path.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def copy_of(text: str) -> str:
    """A syndicated copy: a site header, quotes straightened, an ADVERTISEMENT line inserted,
    and a footer."""
    lines = text.split("\n")
    body = [ln.replace("\u201c", '"').replace("\u201d", '"') for ln in lines]
    if len(body) > 3:
        body.insert(3, "ADVERTISEMENT")
    return "Daily Example | Business\n" + "\n".join(body) + "\nRead more at Daily Example. Subscribe today."


def write_jsonl(path: Path, items: list[dict[str, str]], *, bad_lines: bool = True, gz: bool = False) -> Path:
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    if bad_lines:
        lines.insert(1, "{not json")
        lines.append(json.dumps({"text": "   ", "id": "blank"}))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


#: A line a site prints under its stories (its boilerplate when three of them carry it).
NEWSLETTER = (
    "Readers who want the morning briefing in their inbox can sign up for the Paper Example "
    "newsletter on our subscriptions page at any time."
)


def paragraphs(text: str) -> list[str]:
    """The lines of ``text`` with a dozen words or more (no Markdown heading), each cut into
    paragraphs of two sentences (a release of the shared set is one line)."""
    out = []
    for line in text.split("\n"):
        if len(line.split()) >= 12 and not line.startswith("#"):
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.strip())
            out.extend(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))
    return out


def first(folder: Path, n: int, pattern: str = "*") -> list[Path]:
    return sorted(folder.glob(pattern))[:n]
