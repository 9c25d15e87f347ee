"""Statements: one quote across many documents, where it ran first, and how it was changed.

An attribution says who said what in one document; a *statement* gathers the attributions of
many documents that carry the same words by the same speaker: republished verbatim, trimmed at
either end, or altered (words inserted, dropped or replaced, a number changed). Different
statements of one speaker on one topic stay apart. Like :mod:`dateline.corpus.syndication`,
each step is a pure function that the store, the batch engines and Spark call unchanged:

1. **Normalize** (:func:`words`, :func:`tokens`): the content is cut into words (a number with
   its decimal point or thousands separator is one word; ``people’s`` is one word), case-folded,
   with curly apostrophes straightened and thousands separators dropped, so quotation-mark
   style, punctuation and case never count as a change.
2. **Block** (:func:`keys`): each text is indexed by the CRC-32 of its :data:`SHINGLE_WORDS`-word
   shingles, winnowed (Schleimer, Wilkerson and Aiken, SIGMOD 2003: the smallest hash of every
   :data:`WINDOW` consecutive shingles, about 40% of them), so that two texts sharing a run of
   ``WINDOW + SHINGLE_WORDS - 1`` words always share a key; a statement is a candidate for an
   occurrence when they share one. A key's posting list keeps at most :data:`MAX_POSTINGS`
   statements (common phrasing such as "we are going to" stops growing there), and at most
   :data:`TOP_CANDIDATES` candidates are verified, so matching one occurrence costs the same at
   any corpus size.
3. **Match** (:func:`similarity`, :func:`same_words`, :func:`compatible`, :func:`choose`): an
   occurrence joins the candidate statement whose texts it best matches: the longest common
   word subsequence covers at least :data:`MIN_CONTAINMENT` of the shorter text and at least
   :data:`MIN_SHARED` words (shorter texts must be equal), and the speakers are compatible (the
   same name, one name's words within the other's, or an unresolved source: a pronoun or
   nominal fits anyone, a name fits a speaker sharing one of its words). Otherwise it starts a
   statement of its own. An occurrence never merges two statements, so a quote that runs two
   statements together joins one of them and a shared phrase never chains statements.
4. **Describe** (:func:`canonical_index`, :func:`compare`, :func:`statement`): the canonical
   text is the earliest *full* version (the earliest occurrence that is not a trimmed copy of
   another); each occurrence is ``verbatim`` (the same words), ``trimmed`` (a run of the
   canonical words, cut at either end) or ``altered``, with its word-level :class:`Change` list.

:func:`group` runs all four over occurrences in memory (earliest first: dated before undated,
by date, then in input order); the store runs steps 2-3 on every ``add`` with the same
:func:`choose` and describes a statement when it is read.

The thresholds were tuned on the first half (by story) of the synthetic statement set built by
``bench/statements_corpus.py`` from PolNeAR dev and the shared press releases, and reported on
the second half; see BENCHMARKS.md.
"""

from __future__ import annotations

import difflib
import logging
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz.distance import LCSseq

__all__ = [
    "ALL_KEYS_BELOW",
    "KINDS",
    "MAX_POSTINGS",
    "MAX_TEXTS",
    "MIN_CONTAINMENT",
    "MIN_SHARED",
    "PARAMETERS",
    "SHINGLE_WORDS",
    "TOP_CANDIDATES",
    "WINDOW",
    "Candidate",
    "Change",
    "Index",
    "Match",
    "Occurrence",
    "Statement",
    "canonical_index",
    "choose",
    "compare",
    "compatible",
    "group",
    "keys",
    "order_key",
    "same_words",
    "similarity",
    "statement",
    "tokens",
    "words",
]

log = logging.getLogger(__name__)

#: The kinds of occurrence, against the canonical text.
KINDS = ("verbatim", "trimmed", "altered")

#: Words per blocking shingle. Three words survive a one-word change in all but the three
#: shingles that hold it, and rarely repeat between different sentences of one speaker.
SHINGLE_WORDS = 3
#: Shingles per winnowing window: a shared run of 6 words (WINDOW + SHINGLE_WORDS - 1) is always
#: found, which covers every trimmed copy that can match (MIN_SHARED + 1 words and more; shorter
#: texts keep all their keys); 4 keeps 2 / (WINDOW + 1) = 40% of the keys.
WINDOW = 4
#: Texts shorter than this many words keep every shingle key: one changed word in the middle of
#: a text of 13 words leaves a run of 6 on one side, so from there on winnowing finds it.
ALL_KEYS_BELOW = 13
#: Statements kept per blocking key; a longer list stops growing (see the module docstring). Not
#: tuned: a bound on the work per occurrence. A version of a statement shares most of its keys,
#: so it still ranks first among the candidates when a few of its keys are full.
MAX_POSTINGS = 64
#: Distinct texts of a statement an occurrence is compared with (the first versions seen). Not
#: tuned: a bound on the work per candidate.
MAX_TEXTS = 8
#: Matching (see :func:`choose`): the share of the shorter text's words found, in order, in the
#: longer one, and the fewest such words. Chosen with ``bench/statements_bench.py --grid`` on the
#: tuning half of the benchmark only: containment 0.8 with 3-5 shared words gives pairwise F1
#: 0.992 there (0.7: 0.990; 0.6: 0.987, different statements of one speaker on one topic share
#: function words and a phrase; 0.9 loses altered copies of short quotes, recall 0.945), and 6 or
#: more shared words lose short trimmed copies. We took 0.8 and 5 words (one word changed in five
#: still matches; shorter statements must be equal).
MIN_CONTAINMENT = 0.8
MIN_SHARED = 5

#: Everything the grouping depends on (stored with the statements, written to ``_batch.json``).
PARAMETERS: dict[str, Any] = {
    "shingle_words": SHINGLE_WORDS,
    "window": WINDOW,
    "all_keys_below": ALL_KEYS_BELOW,
    "max_postings": MAX_POSTINGS,
    "max_texts": MAX_TEXTS,
    "min_containment": MIN_CONTAINMENT,
    "min_shared": MIN_SHARED,
}

_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:['’][^\W_]+)*")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
#: Words of a source that are titles or function words, not names ("President Xi" is Xi).
_NOT_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "president",
        "vice",
        "chairman",
        "chairwoman",
        "chair",
        "minister",
        "prime",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "senator",
        "representative",
        "governor",
        "mayor",
        "general",
        "chief",
        "executive",
        "officer",
        "director",
        "leader",
        "official",
        "officials",
        "chinese",
        "american",
        "said",
    ]
)


# --------------------------------------------------------------------------- normalizing


def words(text: str) -> list[tuple[str, str]]:
    """``(surface, normalized)`` words of ``text`` (see the module docstring)."""
    return [(w, _normalized(w)) for w in _WORD.findall(text)]


def tokens(text: str) -> tuple[str, ...]:
    """The normalized words of ``text`` (those of :func:`words`, without the surface forms)."""
    return tuple(map(_normalized, _WORD.findall(text)))


def _normalized(word: str) -> str:
    norm = word.casefold().replace("’", "'")
    return norm.replace(",", "") if norm[0].isdigit() else norm


def keys(toks: Sequence[str]) -> list[int]:
    """Blocking keys of normalized words: the CRC-32 of each :data:`SHINGLE_WORDS`-word shingle
    (of the whole text when shorter), winnowed over windows of :data:`WINDOW` shingles (the
    smallest of each window) from :data:`ALL_KEYS_BELOW` words on, unique, in order of first
    appearance."""
    if not toks:
        return []
    k = min(SHINGLE_WORDS, len(toks))
    hashes = [zlib.crc32(" ".join(toks[i : i + k]).encode("utf-8")) for i in range(len(toks) - k + 1)]
    if len(toks) < ALL_KEYS_BELOW:
        return list(dict.fromkeys(hashes))
    seen: dict[int, None] = {}
    for i in range(len(hashes) - WINDOW + 1):
        window = hashes[i : i + WINDOW]
        low = min(window)
        seen.setdefault(low, None)
    return list(seen)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Change:
    """One word-level change from the canonical text to a version: ``op`` is ``insert``,
    ``delete`` or ``replace``; ``canonical`` and ``variant`` are the words on each side (empty
    for an insert or a delete), as printed."""

    op: str
    canonical: str
    variant: str

    def as_dict(self) -> dict[str, Any]:
        return {"op": self.op, "canonical": self.canonical, "variant": self.variant}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One attribution of a statement: the ``attribution``-th of ``document``.

    ``speaker`` is the resolved speaker (canonical entity name) or ``None``; ``source`` the
    words of the source in the text. ``kind`` and ``changes`` are set when the statement is
    described (``None`` and empty before)."""

    document: str
    attribution: int
    text: str
    published: str | None = None
    site: str | None = None
    speaker: str | None = None
    source: str | None = None
    kind: str | None = None
    changes: tuple[Change, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "published": self.published,
            "site": self.site,
            "attribution": self.attribution,
            "speaker": self.speaker,
            "source": self.source,
            "text": self.text,
            "kind": self.kind,
            "changes": [c.as_dict() for c in self.changes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Occurrence:
        return cls(
            document=data["document"],
            attribution=int(data["attribution"]),
            text=data["text"],
            published=data.get("published"),
            site=data.get("site"),
            speaker=data.get("speaker"),
            source=data.get("source"),
            kind=data.get("kind"),
            changes=tuple(Change(**c) for c in data.get("changes") or ()),
        )


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement and everywhere it ran. ``text`` is the canonical text (the earliest full
    version); ``occurrences`` are earliest first, the first of them is where it was first seen."""

    id: str
    speaker: str | None
    text: str
    occurrences: tuple[Occurrence, ...]

    @property
    def first_seen(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def documents(self) -> int:
        """Number of distinct documents it ran in."""
        return len({o.document for o in self.occurrences})

    @property
    def altered(self) -> int:
        """Number of distinct documents carrying an altered version."""
        return len({o.document for o in self.occurrences if o.kind == "altered"})

    def as_dict(self) -> dict[str, Any]:
        first = self.first_seen
        return {
            "id": self.id,
            "speaker": self.speaker,
            "text": self.text,
            "first_seen": {"document": first.document, "published": first.published},
            "documents": self.documents,
            "altered": self.altered,
            "occurrences": [o.as_dict() for o in self.occurrences],
        }


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Match:
    """How alike two texts are: ``shared`` words in order (longest common subsequence), their
    share of the shorter text (``containment``) and of the longer one (``coverage``)."""

    shared: int
    containment: float
    coverage: float


def similarity(a: Sequence[str], b: Sequence[str]) -> Match:
    """The :class:`Match` of two normalized word sequences."""
    if not a or not b:
        return Match(0, 0.0, 0.0)
    shared = int(LCSseq.similarity(a, b))
    return Match(shared, shared / min(len(a), len(b)), shared / max(len(a), len(b)))


def same_words(a: Sequence[str], b: Sequence[str], match: Match | None = None) -> bool:
    """Whether two texts are versions of one statement by their words alone."""
    if tuple(a) == tuple(b):
        return bool(a)
    m = match or similarity(a, b)
    return m.shared >= MIN_SHARED and m.containment >= MIN_CONTAINMENT


def _name_words(name: str | None) -> set[str]:
    if not name:
        return set()
    found = {w.casefold().strip(".'’-") for w in _NAME_WORD.findall(name)}
    return {w for w in found if w and w not in _NOT_NAMES}


def _names_agree(a: str, b: str) -> bool:
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return a.casefold() == b.casefold()
    return wa <= wb or wb <= wa


def compatible(speaker: str | None, source: str | None, speakers: Iterable[str]) -> bool:
    """Whether an occurrence by ``speaker`` (resolved, or ``None``) with source words ``source``
    may belong to a statement whose resolved speakers are ``speakers``."""
    names = [s for s in speakers if s]
    if not names:
        return True
    if speaker:
        return all(_names_agree(speaker, n) for n in names)
    said_by = {w for w in _name_words(source) if source and _capitalized(source, w)}
    if not said_by:
        return True  # "he", "the spokeswoman", no source: fits anyone
    return all(said_by & _name_words(n) for n in names)


def _capitalized(text: str, word: str) -> bool:
    return any(w[:1].isupper() and w.casefold().strip(".'’-") == word for w in _NAME_WORD.findall(text))


@dataclass(slots=True)
class Candidate:
    """A statement as the matcher sees it: its distinct texts (normalized words joined by a
    space, the first :data:`MAX_TEXTS`) and its resolved speakers."""

    id: str
    texts: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    def add(self, toks: tuple[str, ...], speaker: str | None) -> None:
        joined = " ".join(toks)
        if len(self.texts) < MAX_TEXTS and joined not in self.texts:
            self.texts.append(joined)
        if speaker and speaker not in self.speakers and len(self.speakers) < MAX_TEXTS:
            self.speakers.append(speaker)


def choose(
    toks: tuple[str, ...], speaker: str | None, source: str | None, candidates: Sequence[Candidate]
) -> str | None:
    """The id of the candidate statement an occurrence belongs to, or ``None`` (a new one).

    Candidates are given in order of preference for ties (the store and :func:`group` list
    them by number of shared keys, then age). The best is the one matched with the highest
    containment, then coverage."""
    best: tuple[float, float, int] | None = None
    chosen: str | None = None
    for rank, cand in enumerate(candidates):
        if not compatible(speaker, source, cand.speakers):
            continue
        for joined in cand.texts:
            text = joined.split(" ")
            m = similarity(toks, text)
            if not same_words(toks, text, m):
                continue
            score = (m.containment, m.coverage, -rank)
            if best is None or score > best:
                best, chosen = score, cand.id
    return chosen


# --------------------------------------------------------------------------- describing


def _run_at(canonical: Sequence[str], part: Sequence[str]) -> int:
    """Where ``part`` runs contiguously in ``canonical`` (-1 if nowhere)."""
    n, k = len(canonical), len(part)
    if k == 0 or k > n:
        return -1
    first = part[0]
    for i in range(n - k + 1):
        if canonical[i] == first and tuple(canonical[i : i + k]) == tuple(part):
            return i
    return -1


def compare(canonical: str, variant: str) -> tuple[str, tuple[Change, ...]]:
    """``(kind, changes)`` of ``variant`` against ``canonical`` (see :data:`KINDS`)."""
    cw, vw = words(canonical), words(variant)
    cn, vn = [n for _, n in cw], [n for _, n in vw]
    if cn == vn:
        return "verbatim", ()
    at = _run_at(cn, vn)
    if at >= 0:
        changes = []
        if at > 0:
            changes.append(Change("delete", " ".join(s for s, _ in cw[:at]), ""))
        if at + len(vn) < len(cn):
            changes.append(Change("delete", " ".join(s for s, _ in cw[at + len(vn) :]), ""))
        return "trimmed", tuple(changes)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, cn, vn, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        out.append(Change(op, " ".join(s for s, _ in cw[i1:i2]), " ".join(s for s, _ in vw[j1:j2])))
    return "altered", tuple(out)


def canonical_index(texts: Sequence[Sequence[str]]) -> int:
    """Index of the canonical version among normalized texts listed earliest first: the earliest
    that is not a shorter run of another (each distinct text is checked once)."""
    distinct = list(dict.fromkeys(tuple(t) for t in texts))
    full = {t for t in distinct if not any(len(o) > len(t) and _run_at(o, t) >= 0 for o in distinct)}
    for i, t in enumerate(texts):
        if tuple(t) in full:
            return i
    return 0


def statement(
    statement_id: str, occurrences: Sequence[Occurrence], norm: Sequence[tuple[str, ...]] | None = None
) -> Statement:
    """A :class:`Statement` of occurrences listed earliest first: canonical text, speaker (the
    longest resolved name, the earliest among equals) and each occurrence's kind and changes
    (worked out once per distinct text: republished copies repeat theirs). ``norm`` are the
    occurrences' :func:`tokens`, when the caller has them."""
    if not occurrences:
        raise ValueError(f"statement {statement_id!r} has no occurrences")
    if norm is None:
        norm = [tokens(o.text) for o in occurrences]
    canonical = occurrences[canonical_index(norm)].text
    speaker: str | None = None
    for o in occurrences:
        if o.speaker and (speaker is None or len(o.speaker) > len(speaker)):
            speaker = o.speaker
    described = []
    seen: dict[str, tuple[str, tuple[Change, ...]]] = {}
    for o in occurrences:
        found = seen.get(o.text)
        if found is None:
            found = seen[o.text] = compare(canonical, o.text)
        described.append(replace(o, kind=found[0], changes=found[1]))
    return Statement(statement_id, speaker, canonical, tuple(described))


# --------------------------------------------------------------------------- grouping


def order_key(published: str | None, position: int) -> tuple[int, str, int]:
    """Earliest first: dated before undated, by date, then input order."""
    return (0, published, position) if published else (1, "", position)


class Index:
    """Blocking keys -> statement numbers, at most :data:`MAX_POSTINGS` per key (in memory; the
    store keeps the same lists in a table). A key held by one statement maps to its number, not
    to a list: most keys are."""

    def __init__(self) -> None:
        self.postings: dict[int, int | list[int]] = {}

    def candidates(self, ks: Iterable[int]) -> list[int]:
        """Statement numbers sharing a key, most shared keys first, then oldest first."""
        counts: dict[int, int] = {}
        for k in ks:
            found = self.postings.get(k)
            if found is None:
                continue
            for sid in (found,) if isinstance(found, int) else found:
                counts[sid] = counts.get(sid, 0) + 1
        return sorted(counts, key=lambda s: (-counts[s], s))

    def add(self, ks: Iterable[int], sid: int) -> None:
        for k in ks:
            found = self.postings.get(k)
            if found is None:
                self.postings[k] = sid
            elif isinstance(found, int):
                if found != sid:
                    self.postings[k] = [found, sid]
            elif len(found) < MAX_POSTINGS and sid not in found:
                found.append(sid)


#: Candidates verified per occurrence (most shared keys first). Not tuned: a bound on the work.
TOP_CANDIDATES = 16


def group(occurrences: Iterable[Occurrence], *, min_documents: int = 1) -> list[Statement]:
    """Statements of ``occurrences`` (given in input order), earliest first.

    Each occurrence is taken earliest first (:func:`order_key`) and joins the statement
    :func:`choose` picks among those sharing a blocking key, or starts one; a statement's id is
    ``DOCUMENT#N`` of its first occurrence. Returns statements running in at least
    ``min_documents`` documents."""
    items = list(occurrences)
    order = sorted(range(len(items)), key=lambda i: order_key(items[i].published, i))
    index = Index()
    cands: list[Candidate] = []
    members: list[list[Occurrence]] = []
    for i in order:
        occ = items[i]
        toks = tokens(occ.text)
        if not toks:
            continue
        ks = keys(toks)
        found = [cands[s] for s in index.candidates(ks)[:TOP_CANDIDATES]]
        chosen = choose(toks, occ.speaker, occ.source, found)
        if chosen is None:
            sid = len(cands)
            cands.append(Candidate(str(sid)))
            members.append([])
        else:
            sid = int(chosen)
        cands[sid].add(toks, occ.speaker)
        members[sid].append(occ)
        index.add(ks, sid)
    del index, cands
    out = [
        statement(f"{occs[0].document}#{occs[0].attribution}", occs)
        for occs in members
        if len({o.document for o in occs}) >= min_documents
    ]
    log.debug("%d occurrences, %d statements", len(items), len(out))
    return out
