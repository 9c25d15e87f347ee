"""Word classes of attribution cues, written from the linguistics of reported speech and
attitude (Levin's verb classes of communication, judgement, psych and desire verbs; the
cue lists of news attribution work such as PARC and citron).

They are features, not rules: the cue model learns how much each class is worth, so that a
verb seen a few times in training (``decried``, ``satirized``, ``lauded``) borrows strength from
the frequent members of its class (``criticized``, ``praised``). Nothing here was taken from the
evaluation data.
"""

from __future__ import annotations

__all__ = ["ADDRESSEE_VERBS", "NOUN_CLASSES", "VERB_CLASSES", "noun_class", "verb_class"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: verb lemma classes (a lemma may sit in more than one)
VERB_CLASSES: dict[str, frozenset[str]] = {
    # saying and writing, manner of speaking
    "speech": _words(
        """say tell state declare announce add note remark comment explain reply respond answer
        write tweet retweet post blog email text report reveal disclose confirm deny
        admit acknowledge concede insist maintain argue contend assert claim allege aver suggest
        propose recommend mention cite quote repeat reiterate recall recount relate narrate
        testify inform notify advise brief tell caution alert signal indicate hint imply
        insinuate joke quip boast brag complain lament grumble moan whine protest object shout
        yell scream chant cry whisper mutter murmur exclaim proclaim preach lecture speak talk
        discuss debate echo clarify elaborate specify detail outline summarize conclude agree
        disagree concur dispute contest question query ask inquire wonder demand urge plead beg
        implore request invite encourage press exhort order instruct direct command apologize
        thank congratulate greet predict forecast estimate emphasize stress underscore underline
        highlight point stipulate affirm reaffirm profess avow attest certify vouch swear
        acknowledge muse opine observe interject retort counter rebut refute contradict correct
        concede confess divulge leak publish release issue circulate broadcast air telegraph
        signal theorize speculate surmise posit hypothesize""",
    ),
    # naming and describing someone or something as something
    "describe": _words(
        """call label dub brand term name describe characterize portray depict paint cast frame
        style tag deem pronounce refer liken compare equate""",
    ),
    # praise and blame
    "judge": _words(
        """praise commend applaud laud hail compliment credit congratulate honor celebrate salute
        toast extol acclaim exalt glorify lionize criticize condemn denounce decry deplore slam
        blast rip lash attack assail bash knock chide scold rebuke reprimand berate castigate
        censure fault blame accuse charge mock ridicule deride satirize lampoon taunt needle
        insult belittle disparage dismiss scorn smear vilify demonize slander libel defame malign
        disparage excoriate lambaste skewer pan trash savage hammer pummel chastise admonish
        reproach upbraid impugn question challenge second-guess ridicule jeer heckle boo
        caricature parody spoof mock""",
    ),
    # taking sides
    "stance": _words(
        """support back endorse champion favor advocate defend embrace welcome sponsor tout
        promote push lobby campaign rally side oppose resist fight block veto reject repudiate
        disavow renounce boycott protest object spurn rebuff snub denounce abandon ditch
        withdraw recant retract reverse flip-flop waver hesitate equivocate hedge straddle
        stand uphold vindicate justify excuse rationalize""",
    ),
    # thinking, knowing, expecting
    "cognition": _words(
        """believe think feel consider regard view see know realize understand recognize
        assume presume suppose suspect guess expect anticipate imagine conclude decide determine
        judge deem reckon figure doubt wonder question trust distrust mistrust perceive sense
        accept acknowledge remember recall forget ignore overlook notice discover learn find
        conclude infer deduce reason calculate gauge assess evaluate weigh ponder contemplate
        envision foresee predict""",
    ),
    # wanting, fearing, liking
    "attitude": _words(
        """want wish hope desire prefer like love hate dislike despise detest loathe abhor admire
        respect revere adore cherish value appreciate enjoy relish resent regret rue fear dread
        worry fret agonize care mind crave covet envy pity lament mourn grieve welcome favor
        relish savor tolerate accept reject""",
    ),
    # committing, intending, trying
    "commit": _words(
        """plan intend aim seek try attempt strive endeavor vow pledge promise commit refuse
        decline agree offer threaten volunteer resolve undertake guarantee assure reassure
        swear consent hesitate balk""",
    ),
    # evidence showing something
    "evidence": _words(
        """show find reveal suggest indicate demonstrate prove confirm document establish
        illustrate reflect underscore highlight expose uncover unearth corroborate contradict
        undermine refute disprove""",
    ),
}

#: verbs whose direct object is the hearer and whose that-clause is what was said (``told
#: reporters that X``, ``warned the council that X``)
ADDRESSEE_VERBS = _words(
    """tell inform notify advise brief assure reassure warn remind caution alert convince persuade
    promise teach email text write"""
)

#: noun classes for the object of a light verb (``made the case``, ``issued a statement``,
#: ``expressed concern``, ``gave his support``)
NOUN_CLASSES: dict[str, frozenset[str]] = {
    "message": _words(
        """statement remark comment claim assertion argument case point speech address letter
        tweet post message email note memo interview testimony announcement declaration
        proclamation release response reply answer question query request demand appeal plea call
        warning threat promise pledge vow assurance guarantee admission confession denial
        accusation allegation charge complaint criticism praise attack defense rebuttal
        retort joke quip story account version explanation suggestion proposal recommendation
        prediction forecast estimate report finding conclusion verdict judgment assessment
        opinion view position stance line message slogan mantra refrain theme pitch""",
    ),
    "feeling": _words(
        """concern worry fear doubt hope belief confidence optimism pessimism skepticism support
        opposition objection disapproval approval admiration respect contempt disdain scorn
        outrage anger frustration disappointment dismay alarm regret sympathy condolence
        gratitude thanks appreciation enthusiasm interest desire wish preference reservation
        misgiving dissatisfaction satisfaction displeasure pleasure""",
    ),
}

_VERB_INDEX: dict[str, tuple[str, ...]] = {}
for _cls, _lemmas in VERB_CLASSES.items():
    for _lemma in _lemmas:
        _VERB_INDEX[_lemma] = (*_VERB_INDEX.get(_lemma, ()), _cls)
_NOUN_INDEX: dict[str, tuple[str, ...]] = {}
for _cls, _lemmas in NOUN_CLASSES.items():
    for _lemma in _lemmas:
        _NOUN_INDEX[_lemma] = (*_NOUN_INDEX.get(_lemma, ()), _cls)


def verb_class(lemma: str) -> tuple[str, ...]:
    """The classes of a verb lemma (``("judge",)`` for ``decry``); empty when it has none."""
    return _VERB_INDEX.get(lemma, ())


def noun_class(lemma: str) -> tuple[str, ...]:
    """The classes of a noun lemma (``("message",)`` for ``statement``); empty when none."""
    return _NOUN_INDEX.get(lemma, ())
