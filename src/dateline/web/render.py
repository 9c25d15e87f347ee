"""Turn records into what the page templates draw: highlighted segments, reused passages, speaker
groups, diffs.

Pure functions over :class:`~dateline.records.Record` (no HTML is built here: the Jinja
templates escape every piece of text they print, so a document holding ``<script>`` shows it
as text).
"""

from __future__ import annotations

import difflib
import itertools
import re
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..records import ATTRIBUTION_TYPES, Attribution, Record
from .schemas import DocumentReuse, ReusePassage

__all__ = [
    "DiffPiece",
    "PassageMark",
    "Piece",
    "Run",
    "Segment",
    "SpeakerGroup",
    "TimelineDay",
    "kept",
    "month_counts",
    "path_quote",
    "pickup_href",
    "pieces",
    "quote_anchor",
    "reused_passages",
    "runs",
    "safe_url",
    "segments",
    "snippet_parts",
    "source_anchors",
    "source_marks",
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
    passage: PassageMark | None = None

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


def segments(record: Record, passages: Iterable[Mark[PassageMark]] = ()) -> list[Segment]:
    """Cut ``record.text`` at every source, cue and content boundary, and at the bounds of the
    reused ``passages`` (:func:`reused_passages`; those :func:`kept` are drawn).

    Each segment carries the roles covering it and the index of the attribution it belongs to
    (the innermost role wins: cue, then source, then content), so the template can colour it and
    link a quote to its speaker, and the reused passage covering it, if any (:func:`runs` groups
    the segments of one passage so that the page draws it as one link).
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
    shaded = kept(passages, n)
    cuts = [(s, e) for s, e, _, _ in marks] + [(s, e) for s, e, _ in shaded]
    bounds = sorted({0, n, *(s for s, _ in cuts), *(e for _, e in cuts)})
    out: list[Segment] = []
    anchored: set[int] = set()
    for lo, hi in itertools.pairwise(bounds):
        if lo >= hi:
            continue
        passage = next((m for s, e, m in shaded if s <= lo and hi <= e), None)
        covering = [(r, i) for s, e, r, i in marks if s <= lo and hi <= e]
        if not covering:
            out.append(Segment(text[lo:hi], lo, passage=passage))
            continue
        roles = tuple(sorted({r for r, _ in covering}, key=_ROLE_ORDER.index))
        best = min(covering, key=lambda ri: _ROLE_ORDER.index(ri[0]))
        idx = best[1]
        anchor = None
        if idx not in anchored:
            anchored.add(idx)
            anchor = quote_anchor(record.attributions[idx])
        a = record.attributions[idx]
        out.append(Segment(text[lo:hi], lo, roles, idx, _linkable(a), anchor, passage))
    return out


@dataclass(slots=True)
class Run:
    """Consecutive segments under one reused passage (``passage`` ``None``: outside every one)."""

    passage: PassageMark | None
    segments: list[Segment] = field(default_factory=list)


def runs(segs: Iterable[Segment]) -> list[Run]:
    """``segs`` grouped into runs: the segments of one reused passage together, so that the page
    draws the passage as one link around them (the attribution spans inside it stay elements of
    their own, never links: a link holds no link)."""
    out: list[Run] = []
    for seg in segs:
        if not out or out[-1].passage is not seg.passage:
            out.append(Run(seg.passage))
        out[-1].segments.append(seg)
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


# ------------------------------------------------------------------------------ reused passages

T = TypeVar("T")

#: A stretch ``[start, end)`` of a text and what it is drawn with.
Mark = tuple[int, int, T]


@dataclass(frozen=True, slots=True)
class PassageMark:
    """How one reused passage is drawn: ``verbatim`` or ``rewritten``, the source document it is
    taken from with the share of this document taken from that source, where it leads
    (``href``), and its own id on the page (``anchor``: the source side of the pickup view)."""

    kind: str
    source: str | None = None
    share: float = 0.0
    href: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a text: plain (``mark`` is ``None``) or one reused passage."""

    text: str
    mark: PassageMark | None = None


def kept(marks: Iterable[Mark[T]], length: int | None = None) -> list[Mark[T]]:
    """The marks that are drawn, by start: each clamped to the text (``length`` characters), a
    mark overlapping an earlier kept one (by start, the longer first; equal ones in the order
    given) left out, so that every character is shown once and every drawn passage is whole."""
    out: list[Mark[T]] = []
    pos = 0
    for start, end, info in sorted(marks, key=lambda m: (m[0], -m[1])):
        start, end = max(start, 0), end if length is None else min(end, length)
        if start < pos or end <= start:
            continue
        out.append((start, end, info))
        pos = end
    return out


def pieces(text: str, marks: Iterable[Mark[PassageMark]]) -> list[Piece]:
    """``text`` cut at the marks that are :func:`kept`."""
    out: list[Piece] = []
    pos = 0
    for start, end, info in kept(marks, len(text)):
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], info))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


def path_quote(value: object) -> str:
    """``value`` as one path segment of a URL (``/`` quoted too): the ``pathquote`` filter."""
    return urllib.parse.quote(str(value), safe="")


def pickup_href(source: str, doc_id: str, anchor: str) -> str:
    """Where a passage of ``doc_id`` reused from ``source`` leads: the pickup view of ``source``
    aligned with ``doc_id``, at the source passage's id ``anchor``."""
    query = urllib.parse.urlencode({"doc": doc_id})
    return f"/documents/{path_quote(source)}/pickup?{query}#{anchor}"


def source_marks(passages: Sequence[ReusePassage]) -> list[Mark[PassageMark]]:
    """The source side of the pickup view: the source range of each passage a later document
    took from it, with its id ``src-<source_start>``."""
    return [
        (p.source_start, p.source_end, PassageMark(p.kind, anchor=f"src-{p.source_start}")) for p in passages
    ]


def source_anchors(passages: Sequence[ReusePassage]) -> list[str]:
    """For each of ``passages`` (all taken from one source), the id on the pickup view of the drawn
    source passage holding its source start: passages taken from one source sentence share one,
    and a source range left out as overlapping leads to the one drawn in its place."""
    drawn = kept(source_marks(passages))
    out = []
    for p in passages:
        holder = next((m for s, e, m in drawn if s <= p.source_start < e), None)
        out.append(holder.anchor if holder and holder.anchor else f"src-{p.source_start}")
    return out


def reused_passages(
    result: DocumentReuse, link: Callable[[str, str, str], str] = pickup_href
) -> list[Mark[PassageMark]]:
    """The passages of document ``result.id`` reused from its sources, sources by share, each
    leading to its source passage: ``link(source, doc_id, anchor)``, by default the source's
    pickup view (:func:`pickup_href`). Overlaps are left to :func:`kept` (the larger source's
    passage is drawn)."""
    out: list[Mark[PassageMark]] = []
    for s in result.sources:
        for p, anchor in zip(s.passages, source_anchors(s.passages), strict=True):
            mark = PassageMark(p.kind, s.id, s.reused_fraction, link(s.id, result.id, anchor))
            out.append((p.start, p.end, mark))
    return out


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
