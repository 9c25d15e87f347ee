"""Entity merging on hand-built Docs (no model needed) and on the seed (model)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from dateline.nlp.entities import extract

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "cctv-xi-letter-prnewswire.txt"


def make(words: list[str], ents: list[str]) -> Doc:
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, ents=ents)


def test_short_form_of_a_person_joins_the_full_name() -> None:
    doc = make(
        ["Chinese", "President", "Xi", "Jinping", "spoke", ".", "Xi", "said", "so", "."],
        ["B-NORP", "O", "B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O"],
    )
    (xi,) = extract(doc)
    assert xi.name == "Xi Jinping" and xi.label == "PERSON"
    assert [m.text for m in xi.mentions] == ["Xi Jinping", "Xi"]
    assert xi.titles == ("Chinese President",)
    assert xi.aliases == ("Xi",)


def test_acronym_in_parentheses_and_by_initials() -> None:
    doc = make(
        ["the", "Communist", "Party", "of", "China", "(", "CPC", ")", "rules", ".", "The", "CPC", "met", "."],
        ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O", "O", "O", "O", "B-ORG", "O", "O"],
    )
    (cpc,) = extract(doc)
    assert cpc.name == "Communist Party of China"
    assert [m.text for m in cpc.mentions] == ["Communist Party of China", "CPC", "CPC"]


def test_missed_mentions_of_a_known_name_are_added() -> None:
    doc = make(
        ["Jane", "Doe", "won", ".", "Doe", "said", "so", "."],
        ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"],
    )
    (jane,) = extract(doc)
    # "Doe" was not tagged, but only the full name is a known form: nothing is invented
    assert [m.text for m in jane.mentions] == ["Jane Doe"]
    doc = make(
        ["Jane", "Doe", "won", ".", "Doe", "said", "so", ".", "Doe", "left"],
        ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O", "O", "O"],
    )
    (jane,) = extract(doc)
    assert [m.text for m in jane.mentions] == ["Jane Doe", "Doe", "Doe"]


def test_year_prefix_and_event_head() -> None:
    doc = make(
        ["the", "2021", "South", "Human", "Rights", "Forum", "opened"],
        ["O", "B-DATE", "B-GPE", "I-GPE", "I-GPE", "I-GPE", "O"],
    )
    (forum,) = extract(doc)
    assert forum.name == "2021 South Human Rights Forum" and forum.label == "EVENT"


def test_two_people_sharing_a_surname_are_not_merged() -> None:
    doc = make(
        ["Bill", "Clinton", "and", "Hillary", "Clinton", "spoke", ".", "Clinton", "said", "."],
        ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"],
    )
    names = sorted(e.name for e in extract(doc))
    assert "Bill Clinton" in names and "Hillary Clinton" in names
    assert len([e for e in extract(doc) if e.name.endswith("Clinton")]) >= 2


@pytest.mark.model
def test_seed_entities() -> None:
    from dateline.nlp.model import load

    doc = load()(SEED.read_text(encoding="utf-8"))
    ents = {e.name: e for e in extract(doc)}
    xi = ents["Xi Jinping"]
    assert xi.label == "PERSON" and "Chinese President" in xi.titles
    assert len(xi.mentions) == 9  # headline, "Xi Jinping", seven "Xi"
    cpc = ents["Communist Party of China"]
    assert {m.text for m in cpc.mentions} == {"Communist Party of China", "CPC"}
    assert ents["2021 South-South Human Rights Forum"].label == "EVENT"
    assert "Chinese" not in ents or all(m.start != 115 for m in ents["Chinese"].mentions)


def _tagged(words: list[str], ents: list[str], pos: list[str], starts: list[int]) -> Doc:
    nlp = spacy.blank("en")
    sent_starts = [i in starts for i in range(len(words))]
    return Doc(nlp.vocab, words=words, ents=ents, pos=pos, sent_starts=sent_starts)


def test_a_common_noun_capitalized_by_its_position_is_not_a_name() -> None:
    """The tagger's ``Scholars have long debated`` (PERSON) and ``Bank executives`` (ORG): one
    common noun opening a sentence and never capitalized inside one is not a name; a name the
    parser took for a noun at a sentence's start, written again mid-sentence, stays."""
    doc = _tagged(
        ["Scholars", "have", "long", "debated", "it", ".", "Jane", "Smith", "agreed", "."],
        ["B-PERSON", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"],
        ["NOUN", "AUX", "ADV", "VERB", "PRON", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"],
        [0, 6],
    )
    assert [e.name for e in extract(doc)] == ["Jane Smith"]
    doc = _tagged(
        ["Sanders", "spoke", ".", "Then", "Sanders", "left", "."],
        ["B-PERSON", "O", "O", "O", "B-PERSON", "O", "O"],
        ["NOUN", "VERB", "PUNCT", "ADV", "PROPN", "VERB", "PUNCT"],
        [0, 3],
    )
    (sanders,) = extract(doc)
    assert sanders.name == "Sanders" and len(sanders.mentions) == 2
