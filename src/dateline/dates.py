"""Every rule about dates, in one place: what a ``--date`` option may hold, how a publication date
is normalized so that dates sort and compare as text, which date a document was published on, and
how a date filter (``since``/``until``) is read.

Dates printed in the text (datelines, ``on Wednesday``) are the wire and NLP layers' business
(:mod:`dateline.wire.dates`); this module handles dates that arrive as data: options, metadata,
query parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .errors import OptionsError, QueryError

if TYPE_CHECKING:
    from .records import Record

__all__ = [
    "check_timestamp",
    "filter_date",
    "first_date",
    "iso_day",
    "next_day",
    "normalize",
    "parse_option",
    "published",
]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def parse_option(value: str | None, name: str = "--date") -> tuple[dt.date | None, int | None]:
    """``(publication date, publication year)`` from a date option: ``YYYY-MM-DD``, or ``YYYY-MM``
    / ``YYYY`` when only the year (and month) is known. A full date anchors everything; a year
    alone only supplies the year of a dateline that prints a month and day. Raises
    :class:`OptionsError` naming ``name`` for anything else."""
    if value is None or not str(value).strip():
        return None, None
    text = str(value).strip()
    try:
        if _DAY.fullmatch(text):
            return dt.date.fromisoformat(text), None
        m = _YEAR_MONTH.fullmatch(text)
        if m and int(m.group(1)) >= 1 and (m.group(2) is None or 1 <= int(m.group(2)) <= 12):
            return None, int(m.group(1))
    except ValueError:
        pass
    raise OptionsError(f"{name} must be YYYY-MM-DD (or YYYY-MM, or YYYY), got {text!r}")


def iso_day(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` a date or timestamp string starts with, if it is a real day, else ``None``."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def first_date(*candidates: str | None) -> dt.date | None:
    """The first candidate that is an ISO date (``YYYY-MM-DD``), as a date."""
    for c in candidates:
        if c:
            try:
                return dt.date.fromisoformat(c)
            except ValueError:
                continue
    return None


def normalize(value: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``) or UTC datetime (``YYYY-MM-DDTHH:MM:SSZ``) from a date string,
    else ``None``, so that stored dates sort and compare as text. A timestamp at midnight is its
    day; one with a zone is moved to UTC (kept as written when UTC would leave years 1 to 9999)."""
    if not value:
        return None
    text = str(value).strip()
    if _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        m = re.match(r"(\d{4}-\d{2}-\d{2})", text)
        return normalize(m.group(1)) if m else None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31T23:59-01:00 is in year 10000 in UTC: keep the local time
            parsed = parsed.replace(tzinfo=None)
    if parsed.time() == dt.time(0, 0):
        return parsed.date().isoformat()
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def published(record: Record, given: str | None = None) -> str | None:
    """The publication date of a record as stored (:func:`normalize`): the one ``given`` by the
    caller (an API request, JSON Lines), else the metadata's (feed, HTML, WARC), else the
    dateline's."""
    found = normalize(given) or normalize(record.metadata.date)
    if found is None and record.dateline is not None:
        found = normalize(record.dateline.date)
    return found


def filter_date(value: str | None, name: str, *, whole: bool = False) -> str | None:
    """A ``since``/``until`` filter as ``YYYY-MM-DD``; ``None`` for an empty one, which filters
    nothing. The library counts a timestamp by its day; ``whole`` (the web API) accepts only a
    date. Raises :class:`QueryError` naming ``name``."""
    if value is None or not str(value).strip():
        return None
    text = str(value)
    try:
        return dt.date.fromisoformat(text if whole else text[:10]).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, got {value!r}", name) from None


def next_day(day: str) -> str | None:
    """The day after ``YYYY-MM-DD`` (an ``until`` filter includes its whole day); ``None`` after
    9999-12-31, where such a filter excludes nothing."""
    if day >= dt.date.max.isoformat():
        return None
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def check_timestamp(value: str, name: str = "published") -> str:
    """``value`` if it is ``YYYY-MM-DD`` or an ISO timestamp whose UTC time is in years 1 to 9999;
    else ``ValueError`` naming ``name``."""
    try:
        dt.date.fromisoformat(value[:10])
        if len(value) > 10:
            stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if stamp.tzinfo is not None:
                stamp.astimezone(dt.UTC)  # OverflowError past year 9999 or before year 1
    except ValueError:
        raise ValueError(f"{name} must be YYYY-MM-DD or an ISO timestamp, got {value!r}") from None
    except OverflowError:
        raise ValueError(f"{name} {value!r} is outside the years 1 to 9999 in UTC") from None
    return value
