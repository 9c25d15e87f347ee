"""Turn records into what the page templates draw: highlighted segments, speaker groups, diffs.

Pure functions over :class:`~dateline.records.Record` (no HTML is built here: the Jinja
templates escape every piece of text they print, so a document holding ``<script>`` shows it
as text).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import ATTRIBUTION_TYPES, Attribution, Record

__all__ = [
    "DiffPiece",
    "Segment",
    "SpeakerGroup",
    "TimelineDay",
    "month_counts",
    "quote_anchor",
    "safe_url",
    "segments",
    "snippet_parts",
    "speaker_groups",
    "speaker_name",
    "timeline",
    "word_diff",
]

#: Sources that name nobody on their own: no speaker page is linked for them.
UNRESOLVED = frozenset(
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "it",
        "we",
        "i",
        "you",
        "one",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
    ]
)

#: Words that open a description rather than a name ("its director", "the spokeswoman").
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that"]
)

#: Which role wins where spans overlap (a cue inside a content span shows as a cue).
_ROLE_ORDER = ("cue", "source", "content")


@dataclass(slots=True)
class Segment:
    """A stretch of the text with the roles covering it (``roles`` empty for plain text)."""

    text: str
    start: int
    roles: tuple[str, ...] = ()
    attribution: int | None = None
    speaker: str | None = None
    anchor: str | None = None

    @property
    def role(self) -> str | None:
        for r in _ROLE_ORDER:
            if r in self.roles:
                return r
        return None


@dataclass(slots=True)
class SpeakerGroup:
    """The statements of one speaker in one document (``link`` is ``None`` for an unresolved pronoun)."""

    name: str
    link: str | None
    items: list[tuple[int, Attribution]] = field(default_factory=list)


def speaker_name(a: Attribution) -> str | None:
    """The name a statement is filed under: its resolved entity, else the source words."""
    if a.source is None:
        return None
    return a.source.entity or a.source.text


def _linkable(a: Attribution) -> str | None:
    name = speaker_name(a)
    if name is None or a.source is None:
        return None
    if a.source.entity is None:
        words = name.split()
        # "he", "its director", "the influential daily": a description, not a name to follow.
        if not words or name.casefold() in UNRESOLVED or words[0].casefold() in _DETERMINERS:
            return None
        if not any(w[:1].isupper() for w in words):
            return None
    return name


def segments(record: Record) -> list[Segment]:
    """Cut ``record.text`` at every source, cue and content boundary.

    Each segment carries the roles covering it and the index of the attribution it belongs to
    (the innermost role wins: cue, then source, then content), so the template can colour it and
    link a quote to its speaker.
    """
    text = record.text
    marks: list[tuple[int, int, str, int]] = []
    for i, a in enumerate(record.attributions):
        spans = a.content.spans or ()
        pieces = [(s.start, s.end) for s in spans] or [(a.content.start, a.content.end)]
        for start, end in pieces:
            marks.append((start, end, "content", i))
        if a.source is not None:
            marks.append((a.source.start, a.source.end, "source", i))
        if a.cue is not None:
            marks.append((a.cue.start, a.cue.end, "cue", i))
    n = len(text)
    marks = [(max(0, s), min(n, e), r, i) for s, e, r, i in marks if 0 <= s < e and s < n]
    bounds = sorted({0, n, *(s for s, _, _, _ in marks), *(e for _, e, _, _ in marks)})
    out: list[Segment] = []
    anchored: set[int] = set()
    for lo, hi in itertools.pairwise(bounds):
        if lo >= hi:
            continue
        covering = [(r, i) for s, e, r, i in marks if s <= lo and hi <= e]
        if not covering:
            out.append(Segment(text[lo:hi], lo))
            continue
        roles = tuple(sorted({r for r, _ in covering}, key=_ROLE_ORDER.index))
        best = min(covering, key=lambda ri: _ROLE_ORDER.index(ri[0]))
        idx = best[1]
        anchor = None
        if idx not in anchored:
            anchored.add(idx)
            anchor = quote_anchor(record.attributions[idx])
        out.append(Segment(text[lo:hi], lo, roles, idx, _linkable(record.attributions[idx]), anchor))
    return out


def quote_anchor(a: Attribution) -> str:
    """The fragment id of a statement in the article view (stable: the content's offset)."""
    return f"q{a.content.start}"


def speaker_groups(record: Record) -> list[SpeakerGroup]:
    """Statements grouped under their speaker, the most quoted first."""
    groups: dict[str, SpeakerGroup] = {}
    for i, a in enumerate(record.attributions):
        name = speaker_name(a) or "(no source)"
        group = groups.get(name)
        if group is None:
            group = groups[name] = SpeakerGroup(name, _linkable(a))
        group.items.append((i, a))
    return sorted(groups.values(), key=lambda g: (-len(g.items), g.name.casefold()))


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """A run of words in a two-way comparison: ``op`` is ``same``, ``del`` or ``ins``."""

    op: str
    text: str


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(a: str, b: str) -> tuple[list[DiffPiece], list[DiffPiece]]:
    """Word-level differences of ``b`` against ``a``: the pieces for the left column (``a``, with
    what ``b`` lacks marked ``del``) and the right one (``b``, with what it adds marked ``ins``).

    Whitespace is kept so the columns read as the documents do; quotation marks are compared
    straightened so a re-typeset copy does not light up everywhere.
    """
    ta = _WORDS.findall(a)
    tb = _WORDS.findall(b)
    ka = [_key(t) for t in ta]
    kb = [_key(t) for t in tb]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    left: list[DiffPiece] = []
    right: list[DiffPiece] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            left.append(DiffPiece("same", "".join(ta[i1:i2])))
            right.append(DiffPiece("same", "".join(tb[j1:j2])))
            continue
        if i2 > i1:
            left.append(DiffPiece("del", "".join(ta[i1:i2])))
        if j2 > j1:
            right.append(DiffPiece("ins", "".join(tb[j1:j2])))
    return _merge(left), _merge(right)


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _key(token: str) -> str:
    if token.isspace():
        return " "
    return token.translate(_QUOTES)


def _merge(pieces: Sequence[DiffPiece]) -> list[DiffPiece]:
    out: list[DiffPiece] = []
    for p in pieces:
        if not p.text:
            continue
        if out and out[-1].op == p.op:
            out[-1] = DiffPiece(p.op, out[-1].text + p.text)
        else:
            out.append(p)
    return out


@dataclass(frozen=True, slots=True)
class TypeFilter:
    """One choice of the statement-type filter on a speaker's page."""

    type: str  # a statement type, or "all"
    count: int
    selected: bool


def by_type(quotes: Sequence[Any], asked: str | None) -> tuple[list[Any], list[TypeFilter]]:
    """The statements of the type ``asked`` (``all`` for every one) and the filter's choices.

    Without a choice a speaker's page shows what they said (``speech``), or everything when they
    have no speech statement (a store written before statement types existed has none)."""
    counts = {t: sum(1 for q in quotes if q.type == t) for t in ATTRIBUTION_TYPES}
    chosen = asked if asked in counts or asked == "all" else ("speech" if counts["speech"] else "all")
    shown = list(quotes) if chosen == "all" else [q for q in quotes if q.type == chosen]
    choices = [TypeFilter(t, n, t == chosen) for t, n in counts.items() if n or t == chosen]
    return shown, [*choices, TypeFilter("all", len(quotes), chosen == "all")]


@dataclass(slots=True)
class TimelineDay:
    """The statements of one day on a speaker's timeline (``date`` ``None``: undated)."""

    date: str | None
    month: str
    items: list[Any] = field(default_factory=list)


def timeline(quotes: Sequence[Any]) -> list[TimelineDay]:
    """Statements grouped by publication day, oldest first, undated ones last.

    Takes anything with ``published`` (``YYYY-MM-DD...`` or ``None``) and ``document`` attributes.
    """
    days: dict[str | None, TimelineDay] = {}
    for q in quotes:
        date = (q.published or "")[:10] or None
        day = days.get(date)
        if day is None:
            day = days[date] = TimelineDay(date, _month(date))
        day.items.append(q)
    return sorted(days.values(), key=lambda d: (d.date is None, d.date or ""))


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _month(date: str | None) -> str:
    if not date or len(date) < 7:
        return "Undated"
    try:
        return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    except (ValueError, IndexError):
        return date[:7]


def snippet_parts(snippet: str | None, highlights: Sequence[tuple[int, int]] = ()) -> list[tuple[str, bool]]:
    """A snippet cut into ``(text, is_match)`` pieces for the template to escape and mark."""
    if not snippet:
        return []
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(highlights):
        start, end = max(start, pos), min(end, len(snippet))
        if start >= end:
            continue
        if start > pos:
            out.append((snippet[pos:start], False))
        out.append((snippet[start:end], True))
        pos = end
    if pos < len(snippet):
        out.append((snippet[pos:], False))
    return out


def safe_url(url: str | None) -> str:
    """``url`` if it is http(s), else ``#``: a stored ``javascript:`` URL never becomes a live link."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return "#"


def month_counts(quotes: Sequence[Any], limit: int = 60) -> list[tuple[str, int]]:
    """Statements per month (``YYYY-MM``) from the first dated one to the last, gaps as zero;
    per year (``YYYY``) when that spans more than ``limit`` months. Drawn as bars above a
    speaker's timeline."""
    counts: dict[tuple[int, int], int] = {}
    for q in quotes:
        date = q.published or ""
        if len(date) >= 7 and date[:4].isdigit() and date[5:7].isdigit():
            key = (int(date[:4]), int(date[5:7]))
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return []
    (y, m), last = min(counts), max(counts)
    out = []
    while (y, m) <= last:
        out.append((f"{y:04d}-{m:02d}", counts.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if len(out) <= limit:
        return out
    years: dict[str, int] = {}
    for month, n in out:
        years[month[:4]] = years.get(month[:4], 0) + n
    return list(years.items())
