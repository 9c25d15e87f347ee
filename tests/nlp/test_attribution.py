"""Attributions: quotation regions and the model file without spaCy's model; then the seed and
everything news copy does, through the real pipeline (marked ``model``)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dateline.errors import ModelError
from dateline.nlp import attribution
from dateline.nlp.attr_quotes import quote_regions
from dateline.nlp.cues import MODEL_VERSION, CueModel, LinearModel
from dateline.records import Attribution, Entity, Mention

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "seed" / "cctv-xi-letter-prnewswire.txt"


# --------------------------------------------------------------------------- no model needed


#: What pyproject.toml's ``[project.entry-points.spacy_factories]`` lists: spaCy imports the module
#: named when a pipeline asks for the component.
SPACY_FACTORIES: dict[str, str] = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
)["project"]["entry-points"]["spacy_factories"]


@pytest.mark.parametrize("name", sorted(SPACY_FACTORIES))
def test_importing_the_entry_point_registers_the_component(name: str) -> None:
    """In a fresh process, importing only the entry point's module lets a user's pipeline add the
    component by name (nothing is loaded until a document comes)."""
    module, _, function = SPACY_FACTORIES[name].partition(":")
    code = (
        f"import importlib, spacy; module = importlib.import_module({module!r}); "
        f"assert callable(getattr(module, {function!r})); "
        f"nlp = spacy.blank('en'); nlp.add_pipe({name!r}); print(nlp.pipe_names)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"[{name!r}]"


def test_prepare_does_not_load_the_packaged_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Training must work when the packaged model is stale: adding the component to a pipeline
    with a tok2vec (spaCy probes every component's ``model`` then) loads nothing."""

    def refuse() -> CueModel:
        raise AssertionError("the packaged model was loaded")

    monkeypatch.setattr(attribution, "default_model", refuse)
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("parser")
    attribution.prepare(nlp)
    assert nlp.pipe_names[-1] == attribution.COMPONENT
    nlp.add_pipe("sentencizer", first=True)  # relinking the pipeline probes the components again


def test_quotes_pair_inside_a_paragraph() -> None:
    text = 'He said "yes" and “no.”\n\nThen “more'
    regions = quote_regions(text)
    assert [(text[q.start : q.end], q.closed) for q in regions] == [
        ('"yes"', True),
        ("“no.”", True),
        ("“more", False),
    ]


def test_unbalanced_quote_stays_in_its_paragraph() -> None:
    text = "“Never closed, she said.\n\nA plain paragraph with “a quote” in it."
    regions = quote_regions(text)
    assert [text[q.start : q.end] for q in regions] == ["“Never closed, she said.", "“a quote”"]
    assert [q.paragraph for q in regions] == [0, 1]


def test_stray_closing_mark_is_ignored() -> None:
    text = "It was” fine. “Then this,” he said."
    assert [text[q.start : q.end] for q in quote_regions(text)] == ["“Then this,”"]


def test_two_apostrophes_are_a_quotation_mark() -> None:
    text = "''Twitter works,'' he said. Then ''more"
    regions = quote_regions(text)
    assert [(text[q.start : q.end], q.closed) for q in regions] == [
        ("''Twitter works,''", True),
        ("''more", False),
    ]


def test_ranges_split_at_newlines_and_trim() -> None:
    text = "“One two,\n\nthree four.”"
    chars = set(range(len(text)))
    assert [text[a:b] for a, b in attribution._ranges(chars, text)] == ["“One two", "three four.”"]


def test_model_round_trip(tmp_path: Path) -> None:
    model = CueModel(LinearModel({"bias": 0.5}), LinearModel({"r=ccomp": 2.0}), LinearModel({}))
    model.to_disk(tmp_path)
    back = CueModel.from_disk(tmp_path)
    assert back.cue.weights == {"bias": 0.5}
    assert back.content.score(["r=ccomp"]) == pytest.approx(0.8808, abs=1e-4)
    assert back.thresholds == model.thresholds


def test_model_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"model\.json"):
        CueModel.from_disk(tmp_path)
    (tmp_path / "model.json").write_text('{"version": "other.v0"}')
    with pytest.raises(ModelError, match=MODEL_VERSION):
        CueModel.from_disk(tmp_path)
    (tmp_path / "model.json").write_text("{not json")
    with pytest.raises(ModelError, match="not valid JSON"):
        CueModel.from_disk(tmp_path)


def test_prepare_needs_a_parser() -> None:
    with pytest.raises(ModelError, match="parser"):
        attribution.prepare(spacy.blank("en"))


def test_packaged_model_loads() -> None:
    model = attribution.default_model()
    assert model.cue.weights and model.content.weights and model.source.weights
    assert 0 < model.thresholds["cue"] < 1
    size = (Path(attribution.__file__).parents[1] / "data" / "attribution" / "model.json").stat().st_size
    assert size < 5_000_000


# --------------------------------------------------------------------------- with the model


@pytest.fixture(scope="module")
def nlp() -> Language:
    from dateline.nlp.model import load

    pipeline = load()
    attribution.prepare(pipeline)
    attribution.prepare(pipeline)  # idempotent
    return pipeline


def person(text: str, name: str, *forms: str) -> Entity:
    mentions = []
    for form in forms:
        for m in re.finditer(rf"\b{re.escape(form)}\b(?! {re.escape(name.split()[-1])})", text):
            mentions.append(Mention(m.start(), m.end(), form))
    mentions.sort(key=lambda m: m.start)
    return Entity(id="E1", name=name, label="PERSON", mentions=tuple(mentions))


def run(nlp: Language, text: str, entities: tuple[Entity, ...] = ()) -> list[Attribution]:
    atts = attribution.extract(nlp(text), entities)
    for a in atts:  # every offset slices to its text
        for s in a.content.spans:
            assert text[s.start : s.end] == s.text
        assert a.content.text == " ".join(s.text for s in a.content.spans)
        assert a.content.start == a.content.spans[0].start and a.content.end == a.content.spans[-1].end
        if a.source:
            assert text[a.source.start : a.source.end] == a.source.text
        if a.cue:
            assert text[a.cue.start : a.cue.end] == a.cue.text
    return atts


def one(atts: list[Attribution], starts: str) -> Attribution:
    found = [a for a in atts if a.content.text.lstrip('“"').startswith(starts)]
    assert len(found) == 1, [a.content.text for a in atts]
    return found[0]


@pytest.mark.model
def test_seed_has_exactly_seven_statements_all_by_xi(nlp: Language) -> None:
    text = SEED.read_text(encoding="utf-8")
    xi = person(text, "Xi Jinping", "Xi Jinping", "Xi")
    assert len(xi.mentions) == 9
    atts = run(nlp, text, (xi,))
    expected = [
        ("human rights are a symbol", "of the human society", "said", "Xi"),
        ("Putting people first", "bestowed by the times", "said", "Xi"),
        ("the Communist Party of China (CPC) is", "respected and protected human rights", "stressed", "Xi"),
        ("Sticking to the people-centered approach", "development of humanity", "said", "Xi"),
        ("By doing all that, China", "in guaranteeing human rights", "said", "Xi"),
        ("There are diversified ways", "fits their national realities", "said", "Xi"),
        ("China is willing to work", "international human rights cause", "said", "Xi"),
    ]
    assert len(atts) == 7, [a.content.text for a in atts]
    for att, (head, tail, cue, source) in zip(atts, expected, strict=True):
        content = att.content.text.removeprefix("that ")
        assert content.startswith(head) and content.endswith(tail), content
        assert att.cue is not None and att.cue.text == cue
        assert att.source is not None and att.source.text == source
        assert att.source.entity == "Xi Jinping" and att.source.entity_id == "E1"
        assert att.kind == "indirect"
    assert "and that safeguarding human lives" in atts[0].content.text


@pytest.mark.model
def test_direct_quote_after_the_source(nlp: Language) -> None:
    (att,) = run(nlp, '"We have to rebuild the roads," Smith said.')
    assert att.content.text == '"We have to rebuild the roads,"'
    assert att.source is not None and att.source.text == "Smith"
    assert att.kind == "direct"


@pytest.mark.model
def test_quote_split_around_the_cue(nlp: Language) -> None:
    text = '"We will win," Trump said on Monday, "and we will win fast."'
    (att,) = run(nlp, text)
    assert [s.text for s in att.content.spans] == ['"We will win,"', '"and we will win fast."']
    assert att.source is not None and att.source.text == "Trump"
    assert att.cue is not None and att.cue.text == "said"


@pytest.mark.model
def test_quote_reopened_at_each_paragraph(nlp: Language) -> None:
    text = (
        'Senator Jane Doe said: "The bill is a disaster for our farmers.\n\n'
        '"It raises costs and it cuts support at the same time.\n\n'
        '"We will vote against it."\n\n'
        "The vote is on Tuesday."
    )
    atts = run(nlp, text)
    att = one(atts, "The bill is a disaster")
    assert [s.text.strip('"') for s in att.content.spans] == [
        "The bill is a disaster for our farmers.",
        "It raises costs and it cuts support at the same time.",
        "We will vote against it.",
    ]
    assert att.source is not None and att.source.text.endswith("Jane Doe")
    assert not any("Tuesday" in a.content.text for a in atts)


@pytest.mark.model
def test_according_to(nlp: Language) -> None:
    (att,) = run(nlp, "The factory will close in March, according to the company.")
    assert att.content.text == "The factory will close in March"
    assert att.cue is not None and att.cue.text == "according to"
    assert att.source is not None and att.source.text == "the company"


@pytest.mark.model
def test_colon_introduces_the_quote(nlp: Language) -> None:
    (att,) = run(nlp, 'Clinton wrote: "We are ready for this fight. We will not back down."')
    assert att.content.text == '"We are ready for this fight. We will not back down."'
    assert att.source is not None and att.source.text == "Clinton"
    assert att.cue is not None and att.cue.text == "wrote"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The union backs the new contract.", "backs", "the new contract"),
        ("Governor Smith endorsed Hillary Clinton for president.", "endorsed", "Hillary Clinton"),
        ("The agency warned that prices would rise sharply.", "warned", "that prices would rise sharply"),
        ("He insists the plan will work.", "insists", "the plan will work"),
        ("Most voters believe the economy is improving.", "believe", "the economy is improving"),
    ],
)
def test_cues_that_are_not_speech_verbs(nlp: Language, text: str, cue: str, content: str) -> None:
    atts = run(nlp, text)
    att = next((a for a in atts if a.cue is not None and a.cue.text == cue), None)
    assert att is not None, [(a.cue, a.content.text) for a in atts]
    assert att.content.text.startswith(content)


@pytest.mark.model
def test_reported_speech_without_quote_marks(nlp: Language) -> None:
    (att,) = run(nlp, "The minister said on Tuesday that the border would reopen next week.")
    assert att.content.text == "that the border would reopen next week"
    assert att.source is not None and att.source.text == "The minister"
    assert att.kind == "indirect"


@pytest.mark.model
def test_unbalanced_quotes_do_not_lose_the_article(nlp: Language) -> None:
    text = (
        '"This quote never closes, Brown said.\n\n'
        "Jones said the talks had failed.\n\n"
        '"We are done here," Brown added.'
    )
    atts = run(nlp, text)
    assert one(atts, "the talks had failed").source.text == "Jones"  # type: ignore[union-attr]
    assert one(atts, "We are done here").source.text == "Brown"  # type: ignore[union-attr]


@pytest.mark.model
def test_pronoun_and_description_sources_resolve(nlp: Language) -> None:
    text = (
        "Angela Merkel met voters in Berlin on Monday. She said the euro was safe.\n\n"
        "The New York Times reported the meeting. The influential US daily said the talks were tense."
    )
    merkel = person(text, "Angela Merkel", "Angela Merkel")
    nyt = Entity(
        id="E2",
        name="The New York Times",
        label="ORG",
        mentions=(Mention(text.index("The New York"), text.index(" reported"), "The New York Times"),),
    )
    atts = run(nlp, text, (merkel, nyt))
    assert one(atts, "the euro was safe").source.entity == "Angela Merkel"  # type: ignore[union-attr]
    assert one(atts, "the talks were tense").source.entity == "The New York Times"  # type: ignore[union-attr]


@pytest.mark.model
def test_extract_without_entities_resolves_against_doc_ents(nlp: Language) -> None:
    atts = run(nlp, "Barack Obama spoke in Chicago. He said the country was stronger than ever.")
    att = one(atts, "the country was stronger")
    assert att.source is not None and att.source.entity == "Barack Obama" and att.source.entity_id is None


@pytest.mark.model
def test_extract_on_a_doc_the_component_did_not_see(nlp: Language) -> None:
    with nlp.select_pipes(disable=[attribution.COMPONENT]):
        doc = nlp("The mayor said the bridge would open in May.")
    (att,) = attribution.extract(doc)
    assert att.content.text == "the bridge would open in May"


@pytest.mark.model
def test_quote_the_parser_did_not_attach_to_its_cue(nlp: Language) -> None:
    # en_core_web_sm hangs this quote off its opening mark; the layout still ties it to "said"
    (att,) = run(nlp, "“A lot of her attempts to reach out come across as pandering,” he said.")
    assert att.content.text == "“A lot of her attempts to reach out come across as pandering,”"
    assert att.source is not None and att.source.text == "he"


@pytest.mark.model
def test_closed_quote_continues_in_the_next_quoted_paragraph(nlp: Language) -> None:
    text = (
        'Mayor Ann Lee said: "The budget is balanced this year."\n\n'
        '"We cut waste and we kept every library open."\n\n'
        "The council votes on Friday."
    )
    att = one(run(nlp, text), "The budget is balanced")
    assert [s.text for s in att.content.spans] == [
        '"The budget is balanced this year."',
        '"We cut waste and we kept every library open."',
    ]


@pytest.mark.model
def test_a_quoted_title_is_not_a_statement(nlp: Language) -> None:
    atts = run(nlp, "The forum opened under the theme “Putting People First and Global Governance.”")
    assert atts == []


@pytest.mark.model
def test_participle_source_through_the_statement(nlp: Language) -> None:
    text = "Mayor Ana Ruiz issued a statement on Friday saying that the bridge would reopen in June."
    att = one(run(nlp, text), "that the bridge would reopen")
    assert att.source is not None and att.source.text.endswith("Ana Ruiz")


@pytest.mark.model
def test_quoted_paragraph_after_quote_and_cue_continues_it(nlp: Language) -> None:
    text = (
        '"We will rebuild the harbor before the winter storms," Ruiz told the council on Monday.\n\n'
        '"Every family on the waterfront deserves that much."\n\n'
        "The council votes next week."
    )
    att = one(run(nlp, text), "We will rebuild the harbor")
    assert [s.text for s in att.content.spans] == [
        '"We will rebuild the harbor before the winter storms,"',
        '"Every family on the waterfront deserves that much."',
    ]


@pytest.mark.model
def test_quoted_title_in_the_cue_clause_is_not_the_second_half(nlp: Language) -> None:
    text = (
        '"The harbor is safe," Ruiz said on WXYZ\'s "Morning Report." '
        '"Nobody should be afraid to fish there."'
    )
    att = one(run(nlp, text), "The harbor is safe")
    assert [s.text for s in att.content.spans] == [
        '"The harbor is safe,"',
        '"Nobody should be afraid to fish there."',
    ]


@pytest.mark.model
def test_description_with_an_appositive_name_resolves_to_that_name(nlp: Language) -> None:
    text = (
        "Harbor City announced new water rates on Monday. Its director, Samuel Reyes, said the "
        "increase would fund pipe repairs. The influential local daily, the Harbor Courier, said "
        "the plan was overdue."
    )

    def ent(eid: str, name: str, label: str) -> Entity:
        at = text.index(name)
        return Entity(id=eid, name=name, label=label, mentions=(Mention(at, at + len(name), name),))

    entities = (
        ent("E1", "Harbor City", "GPE"),
        ent("E2", "Samuel Reyes", "PERSON"),
        ent("E3", "Harbor Courier", "ORG"),
    )
    atts = run(nlp, text, entities)
    reyes = one(atts, "the increase would fund").source
    courier = one(atts, "the plan was overdue").source
    assert reyes is not None and reyes.entity == "Samuel Reyes" and reyes.entity_id == "E2"
    assert courier is not None and courier.entity == "Harbor Courier"  # not the nearest ORG before


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Trump has continued to portray illegal immigrants as violent criminals.",
            "continued to portray",
            "illegal immigrants as violent criminals",
        ),
        ("The senator refused to endorse Mr. Trump on Tuesday.", "refused to endorse", "Mr. Trump"),
    ],
)
def test_a_verb_chain_is_the_cue_and_its_last_object_the_content(
    nlp: Language, text: str, cue: str, content: str
) -> None:
    (att,) = run(nlp, text)
    assert att.cue is not None and att.cue.text == cue
    assert att.content.text == content
    assert att.source is not None and att.source.text in ("Trump", "The senator")


@pytest.mark.model
def test_a_verb_under_the_cue_that_belongs_to_the_statement_stays_in_it(nlp: Language) -> None:
    (att,) = run(nlp, "The governor promised to cut taxes next year.")
    assert att.cue is not None and att.cue.text == "promised"
    assert att.content.text.startswith("to cut taxes")


@pytest.mark.model
def test_chain_relatives_and_word_classes_are_features(nlp: Language) -> None:
    from dateline.nlp.cues import cue_features, relatives
    from dateline.nlp.lexicon import noun_class, verb_class

    assert "judge" in verb_class("decry") and "speech" in verb_class("say")
    assert verb_class("eat") == () and noun_class("statement") == ("message",)
    doc = nlp("Liberals decried rote testing regimes, and she continued to portray them as failures.")
    decried = next(t for t in doc if t.text == "decried")
    assert "vc=judge" in cue_features(decried, False, False)
    continued = next(t for t in doc if t.text == "continued")
    rels = {r.rel: doc[r.anchor].text for r in relatives(continued)}
    assert rels.get("xcomp>dobj") == "them"


@pytest.mark.model
def test_a_statement_without_a_source_needs_a_surer_cue(nlp: Language) -> None:
    """The trained ``unsourced`` threshold: the cue probability a statement with no source needs."""
    from dateline.train import _with_thresholds

    model = attribution.default_model()
    assert 0 <= model.thresholds["unsourced"] < 1
    doc = nlp("It was reported that the talks had failed. According to the report, sales fell.")
    strict = _with_thresholds(model, {**model.thresholds, "unsourced": 1.01})
    loose = _with_thresholds(model, {**model.thresholds, "unsourced": 0.0})
    cues = [doc.text[f.cue[0] : f.cue[1]] for f in attribution.find(doc, loose)]
    assert cues == ["reported", "According to"]
    (kept,) = attribution.find(doc, strict)  # the sourced one stays
    assert kept.source is not None and doc.text[kept.cue[0] : kept.cue[1]] == "According to"


@pytest.mark.model
def test_a_title_cased_quote_a_speech_verb_says_is_a_statement(nlp: Language) -> None:
    (att,) = run(nlp, 'She held a sign saying "Jews Against Trump."')
    assert att.cue is not None and att.cue.text == "saying"
    assert att.content.text == '"Jews Against Trump."'
    assert run(nlp, 'He appeared on "Meet the Press" on Sunday.') == []


@pytest.mark.model
def test_a_statement_does_not_end_on_a_conjunction(nlp: Language) -> None:
    text = (
        "Two in three said they are less likely to vote Republican because of his views on "
        "immigration, and nearly three in five said the party should change course."
    )
    first = one(run(nlp, text), "they are less likely")
    assert first.content.text.endswith("views on immigration"), first.content.text
    text = "She spoke on Tuesday, telling CNN that Trump is a “faker” and questioning how he “got away”."
    telling = one(run(nlp, text), "that Trump")
    assert telling.content.text == "that Trump is a “faker”"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "It goes without saying that the bridge must be repaired before winter.",
        "Having said that, the report found the bridge was safe.",
        "The repairs will be expensive. That said, the bridge must reopen this year.",
        "The budget is tight; that said, the mayor wants the bridge reopened.",
    ],
)
def test_set_phrases_are_not_statements(nlp: Language, text: str) -> None:
    """A set phrase on a verb of speech reports nothing (the model alone took each of these for
    a statement); the statements beside it stay (``found``, ``wants``)."""
    found = attribution.find(nlp(text))
    assert not [f for f in found if text[f.cue[0] : f.cue[1]].lower() in ("said", "saying")]


@pytest.mark.model
def test_a_letter_that_said_is_still_a_statement(nlp: Language) -> None:
    text = "The mayor received a letter that said, “The bridge will reopen in May.”"
    found = attribution.find(nlp(text))
    assert any(text[f.cue[0] : f.cue[1]] == "said" for f in found)


def test_a_name_with_an_apposition_after_a_quotation_speaks_it() -> None:
    """`"He is right," Flynn, a top surrogate, said on "Fox and Friends."`, parsed the way the
    small model parses it: `Flynn` hung on the quotation, the quoted show taken for the subject.
    The words between the quotation and the cue are the speaker, apposition and all."""
    from spacy.tokens import Doc

    words = ["“", "He", "is", "right", ",", "”", "Flynn", ",", "a", "top", "surrogate", ",", "said"]
    words += ["on", "“", "Fox", "and", "Friends", ".", "”"]
    heads = [2, 2, 12, 2, 2, 2, 3, 6, 10, 10, 6, 12, 12, 12, 12, 12, 15, 15, 12, 12]
    deps = ["punct", "nsubj", "ccomp", "acomp", "punct", "punct", "appos", "punct", "det", "amod"]
    deps += ["appos", "punct", "ROOT", "prep", "punct", "nsubj", "cc", "conj", "punct", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "PROPN", "PUNCT", "DET", "ADJ", "NOUN"]
    pos += ["PUNCT", "VERB", "ADP", "PUNCT", "PROPN", "CCONJ", "PROPN", "PUNCT", "PUNCT"]
    tags = ["``", "PRP", "VBZ", "JJ", ",", "''", "NNP", ",", "DT", "JJ", "NN", ",", "VBD", "IN", "``"]
    tags += ["NNP", "CC", "NNP", ".", "''"]
    lemmas = [w.lower() for w in words]
    lemmas[12] = "say"
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    mask = [i <= 5 or i >= 14 for i in range(len(doc))]
    named = attribution._named_after_quote(doc, doc[12], mask)
    assert named is not None and (named[1], named[2]) == (6, tuple(range(6, 12)))


def test_the_first_half_of_a_quotation_split_by_its_cue() -> None:
    """`"A," X said, "B."`: when the statement found is B alone, A joins it; not when A is a
    phrase quoted inside a sentence (`Bemoaning the "phony system," Trump accused ...`) or B is
    no quotation."""

    def first_half(text: str, clause: str, after: str) -> str:
        lo = text.index(clause)
        hi = lo + len(clause)
        start = text.index(after, hi)
        grown = set(range(start, start + len(after)))
        got = attribution._first_half(text, lo, hi, grown, quote_regions(text), set())
        return text[min(got) : max(got) + 1] if got else ""

    split = '"By locking in China," Mr. Obama said, "it now allowed me to go to India."'
    got = first_half(split, "Mr. Obama said", '"it now allowed me to go to India."')
    assert got == '"By locking in China,"'
    phrase = 'Bemoaning the "phony system," Trump said "the debate is rigged."'
    assert first_half(phrase, "Trump said", '"the debate is rigged."') == ""
    unquoted = '"By locking in China," Mr. Obama said, it now allowed him to go to India.'
    assert first_half(unquoted, "Mr. Obama said", "it now allowed him to go to India") == ""
