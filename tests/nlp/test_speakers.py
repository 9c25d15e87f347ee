"""Speaker resolution: rule logic on hand-built entities (no model), then patterns with the model."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.nlp import entities as entity_stage
from dateline.nlp.speakers import SpeakerIndex, entities_from_doc, gender, gender_of_first_name
from dateline.records import Entity, Mention

TEXT = (
    "Jane Roe met Acme Corp. in Boston. The spokeswoman said it went well. "
    "The company said prices would fall. A spokesman said nothing. They agreed. She left."
)


def doc_of(text: str) -> Doc:
    return spacy.blank("en")(text)


def ent(eid: str, name: str, label: str, *forms: str, titles: tuple[str, ...] = ()) -> Entity:
    mentions = []
    for form in forms:
        start = TEXT.index(form)
        mentions.append(Mention(start, start + len(form), form))
    return Entity(id=eid, name=name, label=label, mentions=tuple(mentions), titles=titles)


ROE = ent("E1", "Jane Roe", "PERSON", "Jane Roe", titles=("spokeswoman",))
ACME = ent("E2", "Acme Corp.", "ORG", "Acme Corp.")


def resolve(index: SpeakerIndex, words: str, nth: int = 0) -> tuple[str | None, str | None]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    res = index.resolve(doc_of(TEXT), start, start + len(words), start + len(words) - len(words.split()[-1]))
    return res.name, res.entity_id


def test_name_mention_inside_the_source() -> None:
    index = SpeakerIndex([ROE, ACME])
    assert resolve(index, "Jane Roe") == ("Jane Roe", "E1")


def test_definite_descriptions_resolve_by_kind() -> None:
    index = SpeakerIndex([ROE, ACME])
    assert resolve(index, "The spokeswoman") == ("Jane Roe", "E1")
    assert resolve(index, "The company") == ("Acme Corp.", "E2")


def test_pronouns_follow_the_speakers_before_them() -> None:
    # resolved in text order, as the attribution stage does: "They" finds the company just
    # resolved, "She" (five sentences on) the last person who spoke
    index = SpeakerIndex([ROE, ACME])
    assert resolve(index, "The spokeswoman") == ("Jane Roe", "E1")
    assert resolve(index, "The company") == ("Acme Corp.", "E2")
    assert resolve(index, "They") == ("Acme Corp.", "E2")
    assert resolve(index, "She") == ("Jane Roe", "E1")


def test_pronoun_without_antecedent_in_reach_stays_unresolved() -> None:
    index = SpeakerIndex([ROE, ACME])
    assert resolve(index, "She") == (None, None)


def test_indefinite_description_stays_unresolved() -> None:
    index = SpeakerIndex([ROE, ACME])
    assert resolve(index, "A spokesman") == (None, None)


def test_nothing_before_the_pronoun_gives_nothing() -> None:
    index = SpeakerIndex([])
    assert resolve(index, "She") == (None, None)


def test_entities_from_doc_merges_either_end_of_a_full_name() -> None:
    nlp = spacy.blank("en")
    words = ["Xi", "Jinping", "wrote", ".", "Xi", "said", "so", ".", "Acme", "agreed", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O", "B-ORG", "O", "O"],
    )
    ents = entities_from_doc(doc)
    assert [(e.name, e.label, [m.text for m in e.mentions]) for e in ents] == [
        ("Xi Jinping", "PERSON", ["Xi Jinping", "Xi"]),
        ("Acme", "ORG", ["Acme"]),
    ]


# --------------------------------------------------------------------------- rules without a parser


def blank_resolve(text: str, ents: list[Entity], *sources: str) -> list[str | None]:
    """Resolve ``sources`` (first occurrences, in order) in ``text`` on a blank pipeline."""
    doc = doc_of(text)
    index = SpeakerIndex(ents)
    out = []
    for src in sources:
        start = text.index(src)
        out.append(index.resolve(doc, start, start + len(src), start + len(src) - len(src.split()[-1])).name)
    return out


def named(text: str, eid: str, name: str, label: str, *forms: str, titles: tuple[str, ...] = ()) -> Entity:
    mentions = [Mention(text.index(f), text.index(f) + len(f), f) for f in forms]
    return Entity(id=eid, name=name, label=label, mentions=tuple(mentions), titles=titles)


def test_she_never_resolves_to_a_school() -> None:
    text = "Riverside Academy opened a new wing on Monday. She said the pupils were proud."
    school = named(text, "E1", "Riverside Academy", "ORG", "Riverside Academy")
    assert blank_resolve(text, [school], "She") == [None]


def test_she_skips_a_man_named_nearer() -> None:
    text = "Susan Clark met Robert Jones on Tuesday. She said the talks went well. He agreed."
    susan = named(text, "E1", "Susan Clark", "PERSON", "Susan Clark")
    robert = named(text, "E2", "Robert Jones", "PERSON", "Robert Jones")
    assert blank_resolve(text, [susan, robert], "She", "He") == ["Susan Clark", "Robert Jones"]


def test_it_is_the_utility_not_the_town() -> None:
    text = "Northern Power Company serves the town. Outages hit Millbrook on Monday. It said crews were out."
    utility = named(text, "E1", "Northern Power Company", "ORG", "Northern Power Company")
    town = named(text, "E2", "Millbrook", "GPE", "Millbrook")
    assert blank_resolve(text, [utility, town], "It") == ["Northern Power Company"]


def test_the_ministry_is_an_organisation_not_a_place() -> None:
    text = "The Ministry of Health met in Paris. Talks ran late in Paris. The ministry said it would act."
    ministry = named(text, "E1", "Ministry of Health", "ORG", "Ministry of Health")
    paris = named(text, "E2", "Paris", "GPE", "Paris")
    assert blank_resolve(text, [ministry, paris], "The ministry") == ["Ministry of Health"]


def test_a_relative_pronoun_the_parse_left_unattached_takes_the_name_just_before() -> None:
    """Without a parse attaching the clause, ``which`` takes the organisation it directly
    follows and ``who`` the person; a name of the wrong kind, or words between, give nothing."""
    text = (
        "Reporters turned to Acme Corp which said sales rose. Then Jane Roe, who said nothing, left. "
        "Critics asked Beta Bank, who said no. Zed Inc. hired staff. The board, which met, agreed."
    )
    acme = named(text, "E1", "Acme Corp", "ORG", "Acme Corp")
    roe = named(text, "E2", "Jane Roe", "PERSON", "Jane Roe")
    beta = named(text, "E3", "Beta Bank", "ORG", "Beta Bank")
    zed = named(text, "E4", "Zed Inc.", "ORG", "Zed Inc.")
    index, doc = SpeakerIndex([acme, roe, beta, zed]), doc_of(text)

    def at(needle: str) -> str | None:
        start = text.index(needle)
        word = needle.split()[0]
        return index.resolve(doc, start, start + len(word), start).name

    assert [at("which said"), at("who said nothing"), at("who said no."), at("which met")] == [
        "Acme Corp",
        "Jane Roe",
        None,
        None,
    ]


def test_both_men_is_one_of_the_last_two_people_named() -> None:
    """A pair description names the first of the last two people named (either is right); with
    one person named, or a pair of places, nobody."""
    text = "Barack Obama ran against John McCain. Both men said climate mattered."
    obama = named(text, "E1", "Barack Obama", "PERSON", "Barack Obama")
    mccain = named(text, "E2", "John McCain", "PERSON", "John McCain")
    assert blank_resolve(text, [obama, mccain], "Both men") == ["Barack Obama"]
    assert blank_resolve(text, [obama], "Both men") == [None]
    text = "Mexico met Canada and John McCain. The two countries said trade mattered."
    places = [named(text, f"E{k}", n, "GPE", n) for k, n in enumerate(("Mexico", "Canada"))]
    assert blank_resolve(text, places, "The two countries") == [None]


def test_the_republican_is_a_person_not_the_party() -> None:
    """``The Republican`` (a party's member, or ``the Russian``) describes one person; ``the
    Chinese`` stays the group."""
    text = "Donald Trump spoke in Ohio. The Republican said the mic was bad. The Chinese said no."
    trump = named(text, "E1", "Donald Trump", "PERSON", "Donald Trump")
    gop = named(text, "E2", "Republican", "NORP", "Republican")
    chinese = named(text, "E3", "Chinese", "NORP", "Chinese")
    assert blank_resolve(text, [trump, gop, chinese], "The Republican", "The Chinese") == [
        "Donald Trump",
        "Chinese",
    ]


@pytest.mark.parametrize(
    ("title", "noun"), [("Sen.", "senator"), ("Gov.", "governor"), ("Rep.", "representative")]
)
def test_the_senator_is_the_person_titled_sen(title: str, noun: str) -> None:
    """An abbreviated title (``Sen. Lindsey Graham``) names the role its description uses
    (``the senator``), past a person named nearer."""
    text = f"{title} Lindsey Graham spoke on Monday. Donald Trump disagreed. The {noun} said so."
    graham = named(text, "E1", "Lindsey Graham", "PERSON", "Lindsey Graham", titles=(title,))
    trump = named(text, "E2", "Donald Trump", "PERSON", "Donald Trump")
    assert blank_resolve(text, [graham, trump], f"The {noun}") == ["Lindsey Graham"]


def test_indefinite_and_plural_sources_stay_unresolved() -> None:
    text = "Acme Corp. cut prices. A spokesman said more cuts would come. Officials said so too."
    acme = named(text, "E1", "Acme Corp.", "ORG", "Acme Corp.")
    assert blank_resolve(text, [acme], "A spokesman", "Officials") == [None, None]


def test_gender_from_titles_and_first_names() -> None:
    text = "Mr. Lee spoke. Hillary Clinton spoke. Clinton spoke. Xi spoke."
    assert gender(named(text, "E1", "Lee", "PERSON", "Lee"), text) == "m"
    assert gender(named(text, "E2", "Hillary Clinton", "PERSON", "Hillary Clinton")) == "f"
    assert gender(named(text, "E3", "Clinton", "PERSON", "Clinton")) is None  # a lone surname
    assert gender(named(text, "E4", "Lee", "PERSON", "Lee", titles=("spokeswoman",))) == "f"
    assert gender_of_first_name("Xi") is None
    assert gender_of_first_name("Ellen") == "f"


# --------------------------------------------------------------------------- with the model


@pytest.fixture(scope="module")
def nlp() -> Language:
    from dateline.nlp import attribution
    from dateline.nlp.model import load

    pipeline = load()
    attribution.prepare(pipeline)
    return pipeline


def model_resolve(nlp: Language, text: str, *sources: str) -> list[str | None]:
    """Resolve ``sources`` (``phrase`` or ``phrase@n`` for the n-th occurrence) in text order
    against the entity stage's entities, the head being the parser's root of each span."""
    doc = nlp(text)
    index = SpeakerIndex(entity_stage.extract(doc))
    spans = []
    for src in sources:
        phrase, _, nth = src.partition("@")
        found = list(re.finditer(rf"\b{re.escape(phrase)}\b", text))
        start = found[int(nth or 0)].start()
        spans.append((start, start + len(phrase)))
    out = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        assert span is not None
        out.append(index.resolve(doc, start, end, span.root.idx).name)
    return out


@pytest.mark.model
def test_title_before_the_name_resolves_to_the_name(nlp: Language) -> None:
    text = "The Keeper of the Records, Amina Yusuf, said the archive would reopen in May."
    assert model_resolve(nlp, text, "The Keeper of the Records, Amina Yusuf") == ["Amina Yusuf"]
    assert model_resolve(nlp, text, "The Keeper of the Records") == ["Amina Yusuf"]


@pytest.mark.model
def test_possessive_relation_is_the_relative_not_the_possessor(nlp: Language) -> None:
    text = "Carter's mother, Ellen, says her son always wanted to sail."
    assert model_resolve(nlp, text, "Carter's mother, Ellen") == ["Ellen"]
    assert model_resolve(nlp, text, "Carter's mother") == ["Ellen"]
    alone = "Michael Carter's mother says her son always wanted to sail."
    assert model_resolve(nlp, alone, "Michael Carter's mother") == [None]


@pytest.mark.model
def test_she_said_after_a_school_finds_the_teacher(nlp: Language) -> None:
    text = (
        "Maria Lopez has taught at Riverside Academy for ten years. "
        "Riverside Academy opened a new library on Monday. "
        "“The children love it,” she said."
    )
    assert model_resolve(nlp, text, "she") == ["Maria Lopez"]


@pytest.mark.model
def test_it_said_is_the_utility_not_the_town(nlp: Language) -> None:
    text = (
        "Northern Power Company restored electricity to most homes on Sunday. "
        "Storms had cut power across Millbrook on Friday. "
        "Crews would work through the night, it said. The utility said costs were not yet known."
    )
    assert model_resolve(nlp, text, "it", "The utility") == ["Northern Power Company"] * 2


@pytest.mark.model
def test_pronoun_follows_the_previous_speaker_past_a_passing_name(nlp: Language) -> None:
    text = (
        "Coach Tom Baker praised the team after the final. "
        "“They played the best football of the season,” Baker said. "
        "The win was sealed by a late goal from Sam Ortiz. "
        "“We will be back next year,” he said."
    )
    assert model_resolve(nlp, text, "Baker said", "he") == ["Tom Baker", "Tom Baker"]


@pytest.mark.model
def test_relative_pronoun_resolves_to_the_named_antecedent(nlp: Language) -> None:
    text = "The bill was backed by Senator John Hale, who said it would pass easily."
    assert model_resolve(nlp, text, "who") == ["John Hale"]


@pytest.mark.model
def test_definite_description_takes_the_name_given_with_the_same_noun(nlp: Language) -> None:
    text = (
        "A Gallup poll released on Monday shows support for the plan rising. "
        "Most voters back the plan, the poll says."
    )
    assert model_resolve(nlp, text, "the poll") == ["Gallup"]


@pytest.mark.model
def test_a_description_does_not_reach_across_a_section_break(nlp: Language) -> None:
    # an AP "The Latest" file: each entry between "___" lines is a story of its own
    story = (
        "10:30 a.m.\n\nDonald Trump's campaign says he will visit Ohio on Monday.\n\n"
        "{sep}\n\n7:45 a.m.\n\nHillary Clinton plans to call on young people to serve.\n\n"
        "The campaign says she will announce the plan on Friday.\n"
    )
    assert model_resolve(nlp, story.format(sep="___."), "The campaign") == [None]
    assert model_resolve(nlp, story.format(sep="Later."), "The campaign") == ["Donald Trump"]


@pytest.mark.model
def test_no_resolution_rather_than_a_wrong_one(nlp: Language) -> None:
    text = (
        "The city council met on Tuesday to discuss the budget. "
        "Officials said the vote would come next week, and a spokesman said nothing more."
    )
    assert model_resolve(nlp, text, "Officials", "a spokesman") == [None, None]


@pytest.mark.model
def test_a_document_named_again_under_another_noun_speaks_for_its_maker(nlp: Language) -> None:
    text = (
        "A new video by the Green Party attacks the mayor's record on housing. "
        "The ad also mentions the closed shelter on Elm Street. "
        "The clip says the mayor “broke his promise to the city.”"
    )
    assert model_resolve(nlp, text, "The ad", "The clip") == ["Green Party", "Green Party"]


@pytest.mark.model
def test_a_document_speaks_for_whoever_released_it(nlp: Language) -> None:
    text = (
        "The Northwind Institute released a report on Monday about rural hospitals. "
        "The study found that a third of them could close within five years."
    )
    assert model_resolve(nlp, text, "The study") == ["Northwind Institute"]


@pytest.mark.model
def test_it_continuing_a_document_subject_speaks_for_the_document_maker(nlp: Language) -> None:
    """``A new ad from the Harbor Party ... The ad then attacks ... It also mentions``: the
    ``it`` is the ad, which speaks for the party (``from`` names a maker), not the council named
    in passing; an ad that names no maker leaves ``it`` unresolved."""
    text = (
        "A new ad from the Harbor Party is seizing on the mayor's budget. "
        "The ad then cites criticism of the City Council over the budget. "
        "It also mentions the closing of two libraries."
    )
    assert model_resolve(nlp, text, "It") == ["Harbor Party"]
    unnamed = text.replace("A new ad from the Harbor Party", "A new ad")
    assert model_resolve(nlp, unnamed, "It") == [None]


@pytest.mark.model
def test_a_document_phrase_that_names_nobody_stops_the_search(nlp: Language) -> None:
    text = (
        "The Northwind Institute released a report on Monday about rural hospitals. "
        "A separate survey of nurses, published by nobody in particular, found staff shortages. "
        "The study says most nurses plan to stay."
    )
    assert model_resolve(nlp, text, "The study") == [None]


@pytest.mark.model
def test_a_headline_document_is_the_one_the_story_names_first(nlp: Language) -> None:
    text = (
        "Poll: Voters split on the stadium plan.\n\n"
        "Residents of Harbor City are evenly divided over the new stadium, according to a Coastal "
        "Tribune poll released on Sunday."
    )
    assert model_resolve(nlp, text, "Poll") == ["Coastal Tribune"]


@pytest.mark.model
def test_a_subject_pronoun_continues_the_subject_before_not_a_name_in_passing(nlp: Language) -> None:
    text = (
        "President Daniel Okafor opened the new port on Monday. "
        "In the last election, the president had looked tired. "
        "Campaigning against Tom Reed in 2020, he barely mentioned the port."
    )
    assert model_resolve(nlp, text, "he") == ["Daniel Okafor"]


@pytest.mark.model
def test_the_possessor_of_a_subject_before_outranks_the_previous_speaker(nlp: Language) -> None:
    text = (
        "Governor Paul Adeyemi flew to Denver on Friday. "
        "“He loves the mountains,” said Tom Bright, an aide. "
        "The governor's family also came along. "
        "At the airport, he told reporters that the trip was private."
    )
    assert model_resolve(nlp, text, "Tom Bright", "he") == ["Tom Bright", "Paul Adeyemi"]


@pytest.mark.model
def test_they_after_an_unnamed_plural_stays_unresolved(nlp: Language) -> None:
    text = (
        "The Daily Courier interviewed more than 20 former employees of the plant. "
        "They described long shifts and broken machines."
    )
    assert model_resolve(nlp, text, "They") == [None]
    named = "Republicans in the Senate blocked the bills on Tuesday. They said the costs were too high."
    assert model_resolve(nlp, named, "They") == ["Republicans"]
