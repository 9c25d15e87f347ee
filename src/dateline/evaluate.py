"""Scoring attributions against BRAT gold: the reference metrics, and where the errors come from.

:func:`score` reproduces ``shared/tools/score_attributions.py`` exactly (same trimming, same greedy
one-to-one matching with the same tie order, first annotator file by name, a missing prediction
file counted as no attributions, ``Content`` spans standing alone in files without events), and
returns the same dictionary::

    articles, gold_attributions, predicted_attributions,
    content_exact, content_overlap, who_said_what, content_chars   -> {"P", "R", "F1"}

:func:`evaluate_attributions` adds a breakdown of the ``who_said_what`` matching by cue lemma and
by source type (named entity, pronoun, nominal description, no source), a count of why gold
attributions were missed, and runs dateline itself when no predictions are given.

Gold comes in PolNeAR layout (``GOLD/text/<id>.txt`` + ``GOLD/attributions/<id>_<annotator>.ann``)
or flat, as BRAT and INCEpTION export it (``GOLD/<id>.txt`` beside ``GOLD/<id>.ann``). Predictions
are ``PRED/<id>.ann``.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .brat import BratAttribution, Fragments, read_brat_document, read_utf8, to_brat
from .errors import DatelineError, InputError, MissingInput, ModelError, NotAFile

__all__ = [
    "METRICS",
    "SOURCE_TYPES",
    "GoldArticle",
    "cue_lemma",
    "evaluate_attributions",
    "find_gold",
    "predict",
    "read_gold_text",
    "score",
    "score_chars",
    "source_type",
]

log = logging.getLogger(__name__)

#: The P/R/F1 metrics of the reference scorer, in its order.
METRICS = ("content_exact", "content_overlap", "who_said_what", "content_chars")

#: Source types of the breakdown.
SOURCE_TYPES = ("named entity", "pronoun", "nominal description", "no source")

#: Characters trimmed from both ends of a content before exact comparison (the reference scorer's).
TRIM = frozenset(" \t\r\n\"'“”‘’«».,;:—–-()")


# ------------------------------------------------------------------------------ gold layout


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold article: its id, its text file and the annotation file scored (first by name)."""

    id: str
    text_path: Path
    ann_path: Path


def _check_dir(path: Path, what: str) -> None:
    if not path.exists():
        raise MissingInput(f"{what} does not exist", str(path))
    if not path.is_dir():
        raise NotAFile(f"{what} must be a directory", str(path))


def find_gold(gold_dir: str | Path) -> tuple[list[GoldArticle], list[str]]:
    """The articles of a gold directory, and one line per article that had to be left out.

    PolNeAR layout when ``gold_dir/attributions`` exists (several annotators of one article:
    the first file by name is used), otherwise flat BRAT. Raises :class:`InputError` when the
    directory is missing or holds no gold at all.
    """
    root = Path(gold_dir)
    _check_dir(root, "gold directory")
    problems: list[str] = []
    articles: list[GoldArticle] = []
    ann_dir = root / "attributions"
    if ann_dir.is_dir():
        by_article: dict[str, list[str]] = {}
        for name in sorted(p.name for p in ann_dir.iterdir()):
            if name.endswith(".ann"):
                art = name.rsplit("_", 1)[0] if "_" in name else name[: -len(".ann")]
                by_article.setdefault(art, []).append(name)
        for art, names in sorted(by_article.items()):
            text_path = root / "text" / f"{art}.txt"
            if not text_path.is_file():
                problems.append(f"{text_path}: missing; gold {ann_dir / names[0]} not scored")
                continue
            articles.append(GoldArticle(art, text_path, ann_dir / names[0]))
        layout = "PolNeAR"
    else:
        for ann in sorted(root.glob("*.ann")):
            text_path = ann.with_suffix(".txt")
            if not text_path.is_file():
                problems.append(f"{text_path}: missing; gold {ann} not scored")
                continue
            articles.append(GoldArticle(ann.stem, text_path, ann))
        layout = "flat BRAT"
    if not articles:
        raise InputError(
            "no gold found: expected text/<id>.txt with attributions/<id>_<annotator>.ann (PolNeAR) "
            "or <id>.ann beside <id>.txt (BRAT)",
            str(root),
        )
    log.info("%s gold: %d articles in %s", layout, len(articles), root)
    return articles, problems


def read_gold_text(path: Path) -> str:
    """A gold article's text, as the reference scorer reads it (:func:`.brat.read_utf8`)."""
    return read_utf8(path, "a gold text file", "gold texts must be UTF-8")


# ------------------------------------------------------------------------------ the metrics


@dataclass(slots=True)
class _Item:
    """One attribution as the scorer sees it: sets of non-blank character offsets per role."""

    content: set[int]
    source: set[int]
    cue: set[int]
    source_text: str
    source_start: int
    cue_text: str


def _chars(frags: Fragments, text: str) -> set[int]:
    n = len(text)
    return {i for a, b in frags for i in range(a, min(b, n)) if not text[i].isspace()}


def _covered(frags: Fragments, text: str) -> str:
    return " ".join(text[a:b] for a, b in sorted(frags)).strip()


def _item(att: BratAttribution, text: str) -> _Item:
    return _Item(
        content=_chars(att.content, text),
        source=_chars(att.source, text),
        cue=_chars(att.cue, text),
        source_text=_covered(att.source, text),
        source_start=min((a for a, _ in att.source), default=-1),
        cue_text=_covered(att.cue, text),
    )


def _trimmed(chars: set[int], text: str) -> frozenset[int]:
    keep = [i for i in chars if text[i] not in TRIM]
    if not keep:
        return frozenset()
    lo, hi = min(keep), max(keep)
    return frozenset(i for i in chars if lo <= i <= hi)


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _wsw_ok(g: _Item, p: _Item) -> bool:
    if _jaccard(g.content, p.content) < 0.5:
        return False
    if (g.source or p.source) and not (g.source & p.source):
        return False
    return not (g.cue and not (g.cue & p.cue))


def _match(
    gold: Sequence[_Item], pred: Sequence[_Item], ok: Callable[[_Item, _Item], bool]
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by content overlap, largest first; ties as the reference
    scorer breaks them (its descending sort of ``(overlap, gold index, pred index)``)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            inter = len(g.content & p.content)
            if inter and ok(g, p):
                pairs.append((inter, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(f, 4)}


# ------------------------------------------------------------------------------ the breakdown

_AUXILIARIES = frozenset(
    [
        "has",
        "have",
        "had",
        "having",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "not",
        "n't",
        "also",
    ]
)


@functools.lru_cache(maxsize=1)
def _spacy_lemmatizer() -> Any:
    """spaCy's English rule lemmatizer (tables shipped in the model package), or ``None``."""
    from .nlp.model import MODEL_NAMES

    for name in MODEL_NAMES:
        try:
            nlp = importlib.import_module(name).load(
                exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "senter"]
            )
            return nlp.vocab, nlp.get_pipe("lemmatizer")
        except (ImportError, OSError, KeyError, ValueError) as exc:
            log.debug("no lemmatizer from %s: %s", name, exc)
    log.warning("no spaCy English model installed: cue lemmas are lowercased words")
    return None


@functools.lru_cache(maxsize=4096)
def cue_lemma(cue: str) -> str:
    """The cue's lemma for the breakdown: ``has learned`` -> ``learn``, ``Told`` -> ``tell``,
    ``according to`` -> ``according to``; ``""`` for no cue.

    Auxiliaries and negation are dropped when other words remain; each word is lemmatized as a
    verb by spaCy's rule lemmatizer (the model package's tables; no model is run).
    """
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", cue.lower())
    if not words:
        return ""
    if "according" in words:
        return "according to"
    content = [w for w in words if w not in _AUXILIARIES] or words
    lemmatizer = _spacy_lemmatizer()
    if lemmatizer is None:
        return " ".join(content)
    from spacy.tokens import Doc

    vocab, pipe = lemmatizer
    doc = pipe(Doc(vocab, words=content, pos=["VERB"] * len(content)))
    return " ".join(t.lemma_.lower() or t.text for t in doc)


_PRONOUNS = frozenset(
    [
        "i",
        "me",
        "we",
        "us",
        "you",
        "he",
        "him",
        "she",
        "her",
        "it",
        "they",
        "them",
        "one",
        "who",
        "whom",
        "which",
        "that",
        "this",
        "these",
        "those",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "nobody",
        "none",
        "some",
        "many",
        "others",
        "other",
        "both",
        "all",
        "each",
        "either",
        "neither",
        "several",
        "few",
        "most",
        "his",
        "hers",
        "its",
        "their",
        "theirs",
        "our",
        "ours",
        "my",
        "mine",
        "your",
        "yours",
        "himself",
        "herself",
        "themselves",
        "itself",
        "myself",
        "ourselves",
        "yourself",
        "of",
    ]
)
_HEAD_STOP = frozenset(
    [
        "of",
        "for",
        "at",
        "with",
        "from",
        "in",
        "to",
        "on",
        "who",
        "whom",
        "which",
        "that",
        "and",
        "or",
        "by",
        "as",
    ]
)
_SENTENCE_END = ".!?:;\"“”‘’'\n"


def source_type(source: str, text: str = "", start: int = -1) -> str:
    """Classify a source span: ``named entity``, ``pronoun``, ``nominal description`` or
    ``no source`` (one of :data:`SOURCE_TYPES`).

    A heuristic on the words, with no model: a pronoun when every word is a pronoun (``he``,
    ``some of them``); a named entity when the head word (the last word before the first
    preposition, relative pronoun or conjunction, and before any comma: ``a spokesman`` in
    ``a spokesman for Clinton``, ``Chad Bown`` in ``Chad Bown, an expert``) is capitalized,
    unless it only is because it opens a sentence and ``text`` also uses it in lower case;
    otherwise a nominal description. ``start`` is the source's offset in ``text``.
    """
    words = re.findall(r"[\w][\w.'’&-]*", source)
    if not words:
        return "no source"
    lower = [w.lower().rstrip(".") for w in words]
    if all(w in _PRONOUNS for w in lower) and lower != ["of"]:
        return "pronoun"
    # An apposition or aside says more about the head than it is: "Chad Bown, an expert on trade".
    words = re.findall(r"[\w][\w.'’&-]*", re.split(r",|\(|\s[—–-]\s", source, maxsplit=1)[0]) or words
    lower = [w.lower().rstrip(".") for w in words]
    head_words: list[str] = []
    for word, low in zip(words, lower, strict=True):
        if head_words and low in _HEAD_STOP:
            break
        head_words.append(word)
    head = re.sub(r"['’]s?$", "", head_words[-1])
    if not head[:1].isupper():
        return "nominal description"
    if head_words[-1] is words[0] and start >= 0 and text:
        before = text[:start].rstrip(" \t")
        if (not before or before[-1] in _SENTENCE_END) and re.search(
            rf"(?<![\w-]){re.escape(head.lower())}(?![\w-])", text
        ):
            return "nominal description"
    return "named entity"


_MISS_REASONS = (
    "no overlapping prediction",
    "content boundaries differ",
    "wrong source",
    "wrong cue",
    "prediction matched another gold attribution",
)


def _miss_reason(g: _Item, pred: Sequence[_Item]) -> str:
    """Why a gold attribution found no who_said_what match, judged on the closest predictions."""
    overlapping = [p for p in pred if g.content & p.content]
    if not overlapping:
        return _MISS_REASONS[0]
    close = [p for p in overlapping if _jaccard(g.content, p.content) >= 0.5]
    if not close:
        return _MISS_REASONS[1]
    if any(_wsw_ok(g, p) for p in close):
        return _MISS_REASONS[4]
    if any(not ((g.source or p.source) and not (g.source & p.source)) for p in close):
        return _MISS_REASONS[3]
    return _MISS_REASONS[2]


class _Breakdown:
    """Counts by cue lemma and source type, from the who_said_what matching."""

    def __init__(self) -> None:
        self.gold: Counter[tuple[str, str]] = Counter()
        self.matched: Counter[tuple[str, str]] = Counter()
        self.pred: Counter[tuple[str, str]] = Counter()
        self.correct: Counter[tuple[str, str]] = Counter()
        self.missed: Counter[str] = Counter()
        self.articles: list[dict[str, Any]] = []

    def add(
        self,
        article: str,
        text: str,
        gold: Sequence[_Item],
        pred: Sequence[_Item],
        pairs: Sequence[tuple[int, int]],
    ) -> None:
        self.articles.append(
            {"id": article, "gold": len(gold), "predicted": len(pred), "matched": len(pairs)}
        )
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for side, items, hits, total, good in (
            ("gold", gold, matched_g, self.gold, self.matched),
            ("pred", pred, matched_p, self.pred, self.correct),
        ):
            for i, item in enumerate(items):
                keys = [
                    ("cue", cue_lemma(item.cue_text) or "(no cue)"),
                    ("source", source_type(item.source_text, text, item.source_start)),
                ]
                total.update(keys)
                if i in hits:
                    good.update(keys)
                elif side == "gold":
                    self.missed[_miss_reason(item, pred)] += 1

    def _rows(self, dim: str, label: str, always: Iterable[str] = ()) -> list[dict[str, Any]]:
        names = {k for c in (self.gold, self.pred) for (d, k) in c if d == dim} | set(always)
        rows: list[dict[str, Any]] = []
        for name in names:
            key = (dim, name)
            g, m, p, c = self.gold[key], self.matched[key], self.pred[key], self.correct[key]
            rows.append(
                {
                    label: name,
                    "gold": g,
                    "matched": m,
                    "recall": round(m / g, 4) if g else None,
                    "predicted": p,
                    "false_positives": p - c,
                    "precision": round(c / p, 4) if p else None,
                }
            )
        rows.sort(key=lambda r: (-r["gold"], -r["predicted"], r[label]))
        return rows

    def as_dict(self) -> dict[str, Any]:
        by_source = self._rows("source", "source_type", SOURCE_TYPES)
        order = {name: i for i, name in enumerate(SOURCE_TYPES)}
        by_source.sort(key=lambda r: order[r["source_type"]])
        by_cue = self._rows("cue", "cue")
        false_positive_cues = sorted(
            (
                {"cue": r["cue"], "false_positives": r["false_positives"]}
                for r in by_cue
                if r["false_positives"]
            ),
            key=lambda r: (-r["false_positives"], r["cue"]),
        )
        return {
            "by_cue": by_cue,
            "false_positive_cues": false_positive_cues,
            "by_source_type": by_source,
            "missed": {reason: self.missed[reason] for reason in _MISS_REASONS},
            "by_article": sorted(self.articles, key=lambda r: r["id"]),
        }


# ------------------------------------------------------------------------------ scoring


def _score(
    gold_dir: str | Path, pred_dir: str | Path, breakdown: bool
) -> tuple[dict[str, Any], _Breakdown | None, list[str]]:
    articles, problems = find_gold(gold_dir)
    pred_root = Path(pred_dir)
    _check_dir(pred_root, "prediction directory")
    known = {a.id for a in articles}
    stray = sorted(p.name for p in pred_root.glob("*.ann") if p.stem not in known)
    if stray:
        log.warning("%d prediction files match no gold article (e.g. %s)", len(stray), stray[0])
    tot: Counter[str] = Counter()
    parts = _Breakdown() if breakdown else None
    scored = 0
    for art in articles:
        try:
            text = read_gold_text(art.text_path)
            gold_doc = read_brat_document(art.ann_path)
        except DatelineError as exc:
            problems.append(f"{exc}; article not scored")
            continue
        problems.extend(f"{art.ann_path}: {p}" for p in gold_doc.problems)
        pred_path = pred_root / f"{art.id}.ann"
        pred_atts: tuple[BratAttribution, ...] = ()
        if pred_path.exists():
            try:
                pred_doc = read_brat_document(pred_path)
            except DatelineError as exc:
                problems.append(f"{exc}; counted as no predictions")
            else:
                problems.extend(f"{pred_path}: {p}" for p in pred_doc.problems)
                pred_atts = pred_doc.attributions
        scored += 1
        gold = [_item(a, text) for a in gold_doc.attributions]
        pred = [_item(a, text) for a in pred_atts]
        wsw = _tally(tot, text, gold, pred)
        if parts is not None:
            parts.add(art.id, text, gold, pred, wsw)
    return _metrics(tot, scored), parts, problems


def _tally(
    tot: Counter[str], text: str, gold: Sequence[_Item], pred: Sequence[_Item]
) -> list[tuple[int, int]]:
    """Add one article's counts to ``tot``; returns its who_said_what matching."""
    tot["gold"] += len(gold)
    tot["pred"] += len(pred)
    gx = [_trimmed(g.content, text) for g in gold]
    px = [_trimmed(p.content, text) for p in pred]
    gset, pset = set(gx), set(px)
    tot["exact_p"] += sum(1 for x in px if x and x in gset)
    tot["exact_r"] += sum(1 for x in gx if x and x in pset)
    tot["overlap"] += len(_match(gold, pred, lambda g, p: True))
    wsw = _match(gold, pred, _wsw_ok)
    tot["wsw"] += len(wsw)
    gc = set().union(*(g.content for g in gold))
    pc = set().union(*(p.content for p in pred))
    tot["chars_both"] += len(gc & pc)
    tot["chars_gold"] += len(gc)
    tot["chars_pred"] += len(pc)
    return wsw


def _metrics(tot: Counter[str], articles: int) -> dict[str, Any]:
    """The reference scorer's dictionary from the counts of :func:`_tally`."""
    return {
        "articles": articles,
        "gold_attributions": tot["gold"],
        "predicted_attributions": tot["pred"],
        "content_exact": _prf(tot["exact_p"], tot["pred"], tot["exact_r"], tot["gold"]),
        "content_overlap": _prf(tot["overlap"], tot["pred"], tot["overlap"], tot["gold"]),
        "who_said_what": _prf(tot["wsw"], tot["pred"], tot["wsw"], tot["gold"]),
        "content_chars": _prf(tot["chars_both"], tot["chars_pred"], tot["chars_both"], tot["chars_gold"]),
    }


#: One attribution as character offsets of its roles: ``(content, source, cue)``.
CharRoles = tuple[Iterable[int], Iterable[int], Iterable[int]]


def score_chars(articles: Iterable[tuple[str, Sequence[CharRoles], Sequence[CharRoles]]]) -> dict[str, Any]:
    """:func:`score`'s metrics for attributions given in memory: for each article, its text, the
    gold attributions and the predicted ones as character offsets of each role (blank characters
    and offsets past the text are ignored, as in files). Training chooses its thresholds with it."""
    tot: Counter[str] = Counter()
    n = 0
    for text, gold, pred in articles:
        _tally(tot, text, [_roles_item(r, text) for r in gold], [_roles_item(r, text) for r in pred])
        n += 1
    return _metrics(tot, n)


def _roles_item(roles: CharRoles, text: str) -> _Item:
    n = len(text)

    def chars(offsets: Iterable[int]) -> set[int]:
        return {i for i in offsets if 0 <= i < n and not text[i].isspace()}

    content, source, cue = roles
    return _Item(chars(content), chars(source), chars(cue), "", -1, "")


def score(gold_dir: str | Path, pred_dir: str | Path) -> dict[str, Any]:
    """The reference scorer's metrics for the predictions in ``pred_dir`` against ``gold_dir``.

    Files that cannot be read are logged and left out (the reference scorer would stop);
    :func:`evaluate_attributions` returns them as ``problems``.
    """
    result, _, problems = _score(gold_dir, pred_dir, breakdown=False)
    for line in problems:
        log.warning("%s", line)
    return result


# ------------------------------------------------------------------------------ the quotes scheme

#: a quote is found when a prediction covers this share of its characters (and a prediction is
#: right when gold quotes cover this share of its own); both are reported
QUOTE_THRESHOLDS = (0.3, 0.8)


def names_match(gold: str | None, pred: str | None) -> bool:
    """Whether two names for a speaker name the same one: the speaker gold's rule
    (:func:`dateline.speaker_eval.name_matches`: after casefolding and dropping titles, the words
    of one are all among the words of the other, or one is the other's initials), so ``Trump``
    and ``Donald J. Trump`` match and ``Hillary Clinton`` and ``Bill Clinton`` do not."""
    from .speaker_eval import name_matches

    return bool(gold) and bool(pred) and name_matches(pred, [gold or ""])


@dataclass(frozen=True, slots=True)
class _Quote:
    """One quote piece as the quotes scheme scores it."""

    chars: frozenset[int]
    speaker: str | None  # a name given by the file (Speaker attribute, AnnotatorNotes)
    source: frozenset[int]
    source_text: str


def _statement_type(att: BratAttribution, text: str) -> str:
    """The file's ``Type``, else the type rules of :mod:`dateline.nlp.attr_types` applied to
    the cue's lemma and the source's words (PolNeAR gold carries no types)."""
    if att.type:
        return att.type
    from .nlp.attr_types import classify

    cue = _covered(att.cue, text)
    # two apostrophes stand for a quotation mark in the New York Times archive (as in attr_quotes)
    quoted = any("''" in text[a:b] or any(ch in '"“”«»' for ch in text[a:b]) for a, b in att.content)
    # each word's lemma, as the finder passes them (``later said`` is ``say``, ``called on`` is
    # ``call``), with the word itself before it where the context-free lemmatizer errs
    # (``discuss`` -> ``discus``): the last word the lexicon knows decides
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", cue.lower())
    lemmas = [form for w in words for form in (w, cue_lemma(w))]
    return classify(cue, lemmas, _covered(att.source, text) or None, quoted)


def _quotes(atts: Iterable[BratAttribution], text: str) -> list[_Quote]:
    """The speech attributions of a file, one :class:`_Quote` per content piece (fragments
    separated only by whitespace are one piece, as BRAT cuts spans at line breaks)."""
    out = []
    for att in atts:
        if _statement_type(att, text) != "speech":
            continue
        merged: list[list[int]] = []
        for a, b in sorted(att.content):
            if merged and not text[merged[-1][1] : a].strip():
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:
            chars = _trimmed(_chars(((a, b),), text), text)
            if chars:
                out.append(
                    _Quote(
                        chars,
                        att.source_entity,
                        frozenset(_chars(att.source, text)),
                        _covered(att.source, text),
                    )
                )
    return out


def _speaker_right(g: _Quote, p: _Quote) -> bool:
    """A name in the gold is compared with the prediction's name (its resolved entity, else its
    words); without one, the source spans must overlap, or, where the gold's source is itself a
    name (``Sen. David Perdue (R-Ga.)``, not ``he`` or ``a spokesman``), the prediction's name
    must match it (a prediction whose ``she`` resolves to that person names the right one)."""
    if g.speaker:
        return names_match(g.speaker, p.speaker or p.source_text)
    if not g.source:
        return not p.source
    if g.source & p.source:
        return True
    return source_type(g.source_text) == "named entity" and names_match(
        g.source_text, p.speaker or p.source_text
    )


def score_quotes(gold_dir: str | Path, pred_dir: str | Path) -> tuple[dict[str, Any], list[str]]:
    """Score ``pred_dir`` against ``gold_dir`` the way newsroom quote trackers count.

    Both sides are cut to speech (a file's ``Type`` attribute, else the type rules on the cue)
    and into one quote per content piece. At each threshold ``t`` of :data:`QUOTE_THRESHOLDS`, a
    gold quote is found when one prediction covers at least ``t`` of its characters (recall),
    and a prediction is right when one gold quote covers at least ``t`` of its own (precision).
    On the quotes found at the lower threshold, ``speaker`` is the share whose best-covering
    prediction names the right speaker (:func:`names_match` against the gold's name where it
    gives one, else overlapping source spans), and ``pronoun_speaker`` the same over the gold
    quotes whose source is a pronoun. Returns the metrics and one line per problem.
    """
    articles, problems = find_gold(gold_dir)
    pred_root = Path(pred_dir)
    _check_dir(pred_root, "prediction directory")
    tot: Counter[str] = Counter()
    for art in articles:
        try:
            text = read_gold_text(art.text_path)
            gold = _quotes(read_brat_document(art.ann_path).attributions, text)
        except DatelineError as exc:
            problems.append(f"{exc}; article not scored")
            continue
        pred_path = pred_root / f"{art.id}.ann"
        pred: list[_Quote] = []
        if pred_path.exists():
            try:
                pred = _quotes(read_brat_document(pred_path).attributions, text)
            except DatelineError as exc:
                problems.append(f"{exc}; counted as no predictions")
        tot["gold"] += len(gold)
        tot["pred"] += len(pred)
        for t in QUOTE_THRESHOLDS:
            tot[f"r{t}"] += sum(
                1 for g in gold if any(len(g.chars & p.chars) >= t * len(g.chars) for p in pred)
            )
            tot[f"p{t}"] += sum(
                1 for p in pred if any(len(g.chars & p.chars) >= t * len(p.chars) for g in gold)
            )
        low = QUOTE_THRESHOLDS[0]
        for g in gold:
            best = max(pred, key=lambda p: len(g.chars & p.chars), default=None)
            if best is None or len(g.chars & best.chars) < low * len(g.chars):
                continue
            right = _speaker_right(g, best)
            tot["found"] += 1
            tot["speaker_right"] += right
            if source_type(g.source_text) == "pronoun":
                tot["pronoun_found"] += 1
                tot["pronoun_right"] += right
    result: dict[str, Any] = {
        "articles": len(articles),
        "gold_quotes": tot["gold"],
        "predicted_quotes": tot["pred"],
    }
    for t in QUOTE_THRESHOLDS:
        result[f"quotes_{round(t * 100)}"] = _prf(tot[f"p{t}"], tot["pred"], tot[f"r{t}"], tot["gold"])
    result["speaker"] = round(tot["speaker_right"] / tot["found"], 4) if tot["found"] else None
    result["pronoun_speaker"] = (
        round(tot["pronoun_right"] / tot["pronoun_found"], 4) if tot["pronoun_found"] else None
    )
    result["found_quotes"] = tot["found"]
    result["pronoun_quotes"] = tot["pronoun_found"]
    return result, problems


# ------------------------------------------------------------------------------ running dateline


def predict(
    articles: Sequence[GoldArticle],
    out_dir: str | Path,
    attribution_model: str | Path | None = None,
    *,
    accurate: bool = False,
    scheme: str = "polnear",
) -> list[str]:
    """Analyze each article's text with dateline and write ``out_dir/<id>.ann``; with
    ``attribution_model`` (a folder from ``dateline train attributions``) instead of the packaged
    model, with ``accurate`` in the accurate configuration (the role tagger), keeping the
    attributions that ``scheme`` counts (:mod:`dateline.schemes`).

    Returns one line per article that could not be analyzed (it then has no prediction file,
    which counts as no attributions). Raises :class:`ModelError` when dateline's analyzer or its
    models are not available.
    """
    try:
        from .analysis import Analyzer  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ModelError(f"dateline's analyzer is not available ({exc}); pass --pred DIR") from None
    from .options import Options

    options = Options(
        attribution_model=str(attribution_model) if attribution_model else None,
        accurate=accurate,
        scheme=scheme,
    )
    analyzer = Analyzer(options)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for art in articles:
        try:
            text = read_gold_text(art.text_path)
            record = analyzer.analyze_text(text, id=art.id, path=str(art.text_path))
        except ModelError:
            raise  # not about this article: no article can be analyzed
        except DatelineError as exc:
            problems.append(f"{exc}; no predictions for this article")
            continue
        except Exception as exc:  # one article the analyzer trips on must not stop the evaluation
            log.exception("analyzing %s failed", art.text_path)
            problems.append(f"{art.text_path}: analysis failed ({type(exc).__name__}: {exc}); no predictions")
            continue
        if record.text != text:
            problems.append(f"{art.text_path}: the analyzer changed the text; offsets may not match the gold")
        (out / f"{art.id}.ann").write_text(to_brat(record.attributions, record.text), encoding="utf-8")
    return problems


def evaluate_attributions(
    gold_dir: str | Path,
    pred_dir: str | Path | None = None,
    *,
    breakdown: bool = True,
    save_dir: str | Path | None = None,
    attribution_model: str | Path | None = None,
    accurate: bool = False,
    scheme: str = "polnear",
) -> dict[str, Any]:
    """Score ``pred_dir`` (or, when it is ``None``, dateline itself) against ``gold_dir``.

    With ``scheme="polnear"``, returns the reference scorer's metrics (:func:`score`'s keys),
    plus ``breakdown`` (by cue lemma, by source type, reasons for misses, per article) when
    asked; with ``scheme="quotes"``, :func:`score_quotes`'s. Both add ``problems``: one line per
    file that could not be read or analyzed (empty when all went well). When dateline runs, its
    BRAT goes to ``save_dir`` if given (to review beside the gold), else to a temporary
    directory.
    """
    if scheme not in ("polnear", "quotes"):
        raise InputError(f"--scheme must be polnear or quotes, got {scheme!r}")
    parts: _Breakdown | None = None

    def scored(pred: str | Path) -> tuple[dict[str, Any], list[str]]:
        nonlocal parts
        if scheme == "quotes":
            return score_quotes(gold_dir, pred)
        result, parts, problems = _score(gold_dir, pred, breakdown)
        return result, problems

    if pred_dir is not None:
        result, problems = scored(pred_dir)
    else:
        articles, _ = find_gold(gold_dir)
        with tempfile.TemporaryDirectory(prefix="dateline-eval-") as tmp:
            out = Path(save_dir) if save_dir is not None else Path(tmp)
            predict_problems = predict(articles, out, attribution_model, accurate=accurate, scheme=scheme)
            result, problems = scored(out)
            problems += predict_problems
    if parts is not None:
        result["breakdown"] = parts.as_dict()
    result["problems"] = problems
    return result
