"""The wire-structure parser: headline, credit, dateline, typed paragraphs and body text.

``parse(text)`` reads a news story or press release, plain text or Markdown, and returns
:class:`WireParts`. It never rewrites ``text``: every span indexes the text as given, and
``text[span.start:span.end] == span.text`` holds for everything returned. It never raises on
any text (only on an invalid ``date`` argument), and its cost is linear in the length of the
text: the dateline grammar runs on a bounded window at a few paragraph starts.

How a document is read, top down:

1. Paragraphs (:func:`dateline.wire.structure.split_paragraphs`).
2. The headline: a Markdown ``#`` heading, else a known ``title`` found near the top, else a
   short first paragraph that is not itself a dateline. A capitalized agency token before a
   colon (``CCTV+: ...``) is split off as the credit.
3. The dateline, at the start of one of the first paragraphs after the headline (short
   paragraphs in between, such as a deck, a byline or an image, are allowed), read by
   :mod:`dateline.wire.datelines`. Its date is the printed one; a printed month and day take
   their year from ``date``; a dateline printing no date takes ``date`` itself.
4. The role of every other paragraph (:func:`dateline.wire.structure.classify`); the dateline
   paragraph is split into a ``dateline`` paragraph and the body text after it.
5. ``body_text``: the body paragraphs as a reader sees them, joined by blank lines.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from ..dates import parse_option
from ..records import Credit, Dateline, Paragraph, Span, Warning
from . import datelines, dates, structure

__all__ = ["WireParts", "dates", "parse"]

log = logging.getLogger(__name__)

#: How many paragraphs after the headline may precede the dateline (deck, byline, images).
#: The most in the development data (../shared/data/wire and PolNeAR) is 4 (a News Direct
#: release: deck, image, caption, byline); one more is allowed.
MAX_LEADING = 5
#: Longest paragraph that may stand between the headline and the dateline. Decks and bylines
#: in the development data are under 250 characters; a longer paragraph is body text, and a
#: "dateline" after it would be a sentence that happens to look like one.
MAX_LEADING_CHARS = 300
#: Longest bulleted list of highlights allowed before the dateline (the one in the
#: development data, a NewMediaWire research release, has 4 items and 740 characters).
MAX_HIGHLIGHTS_CHARS = 2000
#: Longest first paragraph taken as a headline when no Markdown heading or title marks it.
#: The longest headline in the development data has 206 characters (a NewMediaWire release).
MAX_HEADLINE_CHARS = 300


@dataclass(frozen=True, slots=True)
class WireParts:
    """What :func:`parse` finds. ``paragraphs`` are all paragraphs in order, typed ``headline``,
    ``dateline``, ``body``, ``media``, ``source-line``, ``contact``, ``about``, ``disclaimer`` or
    ``trailer``; ``body_text`` is the body paragraphs as a reader sees them (wrapped lines
    joined, Markdown removed) joined by blank lines, starting after the dateline."""

    headline: Span | None
    credit: Credit | None
    dateline: Dateline | None
    paragraphs: tuple[Paragraph, ...]
    body_text: str
    language: str
    warnings: tuple[Warning, ...]


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _para(text: str, start: int, end: int, kind: str) -> Paragraph:
    return Paragraph(start=start, end=end, text=text[start:end], kind=kind)


def parse(
    text: str, *, date: str | None = None, markdown: bool | None = None, title: str | None = None
) -> WireParts:
    """Read the wire structure of ``text`` (see the module docstring).

    ``date`` is a known publication date ``YYYY-MM-DD`` (or just its year ``YYYY``);
    ``markdown`` is ``None`` to detect; ``title`` a known title (from HTML metadata, a feed)
    that helps find the headline.
    """
    anchor, anchor_year = parse_option(date, "date")
    if not isinstance(text, str):
        raise TypeError(f"parse() needs str, got {type(text).__name__}")
    md = structure.looks_markdown(text) if markdown is None else markdown
    blocks = _split_headline_from_dateline(
        text, structure.split_paragraphs(text, markdown=md), anchor, anchor_year
    )
    head_index = _find_headline(text, blocks, md, title, anchor, anchor_year)  # 1. the headline
    headline, credit = _headline_and_credit(text, blocks, head_index, md, title)
    first_body = 0 if head_index is None else head_index + 1
    found = _find_dateline(text, blocks, first_body, anchor, anchor_year)  # 2. the dateline
    paragraphs, rest, warnings = _lead(text, blocks, head_index, first_body, found)  # 3. roles
    body_text = _body(text, rest, md, paragraphs, warnings)
    language = structure.detect_language(body_text or text)
    return WireParts(
        headline=headline,
        credit=credit,
        dateline=found[1].dateline if found is not None else None,
        paragraphs=tuple(paragraphs),
        body_text=body_text,
        language=language,
        warnings=tuple(warnings),
    )


def _headline_and_credit(
    text: str, blocks: list[structure.Block], head_index: int | None, md: bool, title: str | None
) -> tuple[Span | None, Credit | None]:
    """The headline span inside its paragraph, and the origin credit opening it (``CCTV+:``)."""
    if head_index is None:
        return None, None
    block = blocks[head_index]
    h_start, h_end = structure.heading_span(text, block.start, block.end, markdown=md)
    if title is not None and head_index >= 0:
        located = _locate_title(text, title, block.start, block.end)
        if located is not None:
            h_start, h_end = located
    credit: Credit | None = None
    split = structure.credit_split(text, h_start, h_end)
    if split is not None:
        (c_start, c_end), h_start = split
        colon = text.find(":", c_end, h_end)
        c_text_end = colon + 1 if colon >= 0 else c_end
        credit = Credit(
            start=c_start, end=c_text_end, text=text[c_start:c_text_end], name=text[c_start:c_end]
        )
    return (_span(text, h_start, h_end) if h_end > h_start else None), credit


def _find_dateline(
    text: str,
    blocks: list[structure.Block],
    first_body: int,
    anchor: dt.date | None,
    anchor_year: int | None,
) -> tuple[int, datelines.DatelineMatch] | None:
    """The paragraph opening with the dateline and the match, looking past short leading
    paragraphs (media, highlights, a subtitle) but not past the first long one."""
    for i in range(first_body, min(len(blocks), first_body + MAX_LEADING + 1)):
        block = blocks[i]
        # The window may run past this paragraph: only a tracking pixel lets a dateline do so.
        found = datelines.match_at(text, block.start, len(text), anchor=anchor, anchor_year=anchor_year)
        if found is not None:
            return i, found
        chunk = text[block.start : block.end]
        is_media, _ = structure.media_kind(chunk)
        if not is_media and block.end - block.start > MAX_LEADING_CHARS and not _highlights(chunk):
            return None
    return None


def _lead(
    text: str,
    blocks: list[structure.Block],
    head_index: int | None,
    first_body: int,
    found: tuple[int, datelines.DatelineMatch] | None,
) -> tuple[list[Paragraph], list[tuple[int, int]], list[Warning]]:
    """The paragraphs up to the body (headline, media, subtitles, the dateline), the ranges of
    the paragraphs left to classify, and the warnings about the dateline."""
    paragraphs: list[Paragraph] = []
    warnings: list[Warning] = []
    for i in range(0, first_body):
        kind = "headline" if i == head_index else "media"  # media before a headline found by title
        paragraphs.append(_para(text, blocks[i].start, blocks[i].end, kind))
    rest: list[tuple[int, int]] = []
    body_from = first_body
    if found is not None:
        dateline_index, match = found
        for block in blocks[first_body:dateline_index]:
            is_media, _ = structure.media_kind(text[block.start : block.end])
            paragraphs.append(_para(text, block.start, block.end, "media" if is_media else "headline"))
        dl = match.dateline
        paragraphs.append(_para(text, dl.start, dl.end, "dateline"))
        body_from = dateline_index
        while body_from < len(blocks) and blocks[body_from].end <= dl.end:
            body_from += 1  # paragraphs the dateline takes whole
        if body_from < len(blocks) and blocks[body_from].start < dl.end:
            block = blocks[body_from]  # the paragraph the dateline opens: its body text
            start = dl.end
            while start < block.end and text[start].isspace():
                start += 1
            if start < block.end:
                rest.append((start, block.end))
            body_from += 1
        if match.year_missing:
            warnings.append(
                Warning(
                    code="dateline-year-unknown",
                    message="the dateline prints a month and day but no year, and no publication "
                    "date was given (pass date=YYYY-MM-DD or a year)",
                    start=dl.start,
                    end=dl.end,
                )
            )
    rest.extend((b.start, b.end) for b in blocks[body_from:])
    return paragraphs, rest, warnings


def _body(
    text: str, rest: list[tuple[int, int]], md: bool, paragraphs: list[Paragraph], warnings: list[Warning]
) -> str:
    """Classify the paragraphs after the dateline (appending them and their warnings) and return
    the body text: the body paragraphs cleaned of Markdown, joined by blank lines."""
    kinds = structure.classify([text[s:e] for s, e in rest])
    body_parts: list[str] = []
    for (start, end), (kind, missing) in zip(rest, kinds, strict=True):
        paragraphs.append(_para(text, start, end, kind))
        if missing:
            warnings.append(
                Warning(
                    code="media-without-url",
                    message=f"media line {text[start:end].strip()[:60]!r} has no address (URL or image)",
                    start=start,
                    end=end,
                )
            )
        if kind == "body":
            cleaned = structure.clean(text[start:end], markdown=md)
            if cleaned:
                body_parts.append(cleaned)
    return "\n\n".join(body_parts)


_BULLET = re.compile(r"[ \t]{0,8}(?:[*+\u2022-]|\d{1,2}[.)])[ \t]+\S")


def _highlights(chunk: str) -> bool:
    """Whether a paragraph is a bulleted list of highlights (a deck some releases put before
    the dateline), at most :data:`MAX_HIGHLIGHTS_CHARS` long."""
    if len(chunk) > MAX_HIGHLIGHTS_CHARS:
        return False
    lines = [ln for ln in chunk.splitlines() if ln.strip()]
    return bool(lines) and all(_BULLET.match(ln) for ln in lines)


def _find_headline(
    text: str,
    blocks: list[structure.Block],
    markdown: bool,
    title: str | None,
    anchor: dt.date | None,
    anchor_year: int | None,
) -> int | None:
    """Index of the headline paragraph, or ``None`` when the text has no headline."""
    if not blocks:
        return None
    first = blocks[0]
    if title is not None and title.strip():
        for i, block in enumerate(blocks[:8]):
            if _locate_title(text, title, block.start, block.end) is not None:
                return i if i == 0 else (i if _only_media_before(text, blocks, i) else None)
        # A known title that the text does not print (HTML bodies from trafilatura leave the
        # <title> out): the first paragraph is body, not a headline, unless marked as one.
        if markdown and structure.markdown_heading_at(text, first.start):
            return 0
        return None
    if markdown and structure.markdown_heading_at(text, first.start):
        return 0
    if len(blocks) < 2:
        return None
    opening = datelines.match_at(text, first.start, first.end, anchor=anchor, anchor_year=anchor_year)
    if opening is not None and opening.dateline.end < first.end and not opening.bare:
        # The text opens with its dateline and body ("WASHINGTON (AP) — The Senate ...");
        # a line that is nothing but a dateline-like phrase is a headline
        # ("GULF EDIBLE OIL PRICES - April 7"), and so is a short first paragraph opening
        # with a bare capitalized phrase and a dash ("ECONOMIC SPOTLIGHT - JAPAN ...").
        return None
    length = first.end - first.start
    if length > MAX_HEADLINE_CHARS or first.lines > 3:
        return None
    return 0


_LINE_START = re.compile(r"\r\n|\r|\n")


def _split_headline_from_dateline(
    text: str, blocks: list[structure.Block], anchor: dt.date | None, anchor_year: int | None
) -> list[structure.Block]:
    """Split a first paragraph whose second to fourth line opens with a dateline.

    Copy pasted without blank lines (``Xi sends letter`` on one line, ``BEIJING, Dec. 8, 2021
    /PRNewswire/ -- ...`` on the next) would otherwise read as one long paragraph with neither
    headline nor dateline. Only datelines with a date or a distributor count here.
    """
    if not blocks or blocks[0].lines < 2:
        return blocks
    first = blocks[0]
    for n, m in enumerate(_LINE_START.finditer(text, first.start, first.end)):
        if n >= 3:
            break
        found = datelines.match_at(text, m.end(), first.end, anchor=anchor, anchor_year=anchor_year)
        if found is not None and not found.bare:
            head_end = m.start()
            while head_end > first.start and text[head_end - 1].isspace():
                head_end -= 1
            rest_start = found.dateline.start
            head = structure.Block(first.start, head_end, n + 1)
            rest = structure.Block(rest_start, first.end, first.lines - n - 1)
            return [head, rest, *blocks[1:]]
    return blocks


def _only_media_before(text: str, blocks: list[structure.Block], index: int) -> bool:
    return all(structure.media_kind(text[b.start : b.end])[0] for b in blocks[:index])


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00b7|\u2022)\s+")


def _locate_title(text: str, title: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``title`` appears (whitespace and case aside) inside ``text[start:end]``.

    HTML titles often carry the site's name (``Acme opens plant | Example News``): when the
    whole title is not found, its longest part between such separators is tried (if it has at
    least three words).
    """
    candidates = [title]
    parts = sorted(_TITLE_SEPARATORS.split(title), key=len, reverse=True)
    if len(parts) > 1 and len(parts[0].split()) >= 3:
        candidates.append(parts[0])
    for candidate in candidates:
        words = candidate.split()
        if not words or len(words) > 60:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        m = pattern.search(text, start, end)
        if m:
            return m.start(), m.end()
    return None
