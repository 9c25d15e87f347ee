"""Speaker resolution: from the words that name a source to the entity they refer to.

A source span resolves, in this order, to

1. the entity with a name mention overlapping the span's head word (``Chinese President Xi
   Jinping``, ``Xi``), else any entity with a mention inside the span (``a spokesman for Google``);
2. for a pronoun (``he``, ``she``, ``they``, ``it``), the nearest compatible entity mentioned
   before it: a person for ``he``/``she``, an organisation (or a group) for ``they``/``it``;
3. for a definite description (``the spokeswoman``, ``the president``, ``the influential US
   daily``, ``the company``), the nearest entity mentioned before it whose kind fits the head
   noun, preferring one whose recorded titles contain that noun.

Indefinite descriptions (``a spokesman``, ``officials``) stay unresolved: guessing a name for them
would be wrong more often than right.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from ..records import Entity, Mention

__all__ = ["ORG_NOUNS", "PERSON_NOUNS", "Resolution", "SpeakerIndex", "entities_from_doc"]

log = logging.getLogger(__name__)

PERSON_LABELS = ("PERSON",)
ORG_LABELS = ("ORG", "NORP", "GPE")

#: Head nouns of descriptions that refer to a person (PolNeAR sources and common news roles).
PERSON_NOUNS = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "senator",
        "candidate",
        "nominee",
        "governor",
        "official",
        "secretary",
        "minister",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "leader",
        "lawmaker",
        "congressman",
        "congresswoman",
        "representative",
        "rep.",
        "sen.",
        "gov.",
        "mayor",
        "ambassador",
        "adviser",
        "advisor",
        "aide",
        "strategist",
        "businessman",
        "billionaire",
        "mogul",
        "frontrunner",
        "front-runner",
        "host",
        "anchor",
        "author",
        "economist",
        "analyst",
        "professor",
        "expert",
        "lawyer",
        "attorney",
        "judge",
        "justice",
        "prosecutor",
        "general",
        "commander",
        "chief",
        "ceo",
        "founder",
        "manager",
        "executive",
        "king",
        "queen",
        "prince",
        "premier",
        "chancellor",
        "speaker",
        "treasurer",
        "woman",
        "man",
        "father",
        "mother",
        "wife",
        "husband",
        "son",
        "daughter",
        "democrat",
        "republican",
        "pollster",
        "writer",
        "columnist",
        "reporter",
        "journalist",
        "editor",
        "scholar",
        "researcher",
    ]
)
#: Head nouns of descriptions that refer to an organisation.
ORG_NOUNS = frozenset(
    [
        "company",
        "firm",
        "corporation",
        "daily",
        "newspaper",
        "paper",
        "magazine",
        "outlet",
        "network",
        "channel",
        "website",
        "site",
        "agency",
        "department",
        "ministry",
        "government",
        "administration",
        "campaign",
        "committee",
        "party",
        "group",
        "organization",
        "organisation",
        "association",
        "union",
        "council",
        "board",
        "court",
        "bank",
        "fund",
        "institute",
        "university",
        "school",
        "commission",
        "office",
        "bureau",
        "house",
        "senate",
        "congress",
        "team",
        "club",
        "league",
        "publication",
        "broadcaster",
        "station",
        "service",
        "army",
        "police",
        "embassy",
        "foundation",
        "coalition",
    ]
)
_HE_SHE = frozenset({"he", "she", "him", "her", "his"})
_THEY_IT = frozenset({"they", "it", "them", "its", "their"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True, slots=True)
class Resolution:
    """The entity a source resolves to (``None`` fields when it resolves to nothing)."""

    name: str | None = None
    entity_id: str | None = None


class SpeakerIndex:
    """The mentions of a document's entities, sorted by position, for resolving many sources."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        mentions: list[tuple[int, int, Entity]] = []
        for ent in entities:
            for m in ent.mentions:
                mentions.append((m.start, m.end, ent))
        mentions.sort(key=lambda x: (x[0], x[1]))
        self._mentions = mentions
        self._starts = [m[0] for m in mentions]

    def _before(self, pos: int) -> list[tuple[int, int, Entity]]:
        """Mentions ending at or before ``pos``, nearest first."""
        k = bisect.bisect_left(self._starts, pos)
        return [m for m in reversed(self._mentions[:k]) if m[1] <= pos]

    def resolve(self, doc: Doc, start: int, end: int, head: int | None = None) -> Resolution:
        """Resolve the source ``doc.text[start:end]`` whose head word starts at char ``head``."""
        k = bisect.bisect_left(self._starts, end)
        inside = [m for m in self._mentions[:k] if m[1] > start]
        if inside:
            best = None
            if head is not None:
                best = next((m for m in inside if m[0] <= head < m[1]), None)
            if best is None:
                persons = [m for m in inside if m[2].label in PERSON_LABELS]
                best = (persons or inside)[-1]
            return Resolution(best[2].name, best[2].id)
        named = self._appositive(doc, head)
        if named is not None:
            return named
        words = doc.text[start:end].split()
        if not words:
            return Resolution()
        low = [w.lower().strip(".,;:'\"“”’") for w in words]
        if len(low) == 1 and low[0] in _HE_SHE:
            return self._nearest(start, PERSON_LABELS)
        if len(low) == 1 and low[0] in _THEY_IT:
            return self._nearest(start, ORG_LABELS)
        if low[0] in _DEFINITE or (len(low) == 1 and low[0] in PERSON_NOUNS | ORG_NOUNS):
            head_word = low[-1]
            if head is not None:
                head_word = doc.text[head:end].split()[0].lower().strip(".,;:'\"“”’") or head_word
            if head_word in PERSON_NOUNS or head_word.endswith("man") or head_word.endswith("woman"):
                return self._nearest(start, PERSON_LABELS, title=head_word)
            if head_word in ORG_NOUNS:
                return self._nearest(start, ORG_LABELS)
        return Resolution()

    def _appositive(self, doc: Doc, head: int | None) -> Resolution | None:
        """The entity named in an apposition to the source's head word (``its director, Samuel
        Reyes, said``; ``the influential local daily, the Harbor Courier, said``)."""
        if head is None:
            return None
        span = doc.char_span(head, head + 1, alignment_mode="expand")
        if span is None:
            return None
        for ch in span[0].children:
            if ch.dep_ != "appos":
                continue
            lo, hi = ch.left_edge.idx, ch.right_edge.idx + len(ch.right_edge.text)
            k = bisect.bisect_left(self._starts, hi)
            inside = [m for m in self._mentions[:k] if m[1] > lo]
            if inside:
                best = next((m for m in inside if m[0] <= ch.idx < m[1]), inside[-1])
                return Resolution(best[2].name, best[2].id)
        return None

    def _nearest(self, pos: int, labels: Sequence[str], title: str | None = None) -> Resolution:
        fallback = None
        for _, _, ent in self._before(pos):
            if ent.label not in labels:
                continue
            if title is None or any(title in t.lower().split() for t in ent.titles):
                return Resolution(ent.name, ent.id)
            if fallback is None:
                fallback = Resolution(ent.name, ent.id)
        return fallback or Resolution()


def entities_from_doc(doc: Doc) -> list[Entity]:
    """A plain entity list from ``doc.ents`` for when no entity stage ran.

    Mentions of people are merged when one name ends with the other (``Xi`` -> ``Xi Jinping``);
    other entities are merged by identical text. The canonical name is the longest form seen.
    This is a fallback for speaker resolution, not the project's entity stage.
    """
    groups: list[tuple[str, list[Mention]]] = []
    by_key: dict[tuple[str, str], int] = {}
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS + ORG_LABELS:
            continue
        text = ent.text
        if ent.label_ == "PERSON":
            text = text.removesuffix("'s").removesuffix("’s")
        mention = Mention(ent.start_char, ent.start_char + len(text), text)
        idx = by_key.get((ent.label_, text))
        if idx is None and ent.label_ == "PERSON":
            idx = by_key.get((ent.label_, "~" + text))
        if idx is None:
            idx = len(groups)
            groups.append((ent.label_, []))
        groups[idx][1].append(mention)
        by_key[(ent.label_, text)] = idx
        if ent.label_ == "PERSON" and len(text.split()) > 1:
            # either end of a full name may be used alone (``Trump``; ``Xi`` of ``Xi Jinping``)
            by_key.setdefault((ent.label_, "~" + text.split()[-1]), idx)
            by_key.setdefault((ent.label_, "~" + text.split()[0]), idx)
    out = []
    for n, (label, mentions) in enumerate(groups):
        name = max((m.text for m in mentions), key=len)
        out.append(Entity(id=f"E{n + 1}", name=name, label=label, mentions=tuple(mentions)))
    return out
