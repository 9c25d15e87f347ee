"""Dates as news copy writes them, resolved to calendar dates.

Two jobs:

* :func:`resolve` turns one date expression (``"Wednesday"``, ``"on Dec. 8"``,
  ``"8 de diciembre de 2021"``, ``"yesterday"``, ``"last Tuesday"``) into a
  :class:`datetime.date`, given the date the text was written (the *anchor*, usually the
  dateline date). It returns ``None`` when it cannot, never raises.
* :func:`month_day` and :func:`complete_year` serve the dateline parser: a dateline prints
  ``Feb 26`` and the year comes from a known publication date or year.

News conventions used here (they are the ones AP and Reuters style guides describe):

* A bare weekday means the most recent such day on or before the anchor: a story datelined
  Wednesday 8 December 2021 saying "opened on Wednesday" means that same day.
* "last Tuesday" is the most recent Tuesday strictly before the anchor; "next Tuesday" and
  "this coming Tuesday" the first one strictly after it.
* A month and day without a year means the occurrence nearest to the anchor (so "Dec. 31" in
  a story of 2 January is last year's, "Jan. 3" in a story of 30 December is next year's).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

__all__ = [
    "DATE_PATTERN",
    "FULL_WEEKDAY_PATTERN",
    "MONTH_PATTERN",
    "WEEKDAY_PATTERN",
    "complete_year",
    "latest_occurrence",
    "month_day",
    "month_number",
    "nearest_occurrence",
    "resolve",
]

log = logging.getLogger(__name__)

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "enero", "ene"),
        ("february", "feb", "febrero"),
        ("march", "mar", "marzo"),
        ("april", "apr", "abril", "abr"),
        ("may", "mayo"),
        ("june", "jun", "junio"),
        ("july", "jul", "julio"),
        ("august", "aug", "agosto", "ago"),
        ("september", "sep", "sept", "septiembre", "setiembre", "set"),
        ("october", "oct", "octubre"),
        ("november", "nov", "noviembre"),
        ("december", "dec", "diciembre", "dic"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number
        # Any prefix of three letters or more: wire copy truncates ("Marc 3", "Sept", "Febr").
        for _cut in range(3, len(_name)):
            _MONTHS.setdefault(_name[:_cut], _number)
# Portuguese, French and German names, full and in their usual abbreviations only (their
# prefixes would collide: "jui" is juin or juillet).
for _number, _names in enumerate(
    (
        ("janeiro", "janvier", "janv", "januar", "jänner"),
        ("fevereiro", "fev", "février", "fevrier", "févr", "fevr", "februar"),
        ("março", "marco", "mars", "märz", "marz"),
        ("avril", "avr"),
        ("maio", "mai"),
        ("junho", "juin", "juni"),
        ("julho", "juillet", "juil", "juli"),
        ("août", "aout"),
        ("setembro",),
        ("outubro", "out", "oktober", "okt"),
        ("novembro",),
        ("dezembro", "dez", "décembre", "decembre", "déc", "dezember"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS.setdefault(_name, _number)

_WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("monday", "mon", "lunes"),
        ("tuesday", "tue", "tues", "martes"),
        ("wednesday", "wed", "miércoles", "miercoles"),
        ("thursday", "thu", "thur", "thurs", "jueves"),
        ("friday", "fri", "viernes"),
        ("saturday", "sat", "sábado", "sabado"),
        ("sunday", "sun", "domingo"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _number

# Longest names first so that the alternation prefers "September" to "Sep".
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))

#: A month name or abbreviation (English or Spanish), any case, optional period.
MONTH_PATTERN = rf"(?i:(?:{_MONTH_ALT})\b\.?)"
#: A weekday name written in full (English or Spanish), any case.
FULL_WEEKDAY_PATTERN = rf"(?i:(?:{'|'.join(n for n in _WEEKDAYS if len(n) > 4)})\b)"
#: A weekday name or abbreviation (English or Spanish), any case.
WEEKDAY_PATTERN = rf"(?i:(?:{_WEEKDAY_ALT})\b\.?)"

_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"

#: One calendar date as datelines print it, with named groups ``m1``/``d1``/``y1``
#: (``Dec. 8, 2021``, ``MArch 2``, ``July 11th, 2024``), ``d2``/``m2``/``y2``
#: (``8 December 2021``), ``d3``/``m3``/``y3`` (``8 de diciembre de 2021``) or ``iso``.
DATE_PATTERN = (
    rf"(?:(?:{WEEKDAY_PATTERN},?\s{{1,3}})?"
    rf"(?:(?P<m1>{MONTH_PATTERN})\s{{0,3}}(?P<d1>{_DAY})\b(?:,?\s{{1,3}}(?P<y1>{_YEAR})\b)?"
    rf"|(?P<d3>{_DAY})\s{{1,3}}(?i:de)\s{{1,3}}(?P<m3>{MONTH_PATTERN})"
    rf"(?:,?\s{{1,3}}(?i:de|del)?\s{{0,3}}(?P<y3>{_YEAR})\b)?"
    rf"|(?P<d2>{_DAY})\.?\s{{1,3}}(?P<m2>{MONTH_PATTERN})(?:,?\s{{1,3}}(?P<y2>{_YEAR})\b)?"
    rf"|(?P<iso>{_YEAR}-[01]\d-[0-3]\d)\b))"
)
_DATE_RE = re.compile(DATE_PATTERN)


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation (English or Spanish, any case), else ``None``."""
    return _MONTHS.get(name.strip().rstrip(".").casefold())


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def month_day(match: re.Match[str]) -> tuple[int | None, int, int] | None:
    """``(year or None, month, day)`` from a match of :data:`DATE_PATTERN`, or ``None``."""
    if match.group("iso"):
        try:
            d = dt.date.fromisoformat(match.group("iso"))
        except ValueError:
            return None
        return d.year, d.month, d.day
    for mg, dg, yg in (("m1", "d1", "y1"), ("m2", "d2", "y2"), ("m3", "d3", "y3")):
        if match.group(mg):
            month = month_number(match.group(mg))
            if month is None:
                return None
            year = int(match.group(yg)) if match.group(yg) else None
            return year, month, _day_number(match.group(dg))
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


#: A month and day with no year names a date within half a year of the text's date.
_HALF_YEAR = 184


def nearest_occurrence(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The date with this month and day nearest to ``anchor`` (last, this or next year), or
    ``None`` when no such date lies within half a year of it (``Feb. 29`` in a non-leap span)."""
    candidates = [
        d
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := _make(y, month, day)) and abs((d - anchor).days) <= _HALF_YEAR
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - anchor).days), d > anchor))


#: Days a dateline may be dated after its publication date: a story filed just after midnight
#: where it was written can carry the next day's date (time zones), never weeks later. So with a
#: publication date of 1987-12-31, a dateline "June 19" is 1987-06-19, not 1988-06-19 (the
#: nearest occurrence). On the 400 Reuters-21578 stories, 387 of the 399 dated datelines are on
#: or before the document date and 12 a day after it (Asia-Pacific bureaus); a week leaves room.
DATELINE_LEAD = 7


def latest_occurrence(month: int, day: int, anchor: dt.date, lead: int = DATELINE_LEAD) -> dt.date | None:
    """The latest date with this month and day on or before ``anchor`` + ``lead`` days (this
    year's, last year's or, around New Year, next year's)."""
    limit = anchor + dt.timedelta(days=lead)
    years = (anchor.year + 1, anchor.year, anchor.year - 1)
    candidates = [d for y in years if (d := _make(y, month, day)) and d <= limit]
    return max(candidates) if candidates else None


def complete_year(
    year: int | None,
    month: int,
    day: int,
    anchor: dt.date | None,
    anchor_year: int | None = None,
    *,
    dateline: bool = False,
) -> dt.date | None:
    """A full date from parts: the printed year, else the occurrence nearest ``anchor`` (for a
    ``dateline``, the latest one not after it: :func:`latest_occurrence`), else ``anchor_year``
    (a publication year known without its day), else ``None``."""
    if year is not None:
        return _make(year, month, day)
    if anchor is not None:
        return latest_occurrence(month, day, anchor) if dateline else nearest_occurrence(month, day, anchor)
    if anchor_year is not None:
        return _make(anchor_year, month, day)
    return None


_RELATIVE = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "hoy": 0,
    "esta mañana": 0,
    "esta tarde": 0,
    "esta noche": 0,
    "yesterday": -1,
    "last night": -1,
    "ayer": -1,
    "anoche": -1,
    "anteayer": -2,
    "the day before yesterday": -2,
    "tomorrow": 1,
    "mañana": 1,
    "the day after tomorrow": 2,
    "pasado mañana": 2,
}

_LEADING = re.compile(
    r"^(?:(?:on|by|since|until|till|from|as of|el|este|esta|del|desde|hasta)\s+)+", re.IGNORECASE
)
_WEEKDAY_EXPR = re.compile(
    rf"^(?:(?P<before>last|past|previous|pasado|el pasado)\s+|(?P<after>next|this coming|coming|próximo|"
    rf"proximo|el próximo|el proximo)\s+|this\s+)?(?P<wd>{_WEEKDAY_ALT})\b\.?"
    rf"(?:\s+(?P<after2>próximo|proximo|que viene)|\s+(?P<before2>pasado))?"
    rf"(?:\s+(?P<part>morning|afternoon|evening|night|por la mañana|por la tarde|por la noche))?"
    rf"(?:,?\s+(?P<rest>.+))?$",
    re.IGNORECASE,
)


def resolve(expression: str, anchor: dt.date | None) -> dt.date | None:
    """The calendar date ``expression`` refers to, written on ``anchor``; ``None`` if unknown.

    Handles weekdays (``Wednesday``, ``on Wednesday``, ``last Tuesday``, ``next Friday``,
    ``el pasado martes``), ``today``/``yesterday``/``tomorrow`` (and Spanish ``hoy``/``ayer``/
    ``mañana``), month and day (``Dec. 8``, ``March 3``), full dates (``December 8, 2021``,
    ``8 December 2021``, ``8 de diciembre de 2021``, ``2021-12-08``) and a weekday with a date
    (``Wednesday, Dec. 8``; the date wins). Anything else (``recent years``) gives ``None``.
    Never raises.
    """
    try:
        return _resolve(expression, anchor)
    except (ValueError, OverflowError, TypeError, AttributeError):  # pragma: no cover - defensive
        log.debug("could not resolve %r", expression, exc_info=True)
        return None


def _resolve(expression: str, anchor: dt.date | None) -> dt.date | None:
    if not isinstance(expression, str):
        return None
    expr = " ".join(expression.split()).strip(" \t.,;:()[]\"'“”‘’")
    if not expr or len(expr) > 200:
        return None
    expr = _LEADING.sub("", expr)
    low = expr.casefold()
    if low in _RELATIVE:
        if anchor is None:
            return None
        return anchor + dt.timedelta(days=_RELATIVE[low])
    m = _DATE_RE.fullmatch(expr) or _DATE_RE.fullmatch(re.sub(r"^[^,]+,\s*", "", expr, count=1))
    if m:
        parts = month_day(m)
        if parts is None:
            return None
        year, month, day = parts
        return complete_year(year, month, day, anchor)
    w = _WEEKDAY_EXPR.match(expr)
    if w:
        if w.group("rest"):
            # "Wednesday, Dec. 8": the printed date decides; anything else is not a date.
            return _resolve(w.group("rest"), anchor)
        if anchor is None:
            return None
        target = _WEEKDAYS[w.group("wd").rstrip(".").casefold()]
        back = (anchor.weekday() - target) % 7
        if w.group("after") or w.group("after2"):
            ahead = (target - anchor.weekday()) % 7 or 7
            return anchor + dt.timedelta(days=ahead)
        if w.group("before") or w.group("before2"):
            return anchor - dt.timedelta(days=back or 7)
        return anchor - dt.timedelta(days=back)
    return None
