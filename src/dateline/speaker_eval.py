"""Scoring speaker resolution: do pronoun and description sources name the right person?

A speaker gold (``tests/data/speaker_gold/polnear_dev.jsonl``, its README has the rules) lists
gold ``Source`` spans that are pronouns or descriptions, each with the names that count as its
referent (none when the article names no one). Two measures:

- :func:`score_speakers` scores dateline's attributions as they come: each gold span is matched
  to the predicted attribution whose source overlaps it most; the gold span is then ``right``,
  ``wrong`` (another name, or a name where the gold has none), ``unresolved`` (no name where the
  gold has one) or ``missed`` (no predicted source overlaps it: a finding error, not a resolving
  one).
- :func:`resolve_gold` resolves the gold spans themselves with :class:`~.nlp.speakers.SpeakerIndex`
  (resolution alone, whatever the attribution finder found).

Names match by :func:`name_matches`: after casefolding and dropping punctuation, a leading
article, a possessive ``'s`` and titles, the words of one name are a subset of the other's
(``Obama`` = ``Barack Obama``, ``Donald J. Trump`` = ``Donald Trump``, ``Laura`` != ``George W.
Bush``).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .errors import InputError, MissingInput
from .nlp.speakers import SpeakerIndex
from .records import Attribution, Entity

__all__ = [
    "OUTCOMES",
    "GoldSpeaker",
    "SpeakerScore",
    "evaluate_speakers",
    "gold_sources",
    "name_matches",
    "read_speaker_gold",
    "resolve_gold",
    "score_speakers",
]

log = logging.getLogger(__name__)

#: What became of one gold span.
OUTCOMES = ("right", "wrong", "unresolved", "missed")

#: Words dropped before names are compared: articles and the titles news copy puts before names.
_DROP = frozenset(
    [
        "the",
        "a",
        "an",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "president",
        "pres",
        "gen",
        "lt",
        "col",
        "secretary",
        "chairman",
        "chairwoman",
        "judge",
        "justice",
        "rev",
    ]
)
_WORD = re.compile(r"[\w'’]+")


@dataclass(frozen=True, slots=True)
class GoldSpeaker:
    """One gold source span and the names that count as its referent (empty: nobody named)."""

    article: str
    start: int
    end: int
    source: str
    kind: str
    referent: str | None
    accept: tuple[str, ...] = ()
    note: str = ""
    annotation: str = ""


@dataclass(slots=True)
class SpeakerScore:
    """Counts of :data:`OUTCOMES`, overall and by gold ``kind``, and the accuracies."""

    counts: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    #: the same counts for gold spans with a referent (``named``) and without (``nobody``)
    by_referent: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, gold: GoldSpeaker, outcome: str, predicted: str | None) -> None:
        self.counts[outcome] += 1
        self.by_kind.setdefault(gold.kind, Counter())[outcome] += 1
        self.by_referent.setdefault("named" if gold.accept else "nobody", Counter())[outcome] += 1
        if outcome in ("wrong", "unresolved"):
            self.errors.append(
                {
                    "article": gold.article,
                    "start": gold.start,
                    "source": gold.source,
                    "gold": gold.referent,
                    "predicted": predicted,
                    "outcome": outcome,
                }
            )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accuracy(self) -> float:
        """Right over the gold spans that a predicted source overlaps (resolution accuracy)."""
        found = self.total - self.counts["missed"]
        return self.counts["right"] / found if found else 0.0

    @property
    def accuracy_all(self) -> float:
        """Right over all gold spans (a missed attribution counts against it)."""
        return self.counts["right"] / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold_spans": self.total,
            **{k: self.counts[k] for k in OUTCOMES},
            "accuracy": round(self.accuracy, 4),
            "accuracy_all": round(self.accuracy_all, 4),
            "by_kind": {k: {o: c[o] for o in OUTCOMES} for k, c in sorted(self.by_kind.items())},
            "by_referent": {k: {o: c[o] for o in OUTCOMES} for k, c in sorted(self.by_referent.items())},
        }


def read_speaker_gold(path: str | Path) -> list[GoldSpeaker]:
    """The gold spans of a speaker-gold JSON Lines file; a bad line is an :class:`InputError`
    naming the file and the line."""
    p = Path(path)
    if not p.is_file():
        raise MissingInput("speaker gold file does not exist", str(p))
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            ref = obj["referent"]
            out.append(
                GoldSpeaker(
                    article=str(obj["article"]),
                    start=int(obj["start"]),
                    end=int(obj["end"]),
                    source=str(obj["source"]),
                    kind=str(obj.get("kind", "description")),
                    referent=None if ref is None else str(ref),
                    accept=tuple(str(a) for a in obj.get("accept") or ([] if ref is None else [ref])),
                    note=str(obj.get("note", "")),
                    annotation=str(obj.get("annotation", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"line {n} is not a speaker gold record ({exc})", str(p)) from None
    return out


def _words(name: str) -> frozenset[str]:
    words = [w.casefold().removesuffix("'s").removesuffix("’s").strip("'’-") for w in _WORD.findall(name)]
    return frozenset(w for w in words if w and w not in _DROP)


def name_matches(predicted: str | None, accept: Sequence[str]) -> bool:
    """Whether ``predicted`` names one of ``accept``; with nothing to accept, only ``None`` does."""
    if not accept:
        return predicted is None
    if predicted is None:
        return False
    got = _words(predicted)
    if not got:
        return False
    return any(
        (w := _words(a))
        and (w <= got or got <= w or (len(predicted) > 1 and _initials(a) == predicted.replace(".", "")))
        for a in accept
    )


def _initials(name: str) -> str:
    """``AP`` of ``Associated Press`` (capitalised words only)."""
    return "".join(w[0] for w in _WORD.findall(name) if w[:1].isupper())


def _outcome(gold: GoldSpeaker, predicted: str | None) -> str:
    if name_matches(predicted, gold.accept):
        return "right"
    if predicted is None:
        return "unresolved"
    return "wrong"


def score_speakers(
    gold: Iterable[GoldSpeaker], predictions: Mapping[str, Sequence[Attribution]]
) -> SpeakerScore:
    """Score the attributions predicted for each article (``predictions[article]``)."""
    score = SpeakerScore()
    for g in gold:
        best, overlap = None, 0
        for a in predictions.get(g.article, ()):
            s = a.source
            if s is None:
                continue
            o = min(s.end, g.end) - max(s.start, g.start)
            if o > overlap:
                best, overlap = s, o
        if best is None:
            score.add(g, "missed", None)
            continue
        score.add(g, _outcome(g, best.entity), best.entity)
    return score


def resolve_gold(
    doc: Doc,
    entities: Sequence[Entity],
    gold: Sequence[GoldSpeaker],
    score: SpeakerScore | None = None,
    sources: Sequence[tuple[int, int]] = (),
) -> SpeakerScore:
    """Resolve each gold span of one article (``doc``) against ``entities`` and score it.

    ``sources`` are all the article's gold source spans (named ones too): they are resolved in
    text order with the gold spans, as the attribution stage does, so that a pronoun can follow
    the speaker of the statement before. The head word is the syntactic root of each span.
    """
    score = score if score is not None else SpeakerScore()
    index = SpeakerIndex(entities)
    by_span = {(g.start, g.end): g for g in gold}
    for start, end in sorted(set(sources) | set(by_span)):
        span = doc.char_span(start, end, alignment_mode="expand")
        head = span.root.idx if span is not None and len(span) else None
        res = index.resolve(doc, start, end, head)
        g = by_span.get((start, end))
        if g is not None:
            score.add(g, _outcome(g, res.name), res.name)
    return score


def gold_sources(ann_path: str | Path) -> list[tuple[int, int]]:
    """The ``Source`` spans (first to last fragment) of a BRAT annotation file."""
    out = []
    for line in Path(ann_path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T") or not parts[1].startswith("Source "):
            continue
        frags = [f.split() for f in parts[1][len("Source ") :].split(";")]
        try:
            out.append((int(frags[0][0]), int(frags[-1][1])))
        except (ValueError, IndexError):
            continue
    return out


def evaluate_speakers(gold_file: str | Path, text_dir: str | Path, options: Any = None) -> dict[str, Any]:
    """Run dateline on every article of the speaker gold (``text_dir/<article>.txt``) and score it.

    Returns ``{"end_to_end": ..., "gold_spans": ...}`` (:meth:`SpeakerScore.as_dict` each, the
    second from :func:`resolve_gold`), with ``errors`` listing every wrong or unresolved span of
    both. ``options`` is an :class:`~dateline.options.Options` (default: the default
    configuration).
    """
    from .analysis import Analyzer
    from .nlp import entities as entity_stage

    gold = read_speaker_gold(gold_file)
    by_article: dict[str, list[GoldSpeaker]] = {}
    for g in gold:
        by_article.setdefault(g.article, []).append(g)
    analyzer = Analyzer(options)
    predictions: dict[str, Sequence[Attribution]] = {}
    oracle = SpeakerScore()
    for art, items in sorted(by_article.items()):
        path = Path(text_dir) / f"{art}.txt"
        if not path.is_file():
            raise MissingInput("the article of a speaker gold span has no text file", str(path))
        text = path.read_text(encoding="utf-8")
        record = analyzer.analyze_text(text, id=art, path=str(path))
        if record.text != text:
            raise InputError("the analyzer changed the text; gold offsets would not match", str(path))
        predictions[art] = record.attributions
        doc = analyzer.nlp(text)
        ann = Path(text_dir).parent / "attributions" / items[0].annotation
        sources = gold_sources(ann) if items[0].annotation and ann.is_file() else []
        resolve_gold(doc, entity_stage.extract(doc), items, oracle, sources)
    end_to_end = score_speakers(gold, predictions)
    log.info("speaker resolution: %d gold spans in %d articles", len(gold), len(by_article))
    return {
        "articles": len(by_article),
        "end_to_end": end_to_end.as_dict(),
        "gold_spans": oracle.as_dict(),
        "errors": {"end_to_end": end_to_end.errors, "gold_spans": oracle.errors},
    }
