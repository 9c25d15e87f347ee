"""Who said what: attributions (source, cue, content) found on the dependency parse.

The pipeline for one document, bottom up:

1. **Quotation regions** (:mod:`.attr_quotes`), paired paragraph by paragraph so that a quote
   reopened at each paragraph or an unbalanced mark only affects its own paragraph.
2. **Cues** (:mod:`.cues`): every verb (and ``according``) is scored by a logistic regression
   learned from PolNeAR train; those over the trained threshold are cues.
3. **Roles**: each syntactic relative of a cue (its complement clause, object, subject, the
   clause above it in ``Y, said X`` or ``according to X, Y``...) is scored as content and as
   source. Content is the union of the relatives over the threshold; the source is the best
   relative over its threshold.
4. **Quotes**: content that reaches into a quotation takes the whole quotation, and a quotation
   left open at the end of a paragraph continues into the next paragraph that opens with a
   quotation mark (one attribution, one content span per paragraph, as PolNeAR annotates it).
   A quote split around its cue (``"We will win," Trump said, "and fast."``) gets both halves;
   a cue ending in a colon with no content of its own takes the quotation after the colon.
5. **Speakers** (:mod:`.speakers`): the source is resolved to an entity.

``prepare(nlp)`` adds the ``dateline_attribution`` component, which runs steps 1-4 inside
``nlp.pipe`` and leaves its finds on the Doc; ``extract(doc, entities)`` reads them (or runs
the steps itself on a Doc the component has not seen) and resolves the speakers.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..errors import ModelError
from ..records import Attribution, Content, Entity, Source, Span
from ..wire import datelines
from .attr_layout import marked
from .attr_quotes import QuoteRegion, paragraphs, quote_regions
from .attr_types import classify, type_of_lemma
from .cues import (
    SUBJECT_DEPS,
    CueModel,
    Relative,
    blend,
    cue_features,
    edge_children,
    is_candidate,
    quote_mask,
    relatives,
    role_features,
    sentence_quotes,
    token_vector,
    trim_features,
)
from .lexicon import noun_class, verb_class
from .model import packaged_model_dir
from .speakers import MAKING_VERBS, SpeakerIndex, entities_from_doc
from .tagger import COMPONENT as TAGGER_COMPONENT
from .tagger import FILE as TAGGER_FILE
from .tagger import check_installed, roles_of

__all__ = [
    "COMPONENT",
    "AttributionComponent",
    "Found",
    "default_model",
    "extract",
    "find",
    "prepare",
    "to_records",
]

log = logging.getLogger(__name__)

COMPONENT = "dateline_attribution"
PARAGRAPH_COMPONENT = "dateline_paragraph_sentences"
_USER_DATA_KEY = "dateline.attributions"
# The layout rules on top of the learned models (a statement lies above its cue or below it, quoted
# paragraphs continue a statement, a cue with no parsed content takes the quotation beside it, a
# quoted title inside the cue's clause is no second half, a title-cased quotation after a speech
# verb is what it says) were each measured on held-out tenths of PolNeAR train: BENCHMARKS.md,
# "Attribution model", has the figures.
#: at most this many tokens of the cue's own clause between a quotation and the next one in its
#: paragraph for both to be one statement (`"A," said Patel, co-director of ... "B."`)
MAX_CLAUSE_GAP = 40
#: Relations to a clause that is a statement of its own when its verb is a cue.
_SIBLING_CLAUSES = frozenset({"advcl", "conj", "parataxis"})
#: Characters trimmed from both ends of a content span (quotation marks are kept).
_TRIM = " \t\r\n,;:—–-"


@dataclass(frozen=True, slots=True)
class Found:
    """An attribution as found on one Doc, before speaker resolution (plain data, msgpack-safe).

    ``content`` holds ``(start, end)`` character ranges; ``source`` and ``cue`` one range each;
    ``source_head`` is the character offset of the source's head word.
    """

    content: tuple[tuple[int, int], ...]
    cue: tuple[int, int]
    source: tuple[int, int] | None
    source_head: int | None
    score: float

    def as_list(self) -> list[Any]:
        return [
            [list(c) for c in self.content],
            list(self.cue),
            list(self.source) if self.source else None,
            self.source_head,
            self.score,
        ]

    @classmethod
    def from_list(cls, data: Sequence[Any]) -> Found:
        content, cue, source, head, score = data
        return cls(
            tuple((int(a), int(b)) for a, b in content),
            (int(cue[0]), int(cue[1])),
            (int(source[0]), int(source[1])) if source else None,
            None if head is None else int(head),
            float(score),
        )


# --------------------------------------------------------------------------- the model


@functools.lru_cache(maxsize=1)
def default_model() -> CueModel:
    """The model shipped in the package (``dateline/data/attribution``), loaded once."""
    path = packaged_model_dir()
    if not (path / CueModel.FILE).exists():
        raise ModelError(
            "the attribution model is missing from the package; run "
            "`dateline train attributions --train DIR --dev DIR --out src/dateline/data/attribution`",
            str(path),
        )
    return CueModel.from_disk(path)


# --------------------------------------------------------------------------- finding


def _char_set(doc: Doc, tokens: Iterable[int]) -> set[int]:
    out: set[int] = set()
    for i in tokens:
        t = doc[i]
        out.update(range(t.idx, t.idx + len(t.text)))
    return out


def _ranges(chars: set[int], text: str) -> list[tuple[int, int]]:
    """Maximal runs of ``chars``; runs separated only by spaces merge, a newline always splits."""
    idx = sorted(i for i in chars if text[i] != "\n")
    if not idx:
        return []
    runs: list[list[int]] = [[idx[0], idx[0] + 1]]
    for i in idx[1:]:
        last = runs[-1]
        gap = text[last[1] : i]
        if i == last[1] or (gap.strip(" \t") == "" and "\n" not in gap):
            last[1] = i + 1
        else:
            runs.append([i, i + 1])
    out = []
    for a, b in runs:
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        # a sentence-final stop belongs to the sentence, not the statement (PolNeAR), unless it
        # closes an abbreviation; quoted statements keep their marks and stops
        if (
            b - a > 1
            and text[b - 1] == "."
            and text[a] not in "“\"«'"
            and not text[a : b - 1].split()[-1][:1].isupper()
        ):
            b -= 1
        if any(c.isalnum() for c in text[a:b]):
            out.append((a, b))
    return out


def _region_at(regions: Sequence[QuoteRegion], chars: set[int]) -> list[QuoteRegion]:
    return [q for q in regions if any(i in chars for i in range(q.start, q.end))]


def _continuations(q: QuoteRegion, regions: Sequence[QuoteRegion], text: str) -> list[QuoteRegion]:
    """Quotation regions continuing ``q`` over the next paragraphs (news copy reopens quotes)."""
    out = []
    cur = q
    while not cur.closed:
        nxt = next((r for r in regions if r.paragraph == cur.paragraph + 1), None)
        if nxt is None or text[cur.end : nxt.start].strip():
            break
        out.append(nxt)
        cur = nxt
    return out


def _source_span(doc: Doc, anchor: int, tokens: Sequence[int]) -> tuple[int, int]:
    """The run of ``tokens`` around ``anchor`` not broken by punctuation (``Smith, who...``)."""
    toks = set(tokens) | {anchor}

    def joins(i: int) -> bool:  # a word's own hyphen: `Jean-François`, `the 19-year-old`
        return not doc[i].is_punct or (
            doc[i].text in _HYPHENS and i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_
        )

    lo = hi = anchor
    while lo - 1 in toks and joins(lo - 1):
        lo -= 1
    while hi + 1 in toks and joins(hi + 1):
        hi += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


_HYPHENS = frozenset({"-", "‐"})


def _cue_span(cue: Token, chain: Token | None = None) -> tuple[int, int]:
    """The cue's characters: the word with its particle (``pointed out``, ``according to``), or
    the verb chain up to ``chain`` (``continued to portray``)."""
    start, end = cue.idx, cue.idx + len(cue.text)
    if chain is not None and chain.i > cue.i:
        end = chain.idx + len(chain.text)
    for ch in cue.children:
        if ch.i == cue.i + 1 and (ch.dep_ == "prt" or (cue.lower_ == "according" and ch.lower_ == "to")):
            end = max(end, ch.idx + len(ch.text))
    return start, end


@dataclass(frozen=True, slots=True)
class _Scene:
    """What every step of :func:`find` reads about one Doc: its quotation regions, which tokens
    lie in a quotation, the tagger's role probabilities (``None``: untagged) and the thresholds
    that apply (the accurate ones on a tagged Doc)."""

    doc: Doc
    text: str  # doc.text, which joins every token: built once per Doc
    model: CueModel
    regions: Sequence[QuoteRegion]
    mask: Sequence[bool]
    roles: np.ndarray | None
    th: dict[str, float]


def find(doc: Doc, model: CueModel | None = None) -> list[Found]:
    """Attributions in ``doc`` (a parsed Doc), before speaker resolution. Never raises on text."""
    model = model or default_model()
    text = doc.text
    regions = quote_regions(text)
    mask = quote_mask(doc, [(q.start, q.end) for q in regions])
    roles = roles_of(doc)
    th = model.tagged if roles is not None and model.tagged else model.thresholds
    scene = _Scene(doc, text, model, regions, mask, roles, th)
    cues = _cues(scene)
    found: list[Found] = []
    claimed: set[int] = set()  # characters of quotations already given to a cue
    for i, p in cues.items():
        f = _found_at(scene, doc[i], p, cues, claimed)
        if f is not None:
            found.append(f)
    if roles is not None and th.get("fallback", 0.0) > 0.0:
        found += _tagger_fallback(doc, roles, found, th["fallback"])
    found = [_parenthetical(doc, f, regions) or f for f in found]
    found += _layout(doc, found)
    return _dedupe([_outside_dateline(text, f) for f in _continue_quotes(text, found, regions)])


#: Entity labels that confirm a speaker's label (``Chris Matthews:``); a place never speaks.
_LABEL_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
#: Score of an attribution marked by layout (:mod:`.attr_layout`): certain, below a quotation's.
_LAYOUT_SCORE = 0.9


def _layout(doc: Doc, found: Sequence[Found]) -> list[Found]:
    """Attributions marked by layout (:func:`.attr_layout.marked`) whose content no found
    statement already holds for the most part."""
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _LABEL_ENTITIES]
    held: set[int] = set()
    for f in found:
        for a, b in f.content:
            held.update(range(a, b))
    out = []
    for m in marked(doc.text, names):
        a, b = m.content
        if sum(1 for i in range(a, b) if i in held) * 2 >= b - a:
            continue
        out.append(Found(((a, b),), m.cue, m.source, m.source_head, _LAYOUT_SCORE))
    return out


def _cues(scene: _Scene) -> dict[int, float]:
    """The cues of the Doc: token index -> cue probability, for every candidate over the cue
    threshold (the linear model's, blended with the tagger's where it tagged the Doc)."""
    doc, mask, roles = scene.doc, scene.mask, scene.roles
    w_cue = scene.th.get("w_cue", 0.0)
    sent_quote = sentence_quotes(doc, mask)
    cues: dict[int, float] = {}
    for tok in doc:
        if is_candidate(tok):
            p = scene.model.cue.score(
                cue_features(tok, mask[tok.i], sent_quote[tok.i]), token_vector(doc, tok.i)
            )
            if roles is not None and w_cue:
                p = blend(p, float(roles[tok.i, 1]), w_cue)
            if p >= scene.th["cue"]:
                cues[tok.i] = p
    return cues


_Scored = list[tuple[float, Relative]]


def _relatives_scored(
    scene: _Scene, tok: Token, cues: Container[int]
) -> tuple[_Scored, _Scored, tuple[float, int, tuple[int, ...]] | None]:
    """The cue's content relatives above it and below it, each with its probability, and its best
    source relative ``(probability, anchor, tokens)`` (``None``: none over the threshold)."""
    doc, th, roles, model = scene.doc, scene.th, scene.roles, scene.model
    w_content, w_source = th.get("w_content", 0.0), th.get("w_source", 0.0)
    best_src: tuple[float, int, tuple[int, ...]] | None = None
    up: _Scored = []
    down: _Scored = []
    issuer: Relative | None = None
    for rel in relatives(tok):
        if rel.rel == "^acl>nsubj":
            issuer = rel
        has_q = any(scene.mask[i] for i in rel.tokens)
        feats = role_features(tok, rel, has_q)
        vec = token_vector(doc, rel.anchor)
        pc = model.content.score(feats, vec)
        ps = model.source.score(feats, vec)
        if roles is not None:
            rows = roles[list(rel.tokens)]
            pc = blend(pc, float(rows[:, 2].mean()), w_content)
            ps = blend(ps, float(rows[:, 0].mean()), w_source)
        if rel.anchor in cues and rel.rel in _SIBLING_CLAUSES:
            pc = 0.0  # `rejected X, saying Y`: the clause is the other cue's statement
        if pc >= th["content"]:
            (up if rel.rel.startswith("^") else down).append((pc, rel))
        if ps >= th["source"] and (best_src is None or ps > best_src[0]):
            best_src = (ps, rel.anchor, rel.tokens)
    if best_src is not None and issuer is not None and _issued_message(doc[best_src[1]], tok):
        best_src = (best_src[0], issuer.anchor, issuer.tokens)
    if up and down and any(r.anchor > tok.i for _, r in down):
        # the statement lies either above the cue (`Y, said X`) or below it (`X said Y`, `A
        # promised B and said Y`); when both lie before the cue (`A, and B, Xi said`) it is both
        if max(p for p, _ in up) > max(p for p, _ in down):
            down = []
        else:
            up = []
    return up, down, best_src


def _issued_message(noun: Token, cue: Token) -> bool:
    """Whether ``noun`` is a message that someone issued and the cue hangs off (``Black Lives
    Matter issued a statement saying ...``; a verb of making, :data:`~.speakers.MAKING_VERBS`):
    the speaker is the issuer, not the statement (but ``describing as "unhinged" a tweet
    attacking ...``: the tweet's)."""
    return (
        cue.dep_ == "acl"
        and cue.head == noun
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() in MAKING_VERBS
        and "message" in noun_class(noun.lemma_.lower())
    )


#: The parts of speech of a noun phrase that :func:`_words_before` walks back over.
_NP_TAGS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "CCONJ"})
#: The relations climbed from the end of an apposition to the noun it describes.
_APPOSITION_CLIMB = frozenset({"appos", "pobj", "prep", "compound", "amod"})


def _named_before_apposition(doc: Doc, i: int, first: int) -> int:
    """The noun that an apposition ending at token ``i`` describes (``Col. Steven H. Warren, a
    military spokesman in Baghdad,``: ``Warren``), or -1 when ``i`` ends none."""
    t = doc[i]
    while t.dep_ in _APPOSITION_CLIMB and first <= t.head.i < t.i:
        appos = t.dep_ == "appos"
        t = t.head
        if appos and doc[t.i + 1].text == ",":
            return t.i
    return -1


#: Words between a quotation and its cue that :func:`_named_after_quote` takes for a speaker.
_MAX_NAME_AFTER_QUOTE = 8
#: Closing quotation marks as spaCy tokens.
_CLOSING_MARKS = frozenset({'"', "”", "''", "’"})


def _finite_speech(tok: Token) -> bool:
    """Whether ``tok`` is a verb of speech in a finite past or third-person form (``said``,
    ``says``, ``replied``), the form of a cue around a quotation in news copy."""
    return tok.tag_ in ("VBD", "VBZ") and "speech" in verb_class(tok.lemma_.lower())


def _closes_quotation(doc: Doc, mask: Sequence[bool], i: int, ends: str) -> bool:
    """Whether token ``i`` is a quotation's closing mark right after one of the characters
    ``ends`` (``,"`` / ``?"``)."""
    return i >= 1 and mask[i] and doc[i].text in _CLOSING_MARKS and doc[i - 1].text in ends


def _named_after_quote(
    doc: Doc, tok: Token, mask: Sequence[bool]
) -> tuple[float, int, tuple[int, ...]] | None:
    """The speaker of a speech cue right after a quotation that ends in a comma (``"We will achieve
    justice," Tulsa police Chief Chuck Jordan said``): all the words between the closing mark and
    the cue (past its adverbs), however the parser tagged them (it took ``Tulsa`` for a verb and
    left the cue with no subject, or with ``Chief Chuck Jordan`` alone), and an apposition between
    commas after the name (``," Flynn, a top Trump surrogate, said``: the parser hung ``Flynn`` on
    the quotation). ``None`` when the words are not a name, or the cue's subject lies elsewhere."""
    if not _finite_speech(tok):
        return None
    hi = tok.i - 1
    while hi >= 0 and doc[hi].head == tok and doc[hi].dep_ in ("advmod", "neg"):
        hi -= 1
    last = hi
    if hi >= 0 and doc[hi].text == ",":  # an apposition: back to the comma after the name
        i = _unquoted_words_back(doc, mask, hi - 1)
        if i == hi - 1 or doc[i].text != "," or not all(_apposition_word(t) for t in doc[i + 1 : hi]):
            return None
        hi = i - 1
    i = _unquoted_words_back(doc, mask, hi)
    if i == hi or not _closes_quotation(doc, mask, i, ","):
        return None
    lo = i + 1
    while lo < hi and doc[lo].pos_ in ("CCONJ", "SCONJ", "ADV"):
        lo += 1  # `," but he said`
    words = doc[lo : hi + 1]
    if not (len(words) == 1 and words[0].pos_ == "PRON") and not all(_name_word(t) for t in words):
        return None
    if not any(t.pos_ in ("PROPN", "PRON") for t in words):
        return None
    # a subject inside quotation marks is the parser's mistake (`said on "Fox and Friends."`)
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS and not mask[c.i]]
    if any(not lo <= c.i <= last for c in subjects):
        return None
    head = next((c for c in subjects if c.i <= hi), None)
    if head is None:
        head = max(words, key=lambda t: (t.pos_ in ("PROPN", "PRON"), t.i))
    return (0.0, head.i, tuple(range(lo, last + 1)))


def _unquoted_words_back(doc: Doc, mask: Sequence[bool], hi: int) -> int:
    """The index before the run of words (no punctuation, outside quotation marks, at most
    :data:`_MAX_NAME_AFTER_QUOTE`) that ends at token ``hi``."""
    i = hi
    while i >= 0 and not mask[i] and not doc[i].is_punct and hi - i < _MAX_NAME_AFTER_QUOTE:
        i -= 1
    return i


def _apposition_word(tok: Token) -> bool:
    """Whether ``tok`` may be a word of an apposition to a speaker's name (``a professor at
    Yale``): a word of a name, or any preposition."""
    return tok.pos_ == "ADP" or _name_word(tok)


def _named_after_cue(doc: Doc, tok: Token, mask: Sequence[bool]) -> tuple[float, int, tuple[int, ...]] | None:
    """The speaker of an inverted speech cue right after a quotation (``"No," replied the
    mayor.``) that the parser took for the cue's object; ``None`` when the cue has a subject or
    does not follow a quotation closing on ``,``, ``?`` or ``!``."""
    if not _finite_speech(tok) or any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return None
    if not _closes_quotation(doc, mask, tok.i - 1, ",?!"):
        return None
    obj = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("dobj", "attr") and c.i > tok.i and c.pos_ in ("NOUN", "PROPN")
        ),
        None,
    )
    if obj is None:
        return None
    return (0.0, obj.i, tuple(t.i for t in obj.subtree))


def _name_word(tok: Token) -> bool:
    """Whether ``tok`` may be a word of a speaker's name and title (``Fight for $15 organizing
    director Kendall Fells``): not a finite verb, a preposition but ``of`` and ``for``, or a
    pronoun (a base-form verb may be a name the tagger misread: ``Tulsa``)."""
    if tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or tok.is_space:
        return False
    if tok.pos_ == "ADP":
        return tok.lower_ in ("of", "for")
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PART", "SYM", "VERB")


def _words_before(doc: Doc, tok: Token, mask: Sequence[bool]) -> tuple[float, int, tuple[int, ...]] | None:
    """A subject for a finite cue that the parser left without one (``with the editorial board
    of the Washington Post Trump said``, ``Obama and Clinton call them ...``): the noun phrase
    right before it (past its adverbs: ``forcefully told``, and an apposition: ``Senator Harry
    Reid, the minority leader, said``), outside quotations; ``None`` when the cue has a subject,
    is not finite, or no noun ends right before it."""
    if any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return None
    if tok.dep_ == "conj" and tok.head.i < tok.i and tok.head.pos_ == "VERB" and tok.tag_.startswith("VB"):
        return _words_before(doc, tok.head, mask)  # `... call them "lone wolves" and describe`
    if tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    i, first = tok.i - 1, tok.sent.start
    while i >= first and doc[i].head == tok and doc[i].dep_ in ("advmod", "neg"):
        i -= 1
    if i > first and doc[i].text == ",":
        i = _named_before_apposition(doc, i - 1, first)
    if i < first or mask[i] or doc[i].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    lo = i
    while lo - 1 >= first and doc[lo - 1].pos_ in _NP_TAGS and not mask[lo - 1]:
        lo -= 1
    while doc[lo].pos_ in ("CCONJ", "PART"):
        lo += 1
    return (0.0, i, tuple(range(lo, i + 1)))


def _found_at(scene: _Scene, tok: Token, p: float, cues: Container[int], claimed: set[int]) -> Found | None:
    """The attribution of cue ``tok`` (probability ``p``): its content relatives trimmed and
    grown to whole quotations, its source; ``None`` when it has no content, or no source and too
    unsure a cue. Adds the quotations it takes to ``claimed``."""
    doc, text, th = scene.doc, scene.text, scene.th
    up, down, best_src = _relatives_scored(scene, tok, cues)
    content_toks: set[int] = set()
    for _, rel in up + down:
        content_toks.update(_trimmed_tokens(tok, rel, scene.model, cues, th, scene.roles))
    chosen = {rel.rel for _, rel in up + down}
    chain: Token | None = None
    if "xcomp" not in chosen and any(r.startswith("xcomp>") for r in chosen):
        # `continued to portray X`: the verb chain is the cue (not `promised to cut taxes`,
        # where the verb under the cue is part of the statement)
        chain = next((ch for ch in tok.children if ch.dep_ == "xcomp"), None)
    named = _named_after_quote(doc, tok, scene.mask)
    if named is not None and (best_src is None or best_src[1] in named[2] or scene.mask[best_src[1]]):
        best_src = named
        content_toks.difference_update(named[2])  # with its apposition: `Flynn, a surrogate,`
    if best_src is None:
        best_src = _named_after_cue(doc, tok, scene.mask)
    if best_src is None and p < th.get("unsourced", 0.0):
        return None  # a statement with no source needs a surer cue (trained threshold)
    if best_src is None:
        best_src = _words_before(doc, tok, scene.mask)
    source: tuple[int, int] | None = None
    source_head: int | None = None
    if best_src is not None:
        source = _source_span(doc, best_src[1], best_src[2])
        source_head = doc[best_src[1]].idx
        src_span = doc.char_span(source[0], source[1], alignment_mode="expand")
        if src_span is not None:
            content_toks.difference_update(range(src_span.start, src_span.end))
    clause_source = _inverted_apposition(doc, tok, best_src, scene.mask, content_toks) or source
    content_toks.discard(tok.i)
    if chosen == {"conj"} and _quoted_before(text, tok, source, scene.regions, claimed):
        content_toks.clear()  # `"You winning?" she said, but Kevin was drifting off`
    _drop_after_quotation(content_toks, tok.i, scene.mask)
    _fill_gaps(doc, content_toks, tok.i)
    _drop_dangling_conjunction(doc, content_toks, scene.mask)
    cue = _cue_span(tok, chain)
    chars = _char_set(doc, (i for i in content_toks if not doc[i].is_space))
    chars -= set(range(*cue))
    chars = _with_quotes(doc, text, tok, cue, clause_source, chars, scene.regions, claimed)
    spans = _ranges(chars, text)
    if not spans or (_is_quoted_title(text, spans) and not _said_slogan(tok, cue, spans, text)):
        return None
    for a, b in spans:
        for q in scene.regions:
            if q.start >= a and q.end <= b:
                claimed.update(range(q.start, q.end))
    return Found(tuple(spans), cue, source, source_head, round(p, 4))


def _inverted_apposition(
    doc: Doc,
    tok: Token,
    best_src: tuple[float, int, tuple[int, ...]] | None,
    mask: Sequence[bool],
    content: set[int],
) -> tuple[int, int] | None:
    """`"The risk," said Edward Leamer, an economist at UCLA, "is that ..."`: the words hung on a
    speaker named after the cue (outside quotation marks) describe the speaker, so they leave the
    content; returns the characters of the speaker with them (the cue clause reaches that far),
    or ``None`` when the speaker is not named after the cue."""
    if best_src is None or best_src[1] <= tok.i:
        return None
    words = [t for t in doc[best_src[1]].subtree if t.i > tok.i and not mask[t.i]]
    while words and (words[-1].is_punct or words[-1].is_space):
        words.pop()
    if not words:
        return None
    content.difference_update(t.i for t in words)
    return words[0].idx, words[-1].idx + len(words[-1].text)


_PAREN_MARKS = frozenset({",", "—", "–"})
_PAREN_AUX = frozenset({"aux", "auxpass", "neg", "advmod", "prt"})


def _parenthetical(doc: Doc, f: Found, regions: Sequence[QuoteRegion]) -> Found | None:
    """A cue in a parenthetical of its own in mid-sentence (``There is a real pleasure,
    insists 15-year-old Maya Lind, in building your own boat``; ``The vote, said Senator Jane
    Doe, was a disgrace``): the statement is the whole sentence around the parenthetical, the
    source the noun phrase beside the cue. ``None`` when the cue is not in one.

    The parenthetical lies between two commas (or dashes) inside one sentence with words on both
    sides, and holds nothing but the cue verb (with its auxiliaries, and ``as``) and its subject
    right before or after it (after it, a proper name may be parsed as the object); the cue is a
    verb of speech or thought. Sentences holding a quotation are left to the quotation rules, and
    so is a parenthetical followed by an apposition to its speaker (``, said Mr. Barrett, the
    lawyer for ...``), which is not the statement's second half.
    """
    span = doc.char_span(f.cue[0], f.cue[1], alignment_mode="expand")
    if span is None:
        return None
    cue = span.root
    sent = cue.sent
    if type_of_lemma(cue.lemma_) not in ("speech", "thought"):
        return None
    a, b = sent.start_char, sent.end_char
    if any(q.start < b and q.end > a for q in regions):
        return None
    lo = next((t.i for t in reversed(doc[sent.start : cue.i]) if t.text in _PAREN_MARKS), None)
    hi = next((t.i for t in doc[cue.i + 1 : sent.end] if t.text in _PAREN_MARKS), None)
    if lo is None or hi is None:
        return None
    inside = [
        t
        for t in doc[lo + 1 : hi]
        if t.i != cue.i
        and not (t.head == cue and t.dep_ in _PAREN_AUX)
        and not (t.lower_ == "as" and (t.head == cue or t.i == lo + 1))
    ]
    before = [t for t in doc[sent.start : lo] if not t.is_punct and not t.is_space]
    after = [t for t in doc[hi + 1 : sent.end] if not t.is_punct and not t.is_space]
    if not inside or not before or not after or inside[-1].i - inside[0].i + 1 != len(inside):
        return None
    if not (inside[-1].i < cue.i or inside[0].i > cue.i):
        return None  # the noun phrase is on one side of the cue
    if any(t.pos_ in ("VERB", "AUX") for t in inside):
        return None
    head = next((t for t in inside if not (inside[0].i <= t.head.i <= inside[-1].i)), None)
    if head is None or not _speaker_of_parenthetical(cue, head, lo):
        return None
    described = {t.i for t in head.subtree}
    if any(t.i in described for t in after):
        return None
    chars = set(range(before[0].idx, doc[lo].idx)) | set(
        range(doc[hi].idx + 1, after[-1].idx + len(after[-1].text))
    )
    source = (inside[0].idx, inside[-1].idx + len(inside[-1].text))
    return Found(tuple(_ranges(chars, doc.text)), f.cue, source, head.idx, f.score)


def _speaker_of_parenthetical(cue: Token, head: Token, lo: int) -> bool:
    """Whether ``head``, the head of the noun phrase inside a parenthetical, is the cue's speaker:
    its subject, a proper name after it parsed as its object, the object of its ``as`` (``Hawaii,
    as one of Mr. Obama's advisers pointed out, does not ...``, where the parser takes the word
    before the parenthetical for the subject), or a proper name parsed as an apposition to the
    word before the parenthetical that the parser took for the subject (``To understand the real
    Dred Scott, Chief Justice Roberts said, one should ...``)."""
    if head.head == cue:
        return head.dep_ == "nsubj" or (head.dep_ == "dobj" and head.pos_ == "PROPN" and head.i > cue.i)
    if head.dep_ == "pobj" and head.head.lower_ == "as" and (head.head.head == cue or head.head.i == lo + 1):
        return True
    return (
        head.dep_ == "appos"
        and head.pos_ == "PROPN"
        and head.i < cue.i
        and head.head.i < lo
        and head.head.dep_ == "nsubj"
        and head.head.head == cue
    )


def _drop_after_quotation(content: set[int], cue: int, mask: Sequence[bool]) -> None:
    """`"I don't know," Smith said of the decision`: when the statement is a quotation before the
    cue, the words after the cue outside quotation marks (what it was said of, to whom, when) are
    not part of it; a quotation after the cue is its second half and stays."""
    before = [i for i in content if i < cue]
    if not before or not all(mask[i] for i in before):
        return
    content.difference_update([i for i in content if i > cue and not mask[i]])


def _drop_dangling_conjunction(doc: Doc, content: set[int], mask: Sequence[bool]) -> None:
    """`said the plan was fair, and` — a statement never ends on a conjunction outside quotation
    marks (the parse hung the next clause's `and` or `but` on it): drop it and the punctuation
    before it."""
    if not content:
        return
    end = max(content)
    while end >= 0 and end in content and (doc[end].is_punct or doc[end].is_space) and not mask[end]:
        end -= 1
    if end < 0 or end not in content or doc[end].pos_ != "CCONJ" or mask[end]:
        return
    content.difference_update(range(end, max(content) + 1))
    while content and (doc[max(content)].is_punct or doc[max(content)].is_space):
        last = doc[max(content)]
        if mask[last.i] or last.is_quote or last.text in {")", "]"}:
            break
        content.discard(last.i)


def _runs(keep: Sequence[bool], lo: int, hi: int) -> list[tuple[int, int]]:
    """Maximal runs ``[a, b)`` of tokens in ``lo..hi`` whose ``keep`` is true."""
    out: list[tuple[int, int]] = []
    a = None
    for i in range(lo, hi):
        if keep[i] and a is None:
            a = i
        elif not keep[i] and a is not None:
            out.append((a, i))
            a = None
    if a is not None:
        out.append((a, hi))
    return out


def _tagger_fallback(doc: Doc, roles: np.ndarray, found: Sequence[Found], threshold: float) -> list[Found]:
    """Statements only the role tagger sees (cues that are not verbs: `In a statement, ...`,
    `X's claim that ...`, a colon): a run of tokens it is sure (``threshold``) form a cue, the
    run of content tokens right after it (or else right before it) in the same paragraph, and
    the nearest run of source tokens in the sentence. Skipped where the content is mostly
    already another statement's."""
    taken: set[int] = set()
    for f in found:
        for a, b in f.content:
            taken.update(range(a, b))
        taken.update(range(*f.cue))
    is_cue = (roles[:, 1] >= threshold).tolist()
    is_content = (roles[:, 2] >= 0.5).tolist()
    is_source = (roles[:, 0] >= 0.5).tolist()
    out: list[Found] = []
    for sent in doc.sents:
        for a, b in _runs(is_cue, sent.start, sent.end):
            if any(doc[i].idx in taken for i in range(a, b)):
                continue
            content = _content_run(doc, is_content, a, b)
            if content is None:
                continue
            c0, c1 = content
            chars = {i for t in doc[c0:c1] if not t.is_space for i in range(t.idx, t.idx + len(t.text))}
            if not chars or len(chars & taken) * 2 > len(chars):
                continue
            sources = [r for r in _runs(is_source, sent.start, sent.end) if r[1] <= c0 or r[0] >= c1]
            source = source_head = None
            if sources:
                s0, s1 = min(sources, key=lambda r: min(abs(r[0] - b), abs(a - r[1])))
                source = (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1].text))
                source_head = doc[s0:s1].root.idx
            spans = _ranges(chars, doc.text)
            if not spans:
                continue
            cue = (doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))
            out.append(Found(tuple(spans), cue, source, source_head, round(float(roles[a:b, 1].mean()), 4)))
            taken.update(chars)
    return out


def _content_run(doc: Doc, is_content: Sequence[bool], a: int, b: int) -> tuple[int, int] | None:
    """The run of content tokens right after the cue ``[a, b)`` (one token, `that` or a comma,
    may come between), or else right before it; never across a line break."""

    def stop(i: int) -> bool:
        return "\n" in doc[i].text or "\n" in doc[i].whitespace_

    k = b + 1 if b < len(doc) and not is_content[b] else b
    if k < len(doc) and is_content[k]:
        e = k
        while e < len(doc) and is_content[e] and not stop(e):
            e += 1
        if e < len(doc) and is_content[e]:
            e += 1
        if e > k:
            return k, e
    k = a - 2 if a >= 1 and not is_content[a - 1] else a - 1
    if k >= 0 and is_content[k]:
        s = k
        while s - 1 >= 0 and is_content[s - 1] and not stop(s - 1):
            s -= 1
        return s, k + 1
    return None


def _trimmed_tokens(
    cue: Token,
    rel: Relative,
    model: CueModel,
    cues: Container[int],
    thresholds: dict[str, float],
    roles: np.ndarray | None,
) -> set[int]:
    """A content relative's tokens without the edge modifiers the trim model leaves out, taken
    from the outside in (``However,`` / ``And`` / ``, but ...``)."""
    toks = set(rel.tokens)
    if not model.trim.weights:
        return toks
    th = thresholds.get("trim", 0.5)
    w_trim = thresholds.get("w_trim", 0.0) if roles is not None else 0.0
    doc = cue.doc
    for side in ("L", "R"):
        for rank, (child, s) in enumerate(c for c in edge_children(doc, rel) if c[1] == side):
            pt = model.trim.score(trim_features(cue, rel, child, s, rank, cues))
            if roles is not None and w_trim:
                # the tagger's chance that the child is *not* content
                pt = blend(pt, 1.0 - float(roles[[t.i for t in child.subtree], 2].mean()), w_trim)
            if pt < th:
                break
            toks.difference_update(t.i for t in child.subtree)
    return toks


_GAP_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "PUNCT"})


def _fill_gaps(doc: Doc, content: set[int], cue: int) -> None:
    """Fill short gaps of function words between content tokens (``praised X for Y``,
    ``that A, but that B``); a gap holding the cue, a line break or a content word stays."""
    if not content:
        return
    gap: list[int] = []
    for i in range(min(content), max(content) + 1):
        if i not in content:
            gap.append(i)
            continue
        if gap and len(gap) <= 3 and all(doc[j].pos_ in _GAP_POS and j != cue for j in gap):
            content.update(gap)
        gap = []


def _with_quotes(
    doc: Doc,
    text: str,
    tok: Token,
    cue: tuple[int, int],
    source: tuple[int, int] | None,
    chars: set[int],
    regions: Sequence[QuoteRegion],
    claimed: set[int],
) -> set[int]:
    """Grow content to whole quotations, across paragraphs, around the cue and after a colon
    (``text`` is ``doc.text``)."""
    clause_lo = min(cue[0], source[0]) if source else cue[0]
    clause_hi = max(cue[1], source[1]) if source else cue[1]
    inside_cue = [q for q in regions if q.start <= cue[0] < q.end]
    if not chars:
        # `Clinton wrote: "..."` — nothing parsed as content, a colon and then a quotation
        after = text[cue[1] : cue[1] + 40]
        colon = after.find(":")
        if colon >= 0 and "." not in after[:colon] and "\n" not in after[:colon]:
            pos = cue[1] + colon + 1
            q = next((r for r in regions if r.start >= pos), None)
            if q is not None and not text[pos : q.start].strip() and q.start not in claimed:
                chars = set(range(q.start, q.end))
        if not chars:
            chars = _adjacent_quote(text, clause_lo, clause_hi, regions, claimed)
        if not chars:
            return chars
    grown = set(chars)
    for q in _region_at(regions, chars):
        if q in inside_cue:
            continue  # a cue quoted inside a quotation: its content stays inside
        grown.update(range(q.start, q.end))
        for c in _continuations(q, regions, text):
            if c.start not in claimed:
                grown.update(range(c.start, c.end))
    # `"We will win," Trump said, "and fast."` and `"A," he said. "B."`: a quotation just before
    # the cue clause and the one right after it in the same paragraph are one statement (PolNeAR
    # annotates them as one content), when only the cue's own modifiers stand between
    # (or a statement that holds a quotation and ends there: `"A" of the plan, X said. "B."`)
    before = [q for q in regions if q.end <= clause_lo and q.start in grown]
    last = max((c for c in grown if c < clause_lo), default=-1)
    if before and not text[last + 1 : clause_lo].strip(" ,"):
        cue_sub = {t.i for t in tok.subtree}
        nxt = next((q for q in regions if q.start >= clause_hi and not _in_clause(doc, q, cue_sub)), None)
        if nxt is not None and nxt.paragraph == before[-1].paragraph and nxt.start not in claimed:
            gap = doc.char_span(clause_hi, nxt.start, alignment_mode="expand")
            # `"B," she added.` — a quotation ending in a comma has a cue of its own
            own_cue = nxt.closed and text[nxt.start : nxt.end - 1].rstrip().endswith(",")
            if (
                gap is not None
                and not own_cue
                and len(gap) <= MAX_CLAUSE_GAP
                and all(t.i in cue_sub or t.is_punct for t in gap)
                and not any(_introduces(t, nxt, doc) for t in gap)
            ):
                grown.update(range(nxt.start, nxt.end))
                for c in _continuations(nxt, regions, text):
                    if c.start not in claimed:
                        grown.update(range(c.start, c.end))
    return grown | _first_half(text, clause_lo, clause_hi, grown, regions, claimed)


def _first_half(
    text: str, lo: int, hi: int, grown: set[int], regions: Sequence[QuoteRegion], claimed: set[int]
) -> set[int]:
    """`"By locking in China," Mr. Obama said, "it now allowed me ..."`: when the statement opens
    right after the cue clause ``text[lo:hi]`` and nothing of it lies before, the quotation ending
    on a comma right before the clause is its first half (the parser hung it elsewhere)."""
    first = min((c for c in grown if c >= hi), default=None)
    if first is None or text[hi:first].strip(" ,") or any(c < lo for c in grown):
        return set()
    if not any(r.start == first for r in regions):
        return set()  # the second half is a quotation too
    q = next((r for r in reversed(regions) if r.end <= lo), None)
    if q is None or not q.closed or q.start in claimed:
        return set()
    between, before = text[q.end : lo], text[: q.start].rstrip(" ")
    if between.strip(" ") or "\n" in between:
        return set()
    if before and before[-1] not in "\n.!?:":
        return set()  # the first half opens its sentence (not `Bemoaning the "phony system," Trump`)
    if not text[q.start : q.end].rstrip("\"'”’ ").endswith(","):
        return set()
    return set(range(q.start, q.end))


def _introduces(tok: Token, q: QuoteRegion, doc: Doc) -> bool:
    """Whether ``tok`` is a cue verb of its own whose statement is quotation ``q`` (`"A," he said,
    adding that "B"`): ``q`` lies in its subtree or at most two words after it in its sentence."""
    if tok.pos_ != "VERB" or not verb_class(tok.lemma_.lower()):
        return False
    first = doc.char_span(q.start, q.end, alignment_mode="expand")
    if first is None:
        return False
    qi = first.start
    if tok.left_edge.i <= qi <= tok.right_edge.i:
        return True
    between = [t for t in doc[tok.i + 1 : qi] if not (t.is_punct or t.is_space)]
    return tok.i < qi and len(between) <= 2 and doc[qi].sent.start == tok.sent.start


def _in_clause(doc: Doc, q: QuoteRegion, cue_sub: set[int]) -> bool:
    """Whether quotation ``q`` is part of the cue's own clause rather than a statement: a quoted
    title (`said on ABC's "Good Morning America."`) or a quote the clause goes on after (`a
    message with the subject line "bravo!" and sent ...`)."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not any(t.i in cue_sub for t in span):
        return False
    after = next((t for t in doc[span.end : span.sent.end] if not (t.is_punct or t.is_space)), None)
    return (after is not None and after.i in cue_sub) or _is_quoted_title(doc.text, [(q.start, q.end)])


def _said_slogan(tok: Token, cue: tuple[int, int], spans: Sequence[tuple[int, int]], text: str) -> bool:
    """Whether a title-cased quotation is what a speech verb right before it says (`chanting
    "Dump Trump"`, `a sign saying "Jews Against Trump"`), not a name it mentions."""
    if "speech" not in verb_class(tok.lemma_.lower()):
        return False
    return not text[cue[1] : spans[0][0]].strip(" ,:")


_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def _is_quoted_title(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the content is only a quoted name or title (``the theme “Putting People First”``),
    which names a thing rather than states anything."""
    if len(spans) != 1:
        return False
    a, b = spans[0]
    body = text[a:b].strip("“”\"'‘’.!? ")
    if text[a] not in "“\"'" or not body or body.endswith(","):
        return False  # `"Quiet," he demanded`: a comma inside the marks ends a statement
    words = [w for w in body.split() if w.lower() not in _SMALL_WORDS]
    return 0 < len(words) <= 12 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _continue_quotes(text: str, found: list[Found], regions: Sequence[QuoteRegion]) -> list[Found]:
    """A statement ending with a quotation that closes its paragraph continues into following
    paragraphs that are wholly quotation and have no cue of their own (news copy: ``Smith said:
    "A."`` then ``"B."``; PolNeAR annotates one content over both)."""
    paras = paragraphs(text)
    by_para: dict[int, list[QuoteRegion]] = {}
    for q in regions:
        by_para.setdefault(q.paragraph, []).append(q)
    cue_paras = set()
    for f in found:
        for k, (a, b) in enumerate(paras):
            if a <= f.cue[0] < b:
                cue_paras.add(k)
    used = {i for f in found for a, b in f.content for i in (a, b - 1)}
    out = []
    for f in found:
        a, b = f.content[-1]
        last = next((q for q in regions if q.start <= a < q.end or q.start < b <= q.end), None)
        spans = list(f.content)
        while last is not None and last.closed and b >= last.end - 1:
            pno = last.paragraph
            rest = text[last.end : paras[pno][1]]
            # after the quotation: nothing, or only this statement's own cue clause (`"A," Carter
            # told the forum.` then a paragraph `"B."`)
            own_clause = last.end <= f.cue[0] < paras[pno][1] and not any(
                last.end <= q.start < paras[pno][1] for q in regions
            )
            if (rest.strip(" .,;") and not own_clause) or pno + 1 >= len(paras) or pno + 1 in cue_paras:
                break
            nxt = by_para.get(pno + 1, [])
            pa, pb = paras[pno + 1]
            if (
                not nxt
                or nxt[0].start != pa
                or text[nxt[-1].end : pb].strip()
                or any(i in used for q in nxt for i in (q.start, q.end - 1))
            ):
                break
            if not nxt[-1].closed:
                # `"B.` left open: the next paragraph's quotation goes on with it (`"C."`)
                nxt = nxt + [c for c in _continuations(nxt[-1], regions, text) if c.start not in used]
            spans.extend((q.start, q.end) for q in nxt)
            used.update(i for q in nxt for i in (q.start, q.end - 1))
            last, b = nxt[-1], nxt[-1].end
        out.append(
            f
            if len(spans) == len(f.content)
            else Found(tuple(spans), f.cue, f.source, f.source_head, f.score)
        )
    return out


def _quoted_before(
    text: str, tok: Token, source: tuple[int, int] | None, regions: Sequence[QuoteRegion], claimed: set[int]
) -> bool:
    """Whether a quotation stands right before the clause of cue ``tok`` (`"You winning?" she
    said`): the statement is that quotation, not the next clause hung on the cue."""
    cue = _cue_span(tok)
    lo = min(cue[0], source[0]) if source else cue[0]
    hi = max(cue[1], source[1]) if source else cue[1]
    near = _adjacent_quote(text, lo, hi, regions, claimed)
    return bool(near) and min(near) < lo


def _adjacent_quote(
    text: str, lo: int, hi: int, regions: Sequence[QuoteRegion], claimed: set[int]
) -> set[int]:
    """The quotation right before the cue clause ``text[lo:hi]`` (`"...," he said.`) or right
    after it (`He said, "..."`), in the same paragraph: the parser often fails to attach a quote
    to its cue, but the layout says what belongs together."""
    prev = [q for q in regions if q.end <= lo]
    if prev and not text[prev[-1].end : lo].strip(" ,—–-") and "\n" not in text[prev[-1].end : lo]:
        q = prev[-1]
        if q.closed and q.start not in claimed:
            return set(range(q.start, q.end))
    nxt = next((q for q in regions if q.start >= hi), None)
    if nxt is not None and nxt.start not in claimed:
        gap = text[hi : nxt.start]
        if "\n" not in gap and not gap.strip(" ,:—–-"):
            return set(range(nxt.start, nxt.end))
    return set()


def _outside_dateline(text: str, f: Found) -> Found:
    """A statement that opens a paragraph never takes in the paragraph's dateline (``WASHINGTON
    (AP) — The president said ...``: the statement starts at ``The``)."""
    a, b = f.content[0]
    if a and text[a - 1] != "\n":
        return f
    m = datelines.match_at(text, a, b)
    if m is None:
        return f
    start = m.dateline.end
    while start < b and text[start].isspace():
        start += 1
    if start >= b:
        return f
    return replace(f, content=((start, b), *f.content[1:]))


def _dedupe(found: list[Found]) -> list[Found]:
    """Two cues with the same content (``said ... adding``): keep the better-scored one."""
    best: dict[tuple[tuple[int, int], ...], Found] = {}
    for f in found:
        old = best.get(f.content)
        if old is None or f.score > old.score:
            best[f.content] = f
    return sorted(best.values(), key=lambda f: (f.content[0][0], f.cue[0]))


# --------------------------------------------------------------------------- records


def to_records(doc: Doc, found: Sequence[Found], entities: Sequence[Entity]) -> list[Attribution]:
    """Attribution records for ``found``, with sources resolved against ``entities``, typed
    (:mod:`.attr_types`), and the floating quotes next to them (:func:`floating`)."""
    text = doc.text
    index = SpeakerIndex(entities)
    regions = quote_regions(text)
    quoted: set[int] = set()
    for q in regions:
        quoted.update(range(q.start, q.end))
    out = []
    for f in found:
        spans = tuple(Span(a, b, text[a:b]) for a, b in f.content)
        content = Content(spans[0].start, spans[-1].end, " ".join(s.text for s in spans), spans)
        source = None
        if f.source is not None:
            res = index.resolve(doc, f.source[0], f.source[1], f.source_head)
            source = Source(
                f.source[0], f.source[1], text[f.source[0] : f.source[1]], res.name, res.entity_id
            )
        cue = Span(f.cue[0], f.cue[1], text[f.cue[0] : f.cue[1]])
        content_chars = [i for a, b in f.content for i in range(a, b) if text[i].isalnum()]
        n_in = sum(1 for i in content_chars if i in quoted)
        if content_chars and n_in == len(content_chars):
            kind = "direct"
        elif n_in == 0:
            kind = "indirect"
        else:
            kind = "mixed"
        cue_tokens = doc.char_span(cue.start, cue.end, alignment_mode="expand")
        lemmas = [t.lemma_.lower() for t in cue_tokens] if cue_tokens is not None else []
        type_ = classify(cue.text, lemmas, source.text if source else None, n_in > 0)
        out.append(Attribution(content=content, source=source, cue=cue, kind=kind, score=f.score, type=type_))
    return sorted(out + floating(text, out, regions), key=lambda a: (a.content.start, a.content.end))


def _paragraph_of(paras: Sequence[tuple[int, int]], pos: int) -> int:
    k = bisect.bisect_right([a for a, _ in paras], pos) - 1
    return max(k, 0)


def floating(
    text: str, attributions: Sequence[Attribution], regions: Sequence[QuoteRegion]
) -> list[Attribution]:
    """Quoted paragraphs that no statement covers and that hold no cue, given to the speaker of
    the statement next to them (``kind="floating"``, no cue, the neighbour's source).

    News copy quotes one speaker over several paragraphs and names them once; a quote tracker
    counts each paragraph. A paragraph that is all quotation takes the speaker of a statement
    in the paragraph just before it when that statement has a source, unless the paragraph just
    after it has a statement by a different named speaker (then the speaker is in doubt and
    nothing is given). With no statement just before, a statement just after with a named
    (non-pronoun) source gives its speaker (``"A."`` then ``That was how Smith put it``).
    """
    paras = paragraphs(text)
    covered: set[int] = set()
    by_para: dict[int, list[Attribution]] = {}
    for a in attributions:
        for s in a.content.spans or (Span(a.content.start, a.content.end, ""),):
            covered.update(range(s.start, s.end))
        if a.cue is not None:
            by_para.setdefault(_paragraph_of(paras, a.cue.start), []).append(a)
        else:
            by_para.setdefault(_paragraph_of(paras, a.content.start), []).append(a)
    in_para: dict[int, list[QuoteRegion]] = {}
    for q in regions:
        in_para.setdefault(q.paragraph, []).append(q)
    out: list[Attribution] = []
    for k, (pa, pb) in enumerate(paras):
        qs = in_para.get(k, [])
        if not qs or k in by_para or text[pa : qs[0].start].strip() or text[qs[-1].end : pb].strip(" .,;"):
            continue
        if any(i in covered for q in qs for i in range(q.start, q.end) if not text[i].isspace()):
            continue
        before = [a for a in by_para.get(k - 1, []) if a.source is not None]
        after = [a for a in by_para.get(k + 1, []) if a.source is not None]
        src = None
        if before:
            prev = before[-1]
            named_after = [
                a for a in after if a.source is not None and a.source.entity and a.kind != "floating"
            ]
            if not named_after or any(_same_speaker(prev, a) for a in named_after):
                src = prev.source
        elif after and after[0].source is not None and not _is_pronoun(after[0].source.text):
            src = after[0].source
        if src is None:
            continue
        spans = tuple(Span(q.start, q.end, text[q.start : q.end]) for q in qs)
        content = Content(spans[0].start, spans[-1].end, " ".join(s.text for s in spans), spans)
        floater = Attribution(content=content, source=src, cue=None, kind="floating", type="speech")
        out.append(floater)
        by_para[k] = [floater]
    return out


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _is_pronoun(words: str) -> bool:
    return words.strip().lower() in _PRONOUNS


def _same_speaker(a: Attribution, b: Attribution) -> bool:
    if a.source is None or b.source is None:
        return False
    if a.source.entity and b.source.entity:
        return a.source.entity == b.source.entity
    return _is_pronoun(b.source.text)


# --------------------------------------------------------------------------- spaCy component


@Language.component(PARAGRAPH_COMPONENT, assigns=["token.is_sent_start"])
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    en_core_web_sm otherwise runs sentences on over blank lines (``..., said Xi.`` + the next
    paragraph), which drags the next paragraph into a statement. The parser keeps boundaries
    that are set before it.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if ("\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)) and not tok.is_space:
            tok.is_sent_start = True
    return doc


class AttributionComponent:
    """Finds attributions inside ``nlp.pipe`` and leaves them in ``doc.user_data``.

    Holds the :class:`~dateline.nlp.cues.CueModel`; ``to_disk``/``from_disk`` save and load it
    with the pipeline.
    """

    def __init__(self, nlp: Language, name: str, model: CueModel | None = None) -> None:
        self.name = name
        self._model = model

    @property
    def cue_model(self) -> CueModel:
        """The model, loaded on first use (not named ``model``: spaCy probes that attribute
        of every component when the pipeline changes, which would load it too early)."""
        if self._model is None:
            self._model = default_model()
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        try:
            found = find(doc, self.cue_model)
        except Exception:
            log.exception("attribution finding failed on a document of %d characters", len(doc.text))
            found = []
        doc.user_data[_USER_DATA_KEY] = [f.as_list() for f in found]
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.cue_model.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AttributionComponent:
        self._model = CueModel.from_disk(path)
        return self


@Language.factory(COMPONENT, assigns=["doc._.user_data"], default_config={"model_path": None})
def make_attribution_component(nlp: Language, name: str, model_path: str | None) -> AttributionComponent:
    """The ``dateline_attribution`` factory: the packaged model, or the one at ``model_path``."""
    model = CueModel.from_disk(model_path) if model_path else None
    return AttributionComponent(nlp, name, model)


def prepare(nlp: Language, model_path: str | Path | None = None, *, accurate: bool = False) -> None:
    """Add the attribution components to ``nlp`` (once; later calls change nothing).

    ``dateline_paragraph_sentences`` goes before the parser (sentences never cross a line
    break) and ``dateline_attribution`` last; with ``accurate``, the role tagger
    (:mod:`.tagger`) just before it. The model is loaded on the first document; the tagger's
    packages are checked now, so that a missing extra is one clear error up front.
    """
    if "parser" not in nlp.pipe_names:
        raise ModelError("attributions need a dependency parser; the pipeline has none", nlp.meta.get("name"))
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True, config={"model_path": str(model_path) if model_path else None})
    if accurate and TAGGER_COMPONENT not in nlp.pipe_names:
        folder = Path(model_path) if model_path else packaged_model_dir()
        if not (folder / TAGGER_FILE).is_file():
            raise ModelError(
                "this attribution model has no role tagger for --accurate; retrain with --accurate",
                str(folder),
            )
        check_installed()
        nlp.add_pipe(TAGGER_COMPONENT, before=COMPONENT, config={"model_path": str(folder)})


def extract(doc: Doc, entities: Sequence[Entity] = ()) -> list[Attribution]:
    """Every attribution in ``doc``, offsets into ``doc.text``, sources resolved to ``entities``.

    Without ``entities``, sources resolve against a plain merge of ``doc.ents``
    (:func:`.speakers.entities_from_doc`), and ``entity_id`` is left empty.
    """
    raw = doc.user_data.get(_USER_DATA_KEY)
    found = [Found.from_list(x) for x in raw] if raw is not None else find(doc)
    if entities:
        return to_records(doc, found, entities)
    fallback = entities_from_doc(doc)
    return [_drop_id(a) for a in to_records(doc, found, fallback)]


def _drop_id(a: Attribution) -> Attribution:
    if a.source is None or a.source.entity_id is None:
        return a
    src = a.source
    return Attribution(
        content=a.content,
        source=Source(src.start, src.end, src.text, src.entity, None),
        cue=a.cue,
        kind=a.kind,
        score=a.score,
        type=a.type,
    )
