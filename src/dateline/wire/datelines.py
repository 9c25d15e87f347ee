"""Finding and reading the dateline that opens a story.

A dateline is a place, then some of: a date, the distributor, a time, and a closing dash or
slash. The shapes met in wire copy and press releases::

    BEIJING, Dec. 8, 2021 /PRNewswire/ --            (also with — or –)
    NEW YORK (Reuters) -                               WASHINGTON (AP) —
    PALO ALTO, Calif.--(BUSINESS WIRE)--               TORONTO, March 3, 2024 /CNW/ -
    SANTA CLARITA VALLEY, CA, March 21, 2024 /24-7PressRelease/ --
    BROOMFIELD, CO - (NewMediaWire) - September 27, 2024 -
    NEW YORK, NY / NewsDirect / July 11th, 2024 /      --News Direct--
    Scotts Valley, CA (Newsworthy.ai) Wednesday Nov 13, 2024 @ 1:00 PM Pacific —
    HEMPSTEAD, N.Y., Sept. 26 (UPI) —                  Dallas, United States - December 3, 2024 / Acme /
    (NewMediaWire) - September 03, 2024 - DALLAS —     Dallas, TX – [November 7, 2024] –
        WASHINGTON, Feb 26 -                           (Reuters-21578: indented, no year)
    MADRID, 8 de diciembre de 2021 /PRNewswire/ --

Rather than one pattern per service, one grammar covers them: ``place (separator element)*
end`` where an element is a date (optionally with weekday and time), ``/token/``,
``(token)`` or ``[date]``, and the end is a dash, a slash or the end of the line. Tokens are
then read one by one: a token that parses as a date is the date, otherwise it may name the
distributor (see :mod:`dateline.wire.distributors`).

False positives are the risk of a loose grammar, so a match must carry a date or a
distributor; a bare ``PLACE —`` is accepted only when the place is written like a dateline
place (``DALLAS``, ``Tucson, AZ``). Every pattern is applied with ``match`` at a paragraph start
on a window of at most :data:`WINDOW` characters, so the cost per document is bounded whatever
its length.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from ..records import Dateline
from . import dates, distributors

__all__ = ["WINDOW", "DatelineMatch", "match_at"]

log = logging.getLogger(__name__)

#: Longest stretch of text a dateline may take (the longest seen in the development data,
#: Newsworthy.ai's ``Jacksons Point, Ontario, Canada (Newsworthy.ai) Tuesday Oct 22, 2024 @
#: 8:00 AM America/Toronto —``, is 97 characters; 400 leaves room for long place names).
WINDOW = 400

_H = r"[^\S\r\n]"  # horizontal white space, no-break spaces included
_LEAD = rf"(?:{_H}|[*_>\[]){{0,12}}"
_WORD = r"[^\W\d_](?:[\w.'’&]|-(?=[^\W\d_]))*"
_NOT_LOC = rf"(?:{dates.MONTH_PATTERN}{_H}{{0,3}}\d|{dates.FULL_WEEKDAY_PATTERN}|\d)"
_SEG = rf"(?!{_NOT_LOC}){_WORD}(?:{_H}{{1,2}}(?!{_NOT_LOC}){_WORD}){{0,5}}"
_LOC = rf"{_SEG}(?:,{_H}{{1,2}}{_SEG}){{0,3}}"
# A second place after a slash (``PALM BEACH, FL / MADRID, SPAIN —``) must name its region too:
# ``NEW YORK, NY / NewsDirect /`` is a place and a distributor, not two places.
_LOCS = rf"{_LOC}(?:{_H}{{1,2}}/{_H}{{1,2}}{_SEG}(?:,{_H}{{1,2}}{_SEG}){{1,3}})?"
_TIME = (
    rf"(?:{_H}{{0,3}}(?:@|at)?{_H}{{0,3}}[0-2]?\d:[0-5]\d(?:{_H}{{0,2}}[AaPp]\.?[Mm]\.?)?"
    rf"(?:{_H}{{1,2}}[A-Za-z_]+(?:/[A-Za-z_]+)?)?)"
)
_DATE = rf"(?:{dates.DATE_PATTERN}{_TIME}?)"
_MDLINK = r"\[[^\]\n]{1,60}\]\([^()\s]{1,300}\)"
_ELEMENT = rf"(?:/[^/\n]{{1,60}}/|\((?:{_MDLINK}|[^()\n]{{1,60}})\)|\[{_DATE}\]|{_DATE})"
# A tracking pixel (an image without alt text) that scraped releases leave inside the
# dateline (``OCOEE, FL - ![](https://.../track/x.gif)`` then, after a blank line, the rest).
_PIXEL = r"!\[\]\([^()\s]{1,500}\)\s{0,6}"
_SEP = rf"{_H}{{0,3}}(?:---?|[—–―‒]|-|,)?{_H}{{0,3}}(?:{_PIXEL})?[*_]{{0,2}}{_H}{{0,2}}"
_DASH = rf"{_H}{{0,3}}[*_]{{0,2}}{_H}{{0,3}}(?:---?|[—–―‒]|-(?=\s|$)|(?<=\s)_(?=\s))"
_END = (
    rf"(?:(?P<dash>{_DASH})|(?P<slash>{_H}{{0,3}}/)|(?<=/)(?={_H})|(?<=\))(?={_H})"
    rf"|(?={_H}*(?:\r|\n|$))"
    # no separator at all after a full date: ``VALLETTA, MALTA, July 27, 2025  The Council ...``
    rf"|(?<=\d{{4}})(?={_H}{{1,3}}[A-Z][a-z]))"
)

# The date-lookups inside the patterns reuse dates.DATE_PATTERN's named groups, so each
# pattern below is compiled with them renamed away (only the structure is needed here).
_GROUPS = re.compile(r"\(\?P<(m1|d1|y1|m2|d2|y2|m3|d3|y3|iso)>")


def _anon(pattern: str) -> str:
    return _GROUPS.sub("(?:", pattern)


_PLACE_FIRST = re.compile(_anon(rf"{_LEAD}(?P<loc>{_LOCS})\]?(?P<tail>(?:{_SEP}{_ELEMENT}){{0,5}}){_END}"))
_AGENCY_FIRST = re.compile(
    _anon(
        rf"{_LEAD}(?P<tail>\((?:{_MDLINK}|[^()\n]{{1,60}})\)(?:{_SEP}{_ELEMENT}){{1,4}})"
        rf"(?:{_SEP}(?P<loc>{_LOC}))?{_END}"
    )
)
_DATE_FIRST = re.compile(
    _anon(
        rf"{_LEAD}(?P<tail>{_DATE}(?:{_SEP}{_ELEMENT}){{0,3}})"
        rf"(?:,?{_H}{{1,2}}(?P<loc>{_LOC}))?(?:(?P<dash>{_DASH})|(?P<slash>{_H}{{0,3}}/))"
    )
)
_DASHES = re.compile(rf"(?:{_H}|[*_]){{0,6}}--{_H}{{0,2}}(?P<tail>[A-Za-z][\w .]{{1,40}}?){_H}{{0,2}}--")

_TOKEN = re.compile(
    _anon(
        r"(?P<pixel>!\[\]\([^()\s]{1,500}\))|"
        r"/(?P<slash>[^/\n]{1,60})/|\((?:\[(?P<link>[^\]\n]{1,60})\]\([^()\s]{1,300}\)|"
        r"(?P<paren>[^()\n]{1,60}))\)"
    )
    + rf"|(?P<date>{dates.DATE_PATTERN})"
)
_DATE_ONLY = re.compile(rf"{_H}*{dates.DATE_PATTERN}{_TIME}?{_H}*")

#: First words that start sentences, not places ("On March 3, 2024 - ...").
_NOT_PLACE = frozenset(
    [
        "on",
        "in",
        "as",
        "at",
        "by",
        "the",
        "this",
        "that",
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "for",
        "from",
        "since",
        "until",
        "last",
        "next",
        "posted",
        "published",
        "updated",
        "dated",
        "date",
        "when",
        "while",
        "after",
        "before",
        "during",
        "about",
        "photo",
        "video",
        "image",
        "source",
        "contact",
        "and",
        "or",
        "but",
        "if",
        "it",
        "we",
        "our",
    ]
)
#: Region abbreviations that make "City, ST" a plausible place without a date or agency.
_REGION_ABBREV = re.compile(r"^(?:[A-Z]{2}|[A-Z]\.[A-Z]\.|[A-Z][a-z]{1,4}\.)$")


@dataclass(frozen=True, slots=True)
class DatelineMatch:
    """A dateline found at a paragraph start.

    ``printed_date`` tells whether the date came from the dateline itself (as opposed to the
    known publication date); ``year_missing`` that a month and day were printed but no year
    was printed or known, so ``dateline.date`` is ``None``; ``bare`` that it is a place and a
    dash only (``DALLAS —``), with neither date nor distributor.
    """

    dateline: Dateline
    printed_date: bool
    year_missing: bool
    bare: bool = False


def match_at(
    text: str,
    pos: int,
    endpos: int,
    *,
    anchor: dt.date | None = None,
    anchor_year: int | None = None,
) -> DatelineMatch | None:
    """The dateline starting at ``text[pos:]`` (within ``endpos``), or ``None``.

    ``anchor`` is a known publication date: it gives the year of a dateline printing only a
    month and day (the occurrence nearest to it), and the date of a dateline printing none.
    ``anchor_year`` is a known publication year without a day: it gives only the year.
    """
    end = min(endpos, pos + WINDOW, len(text))
    for pattern in (_PLACE_FIRST, _AGENCY_FIRST, _DATE_FIRST):
        m = pattern.match(text, pos, end)
        if m is None:
            continue
        found = _read(text, m, anchor=anchor, anchor_year=anchor_year)
        if found is not None:
            return found
    m = _DASHES.match(text, pos, end)
    if m is not None:
        name = distributors.normalize(m.group("tail"))
        if name is not None:
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \t*_")))
            return _build(text, start, m.end(), None, None, name, anchor, False, False)
    return None


def _read(
    text: str, m: re.Match[str], *, anchor: dt.date | None, anchor_year: int | None
) -> DatelineMatch | None:
    loc = m.group("loc")
    tail_start, tail_end = m.span("tail")
    when: dt.date | None = None
    printed = False
    year_missing = False
    distributor: str | None = None
    for tok in _TOKEN.finditer(text, tail_start, tail_end):
        if tok.group("pixel") is not None:
            continue
        inner = tok.group("slash") or tok.group("paren") or tok.group("link")
        if tok.group("date") is not None or (inner is not None and _DATE_ONLY.fullmatch(inner)):
            if printed or year_missing:
                continue
            dm = _DATE_ONLY.fullmatch(inner) if inner is not None else tok
            parsed = _date_of(dm, anchor, anchor_year) if dm is not None else None
            if parsed is None:
                continue
            when, year_missing = parsed
            printed = when is not None
        elif inner is not None and distributor is None:
            distributor = distributors.normalize(inner)
    has_evidence = printed or year_missing or distributor is not None
    if loc is not None:
        loc = loc.strip()
        if not _plausible_place(loc, strong_needed=not has_evidence, dashed=m.group("dash") is not None):
            return None
    elif not has_evidence:
        return None
    if not has_evidence and not _text_follows(text, m.end()):
        # A bare "PLACE -" must open a line of body text; alone it is a headline ("ALLIS-").
        return None
    start = m.start("loc") if loc is not None and m.start("loc") < tail_start else tail_start
    stop = m.end()
    # Trailing markdown emphasis is not part of the dateline; a lone "_" is old AP's dash.
    while stop > start and (
        text[stop - 1] in " \t*" or (text[stop - 1] == "_" and not text[stop - 2].isspace())
    ):
        stop -= 1
    for mark in ("**", "__"):
        # Bold opened before the place and closed inside the dateline: keep the pair together.
        if (
            start >= len(mark)
            and text.count(mark, start, stop) % 2 == 1
            and text.startswith(mark, start - len(mark))
        ):
            start -= len(mark)
    city, region = _split_place(loc)
    found = _build(
        text,
        start,
        stop,
        city,
        region,
        distributor,
        anchor if not printed else None,
        printed,
        year_missing,
        when,
    )
    return DatelineMatch(found.dateline, printed, year_missing, bare=not has_evidence)


def _text_follows(text: str, pos: int) -> bool:
    end = min(len(text), pos + 40)
    line = _LINE_END.split(text[pos:end], maxsplit=1)[0]
    return any(c.isalnum() for c in line)


_LINE_END = re.compile(r"\r\n|\r|\n")


def _date_of(
    m: re.Match[str], anchor: dt.date | None, anchor_year: int | None
) -> tuple[dt.date | None, bool] | None:
    parts = dates.month_day(m)
    if parts is None:
        return None
    year, month, day = parts
    when = dates.complete_year(year, month, day, anchor, anchor_year, dateline=True)
    if when is None and year is None and anchor is None and anchor_year is None:
        return None, True
    if when is None:
        return None
    return when, False


def _plausible_place(loc: str, *, strong_needed: bool, dashed: bool) -> bool:
    if len(loc) > 80:
        return False
    segments = [s.strip() for s in loc.split(",")]
    first_words = segments[0].split()
    if not first_words or not first_words[0][0].isupper():
        return False
    if first_words[0].casefold().strip(".") in _NOT_PLACE:
        return False
    if not strong_needed:
        return True
    if not dashed:
        return False
    city = segments[0]
    letters = [c for c in city if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True
    return (
        len(segments) == 2
        and bool(_REGION_ABBREV.match(segments[1]))
        and all(w[0].isupper() for w in first_words)
    )


def _split_place(loc: str | None) -> tuple[str | None, str | None]:
    if not loc:
        return None, None
    loc = loc.split(" / ", 1)[0]  # of two places, the first (where the release was issued)
    segments = [s.strip() for s in loc.split(",") if s.strip()]
    if not segments:
        return None, None
    return segments[0], (", ".join(segments[1:]) or None)


def _build(
    text: str,
    start: int,
    stop: int,
    city: str | None,
    region: str | None,
    distributor: str | None,
    fallback: dt.date | None,
    printed: bool,
    year_missing: bool,
    when: dt.date | None = None,
) -> DatelineMatch:
    date = when if printed else fallback
    return DatelineMatch(
        dateline=Dateline(
            start=start,
            end=stop,
            text=text[start:stop],
            city=city,
            region=region,
            date=date.isoformat() if date else None,
            distributor=distributor,
        ),
        printed_date=printed,
        year_missing=year_missing,
    )
