"""RSS and Atom feeds: one :class:`~dateline.readers.Input` per entry.

Each entry becomes a text document: its title, a blank line, then its content (or, lacking
content, its summary) with the HTML turned into paragraphs. The entry's link, date, author and
the feed's title travel as metadata; the link is the document's URL (its ingest key).

Feeds are checked before feedparser sees them: a document type declaring entities (the
"billion laughs" attack and its relatives, and external entities) is refused outright, so no
entity is ever expanded; XML that is not well-formed is refused with the parser's line and
column (only undefined HTML entities such as ``&nbsp;``, common in real feeds, are let through
to feedparser's lenient parser).
"""

from __future__ import annotations

import calendar
import logging
import re
import time
import xml.sax
from collections.abc import Iterator
from typing import Any

import feedparser
import lxml.html
from defusedxml import DefusedXmlException
from defusedxml.sax import parseString as defused_parse

from ..errors import DatelineError, EmptyInput, InputError
from ..records import Metadata
from . import Input

__all__ = ["FeedError", "UnsafeFeed", "html_to_text", "looks_like_feed", "read_feed"]

log = logging.getLogger(__name__)

#: Block elements after which a paragraph ends when entry HTML becomes text.
BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "table",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
    ]
)


class FeedError(InputError):
    """A feed that cannot be read (malformed XML, no entries)."""


class UnsafeFeed(FeedError):
    """A feed declaring XML entities (billion laughs, external entities): refused unread."""


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a file look like an RSS, RDF or Atom feed."""
    probe = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not probe.startswith(b"<"):
        return False
    return any(tag in probe for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel"))


def _check_xml(data: bytes, source: str) -> str | None:
    """Refuse entity declarations; return a warning when the XML is not well-formed but only
    because of undefined (HTML) entities; raise :class:`FeedError` for other syntax errors."""
    if re.search(rb"<!ENTITY", data[:1_000_000], re.I):
        raise UnsafeFeed("feed declares XML entities (possible billion-laughs attack); refused", source)
    try:
        defused_parse(data, xml.sax.ContentHandler(), forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise UnsafeFeed(
            f"feed uses forbidden XML constructs ({type(exc).__name__}); refused", source
        ) from None
    except xml.sax.SAXParseException as exc:
        message = exc.getMessage()
        where = f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
        if "undefined entity" in message:
            return f"feed XML has an undefined entity at {where}; read leniently"
        raise FeedError(f"malformed feed XML at {where}: {message}", source) from None
    return None


def html_to_text(fragment: str) -> str:
    """Paragraphs of an HTML fragment, separated by blank lines."""
    if "<" not in fragment:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", fragment) if p.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(current)).strip()
        if text:
            parts.append(text)
        current.clear()

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in BLOCKS:
            flush()
        if el.text and tag:
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in BLOCKS:
            flush()

    walk(root)
    flush()
    return "\n\n".join(parts)


def _date(entry: Any) -> str | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            stamp = calendar.timegm(value)
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))
    return None


def _content(entry: Any) -> str:
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        if value.strip():
            return str(value)
    return str(entry.get("summary") or entry.get("description") or "")


def read_feed(data: bytes, source: str) -> Iterator[Input | DatelineError]:
    """Entries of the feed in ``data`` (named ``source``), in feed order.

    Raises :class:`FeedError` (or :class:`UnsafeFeed`) when the feed as a whole cannot be read;
    yields an :class:`~dateline.errors.EmptyInput` in place of an entry with no text.
    """
    if not data.strip():
        raise EmptyInput("is empty (no feed to read)", source)
    warning = _check_xml(data, source)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise FeedError(f"no RSS or Atom entries found{detail}", source)
    if warning:
        log.warning("%s: %s", source, warning)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, start=1):
        link = (entry.get("link") or "").strip() or None
        name = link or f"{source}#entry-{n}"
        title = re.sub(r"\s+", " ", entry.get("title") or "").strip()
        body = html_to_text(_content(entry))
        if not body.strip():
            yield EmptyInput(f"feed entry {n} has no content or summary", name)
            continue
        text = f"{title}\n\n{body}\n" if title else f"{body}\n"
        meta = Metadata(
            title=title or None,
            date=_date(entry),
            site=feed_title,
            url=link,
            author=(entry.get("author") or None),
        )
        yield Input(source=name, text=text, format="text", id=None, metadata=meta)
