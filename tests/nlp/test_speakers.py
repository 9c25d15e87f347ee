"""Speaker resolution on hand-built entities (no spaCy model needed)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from dateline.nlp.speakers import SpeakerIndex, entities_from_doc
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


def test_pronouns_resolve_to_the_nearest_compatible_entity() -> None:
    index = SpeakerIndex([ROE, ACME])
    assert resolve(index, "She") == ("Jane Roe", "E1")
    assert resolve(index, "They") == ("Acme Corp.", "E2")


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
