"""Syndication: which documents are copies of one another, and which copy came first.

A press release is republished by dozens of sites: they add their own header and footer, drop
the dateline, rewrite the headline, cut the story short ("Read more"), reflow paragraphs,
straighten quotation marks and insert "ADVERTISEMENT" lines. Different releases that share a
template or a long "About" section are *not* copies. This module finds the copies in three
steps, each a pure function usable without SQLite (the store, the web app and a Spark job call
the same ones):

1. **Fingerprint** (:func:`fingerprint`): the body is normalized (case-folded, only word
   characters kept, so quotation-mark style, punctuation and line breaks do not matter; lines
   that only say "ADVERTISEMENT" dropped), cut into shingles of :data:`SHINGLE_WORDS` words,
   hashed to 32 bits, and summarized by two MinHash signatures: one over the whole body and
   one over its first :data:`LEAD_WORDS` words (the lead, which a truncated copy keeps).
   :func:`signature` is datasketch's ``affine32`` MinHash (``seed`` :data:`SEED`,
   ``num_perm`` :data:`NUM_PERM`): :func:`minhash` gives the identical ``datasketch.MinHash``.
2. **Candidates** (:func:`band_keys`, :func:`candidate_pairs`): LSH with :data:`BANDS` bands of
   :data:`ROWS` rows over both signatures. Two documents are candidates when any band of either
   signature agrees (in memory via ``datasketch.MinHashLSH(params=(BANDS, ROWS))``; the store
   keeps the same band keys in a table; Spark can group by them).
3. **Verification** (:func:`compare`, :func:`is_copy`) on the exact shingle sets, then
   **grouping** (:func:`group`): documents are taken earliest first; a document joins an
   existing cluster only when it is a confirmed copy of that cluster's original or of at least
   half of its members, so a paragraph shared between two clusters never chains them together.
   The earliest member of each cluster is its original.

The thresholds were tuned on the first half (by file name) of the synthetic syndication set built
by ``bench/syndication.py`` from ``../shared/data/wire/press-releases-2024`` (copies with the
edits above, hard negatives sharing templates and long About sections) and reported on the
second half; see BENCHMARKS.md.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = [
    "BANDS",
    "COPY_CONTAINMENT",
    "COPY_JACCARD",
    "COPY_LEAD",
    "LEAD_WORDS",
    "MIN_WORDS",
    "NUM_PERM",
    "PARAMETERS",
    "ROWS",
    "SEED",
    "SHINGLE_WORDS",
    "Candidate",
    "Cluster",
    "Fingerprint",
    "Shingles",
    "Similarity",
    "band_keys",
    "candidate_pairs",
    "choose",
    "cluster",
    "compare",
    "copies",
    "fingerprint",
    "group",
    "is_copy",
    "minhash",
    "shingles",
    "signature",
    "tokens",
]

log = logging.getLogger(__name__)

K = TypeVar("K")

#: MinHash permutations. 128 gives a Jaccard estimate within about +-0.04 (one standard error).
NUM_PERM = 128
#: Seed of the permutations (datasketch's ``seed``); stored with every signature.
SEED = 1
#: Words per shingle. 5-word shingles rarely repeat by chance between unrelated releases, and a
#: one-word edit (an inserted "ADVERTISEMENT", a changed quotation) costs only 5 shingles.
SHINGLE_WORDS = 5
#: Words in the lead signature: a copy cut short after its first paragraphs keeps them.
LEAD_WORDS = 100
#: LSH bands x rows (= NUM_PERM). With 32 bands of 4 rows two documents become candidates with
#: probability 0.99 at Jaccard 0.6, 0.87 at 0.5 and 0.05 at 0.2 (1 - (1 - J^4)^32).
BANDS = 32
ROWS = 4
#: Verification: a pair is a copy when the Jaccard similarity of the body shingles is at least
#: COPY_JACCARD, or when the leads agree (share of the smaller lead's shingles found in the other
#: lead >= COPY_LEAD) and the shorter body is mostly contained in the longer one (>=
#: COPY_CONTAINMENT of its shingles): a copy cut short keeps its original's lead, while releases
#: sharing a template or an About section share their ends, not their leads. Chosen from the
#: grid of ``bench/syndication.py --grid`` on the tuning set only (every other release of
#: press-releases-2024): every (J 0.5-0.7, lead 0.3-0.5, containment 0.4-0.5) makes no false
#: pair there and misses 1-3 of ~900 candidate pairs; we took the middle for J and lead and the
#: stricter containment, since negatives sharing boilerplate sit at containment 0.4-0.5 and
#: unrelated releases of one issuer (IBN's Mullen releases, long shared boilerplate) reach
#: Jaccard 0.53 with no lead in common.
COPY_JACCARD = 0.6
COPY_CONTAINMENT = 0.5
COPY_LEAD = 0.4
#: Bodies shorter than this many words get no fingerprint: too little text to call a copy.
MIN_WORDS = 8
#: Documents the store keeps under one band key. A new document is verified against every
#: document sharing a band key with it; past this many, the bucket's first documents stand for
#: the rest: copies of one story share all their keys, so a new copy still meets earlier members
#: of its cluster, while documents that only share a lead no longer cost a verification each (the
#: generated benchmark corpus draws from 18,000 paragraphs: at a million documents each one opens
#: about 55 unrelated stories).
#: (Batch runs group all of a key's documents: they differ only past this bound.)
MAX_BAND_DOCS = 32

#: Everything a signature depends on, stored beside signatures (the store's ``settings``).
PARAMETERS: dict[str, Any] = {
    "num_perm": NUM_PERM,
    "seed": SEED,
    "scheme": "affine32",
    "shingle_words": SHINGLE_WORDS,
    "lead_words": LEAD_WORDS,
    "bands": BANDS,
    "rows": ROWS,
    "copy_jaccard": COPY_JACCARD,
    "copy_containment": COPY_CONTAINMENT,
    "copy_lead": COPY_LEAD,
    "max_band_docs": MAX_BAND_DOCS,
}

_WORD = re.compile(r"\w+")
_AD_MARKERS = ("dvert", "DVERT", "ponsor", "PONSOR", "\nad", "\nAd", "\nAD")
_AD_LINE = re.compile(r"^[ \t]*(?:advertisement|advertisements|ad|sponsored)[ \t]*$", re.I | re.M)
# Odd 64-bit multipliers combining the token hashes of one shingle (fixed, any odd values do).
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def tokens(text: str) -> list[str]:
    """The normalized words of ``text``: case-folded, word characters only, ad lines dropped."""
    if any(marker in text for marker in _AD_MARKERS):
        text = _AD_LINE.sub(" ", text)
    return _WORD.findall(text.casefold())


def _token_hashes(words: Sequence[str]) -> np.ndarray:
    data = map(str.encode, words)
    return np.fromiter(map(zlib.crc32, data), dtype=np.uint64, count=len(words))


def _shingle_hashes(th: np.ndarray) -> np.ndarray:
    """Unique 32-bit hashes of the SHINGLE_WORDS-word shingles of a token-hash array."""
    n = len(th)
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    k = min(SHINGLE_WORDS, n)
    acc = np.zeros(n - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc += th[j : n - k + 1 + j] * _MIX[j]
        acc ^= acc >> np.uint64(29)
        acc *= _MIX[0]
    return np.unique((acc >> np.uint64(32)).astype(np.uint32))


def shingles(text: str) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word shingles of ``text`` (after :func:`tokens`)."""
    return _shingle_hashes(_token_hashes(tokens(text)))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def signature(text_or_shingles: str | np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a text or of its :func:`shingles`.

    Equal to ``datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")`` updated with
    the shingle hashes (see :func:`minhash`).
    """
    sh = shingles(text_or_shingles) if isinstance(text_or_shingles, str) else text_or_shingles
    if len(sh) == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    a, b = _permutations()
    with np.errstate(over="ignore"):
        hv = _fmix32(sh.astype(np.uint32)).reshape(-1, 1)
        return (hv * a + b).min(axis=0).astype(np.uint32)


def minhash(sig: np.ndarray) -> MinHash:
    """A ``datasketch.MinHash`` holding ``sig`` (for ``MinHashLSH`` and ``jaccard``)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=sig, scheme="affine32")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Shingle hashes and MinHash signatures of one body (see the module docstring)."""

    shingles: np.ndarray = field(repr=False)
    lead: np.ndarray = field(repr=False)
    signature: np.ndarray = field(repr=False)
    lead_signature: np.ndarray = field(repr=False)
    words: int = 0


@dataclass(frozen=True, slots=True)
class Shingles:
    """What verifying a copy needs of a document: the shingle hashes of its body and its lead
    (what a store reads back for a candidate, without the signatures)."""

    shingles: np.ndarray = field(repr=False)
    lead: np.ndarray = field(repr=False)


def fingerprint(text: str) -> Fingerprint | None:
    """The :class:`Fingerprint` of a body, or ``None`` when it has under ``MIN_WORDS`` words."""
    th = _token_hashes(tokens(text))
    if len(th) < MIN_WORDS:
        return None
    sh = _shingle_hashes(th)
    lead = _shingle_hashes(th[:LEAD_WORDS])
    return Fingerprint(sh, lead, signature(sh), signature(lead), len(th))


def band_keys(fp: Fingerprint) -> list[int]:
    """The LSH keys of a fingerprint: ``BANDS`` for the body and ``BANDS`` for the lead, each a
    signed 64-bit integer (band number and band values hashed together). Two documents are
    candidates when they share a key."""
    keys: list[int] = []
    for kind, sig in ((0, fp.signature), (1, fp.lead_signature)):
        raw = sig.astype("<u4").tobytes()
        width = ROWS * 4
        for band in range(BANDS):
            digest = hashlib.blake2b(
                raw[band * width : (band + 1) * width], digest_size=8, person=b"dl%d-%d" % (kind, band)
            ).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@dataclass(frozen=True, slots=True)
class Similarity:
    """How alike two bodies are: Jaccard of the shingle sets, share of the smaller set found in
    the larger (containment), and the same containment for the leads (so that a copy cut shorter
    than the lead still agrees with its original's lead)."""

    jaccard: float
    containment: float
    lead: float


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted arrays of unique values share (each value of the shorter one
    looked up in the longer by bisection: no sort, as ``intersect1d`` would do)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    at = np.searchsorted(b, a)
    at[at == len(b)] = len(b) - 1
    return int(np.count_nonzero(b[at] == a))


def compare(a: Fingerprint | Shingles, b: Fingerprint | Shingles) -> Similarity:
    """The exact :class:`Similarity` of two fingerprints."""
    inter = _overlap(a.shingles, b.shingles)
    union = len(a.shingles) + len(b.shingles) - inter
    smaller = min(len(a.shingles), len(b.shingles))
    lead_inter = _overlap(a.lead, b.lead)
    lead_smaller = min(len(a.lead), len(b.lead))
    return Similarity(
        jaccard=inter / union if union else 0.0,
        containment=inter / smaller if smaller else 0.0,
        lead=lead_inter / lead_smaller if lead_smaller else 0.0,
    )


def _copy_rule(jaccard: Any, containment: Any, lead: Any) -> Any:
    """The verification rule (see ``COPY_*``), on numbers or on arrays of them."""
    return (jaccard >= COPY_JACCARD) | ((lead >= COPY_LEAD) & (containment >= COPY_CONTAINMENT))


def is_copy(sim: Similarity) -> bool:
    """The verification rule (see ``COPY_*``)."""
    return bool(_copy_rule(sim.jaccard, sim.containment, sim.lead))


def _overlaps(a: np.ndarray, others: Sequence[np.ndarray]) -> np.ndarray:
    """How many values ``a`` shares with each of ``others`` (all sorted, of unique values): every
    other array looked up in ``a`` at once, by bisection."""
    sizes = np.fromiter((len(o) for o in others), dtype=np.int64, count=len(others))
    if not len(a) or not sizes.sum():
        return np.zeros(len(others), dtype=np.int64)
    values = np.concatenate(others)
    at = np.searchsorted(a, values)
    at[at == len(a)] = len(a) - 1
    hit = a[at] == values
    owner = np.repeat(np.arange(len(others)), sizes)
    return np.bincount(owner[hit], minlength=len(others))


def copies(fp: Fingerprint | Shingles, others: Mapping[K, Fingerprint | Shingles]) -> set[K]:
    """The keys of ``others`` that ``fp`` copies or is copied by: :func:`is_copy` of
    :func:`compare` for each, computed for all of them at once (the same numbers, the same rule)."""
    keys = list(others)
    if not keys:
        return set()
    body = [others[k].shingles for k in keys]
    lead = [others[k].lead for k in keys]
    size = np.fromiter((len(x) for x in body), dtype=np.int64, count=len(keys))
    lead_size = np.fromiter((len(x) for x in lead), dtype=np.int64, count=len(keys))
    inter = _overlaps(fp.shingles, body)
    lead_inter = _overlaps(fp.lead, lead)
    union = len(fp.shingles) + size - inter
    smaller = np.minimum(len(fp.shingles), size)
    lead_smaller = np.minimum(len(fp.lead), lead_size)
    # the denominators are at least 1 where they are used (np.where evaluates both sides)
    jaccard = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    containment = np.where(smaller > 0, inter / np.maximum(smaller, 1), 0.0)
    lead_share = np.where(lead_smaller > 0, lead_inter / np.maximum(lead_smaller, 1), 0.0)
    rule = _copy_rule(jaccard, containment, lead_share)
    return {k for k, yes in zip(keys, rule.tolist(), strict=True) if yes}


def candidate_pairs(fps: dict[str, Fingerprint]) -> set[tuple[str, str]]:
    """Pairs ``(a, b)`` with ``a < b`` that share an LSH band (datasketch ``MinHashLSH``)."""
    pairs: set[tuple[str, str]] = set()
    for attr in ("signature", "lead_signature"):
        lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        hashes = {key: minhash(getattr(fp, attr)) for key, fp in fps.items()}
        with lsh.insertion_session() as session:
            for key, mh in hashes.items():
                session.insert(key, mh, check_duplication=False)
        for key, mh in hashes.items():
            for other in lsh.query(mh):
                if other != key:
                    pairs.add((key, other) if key < other else (other, key))
    return pairs


@dataclass(frozen=True, slots=True)
class Candidate(Generic[K]):
    """A cluster a new document copies some of: its ``key``, its ``size``, how many of its
    members the document copies (``shared``), whether one of them is its original, and where
    its original comes in the caller's order (``order``: lower is earlier)."""

    key: K
    size: int
    shared: int
    copies_original: bool
    order: Any


def choose(candidates: Iterable[Candidate[K]]) -> K | None:
    """The cluster a document joins (the rule of :func:`group` and of the store): among the
    candidates whose original it copies, or of whose members it copies at least half, one whose
    original it copies, then the one with the largest share of members copied, then the one
    whose original is earliest; ``None`` when none qualifies (it starts a cluster of its own)."""
    best: tuple[bool, float, Any] | None = None
    chosen: K | None = None
    for c in candidates:
        if c.copies_original or 2 * c.shared >= c.size:
            rank = (not c.copies_original, -c.shared / c.size, c.order)
            if best is None or rank < best:
                best, chosen = rank, c.key
    return chosen


def group(order: Sequence[str], copies: dict[str, set[str]]) -> dict[str, str]:
    """Clusters from confirmed copies: ``{document: original}``.

    ``order`` lists the documents earliest first. Each joins the cluster :func:`choose` picks
    among those of the documents it copies (its original is the earliest of the cluster's),
    or starts one of its own, as its original.
    """
    position = {d: i for i, d in enumerate(order)}
    original_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for doc in order:
        linked = copies.get(doc, set())
        roots = {original_of[other] for other in linked if other in original_of}
        root = choose(
            Candidate(r, len(members[r]), sum(1 for m in members[r] if m in linked), r in linked, position[r])
            for r in roots
        )
        root = doc if root is None else root
        original_of[doc] = root
        members.setdefault(root, []).append(doc)
    return original_of


@dataclass(frozen=True, slots=True)
class Cluster:
    """Copies of one document: ``original`` is the earliest; ``members`` include it, earliest
    first."""

    id: str
    original: str
    members: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "size": self.size, "original": self.original, "members": list(self.members)}


def _sort_key(published: str | None, position: int) -> tuple[int, str, int]:
    return (0, published, position) if published else (1, "", position)


def cluster(docs: Iterable[tuple[str, str, str | None]], *, min_size: int = 2) -> list[Cluster]:
    """Syndication clusters of ``(id, body_text, published)`` triples.

    ``published`` is an ISO date or datetime (or ``None``: undated documents count as later
    than dated ones, then in input order). Returns clusters of at least ``min_size`` members,
    largest first; a cluster's ``id`` is its original's id.
    """
    fps: dict[str, Fingerprint] = {}
    keys: list[tuple[tuple[int, str, int], str]] = []
    seen: set[str] = set()
    for position, (doc_id, body, published) in enumerate(docs):
        if doc_id in seen:
            raise ValueError(f"duplicate document id {doc_id!r}")
        seen.add(doc_id)
        keys.append((_sort_key(published, position), doc_id))
        fp = fingerprint(body)
        if fp is not None:
            fps[doc_id] = fp
    order = [doc_id for _, doc_id in sorted(keys)]
    copies: dict[str, set[str]] = {}
    for a, b in candidate_pairs(fps):
        if is_copy(compare(fps[a], fps[b])):
            copies.setdefault(a, set()).add(b)
            copies.setdefault(b, set()).add(a)
    original_of = group(order, copies)
    grouped: dict[str, list[str]] = {}
    for doc in order:
        grouped.setdefault(original_of[doc], []).append(doc)
    out = [Cluster(root, root, tuple(m)) for root, m in grouped.items() if len(m) >= min_size]
    rank = {d: i for i, d in enumerate(order)}
    out.sort(key=lambda c: (-c.size, rank[c.original]))
    log.debug("%d documents, %d fingerprinted, %d clusters", len(keys), len(fps), len(out))
    return out
