"""HTML pages through trafilatura: the article body as a reader sees it, and the page metadata.

The extracted text (title, blank line, then one paragraph per block) becomes the document text
that every offset of the record indexes; the raw HTML is not kept in the record.
"""

from __future__ import annotations

import logging

import trafilatura

from ..errors import EmptyInput
from ..records import Metadata

__all__ = ["extract"]

log = logging.getLogger(__name__)


def extract(html: str, source: str, *, url: str | None = None) -> tuple[str, Metadata]:
    """Plain text of the article in ``html`` (headline first) and its metadata."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=False,
        deduplicate=False,
    )
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise EmptyInput("HTML page has no article text that trafilatura could extract", source)
    title = (getattr(doc, "title", None) or "").strip() or None
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if title and paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    meta = Metadata(
        title=title,
        date=(getattr(doc, "date", None) or None),
        site=(getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None),
        url=(getattr(doc, "url", None) or url or None),
        author=(getattr(doc, "author", None) or None),
    )
    return text, meta
