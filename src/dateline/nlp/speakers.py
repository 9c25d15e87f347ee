"""Speaker resolution: from the words that name a source to the entity they refer to.

A source span resolves, in this order, to

1. the entity with a name mention overlapping the span's head word (``Chinese President Xi
   Jinping``, ``Xi``); else the entity named in an apposition to the head (``The Keeper of the
   Records, Amina Yusuf,``; ``Carter's mother, Ellen,``); else, unless the head is a relative
   of or a role held for a named person (``Carter's mother``, ``Trump's lawyer``: someone else,
   unnamed), the entity named inside the span (``a spokesman for Google``, ``Trump's campaign``);
2. for a relative pronoun (``who``, ``which``, ``that``), the entity the relative clause hangs
   on (``George W. Bush, who``; ``Kaine is a former lawyer who``);
3. for a personal pronoun, the most salient compatible entity: sentences are searched from the
   pronoun backwards (at most :data:`WINDOW`), and in each the grammatical subjects come first,
   then the speaker of the previous statement (a quote chain), then the leftmost mention; a
   pronoun that is its clause's subject takes the subject of the sentence before over a name in
   passing in its own, the possessor of an earlier sentence's subject (``The president's
   roots``) counts as that sentence's subject, and a definite role noun that is a subject or
   possessor (``the president``) counts as a mention of the person recorded with that title.
   ``he``/``she`` take a person of agreeing gender (:func:`gender`: a title such as ``Mr.``, a
   gendered role word, or the first name through ``gender-guesser``; unknown agrees with both);
   ``it`` an organisation (a place only as a subject: "it said" is the utility, not the town);
   ``they`` an organisation, a group such as ``Republicans`` or coordinated people, but nobody
   when an unnamed plural stands between (``The AP interviewed 20 crew members. They ...``). Names
   inside quotation marks are never antecedents of a pronoun outside them. Nothing compatible
   in the window and no earlier speaker: no resolution;
4. for a definite description (``the spokeswoman``, ``the president``, ``the company``, ``the
   poll``), the entity named with the same noun earlier (``a Bloomberg poll`` ... ``the poll``;
   ``Donald Trump's campaign`` ... ``the campaign``), else a person whose recorded titles hold
   the noun, else the most salient entity of the noun's kind (a person, or an organisation,
   never a place, for ``the company``/``the ministry``/``the utility``); a possessive
   description (``her campaign``, ``his website``) resolves through its possessor. A document
   (``the ad``, ``the study``; :data:`DOCUMENT_NOUNS`) with no same-noun phrase before it
   speaks for whoever made the nearest document phrase within :data:`DOCUMENT_REACH` sentences
   (``A web video by the RNC`` ... ``The clip says``; ``The institute released a report`` ...
   ``The study found``), and a headline's (``Poll: ...``) for the maker its story names first.

Indefinite and bare plural descriptions (``a spokesman``, ``officials``) stay unresolved:
guessing a name for them would be wrong more often than right. Every resolution is remembered,
so the next pronoun can follow a chain of statements by one speaker.

Measured on the hand-made speaker gold (``tests/data/speaker_gold``, 426 pronoun and description
sources of 45 PolNeAR dev articles, :mod:`dateline.speaker_eval`); the figures are in
BENCHMARKS.md.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from ..records import Entity, Mention
from .attr_quotes import quote_regions
from .lexicon import verb_class

__all__ = [
    "DOCUMENT_NOUNS",
    "DOCUMENT_REACH",
    "MAKING_VERBS",
    "ORG_NOUNS",
    "PERSON_NOUNS",
    "RELATION_NOUNS",
    "SECTION_BREAK",
    "THEY_REACH",
    "WINDOW",
    "Resolution",
    "SpeakerIndex",
    "entities_from_doc",
    "gender",
    "gender_of_first_name",
]

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
        "utility",
        "regulator",
        "airline",
        "insurer",
        "lender",
        "retailer",
        "manufacturer",
        "maker",
        "operator",
        "hospital",
        "district",
    ]
)
#: Nouns of a person related to someone else: ``X's mother`` / ``his attorney`` is never X.
RELATION_NOUNS = frozenset(
    """
    mother father wife husband son daughter brother sister child children parent parents
    grandmother grandfather grandson granddaughter aunt uncle nephew niece cousin fiancee fiance
    ex-wife ex-husband widow widower girlfriend boyfriend partner friend friends family relative
    relatives lawyer lawyers attorney attorneys doctor physician aide aides adviser advisers
    advisor advisors spokesman spokeswoman spokesperson surrogate surrogates operative
    operatives staffer staffers assistant secretary boss employee employees colleague colleagues
    """.split()  # noqa: SIM905
)
#: Nouns of a thing that speaks for whoever made it (a poll, a report, an ad): resolved only
#: through the same noun named earlier or a possessor (``his website``), never by nearness.
DOCUMENT_NOUNS = frozenset(
    """
    poll polls survey study report reports research findings finding ad ads advertisement video
    clip spot film documentary article piece story column editorial letter statement memo
    website site returns return submission brief complaint filing lawsuit suit rules bylaws
    platform plan proposal book tweet tweets post email emails slide slides data analysis feature
    profile essay commentary newsletter
    """.split()  # noqa: SIM905
)
#: Verbs of making a document: ``the RNC released an ad`` ... ``the ad says`` speaks for the RNC.
MAKING_VERBS = frozenset(
    """
    release publish issue produce run launch unveil air post conduct commission file submit
    write author prepare sponsor pay
    """.split()  # noqa: SIM905
)
#: Place nouns: ``the city`` / ``the state`` is a place, where an organisation noun never is.
PLACE_NOUNS = frozenset({"city", "town", "state", "country", "nation", "county", "village", "province"})
#: A line that cuts a story into separate items (``___`` between the entries of an AP "The
#: Latest" file, ``* * *``, ``---``): a description does not look for its antecedent across one.
SECTION_BREAK = re.compile(r"^[ \t]*(?:_{3,}|-{3,}|\*(?:[ \t]*\*){2,})[ \t]*\.?[ \t]*$", re.M)
#: How many sentences back (the pronoun's own included) a pronoun looks for its antecedent.
#: Tried on the speaker gold (gold spans / end to end accuracy): 2 gives 0.803 / 0.818, 3 gives
#: 0.819 / 0.838, 4 gives 0.822 / 0.838 with one more wrong end to end; 3 kept, the shorter reach.
WINDOW = 3
#: How many sentences back (its own included) a document described again (``The ad``) looks for
#: the document phrase that names its maker (see ``SpeakerIndex._document_maker``): a story
#: about an ad or a report goes on describing it for a paragraph. On the speaker gold, 3 resolves
#: 2 of its document sources (gold spans 0.824), 5 and 8 both 4 (0.829), none wrong; 5 kept.
DOCUMENT_REACH = 5
#: How many sentences back "they" may still take the speaker of an earlier statement, when no
#: group or organisation acts in the window: most "they" in news are unnamed groups. Chosen on
#: the speaker gold: 1 and 2 give the same (gold spans 0.819), no limit resolves 6 more "they" wrong.
THEY_REACH = 1

_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_IT = frozenset({"it", "its", "itself"})
_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
#: Dependents that leave a noun phrase bare (``the campaign``, ``his bank's``, ``the new poll``).
_BARE_DEPS = frozenset({"det", "punct", "poss", "amod", "case"})
#: A party's member, as one person (``The Republican said``); nationalities ending in -an too.
_PARTY_MEMBERS = frozenset({"democrat", "independent", "conservative", "liberal", "libertarian", "socialist"})
#: Plural nouns for two people that a pair description (``both candidates``) may use.
_PAIR_OF_PEOPLE = frozenset(
    {"candidate", "leader", "multimillionaire", "nominee", "rival", "senator", "pair", "man", "men"}
)
_GROUP_NOUNS = frozenset({"family", "families", "couple", "crowd", "audience"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_POSSESSIVE = frozenset({"his", "her", "its", "their"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_MALE_WORDS = frozenset(
    [
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "spokesman",
        "chairman",
        "congressman",
        "councilman",
        "businessman",
        "father",
        "husband",
        "son",
        "brother",
        "uncle",
        "actor",
    ]
)
_FEMALE_WORDS = frozenset(
    [
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "lady",
        "dame",
        "queen",
        "princess",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "councilwoman",
        "businesswoman",
        "mother",
        "wife",
        "daughter",
        "sister",
        "aunt",
        "actress",
        "first",
        "lady",
    ]
)
#: Spellings of a title that name the same role (``the judge`` of ``Justice Frank Nervo``).
#: abbreviated titles are looked up as ``_word`` leaves them, without the full stop
_SAME_ROLE = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "sec": "secretary",
    "atty": "attorney",
    "justice": "judge",
    "congressman": "representative",
    "congresswoman": "representative",
}
_STRIP = ".,;:'\"“”’‘()"
_ORG = ("ORG",)
#: What a source can resolve to through a pronoun, a relative or a description.
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_GROUP = ("ORG", "NORP")
_PLACE = ("GPE",)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The entity a source resolves to (``None`` fields when it resolves to nothing)."""

    name: str | None = None
    entity_id: str | None = None


@functools.cache
def _detector() -> Any:
    """gender-guesser's first-name detector (loaded once; about half a second)."""
    import gender_guesser.detector as gd  # type: ignore[import-not-found,unused-ignore]

    return gd.Detector(case_sensitive=False)


def gender_of_first_name(name: str) -> str | None:
    """``"m"``, ``"f"`` or ``None`` for a first name, by the gender-guesser lexicon
    (``mostly_*`` counts; ``andy`` and unknown names are ``None``)."""
    word = name.strip(_STRIP)
    if len(word) < 2 or not word[0].isupper() or word.isupper():
        return None
    g = _detector().get_gender(word)
    if g in ("male", "mostly_male"):
        return "m"
    if g in ("female", "mostly_female"):
        return "f"
    return None


def gender(entity: Entity, text: str = "") -> str | None:
    """The gender of a person entity, ``"m"``/``"f"``, or ``None`` when nothing says.

    A title (``Mr.``, ``Mrs.``, ``spokeswoman``) recorded with the entity or written right
    before one of its mentions decides first; then the first name (of the canonical name, or of
    any mention of two words or more) through gender-guesser.
    """
    votes: list[str] = []
    for title in entity.titles:
        for w in title.lower().split():
            if w in _MALE_WORDS:
                votes.append("m")
            elif w in _FEMALE_WORDS:
                votes.append("f")
    if text:
        for m in entity.mentions:
            before = text[max(0, m.start - 12) : m.start].split()
            if before:
                w = before[-1].lower()
                if w in _MALE_WORDS:
                    votes.append("m")
                elif w in _FEMALE_WORDS:
                    votes.append("f")
    if votes:
        return "m" if votes.count("m") >= votes.count("f") else "f"
    names = [entity.name] + [m.text for m in entity.mentions if len(m.text.split()) > 1]
    if (
        len(entity.name.split()) == 1
        and text
        and not re.search(rf"[A-Z][\w.]* {re.escape(entity.name)}\b", text)
    ):
        names.append(entity.name + " _")  # a name never written after another is a first name
    for n in names:
        words = n.split()
        if len(words) > 1:
            g = gender_of_first_name(words[0])
            if g is not None:
                return g
    return None


def _agrees(ent: Entity, want: str | None, genders: dict[str, str | None], text: str) -> bool:
    if want is None:
        return True
    if ent.id not in genders:
        genders[ent.id] = gender(ent, text)
    g = genders[ent.id]
    return g is None or g == want


def _word(text: str) -> str:
    return text.lower().strip(_STRIP)


def _same_role(a: str, b: str) -> bool:
    a, b = _SAME_ROLE.get(a, a), _SAME_ROLE.get(b, b)
    return a == b or (a.endswith("s") and a[:-1] == b)


class SpeakerIndex:
    """The mentions of a document's entities, sorted by position, for resolving many sources.

    Resolve the sources of one document in text order: each resolution is remembered (the
    speaker of the previous statement, and a mention for later pronouns to find).
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        mentions: list[tuple[int, int, Entity]] = []
        for ent in entities:
            for m in ent.mentions:
                mentions.append((m.start, m.end, ent))
        mentions.sort(key=lambda x: (x[0], x[1]))
        self._mentions = mentions
        self._starts = [m[0] for m in mentions]
        self._resolved: list[tuple[int, int, Entity]] = []
        self._genders: dict[str, str | None] = {}
        self._doc_key: int | None = None
        self._sents: list[int] = []
        self._has_deps = False
        self._text = ""
        self._quotes: list[tuple[int, int]] = []
        self._breaks: list[int] = []

    # ------------------------------------------------------------------ document layout

    def _layout(self, doc: Doc) -> None:
        if self._doc_key == id(doc):
            return
        self._doc_key = id(doc)
        text = self._text = doc.text  # Doc.text joins every token: built once per document
        # has_annotation walks every token: asked once per document, not once per source
        self._has_deps = doc.has_annotation("DEP")
        if self._has_deps or doc.has_annotation("SENT_START"):
            self._sents = [s.start_char for s in doc.sents]
        else:
            self._sents = [0] + [m.end() for m in re.finditer(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘'])|\n+", text)]
        self._quotes = [(q.start, q.end) for q in quote_regions(text)]
        self._breaks = [m.start() for m in SECTION_BREAK.finditer(text)]

    def _section_start(self, pos: int) -> int:
        """Where the section holding ``pos`` starts: after the last :data:`SECTION_BREAK` line
        before it (0 when there is none)."""
        k = bisect.bisect_left(self._breaks, pos)
        return self._breaks[k - 1] if k else 0

    def _sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sents, pos) - 1)

    def _quote_of(self, pos: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self._quotes, (pos, 1 << 60)) - 1
        if k >= 0 and self._quotes[k][0] <= pos < self._quotes[k][1]:
            return self._quotes[k]
        return None

    # ------------------------------------------------------------------ entry point

    def resolve(self, doc: Doc, start: int, end: int, head: int | None = None) -> Resolution:
        """Resolve the source ``doc.text[start:end]`` whose head word starts at char ``head``."""
        self._layout(doc)
        ent = self._resolve(doc, start, end, head)
        if ent is None:
            return Resolution()
        self._resolved.append((start, end, ent))
        return Resolution(ent.name, ent.id)

    def _resolve(self, doc: Doc, start: int, end: int, head: int | None) -> Entity | None:
        words = self._text[start:end].split()
        if not words:
            return None
        low = [_word(w) for w in words]
        head_tok = self._token(doc, head) if head is not None else None
        head_word = _word(head_tok.text) if head_tok is not None else low[-1]
        plural = head_tok is not None and head_tok.tag_ in ("NNS", "NNPS")
        if head_tok is not None and head_tok.lemma_:
            head_word = _word(head_tok.lemma_) or head_word
        k = bisect.bisect_left(self._starts, end)
        inside = [m for m in self._mentions[:k] if m[1] > start]
        party = len(low) == 2 and low[0] == "the" and (low[1] in _PARTY_MEMBERS or low[1].endswith("an"))
        if party and inside and all(m[2].label == "NORP" for m in inside):
            # "The Republican", "the Russian": a person by party or nationality, not the group
            return self._titled(start, low[1]) or self._salient(doc, start, PERSON_LABELS, reach=WINDOW)
        if inside:
            return self._named(doc, inside, head, head_tok, head_word, end)
        named = self._appositive(doc, head_tok, end)
        if named is not None:
            return named
        if len(low) == 1:
            w = low[0]
            if w in _RELATIVE:
                return self._relative(doc, start)
            if w in _HE:
                return self._salient(doc, start, PERSON_LABELS, "m")
            if w in _SHE:
                return self._salient(doc, start, PERSON_LABELS, "f")
            if w in _IT:
                document = self._document_subject_before(doc, start)
                if document is not None:
                    return self._document_maker(doc, document.idx, document)
                return self._salient(doc, start, _ORG + _PLACE, subject_labels=_PLACE)
            if w in _THEY:
                found = self._salient(
                    doc, start, _GROUP, coordinated=True, subjects_only=True, reach=THEY_REACH
                )
                if found is not None and self._plural_between(doc, found, start):
                    return None
                return found
        if len(low) > 1 and (low[0] == "both" or low[:2] == ["the", "two"] or head_word == "pair"):
            return self._pair(start, head_word)
        if low[0] in _POSSESSIVE and len(low) > 1:
            if any(w.rsplit("-", 1)[-1] in RELATION_NOUNS for w in low[1:]):
                return None  # "His ex-wife": the relative, not named here
            return self._possessive(doc, start, low[0], head_word)
        if low[0] in _DEFINITE or (len(low) == 1 and words[0][:1].isupper()):
            return self._definite(doc, start, head_tok, head_word, plural)
        return None

    # ------------------------------------------------------------------ the kinds of source

    def _named(
        self,
        doc: Doc,
        inside: list[tuple[int, int, Entity]],
        head: int | None,
        head_tok: Any,
        head_word: str,
        end: int,
    ) -> Entity | None:
        if head is not None:
            at_head = next((m for m in inside if m[0] <= head < m[1]), None)
            if at_head is not None:
                # "The Keeper of the Records, Amina Yusuf": a titled name right after the head's
                appos = next(
                    (
                        m
                        for m in inside
                        if m[0] >= at_head[1]
                        and m[2].label in PERSON_LABELS
                        and not self._text[at_head[1] : m[0]].strip(" ,")
                    ),
                    None,
                )
                if appos is None and (
                    at_head[2].label not in PERSON_LABELS or any(w.islower() for w in at_head[2].name.split())
                ):
                    appos = self._person_after(doc, end)
                return (appos or at_head)[2]
            after = [m for m in inside if m[0] > head]
            persons = [m for m in after if m[2].label in PERSON_LABELS]
            if persons:  # "The Keeper of the Records, Amina Yusuf": the name after the title
                return persons[0][2]
            named = self._appositive(doc, head_tok, end)
            if named is not None:
                return named
            if head_word in RELATION_NOUNS and not after:
                return None  # "Carter's mother", "Trump's lawyer": someone else, not named here
            inside = [m for m in inside if m[2].label in SPEAKER_LABELS]  # not a title ("Arrogant")
            if not inside:
                return None
        persons = [m for m in inside if m[2].label in PERSON_LABELS]
        return (persons or inside)[-1][2]

    def _person_after(self, doc: Doc, end: int) -> tuple[int, int, Entity] | None:
        """A person named right after ``end`` behind a comma (``The Keeper of the Records, Amina
        Yusuf, said``)."""
        k = bisect.bisect_left(self._starts, end)
        for m in self._mentions[k : k + 3]:
            if self._text[end : m[0]].strip(" ") != ",":
                return None
            if m[2].label in PERSON_LABELS:
                return m
        return None

    def _token(self, doc: Doc, pos: int | None) -> Any:
        if pos is None:
            return None
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _appositive(self, doc: Doc, tok: Any, end: int) -> Entity | None:
        """The entity named in an apposition to the source's head word (``its director, Samuel
        Reyes, said``; ``the influential local daily, the Harbor Courier, said``), right after the
        source ends (``end``) or inside it."""
        if tok is None:
            return None
        for ch in tok.children:
            if ch.dep_ != "appos" or self._text[end : ch.left_edge.idx].strip(" ,") or ch.i < tok.i:
                continue
            found = self._mention_in(ch.left_edge.idx, ch.right_edge.idx + len(ch.right_edge.text), ch.idx)
            if found is not None:
                return found
        return None

    def _mention_in(self, lo: int, hi: int, prefer: int | None = None) -> Entity | None:
        k = bisect.bisect_left(self._starts, hi)
        inside = [m for m in self._mentions[:k] if m[1] > lo]
        if not inside:
            return None
        if prefer is not None:
            best = next((m for m in inside if m[0] <= prefer < m[1]), None)
            if best is not None:
                return best[2]
        return inside[-1][2]

    def _mention_at(self, tok: Any) -> Entity | None:
        return self._mention_in(tok.idx, tok.idx + len(tok.text), tok.idx)

    def _relative(self, doc: Doc, start: int) -> Entity | None:
        """``who``/``which``/``that``: the noun the relative clause attaches to, if it is named,
        in apposition to a name, or the complement of a named subject (``Kaine is a lawyer who``)."""
        tok = self._token(doc, start)
        if tok is None:
            return None
        verb = tok.head
        if verb.dep_ not in ("relcl", "acl") or verb.head is verb:
            return self._name_just_before(start, _word(tok.text))
        noun = verb.head
        while True:  # "Mr. Kerry and Mr. Obama, who": the conjunct nearest the pronoun
            nxt = next((c for c in noun.children if c.dep_ == "conj" and c.i < tok.i), None)
            if nxt is None:
                break
            noun = nxt
        found = self._mention_at(noun)
        if found is not None and found.label in SPEAKER_LABELS:
            if _word(tok.text) != "who" or found.label in PERSON_LABELS:
                return found
            # "Donna Rawlings, 59, of Ashton, Md., who": the person the place belongs to
            up = noun
            while up.dep_ in ("pobj", "prep", "appos", "npadvmod", "conj") and up.head is not up:
                up = up.head
                person = self._mention_at(up)
                if person is not None and person.label in PERSON_LABELS:
                    return person
            return None
        if found is not None:
            return None
        if noun.dep_ == "appos" and noun.head is not noun:
            found = self._mention_at(noun.head)
            if found is not None:
                return found
        for ch in noun.children:
            if ch.dep_ == "appos" or (ch.dep_ == "poss" and _word(noun.text) in DOCUMENT_NOUNS):
                found = self._mention_at(ch)
                if found is not None:
                    return found
        if noun.dep_ == "attr":
            for ch in noun.head.children:
                if ch.dep_ in _SUBJECT_DEPS:
                    return self._mention_at(ch)
        return None

    def _pair(self, start: int, head_word: str) -> Entity | None:
        """``both men``, ``the two candidates``, ``this pair of multimillionaires``: the first
        named of the last two people named within ``WINDOW`` sentences (either counts as right);
        nothing when fewer than two are, or when the pair is not of people (``the two
        countries``: a place named nearby may be a city or a state)."""
        if head_word not in _PAIR_OF_PEOPLE and head_word not in PERSON_NOUNS:
            return None
        first = self._sent_of(start) - WINDOW + 1
        two: list[Entity] = []
        for a, _, ent in self._before(start):
            if self._sent_of(a) < first:
                break
            if ent.label in PERSON_LABELS and all(ent.id != e.id for e in two):
                two.append(ent)
                if len(two) == 2:
                    return two[1]
        return None

    def _name_just_before(self, start: int, pron: str) -> Entity | None:
        """A name that the relative pronoun follows directly (``... turned to the Chicago Police
        Department which reported``) when the parse did not attach the clause to it: a person
        for ``who``, an organisation for ``which``/``that``."""
        before = self._before(start)
        if not before:
            return None
        _, end, ent = before[0]
        if self._text[end:start].strip(" ,\t"):
            return None
        labels = PERSON_LABELS if pron in ("who", "whom", "whose") else _ORG
        return ent if ent.label in labels else None

    def _possessive(self, doc: Doc, start: int, pron: str, head_word: str) -> Entity | None:
        """``her campaign``, ``his website``: the possessor; ``his attorney``, ``its troops``:
        someone else, unnamed."""
        if head_word not in ORG_NOUNS and head_word not in DOCUMENT_NOUNS:
            return None
        if pron == "his":
            return self._salient(doc, start, PERSON_LABELS, "m")
        if pron == "her":
            return self._salient(doc, start, PERSON_LABELS, "f")
        if pron == "its":
            return self._salient(doc, start, _ORG)
        return None

    def _definite(
        self, doc: Doc, start: int, head_tok: Any, head_word: str, plural: bool = False
    ) -> Entity | None:
        """``the president``, ``the company``, ``the poll``."""
        if head_word in _GROUP_NOUNS:
            return None
        person = (
            head_word in PERSON_NOUNS or head_word in RELATION_NOUNS or head_word.endswith(("man", "woman"))
        )
        labels = PERSON_LABELS if person else _PLACE if head_word in PLACE_NOUNS else SPEAKER_LABELS - {"GPE"}
        earlier = self._same_noun(doc, start, head_tok, head_word, tuple(labels))
        if earlier is False:
            return None
        if isinstance(earlier, Entity):
            return earlier
        if head_word in DOCUMENT_NOUNS:
            return self._document_maker(doc, start, head_tok)
        if plural:
            if person:
                return self._salient(doc, start, (), coordinated=True, subjects_only=True, reach=WINDOW)
            return None
        if head_word in PLACE_NOUNS:
            return self._salient(doc, start, _PLACE, reach=WINDOW)
        if head_word in ORG_NOUNS:
            return self._salient(doc, start, _ORG, reach=WINDOW)
        if person:
            titled = self._titled(start, head_word)
            if titled is not None:
                return titled
            want = "f" if head_word in _FEMALE_WORDS else "m" if head_word in _MALE_WORDS else None
            return self._salient(doc, start, PERSON_LABELS, want, reach=WINDOW)
        return None

    def _titled(self, pos: int, noun: str) -> Entity | None:
        """The nearest person before ``pos`` whose recorded titles hold ``noun`` (or a spelling
        of the same role)."""
        for _, _, ent in self._before(pos):
            if ent.label in PERSON_LABELS and any(
                _same_role(_word(w), noun) for t in ent.titles for w in t.split()
            ):
                return ent
        return None

    def _same_noun(
        self, doc: Doc, start: int, head_tok: Any, head_word: str, labels: Sequence[str]
    ) -> Entity | bool | None:
        """The entity of the last earlier phrase with the same head noun (``a Bloomberg poll``
        ... ``the poll``; ``Donald Trump's campaign`` ... ``the campaign``): a name on the noun,
        its compound or possessor, or the object of its ``of``/``from``/``by``. ``False`` when the
        nearest such phrase names nobody (``the group of voters`` ... ``the group``): then neither
        does the description. Bare anaphors on the way (another ``the campaign``) are passed over."""
        if head_tok is None or not self._has_deps:
            return None
        lemma = head_tok.lemma_.lower() or head_word
        section = self._section_start(start)
        for tok in reversed(doc[: head_tok.i]):
            if tok.idx < section:
                break
            if tok.idx >= start or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if tok.lemma_.lower() != lemma and tok.lower_ != head_word:
                continue
            if self._quote_of(tok.idx) is not None or (tok.pos_ == "PROPN" and head_tok.pos_ != "PROPN"):
                continue  # "the research" is not the Potsdam Institute for Climate Impact Research
            if (tok.tag_ in ("NNS", "NNPS")) != (head_tok.tag_ in ("NNS", "NNPS")):
                continue  # "the nations" is not "the nation of Kiribati"
            found = self._mention_at(tok)
            if found is None and head_word in DOCUMENT_NOUNS:
                found = self._maker_of(doc, tok)  # "said in a statement that ..." ... "the statement"
            if found is not None:
                return found if found.label in labels else None
            other = False  # a name of another kind on the phrase: an affiliation ("a New York judge")
            for ch in tok.children:
                if ch.dep_ in ("compound", "poss", "nmod") and ch.i < tok.i:
                    found = self._mention_in(ch.left_edge.idx, ch.idx + len(ch.text), ch.idx)
                elif ch.dep_ == "prep" and ch.lower_ in ("of", "from", "by"):
                    obj = next((c for c in ch.children if c.dep_ == "pobj"), None)
                    found = self._phrase_entity(obj) if obj is not None else None
                else:
                    found = None
                if found is not None and found.label in labels:
                    return found
                other = other or found is not None
            if tok.dep_ == "appos":
                found = self._mention_at(tok.head)
                if found is not None and found.label in labels:
                    return found
            if other:
                return None
            if all(c.dep_ in _BARE_DEPS and (c.dep_ != "poss" or c.pos_ == "PRON") for c in tok.children):
                continue  # a bare "the campaign", "his bank": look further back for the one it names
            return False  # the nearest same-noun phrase names nobody: so does this one
        return None

    def _document_maker(self, doc: Doc, start: int, head_tok: Any) -> Entity | None:
        """``A web video by the RNC`` ... ``The ad`` ... ``The clip says``: a document described
        again under another noun speaks for whoever made the nearest document phrase before it,
        within ``WINDOW`` sentences: a name on that phrase, its possessor (``her new documentary``
        ... ``The film``: the woman ``her`` refers to), its ``by`` (``a report released by``), or
        the subject of a verb of making (``the RNC released an ad``). Bare phrases on the way
        (another ``the ad``) are passed over; a phrase that names nobody stops the search.
        A headline's document (``Poll: Clinton and Trump tied``) is the one its story names
        first, within ``WINDOW`` sentences (``according to a new Washington Post-ABC News
        poll``)."""
        if head_tok is None or not self._has_deps:
            return None
        if "\n" not in self._text[:start] and self._sent_of(start) == 0:
            last = WINDOW
            for tok in doc[head_tok.i + 1 :]:
                if self._sent_of(tok.idx) > last:
                    break
                if tok.pos_ == "NOUN" and tok.lemma_.lower() == head_tok.lemma_.lower():
                    found = self._maker_of(doc, tok)
                    if found is not None:
                        return found if found.label in SPEAKER_LABELS else None
            return None
        first = self._sent_of(start) - DOCUMENT_REACH + 1
        section = self._section_start(start)
        for tok in reversed(doc[: head_tok.i]):
            if tok.idx >= start or tok.pos_ != "NOUN":
                continue
            if self._sent_of(tok.idx) < first or tok.idx < section:
                break
            if _word(tok.lemma_ or tok.text) not in DOCUMENT_NOUNS or self._quote_of(tok.idx) is not None:
                continue
            found = self._maker_of(doc, tok)
            if found is not None:
                return found if found.label in SPEAKER_LABELS else None
            if not all(c.dep_ in _BARE_DEPS for c in tok.children):
                return None
        return None

    def _document_subject_before(self, doc: Doc, start: int) -> Any:
        """``The ad then references ... It also mentions``: when a subject ``it`` continues a
        previous sentence's subject that is a document described without a name (``the ad``,
        ``the report``), that subject's head token; else ``None``."""
        me = self._token(doc, start) if self._has_deps else None
        if me is None or me.dep_ not in _SUBJECT_DEPS:
            return None
        here = self._sent_of(start)
        if here == 0:
            return None
        lo, hi = self._sents[here - 1], self._sents[here]
        for tok in reversed(doc[: me.i]):
            if tok.idx < lo:
                break
            if tok.idx >= hi or tok.dep_ not in _SUBJECT_DEPS or tok.head.dep_ != "ROOT":
                continue
            word = _word(tok.lemma_ or tok.text)
            if word in DOCUMENT_NOUNS and self._mention_at(tok) is None and self._quote_of(tok.idx) is None:
                return tok
            return None
        return None

    def _maker_of(self, doc: Doc, tok: Any) -> Entity | None:
        """Who made the document phrase headed by ``tok`` (see :meth:`_document_maker`)."""
        found = self._mention_at(tok)
        if found is not None:
            return found
        for ch in tok.children:
            if ch.dep_ in ("compound", "poss", "nmod") and ch.i < tok.i:
                low = _word(ch.text)
                if ch.dep_ == "poss" and low in _POSSESSIVE:  # "her new documentary"
                    return self._possessive(doc, ch.idx, low, _word(tok.lemma_ or tok.text))
                found = self._mention_in(ch.left_edge.idx, ch.idx + len(ch.text), ch.idx)
            elif ch.dep_ == "prep" and ch.lower_ in ("by", "from"):  # "a new ad from his campaign"
                obj = next((c for c in ch.children if c.dep_ == "pobj"), None)
                found = self._phrase_entity(obj) if obj is not None else None
            elif ch.dep_ == "acl":  # "a report released by the agency"
                agent = next((c for c in ch.children if c.dep_ == "agent"), None)
                obj = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                )
                found = self._phrase_entity(obj) if obj is not None else None
            else:
                found = None
            if found is not None:
                return found
        verb = tok.head
        if tok.dep_ == "dobj" and _word(verb.lemma_) in MAKING_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return self._phrase_entity(subj)
        prep = tok.head
        if tok.dep_ == "pobj" and prep.lower_ == "in" and "speech" in verb_class(prep.head.lemma_.lower()):
            # "Kelly Doucet said in a statement" ... "the statement said": whoever said it there
            subj = next((c for c in prep.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return self._phrase_entity(subj) or self._resolved_at(subj.idx)
        return None

    def _resolved_at(self, pos: int) -> Entity | None:
        """The entity of the source already resolved that covers character ``pos``."""
        return next((e for a, b, e in reversed(self._resolved) if a <= pos < b), None)

    def _phrase_entity(self, tok: Any) -> Entity | None:
        found = self._mention_at(tok)
        if found is not None:
            return found
        for ch in tok.children:
            if ch.dep_ in ("compound", "poss") and ch.i < tok.i:
                found = self._mention_in(ch.left_edge.idx, ch.idx + len(ch.text), ch.idx)
                if found is not None:
                    return found
        return None

    # ------------------------------------------------------------------ salience

    def _before(self, pos: int) -> list[tuple[int, int, Entity]]:
        """Mentions ending at or before ``pos``, nearest first."""
        k = bisect.bisect_left(self._starts, pos)
        return [m for m in reversed(self._mentions[:k]) if m[1] <= pos]

    def _is_subject(self, doc: Doc, start: int, end: int, coordinated: bool = False) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        root = span.root
        tok = root
        while tok.dep_ in ("appos", "compound", "conj") and tok.head is not tok:
            tok = tok.head
        return tok.dep_ in _SUBJECT_DEPS

    def _owned_subjects(self, doc: Doc, lo: int, hi: int) -> list[tuple[int, int, Entity]]:
        """Subjects in ``doc.text[lo:hi]`` that are an organisation noun owned by a name
        (``Donald Trump's campaign is defending ...`` -> Donald Trump), as found by
        :meth:`_phrase_entity`, placed at the noun."""
        span = doc.char_span(lo, hi, alignment_mode="contract")
        out = []
        for tok in span or ():
            if tok.dep_ in _SUBJECT_DEPS and _word(tok.lemma_) in ORG_NOUNS:
                ent = self._phrase_entity(tok)
                if ent is not None:
                    out.append((tok.idx, tok.idx + len(tok.text), ent))
        return out

    def _described_people(self, doc: Doc, lo: int, hi: int) -> list[tuple[int, int, Entity]]:
        """Subjects and possessors in ``doc.text[lo:hi]`` that are a definite role noun naming a
        person recorded with that title before it (``In defeat, the president appeared cowed``,
        ``The president's Pacific roots`` -> Barack Obama, titled ``President`` earlier), as
        :meth:`_titled` finds them, placed at the phrase: a pronoun after them refers to that
        person as it would after the name."""
        span = doc.char_span(lo, hi, alignment_mode="contract")
        out = []
        for tok in span or ():
            if tok.dep_ not in _SUBJECT_DEPS and tok.dep_ != "poss":
                continue
            noun = _word(tok.lemma_ or tok.text)
            definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            if noun not in PERSON_NOUNS or not definite:
                continue
            if self._mention_at(tok) is not None:
                continue
            ent = self._titled(tok.idx, noun)
            if ent is not None:
                out.append((tok.left_edge.idx, tok.idx + len(tok.text), ent))
        return out

    def _plural_between(self, doc: Doc, ent: Entity, pos: int) -> bool:
        """Whether an unnamed plural noun (``more than 20 former crew members``,
        ``environmentalists``) stands between the last mention of ``ent`` before ``pos`` and
        ``pos``: a nearer plural that ``they`` may as well refer to, and names nobody. Not for
        a plural name (``Republicans``) or people named together (``Grassley and Leahy``)."""
        if ent.label == "NORP" or not self._has_deps:
            return False  # "Republicans", "Europeans": plural themselves
        ends = [(m.start, m.end) for m in ent.mentions if m.end <= pos]
        ends += [(a, b) for a, b, e in self._resolved if e is ent and b <= pos]
        if not ends:
            return False
        start, end = max(ends, key=lambda x: x[1])
        if ent.label in PERSON_LABELS and self._coordinated(doc, start, end):
            return False  # "Grassley and Leahy": they are the pair
        span = doc.char_span(end, pos, alignment_mode="contract")
        return any(
            tok.tag_ == "NNS"
            and tok.pos_ == "NOUN"
            and self._quote_of(tok.idx) is None
            and self._mention_at(tok) is None
            for tok in span or ()
        )

    def _owns_subject(self, doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or span.root.dep_ != "poss":
            return False
        return span.root.head.dep_ in _SUBJECT_DEPS

    def _is_possessor(self, doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.dep_ == "poss"

    def _coordinated(self, doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        root = span.root
        return root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)

    def _salient(
        self,
        doc: Doc,
        pos: int,
        labels: Sequence[str],
        want: str | None = None,
        *,
        coordinated: bool = False,
        subjects_only: bool = False,
        reach: int | None = None,
        subject_labels: Sequence[str] = (),
    ) -> Entity | None:
        """The most salient compatible entity before ``pos`` (see the module's step 3); entities
        of ``subject_labels`` count only as subjects (``it`` is a town only when the town acts)."""
        text = self._text
        has_deps = self._has_deps
        here = self._sent_of(pos)
        pool = sorted(self._mentions + self._resolved, key=lambda m: m[0])

        resolved = {(a, b) for a, b, _ in self._resolved}

        def subject(a: int, b: int) -> bool:
            return (a, b) in resolved or (has_deps and self._is_subject(doc, a, b))

        def fits(ent: Entity, a: int, b: int) -> bool:
            if ent.label in subject_labels:
                return subject(a, b)
            if ent.label in labels:
                return ent.label not in PERSON_LABELS or _agrees(ent, want, self._genders, text)
            return coordinated and ent.label in PERSON_LABELS and has_deps and self._coordinated(doc, a, b)

        # the speaker of the previous statement that fits (a quote chain)
        prev = next(((a, e) for a, b, e in reversed(self._resolved) if a < pos and fits(e, a, b)), None)

        def passing(cands: list[tuple[int, int, Entity]]) -> Entity:
            if prev is not None and self._sent_of(prev[0]) > here - WINDOW:
                return prev[1]  # the speaker of the previous statement outranks a passing mention
            plain = [c for c in cands if not (has_deps and self._is_possessor(doc, c[0], c[1]))]
            return (plain or cands)[0][2]

        # a pronoun that is its clause's subject continues the subject of the sentence before
        # rather than a name in passing in its own ("In defeat, the president appeared cowed.
        # Campaigning against Mitt Romney, he ...")
        me = self._token(doc, pos) if has_deps else None
        continues = me is not None and me.dep_ in _SUBJECT_DEPS
        deferred: list[tuple[int, int, Entity]] = []
        for s in range(here, max(-1, here - WINDOW), -1):
            if deferred and s < here - 1:
                break
            cands = self._sentence_candidates(doc, s, pos, pool, fits, labels)
            if not cands:
                continue
            subjects = [c for c in cands if subject(c[0], c[1])]
            if not subjects and s < here and has_deps:
                # "The president's Pacific roots also came into play": the subject's possessor
                subjects = [c for c in cands if self._owns_subject(doc, c[0], c[1])]
            if subjects:
                # the main clause's subject of an earlier sentence; the nearest in the pronoun's own
                return subjects[-1 if s == here else 0][2]
            if subjects_only:
                continue
            if s == here and continues:
                deferred = cands
                continue
            return passing(deferred or cands)
        if deferred:
            return passing(deferred)
        if prev is not None and (reach is None or self._sent_of(prev[0]) > here - reach):
            return prev[1]  # no antecedent in the window: the speaker of the previous statement
        return None

    def _sentence_candidates(
        self,
        doc: Doc,
        s: int,
        pos: int,
        pool: Sequence[tuple[int, int, Entity]],
        fits: Callable[[Entity, int, int], bool],
        labels: Sequence[str],
    ) -> list[tuple[int, int, Entity]]:
        """The antecedents ``fits`` accepts in sentence ``s`` before ``pos``, in text order:
        mentions (not inside a quotation the pronoun is outside of), organisation nouns owned by
        a name, and role nouns standing for a titled person."""
        lo = self._sents[s]
        hi = min(self._sents[s + 1] if s + 1 < len(self._sents) else len(self._text), pos)
        quote = self._quote_of(pos)
        cands = []
        for a, b, ent in pool:
            if a < lo or b > hi or (a, b) == (pos, pos):
                continue
            q = self._quote_of(a)
            if q is not None and q != quote:
                continue  # a name inside a quotation is not the antecedent of a pronoun outside it
            if fits(ent, a, b):
                cands.append((a, b, ent))
        if self._has_deps and "ORG" in labels:
            cands += self._owned_subjects(doc, lo, hi)
        if self._has_deps and "PERSON" in labels:
            cands += [c for c in self._described_people(doc, lo, hi) if fits(c[2], c[0], c[1])]
        cands.sort(key=lambda c: c[0])
        return cands


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
