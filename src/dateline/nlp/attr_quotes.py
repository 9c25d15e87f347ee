"""Quotation regions of a text, found paragraph by paragraph.

News copy opens a quotation again at the start of every paragraph a quote runs over and only
closes it at the end of the last one, and real copy has stray or missing marks. So marks are
paired inside one paragraph at a time: an opening mark with no closing mark in its paragraph
makes a region that runs to the end of that paragraph (flagged ``closed=False``), and a closing
mark with nothing open is ignored. Nothing here ever gives up on a whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PARAGRAPH_BREAK", "QuoteRegion", "paragraphs", "quote_regions"]

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
#: A blank line (possibly with spaces) separates paragraphs; a single newline does too in
#: copy that puts one paragraph per line.
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """``text[start:end]`` includes the marks; ``closed`` is False when the paragraph ended first."""

    start: int
    end: int
    closed: bool
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _opens(text: str, i: int) -> bool:
    """Whether a straight ``"`` at ``i`` opens (it follows a blank or an opening bracket)."""
    if i == 0:
        return True
    prev = text[i - 1]
    return prev.isspace() or prev in "([{—–-/:"


def quote_regions(text: str) -> list[QuoteRegion]:
    """Every quotation region of ``text`` in order; regions never cross a paragraph break."""
    regions: list[QuoteRegion] = []
    # two apostrophes stand for a double quotation mark in some copy (the New York Times
    # archive): read them as one straight mark, keeping offsets
    scan = text.replace("''", '"\u2060') if "''" in text else text
    for pno, (a, b) in enumerate(paragraphs(text)):
        open_at: int | None = None
        for i in range(a, b):
            ch = scan[i]
            if ch in OPENING or (ch == STRAIGHT and open_at is None and _opens(text, i)):
                if open_at is None:
                    open_at = i
                # a second opening mark inside an open quote: keep the first (nested quotes use
                # single marks in English copy, a repeated mark is a typo)
            elif (ch in CLOSING or ch == STRAIGHT) and open_at is not None:
                end = i + 2 if scan[i + 1 : i + 2] == "\u2060" else i + 1
                regions.append(QuoteRegion(open_at, end, True, pno))
                open_at = None
                # a closing mark with nothing open: ignored
        if open_at is not None:
            end = b
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            regions.append(QuoteRegion(open_at, end, False, pno))
    return regions
