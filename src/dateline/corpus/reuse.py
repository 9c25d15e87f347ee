"""Text reuse: which earlier documents a document takes passages from, and how much.

A news story written from a press release or agency copy rarely copies it whole: it takes a few
paragraphs, rewrites sentences (words replaced, clauses reordered, quotes trimmed) and mixes them
with its own reporting. Syndication (:mod:`dateline.corpus.syndication`) only sees near-complete
copies; this module finds the passages. Like syndication it is a set of pure functions that the
store, the local batch engine and the benchmark call unchanged:

1. **Units** (:func:`prepare`): the body paragraphs of a record (boilerplate paragraph kinds from
   the wire parser, :data:`BOILERPLATE_KINDS`, never count) cut into sentences, each with its
   character range in the record's ``text``, its case-folded words and its content words (words
   that are not in :data:`STOPWORDS`; links are not words). Sentences a site repeats in
   :data:`SITE_REPEATS` of its documents (cookie notices, newsletter pitches) are its
   boilerplate and are dropped too (:func:`site_boilerplate`, :func:`without`).
2. **Fingerprint and candidates** (:func:`keys`, :func:`rank`): word :data:`SHINGLE_WORDS`-gram
   shingles of the body hashed to 63 bits; the ones whose hash is ``0 mod`` :data:`SAMPLE` are the
   document's keys (a fixed sample, so the share of a document's keys found in another estimates
   the 3-gram containment of the one in the other, not their Jaccard). An inverted index maps a key
   to the documents holding it (a ``dict`` here, a table in the store, a grouping by key on
   Spark); keys held by more than :data:`MAX_KEY_DOCS` documents are boilerplate nobody needs to
   look up (:func:`searchable`). The candidate sources of a document are the
   :data:`MAX_CANDIDATES` earlier documents sharing most keys with it (:func:`top`: ties to the
   one ingested first). :func:`rank` counts the shared keys document by document;
   :func:`earlier_pairs` gives the same counts key by key, for an engine that groups the keys.
3. **Alignment** (:func:`align`; :func:`measure` over all the candidates of a document): every
   sentence of the document against every sentence of a candidate; a pair must share at least
   :data:`MIN_SHARED` content words and :data:`MIN_COVER` of the document sentence's content
   words, and then reach a
   ``rapidfuzz.fuzz.token_set_ratio`` of :data:`REWRITE_SCORE` (word order and trimmed words do
   not count against it). A pair whose ``rapidfuzz.fuzz.ratio`` reaches :data:`VERBATIM_SCORE` is
   ``verbatim``, any other accepted pair ``rewritten``. When the document's sentence is much
   shorter than the source's (a trimmed quote), ``rapidfuzz.fuzz.partial_ratio_alignment`` narrows
   the source range to the part it was taken from. Consecutive sentences aligned to consecutive
   sentences of one source merge into one :class:`Passage`.
4. **Share and label** (:func:`fraction`, :func:`label`): ``reused_fraction`` is the share of the
   body's words inside reused passages (of any source, or of one source); the label is ``wholly``
   from :data:`WHOLLY`, ``partially`` from :data:`PARTIALLY`, else ``non``.

Sources are earlier documents only: earlier by publication date, ties (and undated documents,
which count as later than dated ones) by ingest order. A document is never its own source; the
same text ingested twice is the later copy reusing the earlier one wholly.

The constants were tuned on the training half of the benchmark built by ``bench/reuse_corpus.py``
(see BENCHMARKS.md, "Text reuse") and reported on its test half.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence, Sized
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from ..errors import OptionsError

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

__all__ = [
    "BOILERPLATE_KINDS",
    "LABELS",
    "MAX_CANDIDATES",
    "MAX_KEY_DOCS",
    "MIN_COVER",
    "MIN_SHARED",
    "PARAMETERS",
    "PARTIALLY",
    "REWRITE_SCORE",
    "SAMPLE",
    "SHINGLE_WORDS",
    "SITE_REPEATS",
    "STOPWORDS",
    "VERBATIM_SCORE",
    "WHOLLY",
    "Passage",
    "Prepared",
    "Reuse",
    "SourceFilter",
    "SourceReuse",
    "Unit",
    "align",
    "assemble",
    "body_spans",
    "earlier_pairs",
    "find",
    "fraction",
    "is_site_boilerplate",
    "keyed",
    "keys",
    "label",
    "measure",
    "order_key",
    "parse_filter",
    "prepare",
    "prepare_input",
    "rank",
    "searchable",
    "site_boilerplate",
    "site_lines",
    "top",
    "without",
]

log = logging.getLogger(__name__)

#: A document as the candidate search sees it: anything that sorts earlier documents first.
D = TypeVar("D", bound="SupportsRichComparison")

#: Paragraph kinds of the wire parser that are never reuse: distributor trailers, About sections,
#: contacts, disclaimers, source lines, media captions, the headline and the dateline.
BOILERPLATE_KINDS = frozenset(
    {"headline", "dateline", "media", "source-line", "contact", "about", "disclaimer", "trailer"}
)
#: Words per shingle: the 3-gram containment of the literature (a wholly derived story keeps a
#: median 0.39 of its source's 3-grams; 4-grams lose most of a rewritten sentence).
SHINGLE_WORDS = 3
#: One shingle hash in SAMPLE is a key. 2 keeps a rewritten single sentence (about 25 words, a
#: third of its 3-grams kept) findable by its few keys; 4 halves the index but lost one more of the
#: 50 single-sentence stories of the tuning half (3 not found instead of 2).
SAMPLE = 2
#: Keys held by more documents than this are not looked up (formulae like "said in a statement",
#: boilerplate): a bound on the work per key, not reached by the benchmark's 720 documents.
MAX_KEY_DOCS = 200
#: Candidate sources aligned per document (those sharing most keys with it).
MAX_CANDIDATES = 20
#: A sentence pair must share this many content words ...
MIN_SHARED = 4
#: ... and this share of the document sentence's content words ...
MIN_COVER = 0.5
#: ... and reach this ``fuzz.token_set_ratio`` to be a reused pair.
REWRITE_SCORE = 60.0
#: ``fuzz.ratio`` of the normalized sentences from which a pair is ``verbatim``.
VERBATIM_SCORE = 97.0
#: A sentence found in this many documents of one site (URL host) is that site's boilerplate
#: (cookie notices, newsletter pitches, "Follow us" lines, a company's About text on a release
#: wire) and is left out of that site's documents, as are the paragraph kinds above. One copy of
#: a syndicated release per site never reaches it; 3 is the smallest count that a story and its
#: correction (two documents) cannot reach.
SITE_REPEATS = 3
#: Labels from ``reused_fraction`` (see :func:`label`). Chosen by ``bench/reuse_bench.py --grid``
#: on the tuning half: three-class macro F1 is 0.993 for PARTIALLY 0.01-0.03 with WHOLLY 0.58-0.60
#: (0.979 at 0.05, 0.907 at 0.10; 0.978 at WHOLLY 0.5); we took the highest PARTIALLY and WHOLLY
#: of that plateau, since the real news that a set like this lacks (the same court case reported
#: twice) shares single sentences with the wire by chance. The smallest wholly derived story of
#: the tuning half has 0.63 reused, the largest partially derived one 0.57.
WHOLLY = 0.6
PARTIALLY = 0.03
LABELS = ("wholly", "partially", "non")

#: Everything a stored result depends on (the store keeps it in ``settings``).
PARAMETERS: dict[str, Any] = {
    "shingle_words": SHINGLE_WORDS,
    "sample": SAMPLE,
    "hash": "crc32x2",
    "max_key_docs": MAX_KEY_DOCS,
    "max_candidates": MAX_CANDIDATES,
    "min_shared": MIN_SHARED,
    "min_cover": MIN_COVER,
    "rewrite_score": REWRITE_SCORE,
    "verbatim_score": VERBATIM_SCORE,
    "site_repeats": SITE_REPEATS,
    "wholly": WHOLLY,
    "partially": PARTIALLY,
}

#: English function words (not content words when comparing sentences).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves said says say told according
    would may might must shall us one new""".split()  # noqa: SIM905
)

_WORD = re.compile(r"\w+")
# links are not words (a link to a release's page spells its headline)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_RUN_IN_ABOUT = re.compile(
    r"[\W_]{0,4}(?:About|ABOUT)[ \t]+[\[*_]*[A-Z0-9$]|[\W_]{0,4}(?:Disclaimer|DISCLAIMER)\b"
)
# a sentence ends at . ! ? (and closing quotes or brackets) followed by space and a capital,
# a quotation mark, a bracket or a digit
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[A-Z0-9])")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Passage:
    """A reused passage: ``[start, end)`` in the document's text, ``[source_start, source_end)``
    in the source's, ``kind`` ``verbatim`` or ``rewritten``."""

    start: int
    end: int
    source_start: int
    source_end: int
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)  # flat: every field, in order

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Passage:
        return cls(
            int(data["start"]),
            int(data["end"]),
            int(data["source_start"]),
            int(data["source_end"]),
            str(data["kind"]),
        )


@dataclass(frozen=True, slots=True)
class SourceReuse:
    """One source of a document: the passages taken from it and the share of the document they
    cover."""

    id: str
    published: str | None
    reused_fraction: float
    passages: tuple[Passage, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published,
            "reused_fraction": self.reused_fraction,
            "passages": [p.as_dict() for p in self.passages],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceReuse:
        return cls(
            str(data["id"]),
            data.get("published"),
            float(data["reused_fraction"]),
            tuple(Passage.from_dict(p) for p in data.get("passages", ())),
        )


@dataclass(frozen=True, slots=True)
class Reuse:
    """What one document reuses: the share of its body reused from any source, its label, and its
    sources ordered by their share (then earliest first)."""

    id: str
    published: str | None
    reused_fraction: float
    label: str
    sources: tuple[SourceReuse, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published,
            "reused_fraction": self.reused_fraction,
            "label": self.label,
            "sources": [s.as_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reuse:
        return cls(
            str(data["id"]),
            data.get("published"),
            float(data["reused_fraction"]),
            str(data["label"]),
            tuple(SourceReuse.from_dict(s) for s in data.get("sources", ())),
        )


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of a body: its range in the text, its words and content words."""

    start: int
    end: int
    norm: str
    words: int
    content: frozenset[str] = field(repr=False)
    line: int = 0  #: hash of ``norm`` (a repeated sentence has the same ``line``)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready for reuse detection: its text, sentence units and keys."""

    text: str = field(repr=False)
    units: tuple[Unit, ...]
    keys: frozenset[int] = field(repr=False)
    #: content word -> the units holding it (to align only sentences that share words)
    by_word: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def words(self) -> int:
        return sum(u.words for u in self.units)


# --------------------------------------------------------------------------- units and keys


def body_spans(paragraphs: Iterable[Any], text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs that can be reused: every paragraph whose ``kind`` is
    not boilerplate (``Paragraph`` records or their dicts); the whole text when there are no
    paragraphs at all.

    A body paragraph in the second half of the document that opens with "About Name" or
    "Disclaimer" run into its text (no heading line of its own, so the wire parser keeps it as
    body; 3 of the 58 releases of the benchmark's tuning half) starts the boilerplate: it and the
    paragraphs after it are left out too.
    """
    items: list[tuple[str, int, int]] = []
    for p in paragraphs:
        if isinstance(p, Mapping):
            items.append((str(p["kind"]), int(p["start"]), int(p["end"])))
        else:
            items.append((p.kind, p.start, p.end))
    if not items:
        return [(0, len(text))] if text.strip() else []
    spans: list[tuple[int, int]] = []
    half = len(items) // 2
    for n, (kind, start, end) in enumerate(items):
        if kind in BOILERPLATE_KINDS:
            continue
        if n >= max(half, 1) and _RUN_IN_ABOUT.match(text, start, end):
            break
        spans.append((start, end))
    return spans


def _sentences(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        yield pos, m.start() + len(m.group(0).rstrip())
        pos = m.end()
    if pos < end:
        yield pos, end


def _hash(words: Sequence[str]) -> int:
    data = " ".join(words).encode("utf-8")
    return (zlib.crc32(data) << 31) ^ zlib.crc32(data[::-1])


def keys(units: Sequence[Unit]) -> frozenset[int]:
    """The sampled shingle keys of a body (see the module docstring)."""
    words: list[str] = []
    for u in units:
        words.extend(u.norm.split())
    out: set[int] = set()
    n = SHINGLE_WORDS
    for i in range(len(words) - n + 1):
        h = _hash(words[i : i + n])
        if h % SAMPLE == 0:
            out.add(h)
    return frozenset(out)


def prepare(text: str, spans: Iterable[tuple[int, int]] | None = None, *, keyed: bool = True) -> Prepared:
    """Sentence units and keys of ``text`` restricted to ``spans`` (default: all of it);
    ``keyed=False`` leaves the keys out (empty), for a document that is only aligned with."""
    units: list[Unit] = []
    for a, b in [(0, len(text))] if spans is None else spans:
        for s, e in _sentences(text, a, b):
            words = _WORD.findall(_URL.sub(" ", text[s:e]).casefold())
            if not words:
                continue
            while e > s and text[e - 1].isspace():
                e -= 1
            while s < e and text[s].isspace():
                s += 1
            norm = " ".join(words)
            content = frozenset(w for w in words if w not in STOPWORDS)
            units.append(Unit(s, e, norm, len(words), content, _hash(words)))
    return Prepared(text, tuple(units), keys(units) if keyed else frozenset(), _by_word(units))


def keyed(prepared: Prepared) -> Prepared:
    """``prepared`` with its keys computed (after ``prepare(..., keyed=False)``)."""
    return Prepared(prepared.text, prepared.units, keys(prepared.units), prepared.by_word)


def _by_word(units: Sequence[Unit]) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        for w in u.content:
            index.setdefault(w, []).append(i)
    return {w: tuple(v) for w, v in index.items()}


def without(prepared: Prepared, lines: Container[int], *, keyed: bool = True) -> Prepared:
    """``prepared`` without the units whose ``line`` is in ``lines`` (a site's boilerplate: see
    :func:`site_boilerplate`); its keys recomputed (left empty with ``keyed=False``)."""
    if not lines or not any(u.line in lines for u in prepared.units):
        return prepared
    units = tuple(u for u in prepared.units if u.line not in lines)
    return Prepared(prepared.text, units, keys(units) if keyed else frozenset(), _by_word(units))


def prepare_input(doc: Mapping[str, Any]) -> Prepared:
    """The :class:`Prepared` of one input of :func:`find` (its ``text`` and ``spans``)."""
    return prepare(str(doc.get("text") or ""), doc.get("spans"))


def site_lines(prepared: Prepared) -> frozenset[int]:
    """The lines of one document that count towards its site's boilerplate (each once, however
    often the document repeats it)."""
    return frozenset(u.line for u in prepared.units)


def is_site_boilerplate(documents: int) -> bool:
    """Whether a line found in ``documents`` documents of one site is that site's boilerplate."""
    return documents >= SITE_REPEATS


def site_boilerplate(counts: Mapping[int, int]) -> frozenset[int]:
    """The lines of one site that are its boilerplate: those found in at least
    :data:`SITE_REPEATS` of its documents (``counts`` maps a line to that number)."""
    return frozenset(line for line, n in counts.items() if is_site_boilerplate(n))


# --------------------------------------------------------------------------- candidates


def rank(
    doc_keys: Iterable[int],
    postings: Mapping[int, Sequence[Any]] | Iterable[tuple[int, Any]],
    *,
    allowed: Any = None,
    limit: int = MAX_CANDIDATES,
) -> list[Any]:
    """Candidate sources: the ``limit`` documents sharing most keys with ``doc_keys``.

    ``postings`` maps a key to the documents holding it (or is an iterable of ``(key, doc)``
    pairs, as a SQL query returns them). Keys held by more than :data:`MAX_KEY_DOCS` documents
    are skipped; ``allowed`` (a container), when given, keeps only those documents.
    """
    counts: Counter[Any] = Counter()
    if isinstance(postings, Mapping):
        for k in doc_keys:
            docs = postings.get(k)
            if docs and searchable(docs):
                counts.update(docs)
    else:
        by_key: dict[int, list[Any]] = {}
        for k, d in postings:
            by_key.setdefault(k, []).append(d)
        for docs in by_key.values():
            if searchable(docs):
                counts.update(docs)
    if allowed is not None:
        counts = Counter({d: c for d, c in counts.items() if d in allowed})
    return top(counts.items(), limit)


def searchable(holders: Sized) -> bool:
    """Whether a key held by ``holders`` (its documents, each once) is looked up: at most
    :data:`MAX_KEY_DOCS` of them."""
    return len(holders) <= MAX_KEY_DOCS


def top(counts: Iterable[tuple[D, int]], limit: int = MAX_CANDIDATES) -> list[D]:
    """The ``limit`` documents of ``(document, shared keys)`` pairs sharing most keys; ties go to
    the lower document (its ingest position in :func:`find`, its rowid in the store)."""
    return [d for d, _ in sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:limit]]


def earlier_pairs(holders: Iterable[D]) -> list[tuple[D, D]]:
    """``(document, earlier document)`` for every two documents holding one key, none when the
    key is not :func:`searchable`: each document is given by its place in the order (anything
    sorting earlier documents first, one value per document, e.g. its :func:`order_key`).

    The search by key rather than by document (a distributed engine groups the keys): over all
    keys, the pairs of one document count the keys it shares with each earlier document, the
    counts :func:`rank` finds for it with ``allowed`` its earlier documents. ``n`` holders give
    ``n (n - 1) / 2`` pairs, bounded by :data:`MAX_KEY_DOCS`."""
    held = sorted(set(holders))
    if not searchable(held):
        return []
    return [(d, e) for i, d in enumerate(held) for e in held[:i]]


# --------------------------------------------------------------------------- alignment


def _pair(t: Unit, s: Unit) -> tuple[float, bool] | None:
    shared = len(t.content & s.content)
    if shared < MIN_SHARED or shared < MIN_COVER * len(t.content):
        return None
    if t.norm == s.norm:
        return 100.0, True
    score = fuzz.token_set_ratio(t.norm, s.norm)
    if score < REWRITE_SCORE:
        return None
    return score, fuzz.ratio(t.norm, s.norm) >= VERBATIM_SCORE


def _source_range(target: Prepared, t: Unit, source: Prepared, s: Unit) -> tuple[int, int]:
    """The part of source sentence ``s`` that ``t`` was taken from (all of it unless ``t`` is
    much shorter: a trimmed quote)."""
    if t.words * 3 >= s.words * 2:
        return s.start, s.end
    src = source.text[s.start : s.end]
    al = fuzz.partial_ratio_alignment(target.text[t.start : t.end], src)
    if al is None or al.score < REWRITE_SCORE or al.dest_end <= al.dest_start:
        return s.start, s.end
    a, b = al.dest_start, al.dest_end
    # widen to word boundaries
    while a > 0 and src[a - 1].isalnum():
        a -= 1
    while b < len(src) and src[b].isalnum():
        b += 1
    return s.start + a, s.start + b


def align(target: Prepared, source: Prepared) -> tuple[Passage, ...]:
    """The passages of ``target`` reused from ``source`` (see the module docstring)."""
    src_units = source.units
    if not src_units:
        return ()
    matches: list[tuple[int, int, bool]] = []  # (target unit, source unit, verbatim)
    by_word = source.by_word or _by_word(src_units)
    for ti, t in enumerate(target.units):
        if len(t.content) < MIN_SHARED:
            continue
        need = max(MIN_SHARED, MIN_COVER * len(t.content))
        common = [w for w in t.content if w in by_word]
        if len(common) < need:
            continue
        shared: dict[int, int] = {}
        for w in common:
            for si in by_word[w]:
                shared[si] = shared.get(si, 0) + 1
        best: tuple[bool, float, int] | None = None
        for si, n in shared.items():
            if n < need:
                continue
            got = _pair(t, src_units[si])
            if got is None:
                continue
            score, verbatim = got
            rank_ = (verbatim, score, -si)
            if best is None or rank_ > best:
                best = rank_
        if best is not None:
            matches.append((ti, -best[2], best[0]))
    passages: list[Passage] = []
    run: list[tuple[int, int, bool]] = []

    def flush() -> None:
        if not run:
            return
        t0, s0, _ = run[0]
        t1, s1, _ = run[-1]
        tu0, tu1 = target.units[t0], target.units[t1]
        if len(run) == 1:
            ss, se = _source_range(target, tu0, source, src_units[s0])
        else:
            ss, se = src_units[s0].start, src_units[s1].end
        kind = "verbatim" if all(v for _, _, v in run) else "rewritten"
        passages.append(Passage(tu0.start, tu1.end, ss, se, kind))
        run.clear()

    for m in matches:
        if run and not (m[0] == run[-1][0] + 1 and m[1] == run[-1][1] + 1 and m[2] == run[-1][2]):
            flush()
        run.append(m)
    flush()
    return tuple(passages)


def fraction(target: Prepared, passages: Iterable[Passage]) -> float:
    """Share of ``target``'s body words inside ``passages`` (rounded to 4 places)."""
    total = target.words
    if total == 0:
        return 0.0
    ranges = sorted((p.start, p.end) for p in passages)
    covered = 0
    j = 0
    for u in target.units:
        while j < len(ranges) and ranges[j][1] <= u.start:
            j += 1
        if j < len(ranges) and ranges[j][0] <= u.start and u.end <= ranges[j][1]:
            covered += u.words
    return round(covered / total, 4)


def label(reused_fraction: float) -> str:
    """``wholly`` (>= :data:`WHOLLY`), ``partially`` (>= :data:`PARTIALLY`) or ``non``."""
    if reused_fraction >= WHOLLY:
        return "wholly"
    if reused_fraction >= PARTIALLY:
        return "partially"
    return "non"


def assemble(
    doc_id: str,
    published: str | None,
    target: Prepared,
    sources: Iterable[tuple[str, str | None, Sequence[Passage]]],
    *,
    min_fraction: float = 0.0,
) -> Reuse:
    """The :class:`Reuse` of a document from its aligned sources ``(id, published, passages)``,
    given earliest first (sources with equal shares keep that order).

    Sources with no passage, or covering less than ``min_fraction`` of the document, are left
    out; the document's share is that of the union of the kept sources' passages.
    """
    kept: list[SourceReuse] = []
    for sid, spub, passages in sources:
        if not passages:
            continue
        share = fraction(target, passages)
        if share <= 0.0 or share < min_fraction:
            continue
        kept.append(SourceReuse(sid, spub, share, tuple(sorted(passages, key=lambda p: p.start))))
    kept.sort(key=lambda s: -s.reused_fraction)
    total = fraction(target, [p for s in kept for p in s.passages])
    return Reuse(doc_id, published, total, label(total), tuple(kept))


def measure(
    doc_id: str,
    published: str | None,
    target: Prepared,
    sources: Iterable[tuple[str, str | None, Prepared]],
    *,
    min_fraction: float = 0.0,
) -> Reuse:
    """The :class:`Reuse` of a document against its candidate sources ``(id, published,
    prepared)``, given earliest first: each :func:`align`-ed, then :func:`assemble`-d."""
    aligned = [(sid, spub, align(target, source)) for sid, spub, source in sources]
    return assemble(doc_id, published, target, aligned, min_fraction=min_fraction)


def order_key(published: str | None, position: int) -> tuple[int, str, int]:
    """Sort key of "earlier": dated before undated, then by date, then by ingest ``position``."""
    return (0, published, position) if published else (1, "", position)


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True, slots=True)
class SourceFilter:
    """Which documents may be sources: ``field`` is ``site`` (URL host, or a parent domain of
    it), ``distributor`` or ``credit``; ``value`` is compared case-insensitively."""

    field: str
    value: str

    def matches(self, host: str | None, distributor: str | None, credit: str | None) -> bool:
        want = self.value.casefold()
        if self.field == "site":
            h = (host or "").casefold()
            return bool(h) and (h == want or h.endswith("." + want))
        got = distributor if self.field == "distributor" else credit
        return got is not None and got.casefold() == want

    def __str__(self) -> str:
        return f"{self.field}:{self.value}"


_FILTER_FIELDS = ("site", "distributor", "credit")


def parse_filter(text: str) -> SourceFilter:
    """``site:HOST``, ``distributor:NAME`` or ``credit:NAME`` (quotes around NAME allowed);
    anything else raises :class:`~dateline.errors.OptionsError`."""
    field_, sep, value = (text or "").partition(":")
    field_ = field_.strip().casefold()
    value = value.strip().strip("\"'").strip()
    if not sep or field_ not in _FILTER_FIELDS or not value:
        raise OptionsError(
            f"malformed source filter {text!r}: use site:HOST, distributor:NAME or credit:NAME "
            '(e.g. site:pa.example, distributor:"PR Newswire", credit:CCTV+)',
            "--from",
        )
    if field_ == "site":
        value = value.removeprefix("www.") if "." in value else value
        if "/" in value or " " in value:
            raise OptionsError(f"malformed source filter {text!r}: site: takes a host name", "--from")
    return SourceFilter(field_, value)


def host_of(url: str | None) -> str | None:
    """The host of a URL, without ``www.`` (``None`` without a URL)."""
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


# --------------------------------------------------------------------------- in memory


@dataclass(frozen=True, slots=True)
class _Doc:
    id: str
    published: str | None
    prepared: Prepared
    host: str | None
    distributor: str | None
    credit: str | None


def find(
    docs: Iterable[Mapping[str, Any]],
    *,
    source_filter: SourceFilter | None = None,
    min_fraction: float = 0.0,
) -> list[Reuse]:
    """Reuse of every document of ``docs``, in input order, without a store.

    Each document is a mapping with ``id``, ``text``, and optionally ``spans`` (reusable ranges of
    ``text``; default: all of it), ``published``, ``url``, ``distributor`` and ``credit``. Input
    order is ingest order (for ties of ``published``).
    """
    items: list[_Doc] = []
    seen: set[str] = set()
    for d in docs:
        doc_id = str(d["id"])
        if doc_id in seen:
            raise ValueError(f"duplicate document id {doc_id!r}")
        seen.add(doc_id)
        items.append(
            _Doc(
                doc_id,
                d.get("published"),
                prepare_input(d),
                host_of(d.get("url")),
                d.get("distributor"),
                d.get("credit"),
            )
        )
    per_site: dict[str, Counter[int]] = {}
    for doc in items:
        if doc.host:
            per_site.setdefault(doc.host, Counter()).update(site_lines(doc.prepared))
    boiler = {host: site_boilerplate(c) for host, c in per_site.items()}
    items = [
        _Doc(
            d.id,
            d.published,
            without(d.prepared, boiler.get(d.host or "", ())),
            d.host,
            d.distributor,
            d.credit,
        )
        for d in items
    ]
    order = {i: order_key(doc.published, i) for i, doc in enumerate(items)}
    postings: dict[int, list[int]] = {}
    for i, doc in enumerate(items):
        for k in doc.prepared.keys:
            postings.setdefault(k, []).append(i)
    allowed: set[int] | None = None
    if source_filter is not None:
        allowed = {
            i for i, doc in enumerate(items) if source_filter.matches(doc.host, doc.distributor, doc.credit)
        }
    out: list[Reuse] = []
    for i, doc in enumerate(items):
        earlier = {j for j in _earlier_candidates(doc.prepared.keys, postings, order, i)}
        if allowed is not None:
            earlier &= allowed
        cands = sorted(rank(doc.prepared.keys, postings, allowed=earlier), key=order.__getitem__)
        sources = [(items[j].id, items[j].published, items[j].prepared) for j in cands]
        out.append(measure(doc.id, doc.published, doc.prepared, sources, min_fraction=min_fraction))
    return out


def _earlier_candidates(
    doc_keys: Iterable[int], postings: Mapping[int, Sequence[int]], order: Mapping[int, Any], i: int
) -> set[int]:
    mine = order[i]
    out: set[int] = set()
    for k in doc_keys:
        for j in postings.get(k, ()):
            if j != i and order[j] < mine:
                out.add(j)
    return out
