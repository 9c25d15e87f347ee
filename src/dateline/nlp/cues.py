"""Features and the small linear models that find attribution cues and their roles.

Two decisions are learned from PolNeAR train (``dateline train attributions``):

* **cue** — is this token the cue of an attribution (``said``, ``according``, ``warned``,
  ``believes``...)? Candidates are verbs and ``according``.
* **roles** — for a cue, which of its syntactic relatives is the *content* and which the
  *source*? A relative is a child (``ccomp``, ``dobj``, ``nsubj``, ``prep:to``...), the cue's
  head (``Y, said X`` and ``according to X, Y`` put the content above the cue), or the
  subject of that head (``X tweeted, saying Y``).

Each is a logistic regression over sparse string features (hashed by name, stored as a JSON
weight table), which is fast enough to run on every verb of every document and small enough
to ship in the package. Feature extraction lives here so training and inference share it.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from ..errors import ModelError
from .lexicon import ADDRESSEE_VERBS, noun_class, verb_class

__all__ = [
    "MODEL_VERSION",
    "SUBJECT_DEPS",
    "CueModel",
    "LinearModel",
    "Relative",
    "blend",
    "cue_features",
    "edge_children",
    "is_candidate",
    "relatives",
    "role_features",
    "sentence_quotes",
    "set_phrase",
    "token_vector",
    "trim_features",
]

log = logging.getLogger(__name__)

#: Bumped whenever the features change meaning: a model trained on other features is refused.
MODEL_VERSION = "dateline.cue_features.v7"

#: The dependency relations of a verb's subject.
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
_SKIP_DEPS = ("punct",)


# Which features and candidates there are is fixed by MODEL_VERSION; what each choice was worth
# on held-out tenths of PolNeAR train (verb chains, the head word, word classes kept; noun, copula
# and preposition cues left out) is in BENCHMARKS.md, "Attribution model".


def is_candidate(tok: Token) -> bool:
    """Whether ``tok`` may be a cue: a verb, or ``according`` (``according to``), unless it is
    part of a set phrase (:func:`set_phrase`). Nouns, ``be`` with a predicate and ``in`` with an
    object were tried and left out (BENCHMARKS.md)."""
    return (tok.pos_ == "VERB" or tok.lower_ == "according") and not set_phrase(tok)


def _words_before(tok: Token, n: int) -> list[str]:
    return [t.lower_ for t in tok.doc[max(0, tok.i - n) : tok.i]]


def set_phrase(tok: Token) -> bool:
    """Whether ``tok`` is the verb of a set phrase that reports no statement: ``it goes without
    saying``, ``having said that``, ``that said,`` opening a sentence or clause (not ``a letter
    that said, ...``), ``needless to say``, ``that is to say``. In PolNeAR train and dev, 6 of
    the 7 such phrases carry no attribution (one annotator marked a ``That said``)."""
    if tok.lemma_.lower() != "say":
        return False
    doc, low = tok.doc, tok.lower_
    after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    before = _words_before(tok, 3)
    if low == "saying" and before[-1:] == ["without"] and before[-2:-1] in (["goes"], ["go"], ["went"]):
        return True
    if low == "said" and before[-1:] == ["having"] and after == "that":
        return True
    if low == "said" and before[-1:] == ["that"] and after == ",":
        # "That said," opens its sentence or follows a semicolon or dash
        that = doc[tok.i - 1]
        return that.is_sent_start or (that.i > 0 and doc[that.i - 1].is_punct)
    return low == "say" and (before[-2:] == ["needless", "to"] or before[-3:] == ["that", "is", "to"])


def _subject(tok: Token) -> Token | None:
    for ch in tok.children:
        if ch.dep_ in SUBJECT_DEPS:
            return ch
    return None


def _subject_above(tok: Token) -> Token | None:
    """The subject of ``tok``, or of the verb it hangs off when it has none of its own
    (``Trump spoke and then tweeted, saying ...``; ``Grijalva decided to endorse ...``; ``X issued
    a statement saying ...``)."""
    for _ in range(5):
        subj = _subject(tok)
        if subj is not None:
            return subj
        if tok.dep_ not in _CLIMB or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


#: Relations :func:`_subject_above` climbs: clauses, and the object a participle hangs off
#: (``McConnell issued a statement saying ...``, ``responded by saying ...``).
_CLIMB = frozenset({"conj", "xcomp", "advcl", "ccomp", "dobj", "pobj", "pcomp", "prep"})


#: The tense of a verb's tag (the tagger confuses ``VBD`` and ``VBN`` in ``Trump tweeted that``).
_TENSE = {"VBD": "past", "VBN": "past", "VBZ": "present", "VBP": "present"}


def _coordinated_with(cue: Token) -> Token:
    """The verb whose subject a cue without one of its own shares: its head, except where the
    parser hung a cue on the verb of another cue's statement that it is coordinated with (``May
    said that the country would declare ... and suggested that ...``: ``suggested`` is May's,
    not the country's; ``Trump tweeted that Machado was "a con" and encouraged Americans to ...``): a
    finite cue in the same tense as that other cue (the tagger takes some a past tense for a
    participle), after it, hung on a verb of another form (``would declare``, ``had attacked``) or
    on a copula (then with a clause of its own)."""
    head = cue.head
    up = head.head
    if (
        cue.dep_ == "conj"
        and head.dep_ in ("ccomp", "advcl")
        and up.i < cue.i
        and cue.tag_ in ("VBD", "VBZ", "VBP")
        and _TENSE.get(cue.tag_) == _TENSE.get(up.tag_)
        and (
            head.tag_ != cue.tag_
            or (head.pos_ == "AUX" and any(c.dep_ in ("ccomp", "xcomp") for c in cue.children))
        )
        and verb_class(up.lemma_.lower())
        and _subject(cue) is None
    ):
        return up
    return head


def _kind(tok: Token) -> str:
    """A coarse class of a token for features: pronoun, entity type, or part of speech."""
    if tok.pos_ == "PRON":
        return "PRON:" + tok.lower_
    if tok.ent_type_:
        return "ENT:" + tok.ent_type_
    return tok.pos_


def _final(tok: Token) -> bool:
    """Whether only the cue's subject, its modifiers (``on Monday``, ``in a statement``) and
    punctuation follow it in its sentence (``..., Xi said.``)."""
    skip: set[int] = set()
    for ch in tok.children:
        if ch.i > tok.i and ch.dep_ in (*SUBJECT_DEPS, "advmod", "npadvmod", "prep", "agent", "dative"):
            skip.update(t.i for t in ch.subtree)
    for t in tok.doc[tok.i + 1 : tok.sent.end]:
        if t.i not in skip and not (t.is_punct or t.is_space):
            return False
    return True


def _after_comma(tok: Token) -> bool:
    """Whether the cue clause follows a comma or a closing quote (``..., Xi said``)."""
    subj = _subject(tok)
    first = min(tok.i, subj.left_edge.i) if subj is not None else tok.i
    j = first - 1
    return j >= 0 and tok.doc[j].text in {",", "”", '"', "—", "--", ":"}


def cue_features(tok: Token, in_quote: bool, sent_has_quote: bool) -> list[str]:
    """Features of a cue candidate: the word, what it takes, its word classes, its subject, its
    neighbours and the verbs above it (in this order: the model sums their weights in it)."""
    lem = tok.lemma_.lower()
    f = [
        "bias",
        "l=" + lem,
        "w=" + tok.lower_,
        "t=" + tok.tag_,
        "d=" + tok.dep_,
        "ld=" + lem + "|" + tok.dep_,
        "lt=" + lem + "|" + tok.tag_,
        "hp=" + tok.head.pos_ + "|" + tok.dep_,
        "q=" + str(in_quote),
        "lq=" + lem + "|" + str(in_quote),
        "sq=" + str(sent_has_quote),
        "lsq=" + lem + "|" + str(sent_has_quote),
    ]
    f += _taken_features(tok, lem)
    for c in verb_class(lem) or ("none",):  # `decried` borrows from `criticized`
        f.append("vc=" + c)
        f.append("vcd=" + c + "|" + tok.dep_)
        f.append("vcq=" + c + "|" + str(in_quote) + "|" + str(sent_has_quote))
    subj = _subject(tok)
    if subj is not None:
        f.append("sj=" + _kind(subj))
        f.append("lsj=" + lem + "|" + _kind(subj))
        if subj.pos_ == "NOUN":
            f.append("sjl=" + subj.lemma_.lower())  # `the statement said`, `a poll shows`
    else:
        f.append("nosj|" + lem)
    doc = tok.doc
    if tok.i + 1 < len(doc):
        f.append("nx=" + doc[tok.i + 1].lower_)
    if tok.i > 0:
        f.append("pv=" + doc[tok.i - 1].lower_)
    if tok.dep_ != "ROOT":
        f.append("dh=" + tok.dep_ + "|" + tok.head.lemma_.lower())
    fin, comma = _final(tok), _after_comma(tok)
    f.append(f"fin={fin}|{comma}")
    f.append(f"lfin={lem}|{fin}|{comma}")
    return f + _ancestor_features(tok)


def _taken_features(tok: Token, lem: str) -> list[str]:
    """What the verb takes: its children's relations, and its objects (`make the claim`, `have a
    question`, `tried to defend`, `focus on X`) with their word classes, so that a rare verb
    borrows from the frequent ones."""
    f = []
    deps = set()
    for ch in tok.children:
        dep = ch.dep_
        if dep in ("prep", "prt", "mark", "agent"):
            dep = dep + ":" + ch.lower_
        deps.add(dep)
    for dep in deps:
        f.append("cd=" + dep)
        f.append("lcd=" + lem + "|" + dep)
    for ch in tok.children:
        dep, clem = ch.dep_, ch.lemma_.lower()
        if dep in ("dobj", "attr", "xcomp", "acomp", "oprd", "pobj"):
            f.append("cl=" + dep + "|" + clem)
            f.append("lcl=" + lem + "|" + dep + "|" + clem)
        if dep == "prep":
            obj = next((g for g in ch.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                f.append("cp=" + ch.lower_ + "|" + obj.lemma_.lower())
                f.extend("pc=" + ch.lower_ + "|" + c for c in noun_class(obj.lemma_.lower()))
        elif dep in ("dobj", "attr", "nsubjpass", "pobj"):
            f.extend("oc=" + dep + "|" + c for c in noun_class(clem))
        elif dep == "xcomp":
            f.extend("xc=" + c for c in verb_class(clem) or ("none",))
    if not deps & {"ccomp", "dobj", "xcomp"}:
        f.append("nocomp|" + lem)
    return f


def _ancestor_features(tok: Token) -> list[str]:
    """The verbs above a candidate: a verb under `say` or `want` is rarely an attribution of its
    own."""
    f = []
    path: list[str] = []
    above = tok
    nearest = True
    for _ in range(12):
        if above.head.i == above.i:
            break
        path.append(above.dep_)
        above = above.head
        if above.pos_ == "VERB":
            f.append("anyanc=" + above.lemma_.lower())
            if nearest:
                f.append("anc=" + above.lemma_.lower() + "|" + "/".join(path))
                f.append("ancd=" + "/".join(path))
                nearest = False
    return f


@dataclass(frozen=True, slots=True)
class Relative:
    """A syntactic relative of a cue that may be its content or its source.

    ``rel`` names the relation (``ccomp``, ``prep:about``, ``^parataxis`` for the cue's head,
    ``^advcl>nsubj`` for the subject of the head); ``tokens`` are the token indices the role
    would cover (non-punctuation), ``anchor`` the relative's own token (the object of a
    preposition), ``root`` the token whose subtree gives ``tokens``.
    """

    rel: str
    anchor: int
    tokens: tuple[int, ...]
    root: int = -1


def _span_tokens(toks: Iterable[Token], exclude: set[int] = frozenset()) -> tuple[int, ...]:  # type: ignore[assignment]
    return tuple(t.i for t in toks if t.i not in exclude and not t.is_space)


#: Objects whose own complement may be the content (``expressed concern that X``,
#: ``expressed outrage over X``, ``offered insights into X``): the noun belongs to the cue.
_NOUN_SLOTS = ("dobj", "attr", "oprd", "nsubjpass", "acomp")


_NOUN_COMPLEMENTS = frozenset({"acl", "ccomp", "relcl"})
#: Relations of a verb in a cue chain (``continued to portray X``, ``tried to defend X``,
#: ``refused to endorse X``) that may hold the chain's content: PolNeAR takes the whole chain as
#: the cue, so the content is the last verb's object, not the clause the first verb governs.
_CHAIN_DEPS = frozenset({"dobj", "ccomp", "dative", "attr", "acomp", "oprd"})


def _inner_relatives(word: Token, deps: Container[str]) -> list[Relative]:
    """Relatives one level below a child of the cue (``dobj>prep:of``, ``xcomp>dobj``): the
    prepositional phrases of ``word`` and its children whose relation is in ``deps``."""
    out = []
    for g in word.children:
        if g.dep_ == "prep":
            toks = _span_tokens(g.subtree, {g.i})
            if toks:
                anchor = next((x.i for x in g.children if x.dep_ in ("pobj", "pcomp")), toks[0])
                out.append(Relative(f"{word.dep_}>prep:{g.lower_}", anchor, toks, anchor))
        elif g.dep_ in deps:
            out.append(Relative(f"{word.dep_}>{g.dep_}", g.i, _span_tokens(g.subtree), g.i))
    return out


def _message_clause(prep: Token) -> list[Relative]:
    """`said in a statement that X`: the parser hangs the that-clause on the message noun (an
    ``acl`` or ``relcl``), where in `said in an interview that X` it is the cue's complement; either
    way it is a ``ccomp`` of the cue."""
    obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    if obj is None or "message" not in noun_class(obj.lemma_.lower()):
        return []
    return [
        Relative("ccomp", g.i, _span_tokens(g.subtree), g.i)
        for g in obj.children
        if g.dep_ in ("acl", "relcl") and g.i > obj.i and _that_clause(g)
    ]


def _told_clause(cue: Token, obj: Token) -> list[Relative]:
    """`told a meeting of Pacific Island leaders that few people understood X`: the parser hangs
    the that-clause on a noun of the hearer as a relative clause; after a verb whose object is
    the hearer it is what was said (a ``ccomp``), when ``that`` is a conjunction there (marked
    so, or beside a subject and an object of the clause's own)."""
    if obj.dep_ != "dobj" or cue.lemma_.lower() not in ADDRESSEE_VERBS:
        return []
    out = []
    for noun in obj.subtree:
        for g in noun.children:
            if g.dep_ in ("acl", "relcl") and g.i > noun.i and _that_clause(g, strict=True):
                out.append(Relative("ccomp", g.i, _span_tokens(g.subtree), g.i))
    return out


def _that_clause(verb: Token, *, strict: bool = False) -> bool:
    """Whether ``verb`` heads a clause opened by the conjunction ``that``: marked so, or with
    ``that`` taken for a relative pronoun beside a subject of its own (``that profits rose``;
    ``strict``: and an object of its own, as ``that`` may be the object in ``a story that he
    liked``)."""
    that = next((c for c in verb.children if c.lower_ == "that" and c.i == verb.left_edge.i), None)
    if that is None:
        return False
    if that.dep_ == "mark":
        return True
    own = [c for c in verb.children if c is not that]
    return any(c.dep_ in SUBJECT_DEPS for c in own) and (
        not strict or any(c.dep_ in ("dobj", "ccomp", "attr", "acomp") for c in own)
    )


def relatives(cue: Token) -> list[Relative]:
    """Every relative of ``cue`` the role models consider, with the tokens each would cover."""
    out: list[Relative] = []
    cue_sub = {t.i for t in cue.subtree}
    for ch in cue.children:
        if ch.dep_ in _SKIP_DEPS or ch.is_space:
            continue
        rel = ch.dep_
        anchor = ch.i
        if rel in ("prep", "prt", "mark", "agent"):
            rel = rel + ":" + ch.lower_
            toks = _span_tokens(ch.subtree, {ch.i})
            if not toks:
                continue
            # `according to X`, `by X`: the object of the preposition is what plays the role
            anchor = next((g.i for g in ch.children if g.dep_ in ("pobj", "pcomp")), toks[0])
        else:
            toks = _span_tokens(ch.subtree)
        told = _told_clause(cue, ch)
        if told:  # the hearer alone, then what was told (`told a meeting of X that Y`)
            said = {i for r in told for i in r.tokens}
            out.append(Relative(rel, anchor, tuple(i for i in toks if i not in said), ch.i))
            out.extend(told)
            continue
        out.append(Relative(rel, anchor, toks, anchor if rel.startswith("prep") else ch.i))
        if rel == "prep:in":
            out.extend(_message_clause(ch))
        if ch.dep_ in _NOUN_SLOTS:
            out.extend(_inner_relatives(ch, _NOUN_COMPLEMENTS))
        elif ch.dep_ == "xcomp" and ch.pos_ in ("VERB", "AUX"):
            out.extend(_inner_relatives(ch, _CHAIN_DEPS))
    if cue.dep_ != "ROOT":
        head = cue.head
        if cue.lower_ == "according" and head.dep_ in SUBJECT_DEPS and cue.i < head.i:
            head = head.head  # `According to X, enrolment has dropped`: hung on the subject
        top = head
        if cue.i > head.i:
            # `A, and B, Xi said.`: the cue hangs off the last conjunct; the statement is all
            while top.dep_ == "conj" and top.head.i < top.i:
                top = top.head
        toks = _span_tokens(top.subtree, cue_sub)
        if toks:
            out.append(Relative("^" + cue.dep_, head.i, toks, top.i))
        subj = _subject_above(_coordinated_with(cue))
        if subj is not None and subj.i not in cue_sub:
            out.append(Relative("^" + cue.dep_ + ">nsubj", subj.i, _span_tokens(subj.subtree), subj.i))
    return out


def role_features(cue: Token, r: Relative, has_quote: bool) -> list[str]:
    """Features of one relative of a cue (shared by the content and the source model)."""
    doc = cue.doc
    tok = doc[r.anchor]
    lem = cue.lemma_.lower()
    rel = r.rel
    side = "L" if r.anchor < cue.i else "R"
    f = [
        "bias",
        "r=" + rel,
        "lr=" + lem + "|" + rel,
        "rp=" + rel + "|" + tok.pos_,
        "rt=" + rel + "|" + tok.tag_,
        "rs=" + rel + "|" + side,
        "rk=" + rel + "|" + _kind(tok),
        "rq=" + rel + "|" + str(has_quote),
        "cd=" + cue.dep_ + "|" + rel,
        "n=" + rel + "|" + str(min(len(r.tokens), 6)),
    ]
    if rel.startswith(("prep", "prt", "mark", "agent")) or tok.pos_ in ("ADP", "SCONJ"):
        f.append("rw=" + rel + "|" + tok.lower_)
    first = doc[r.tokens[0]] if r.tokens else tok
    if first.pos_ in ("SCONJ", "ADP", "CCONJ", "ADV", "PRON", "DET", "PART"):
        f.append("fw=" + rel + "|" + first.lower_)  # `as a few fighters worked out`, `that ...`
    fin, comma = _final(cue), _after_comma(cue)
    f.append(f"fin={rel}|{fin}|{comma}")
    if rel == "xcomp" or rel.startswith("xcomp>"):
        # whether the verb under the cue belongs to the cue (`continued to portray`) or to
        # the content (`promised to cut taxes`)
        verb = next((ch for ch in cue.children if ch.dep_ == "xcomp"), None)
        if verb is not None:
            vl = verb.lemma_.lower()
            f.append("xv=" + rel + "|" + vl)
            f.append("lxv=" + lem + "|" + vl + "|" + rel.partition(">")[1])
    for c in verb_class(lem) or ("none",):
        f.append("cr=" + c + "|" + rel)
    if rel.startswith("^"):
        # what the cue hangs off: `a statement saying` (the source is who issued it) against
        # `a puppet saying` (the puppet is the source)
        f.append("hl=" + rel + "|" + cue.head.lemma_.lower())
        f.append("hk=" + rel + "|" + _kind(cue.head))
    sibs = {ch.dep_ for ch in cue.children}
    for dep in ("ccomp", "dobj", "xcomp", "nsubj", "nsubjpass"):
        if dep in sibs:
            f.append("sib=" + rel + "|" + dep)
    return f


#: How many children at each edge of a content relative the trim model looks at.
MAX_EDGE = 3


def edge_children(doc: Doc, rel: Relative) -> list[tuple[Token, str]]:
    """The outermost children of a content relative's root, left side first then right side,
    from the outside in (``However,`` / ``And`` / ``During his years in office,`` / ``, but ...``)."""
    if rel.root < 0:
        return []
    root = doc[rel.root]
    inside = set(rel.tokens)
    left = [c for c in root.lefts if c.i in inside and not c.is_punct][:MAX_EDGE]
    right = [c for c in reversed(list(root.rights)) if c.i in inside and not c.is_punct][:MAX_EDGE]
    return [(c, "L") for c in left] + [(c, "R") for c in right]


def trim_features(
    cue: Token, rel: Relative, child: Token, side: str, rank: int, cues: Container[int] = ()
) -> list[str]:
    """Features of an edge child of a content relative, for deciding to leave it out.

    ``cues`` holds the token indices of the document's other cues: an edge child holding one is
    usually a statement of its own (``praised Graham, who has vowed ...``), not part of this one.
    """
    doc = cue.doc
    nxt = doc[child.right_edge.i + 1] if child.right_edge.i + 1 < len(doc) else None
    prv = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
    comma = (nxt is not None and nxt.text == ",") if side == "L" else (prv is not None and prv.text == ",")
    n = child.right_edge.i - child.left_edge.i + 1
    dep = child.dep_
    f = [
        "bias",
        "d=" + side + dep,
        "dp=" + side + dep + "|" + child.pos_,
        "rd=" + rel.rel + "|" + side + dep,
        "c=" + side + dep + "|" + str(comma),
        "k=" + str(rank) + side + dep,
        "n=" + side + dep + "|" + str(min(n, 8)),
        "cs=" + side + ("cueside" if (child.i < cue.i) == (side == "L") else "far"),
    ]
    if child.pos_ in ("CCONJ", "SCONJ", "ADV", "ADP", "PART", "INTJ") or dep in (
        "mark",
        "cc",
        "prep",
        "advmod",
    ):
        f.append("w=" + side + dep + "|" + child.lower_)
    inner = next((t for t in child.subtree if t.i in cues and t.i != cue.i), None)
    if inner is not None:
        where = "self" if inner.i == child.i else "below"
        f.append("cue=" + side + dep + "|" + where)
        f.append("cuel=" + side + inner.lemma_.lower())
    return f


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def blend(p: float, q: float, weight: float) -> float:
    """``p`` and ``q`` averaged in log-odds, ``q`` with ``weight`` (0: ``p`` as it is)."""
    if weight <= 0.0:
        return p
    q = min(max(q, 1e-4), 1.0 - 1e-4)
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return _sigmoid((1.0 - weight) * math.log(p / (1.0 - p)) + weight * math.log(q / (1.0 - q)))


@dataclass(slots=True)
class LinearModel:
    """Logistic regression over string features, plus optionally a weight vector ``dense`` over
    the token's spaCy ``tok2vec`` vector (``doc.tensor``): ``p = sigmoid(sum(weights[f]) + dense·v)``.
    Without a vector (a Doc whose tensor was dropped) the dense part counts as zero."""

    weights: dict[str, float] = field(default_factory=dict)
    dense: tuple[float, ...] = ()
    _dense_arr: Any = field(default=None, repr=False, compare=False)

    def score(self, features: Sequence[str], vec: Any = None) -> float:
        w = self.weights
        z = sum(w.get(f, 0.0) for f in features)
        if self.dense and vec is not None and len(vec) == len(self.dense):
            if self._dense_arr is None:
                self._dense_arr = np.asarray(self.dense, dtype=np.float32)
            z += float(np.dot(self._dense_arr, vec))
        return _sigmoid(z)

    def as_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "dense": list(self.dense)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            tuple(float(x) for x in data.get("dense", ())),
        )


def token_vector(doc: Doc, i: int) -> Any:
    """The ``tok2vec`` vector of token ``i`` (``None`` when the Doc carries no tensor)."""
    tensor = doc.tensor
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(doc):
        return None
    return tensor[i]


@dataclass(slots=True)
class CueModel:
    """The four linear models (cue, content, source, trim) and the thresholds chosen in training."""

    cue: LinearModel
    content: LinearModel
    source: LinearModel
    trim: LinearModel = field(default_factory=LinearModel)
    thresholds: dict[str, float] = field(default_factory=lambda: {"cue": 0.5, "content": 0.5, "source": 0.5})
    meta: dict[str, Any] = field(default_factory=dict)
    #: thresholds and blend weights (``w_cue``, ``w_content``, ``w_source``, ``w_trim``) for Docs
    #: that carry the role tagger's probabilities (the accurate configuration); empty: none trained
    tagged: dict[str, float] = field(default_factory=dict)

    FILE = "model.json"

    def to_disk(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = {
            "version": MODEL_VERSION,
            "thresholds": self.thresholds,
            "meta": self.meta,
            "cue": self.cue.as_dict(),
            "content": self.content.as_dict(),
            "source": self.source.as_dict(),
            "trim": self.trim.as_dict(),
        }
        if self.tagged:
            data["tagged"] = self.tagged
        (path / self.FILE).write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")

    @classmethod
    def from_disk(cls, path: str | Path) -> CueModel:
        file = Path(path) / cls.FILE
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ModelError(f"cannot read the attribution model: {exc.strerror}", str(file)) from None
        except ValueError as exc:
            raise ModelError(
                f"the attribution model is not valid JSON ({exc}); retrain it", str(file)
            ) from None
        if data.get("version") != MODEL_VERSION:
            raise ModelError(
                f"the attribution model was trained for {data.get('version')!r}, this dateline needs "
                f"{MODEL_VERSION!r}; run `dateline train attributions`",
                str(file),
            )
        return cls(
            cue=LinearModel.from_dict(data["cue"]),
            content=LinearModel.from_dict(data["content"]),
            source=LinearModel.from_dict(data["source"]),
            trim=LinearModel.from_dict(data.get("trim", {"weights": {}})),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            meta=dict(data.get("meta", {})),
            tagged={k: float(v) for k, v in data.get("tagged", {}).items()},
        )


def quote_mask(doc: Doc, regions: Iterable[tuple[int, int]]) -> list[bool]:
    """For every token of ``doc``: whether it lies inside one of the ``(start, end)`` regions."""
    mask = [False] * len(doc)
    regs = sorted(regions)
    j = 0
    for tok in doc:
        while j < len(regs) and regs[j][1] <= tok.idx:
            j += 1
        if j < len(regs) and regs[j][0] <= tok.idx < regs[j][1]:
            mask[tok.i] = True
    return mask


def sentence_quotes(doc: Doc, mask: Sequence[bool]) -> list[bool]:
    """For every token of ``doc``: whether its sentence holds a token inside a quotation
    (``mask``, from :func:`quote_mask`), a feature of cue candidates in training and finding."""
    out = [False] * len(doc)
    for sent in doc.sents:
        has = any(mask[t.i] for t in sent)
        for t in sent:
            out[t.i] = has
    return out
