"""What kind of statement an attribution is: ``speech``, ``thought``, ``evidence``,
``intention`` or ``other``.

A newsroom asking "what did she say" wants speech acts; PolNeAR, which the finder is trained
on, also annotates beliefs (``believes``, ``expects``), findings (``a study found``) and
intentions (``plans``, ``vowed``). The type is read off the cue and the source, by these rules
in this order (:func:`classify`):

1. a source that is a document, a study or a count (``a poll``, ``the report``, ``data``) makes
   the statement ``evidence``, whatever the cue (``the report said``, ``according to a survey``);
2. ``according to`` a person or an organisation is ``speech``;
3. the cue's verb lemma, looked up in :data:`TYPE_LEXICON` (the last word of the cue that is in
   it: ``continued to portray`` is ``portray``). Verbs of finding (``find``, ``show``) are
   ``evidence``; ``suggest``, ``reveal`` and ``conclude`` are ``evidence`` only with a document
   source (rule 1) and ``speech`` otherwise;
   A charge with no one making it (``was charged with assault``) is a court's, not a statement:
   ``other`` (:data:`LEGAL_WITHOUT_SOURCE`);
4. a cue that is layout, not a word (a speaker's label's colon, a dash before a name:
   :data:`.attr_layout.LAYOUT_CUES`) is ``speech``;
5. a cue in none of these with a quotation as its content (``"We will win," Trump boasted``) is
   ``speech``; anything else is ``other``.

The lexicon was written from the reported-speech and attitude verb classes of the cue lexicon
(:mod:`.lexicon`, Levin's classes, PARC and citron), split by what a newsroom quote tracker
counts as speech; nothing in it was taken from the evaluation data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import ATTRIBUTION_TYPES
from .attr_layout import LAYOUT_CUES

__all__ = ["DOCUMENT_NOUNS", "LEGAL_WITHOUT_SOURCE", "TYPE_LEXICON", "classify", "type_of_lemma"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: verb lemma -> statement type
_TYPE_WORDS: dict[str, frozenset[str]] = {
    "speech": _words(
        """say tell state declare announce add note remark comment explain reply respond answer
        write tweet retweet post blog email text report disclose confirm deny admit acknowledge
        concede insist maintain argue contend assert claim allege aver propose recommend mention
        cite quote repeat reiterate recall recount relate narrate testify inform notify advise
        brief caution alert warn signal hint imply insinuate joke quip boast brag complain lament
        grumble moan whine protest object shout yell scream chant cry whisper mutter murmur
        exclaim proclaim preach lecture speak talk discuss debate echo clarify elaborate specify
        detail outline summarize agree disagree concur dispute contest question query ask
        inquire demand urge plead beg implore request invite encourage press exhort order
        instruct direct command apologize thank congratulate greet predict forecast emphasize
        stress underscore underline highlight point stipulate affirm reaffirm profess avow
        attest certify vouch swear opine observe interject retort counter rebut refute
        contradict correct confess divulge leak publish release issue circulate broadcast
        theorize speculate posit hypothesize call label dub brand term describe characterize
        portray depict paint cast frame style deem pronounce refer liken compare equate praise
        commend applaud laud hail compliment credit honor salute extol acclaim criticize condemn
        denounce decry deplore slam blast rip lash attack assail bash knock chide scold rebuke
        reprimand berate castigate censure fault blame accuse charge mock ridicule deride
        taunt insult belittle disparage dismiss scorn smear vilify slander excoriate lambaste
        chastise admonish reproach challenge jeer heckle endorse defend tout lobby reject
        repudiate disavow renounce recant retract counsel suggest reveal conclude estimate
        welcome""",
    ),
    "thought": _words(
        """believe think feel consider regard view know realize understand recognize assume
        presume suppose suspect guess expect anticipate imagine doubt reckon figure trust
        distrust mistrust perceive sense remember forget notice wonder ponder contemplate
        envision foresee fear worry dread fret hope wish want desire prefer like love hate
        dislike despise resent regret seem appear sound look worried concerned
        convinced confident sure certain aware skeptical optimistic pessimistic afraid hopeful
        eager""",
    ),
    "evidence": _words(
        """find show demonstrate prove indicate document establish illustrate reflect
        corroborate uncover unearth disprove""",
    ),
    "intention": _words(
        """plan intend aim seek try attempt strive vow pledge promise commit threaten volunteer
        resolve undertake guarantee refuse decline offer""",
    ),
}

#: verb lemma -> type (a lemma in two lists takes the later one: ``suggest`` is speech here and
#: evidence only through a document source)
TYPE_LEXICON: dict[str, str] = {w: t for t, words in _TYPE_WORDS.items() for w in words}

#: cue lemmas that, with no source, name a legal step rather than a statement (``was charged
#: with assault``)
LEGAL_WITHOUT_SOURCE = _words("charge")

#: head nouns of sources that are documents, studies or counts rather than people
DOCUMENT_NOUNS = _words(
    """study studies poll polls survey surveys report reports research data analysis analyses
    figures statistics numbers records documents document filing filings review audit
    investigation probe census tally results count model index test tests paper papers
    memo memos email emails letter letters transcript transcripts indictment complaint lawsuit
    ruling order findings evidence estimate estimates projections forecast forecasts
    assessment assessments footage video recording photos images book article story
    database records"""
)

#: words after a source's head noun (``a poll of likely voters``, ``the report released on ...``)
_HEAD_STOPS = frozenset(
    ["of", "by", "from", "for", "on", "in", "released", "published", "conducted", "that", "which"]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ACCORDING = re.compile(r"\baccording\b", re.IGNORECASE)

assert set(_TYPE_WORDS) <= set(ATTRIBUTION_TYPES)


def type_of_lemma(lemma: str) -> str | None:
    """The type of a cue verb lemma, or ``None`` when the lexicon does not know it."""
    return TYPE_LEXICON.get(lemma.lower())


def _source_is_document(source: str | None) -> bool:
    """``a new poll``, ``the State Department's report``, ``data from the census``: the source's
    words name a document or a count (the head is taken as the last word before ``of``/``by``/
    ``from``, or the last word)."""
    if not source:
        return False
    words = [w.lower() for w in _WORD.findall(source)]
    cut = next((k for k, w in enumerate(words) if k > 0 and w in _HEAD_STOPS), len(words))
    words = words[:cut]
    return bool(words) and words[-1] in DOCUMENT_NOUNS


def classify(cue_text: str | None, lemmas: Sequence[str], source_text: str | None, quoted: bool) -> str:
    """The statement type for a cue (its text and the lemmas of its words, in order), the
    source's words, and whether the content holds a quotation (see the module docstring)."""
    if _source_is_document(source_text):
        return "evidence"
    if cue_text and _ACCORDING.search(cue_text):
        return "speech"
    for lemma in reversed(lemmas):
        found = type_of_lemma(lemma)
        if found is not None:
            if not source_text and lemma.lower() in LEGAL_WITHOUT_SOURCE:
                return "other"
            return found
    if cue_text and cue_text.strip() in LAYOUT_CUES:
        return "speech"
    return "speech" if quoted else "other"
