"""WARC and WARC.gz archives (as Common Crawl News publishes them): one HTML page per response.

Only ``response`` records with an HTTP status 200 and an HTML content type become documents
(``resource`` records with an HTML type too); requests, metadata, redirects, images and
robots.txt are skipped. Each page keeps its ``WARC-Target-URI`` (the document's URL and ingest
key) and ``WARC-Date``; its HTML goes through trafilatura like any other page.

A truncated or corrupt archive yields the pages read so far and then one error naming the
archive, the byte offset and the number of records read: the rest of a batch goes on.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from ..errors import DatelineError, InputError
from ..options import Options
from ..records import Metadata
from . import Input, from_bytes

__all__ = ["WarcError", "looks_like_warc", "read_warc"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Longest WARC or HTTP header line read (warcio reads a line until its newline, however long:
#: one header line of 1 GiB took 3.3 GB). Common Crawl's longest header lines (long
#: ``WARC-Target-URI`` and ``Set-Cookie`` values) are a few KB; 64 KiB leaves ample room.
MAX_HEADER_LINE = 64 * 1024

#: The record types of WARC 1.0/1.1 (and ARC records read as WARC): any other is a damaged header.
_KNOWN_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}
)


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with every line read bounded by :data:`MAX_HEADER_LINE`."""

    def readline(self, length: int | None = None) -> bytes:
        limit = MAX_HEADER_LINE if not length or length > MAX_HEADER_LINE else length
        line: bytes = super().readline(limit)
        if len(line) >= MAX_HEADER_LINE and not line.endswith(b"\n"):
            raise ValueError(f"a header line is over {MAX_HEADER_LINE:,} bytes without a newline")
        return line


class _BoundedIterator(ArchiveIterator):  # type: ignore[misc]
    def __init__(self, stream: IO[bytes], **kwargs: object) -> None:
        super().__init__(stream, **kwargs)
        self.reader.__class__ = _BoundedReader


class WarcError(InputError):
    """An archive that is truncated, corrupt or not a WARC file."""


def looks_like_warc(head: bytes, name: str = "") -> bool:
    """Whether a file is a WARC (by name, or ``WARC/1.x`` at its start)."""
    lowered = name.lower()
    if lowered.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return True
    return head.startswith(b"WARC/")


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    return m.group(1).lower() if m else None


def read_warc(
    stream: IO[bytes], source: str, options: Options | None = None
) -> Iterator[Input | DatelineError]:
    """Pages in the WARC ``stream`` (named ``source`` in errors), in archive order.

    Yields an :class:`~dateline.errors.InputError` in place of a page that cannot be decoded,
    and a :class:`WarcError` (then stops) when the archive is truncated or corrupt.
    """
    options = options or Options()
    records = 0
    pages = 0
    problem = _not_warc(stream)
    if problem:
        yield WarcError(problem, source)
        return
    iterator = _BoundedIterator(stream, arc2warc=True)
    try:
        for record in iterator:
            records += 1
            got, is_page = _page(record, records, source, options)
            pages += is_page
            if got is not None:
                yield got
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, AttributeError, TypeError) as exc:
        # warcio raises all of these on a cut or damaged record
        offset = iterator.offset if hasattr(iterator, "offset") else None
        if not isinstance(offset, int) or offset < 0:  # warcio's own count can go negative
            offset = _tell(stream)
        where = f" at byte {offset:,}" if isinstance(offset, int) else ""
        what = "truncated or corrupt" if records else "not a readable WARC archive"
        yield WarcError(
            f"{what}{where} after {records} records ({pages} pages read): {type(exc).__name__}: "
            f"{_clip(str(exc))}".rstrip(": "),
            source,
        )
        return
    if records == 0:
        yield WarcError("holds no WARC records (empty or not a WARC file)", source)


def _page(record: Any, n: int, source: str, options: Options) -> tuple[Input | DatelineError | None, bool]:
    """What the ``n``-th record of an archive gives (a page, an error, or ``None`` for records
    that are not HTML pages), and whether its payload was read as a page. Raises ``EOFError``
    on a record cut short (the archive ends there)."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#record-{n}"
    if record.rec_type not in _KNOWN_TYPES:
        return WarcError(
            f"record {n} has no valid WARC-Type ({_clip(str(record.rec_type), 40)}): a damaged "
            "header; the record is skipped",
            uri,
        ), False
    if record.rec_type not in ("response", "resource"):
        return None, False
    date = record.rec_headers.get_header("WARC-Date")
    if record.rec_type == "response":
        if record.http_headers is None:
            return WarcError(f"response record {n} has no readable HTTP header", uri), False
        ctype = record.http_headers.get_header("Content-Type") or ""
        if record.http_headers.get_statuscode() != "200":
            return None, False
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if not ctype.lower().startswith(_HTML_TYPES):
        return None, False
    length = record.rec_headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > options.max_bytes:
        return InputError(
            f"page of {int(length):,} bytes is over the {options.max_bytes:,}-byte limit", uri
        ), False
    payload = record.content_stream().read(options.max_bytes + 1)
    left = getattr(record.raw_stream, "limit", 0)
    if isinstance(left, int) and left > 0 and len(payload) <= options.max_bytes:
        # warcio returns a cut record's bytes without complaint: the record's Content-Length says
        # how many are missing
        raise EOFError(f"record for {uri} is missing {left:,} bytes")
    data = _recode(payload, _charset(ctype))
    try:
        page = from_bytes(
            data, uri, options=options, format="html", id=None, metadata=Metadata(url=uri, date=date)
        )
    except DatelineError as exc:
        return exc, True
    return page, True


def _clip(message: str, limit: int = 200) -> str:
    """warcio's messages on one line (they span several, with the raw bytes), at most ``limit``
    characters."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return None


def _not_warc(stream: IO[bytes]) -> str | None:
    """Why ``stream`` is not a WARC/ARC file (looking at its first bytes), or ``None``."""
    if not stream.seekable():
        return None
    start = stream.tell()
    head = stream.read(1024)
    stream.seek(start)
    if not head:
        return "is empty (no WARC records)"
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(47).decompress(head)
        except zlib.error as exc:
            return f"is not a readable gzip file: {exc}"
    if head.lstrip().startswith((b"WARC/", b"filedesc://")) or not head:
        return None
    return "is not a WARC file (it does not start with a WARC/1.x record header)"


def _recode(payload: bytes, charset: str | None) -> bytes:
    """UTF-8 bytes of a page whose HTTP header names another charset (``from_bytes`` expects
    UTF-8 or detects)."""
    if not charset or charset.replace("-", "").replace("_", "") in ("utf8", "usascii", "ascii"):
        return payload
    try:
        return payload.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return payload
