"""Statement types (speech, thought, evidence, intention) and the schemes that count them."""

from __future__ import annotations

import pytest

from dateline.nlp.attr_types import TYPE_LEXICON, classify, type_of_lemma
from dateline.records import ATTRIBUTION_TYPES, Attribution, Content, Source, Span
from dateline.schemes import SCHEMES, pieces, view


@pytest.mark.parametrize(
    ("cue", "lemmas", "source", "quoted", "expected"),
    [
        ("said", ["say"], "Smith", False, "speech"),
        ("told", ["tell"], "the mayor", False, "speech"),
        ("tweeted", ["tweet"], "Trump", False, "speech"),
        ("testified", ["testify"], "Comey", False, "speech"),
        ("according to", ["accord", "to"], "two officials", False, "speech"),
        ("according to", ["accord", "to"], "a new poll", False, "evidence"),
        ("said", ["say"], "The report released on Monday", False, "evidence"),
        ("found", ["find"], "A study by the university", False, "evidence"),
        ("found", ["find"], "investigators", False, "evidence"),
        ("showed", ["show"], "the data", False, "evidence"),
        ("suggested", ["suggest"], "the senator", False, "speech"),
        ("suggests", ["suggest"], "the survey", False, "evidence"),
        ("believes", ["believe"], "Jones", False, "thought"),
        ("expected", ["expect"], "Analysts", False, "thought"),
        ("is expected", ["be", "expect"], None, False, "thought"),
        ("hopes", ["hope"], "she", False, "thought"),
        ("fears", ["fear"], "the party", False, "thought"),
        ("wants", ["want"], "he", False, "thought"),
        ("seems", ["seem"], None, False, "thought"),
        ("plans", ["plan"], "Smith", False, "intention"),
        ("vowed", ["vow"], "the governor", False, "intention"),
        ("promised", ["promise"], "Obama", False, "intention"),
        ("continued to portray", ["continue", "to", "portray"], "Trump", False, "speech"),
        ("gloated", ["gloat"], "Trump", True, "speech"),
        ("gloated", ["gloat"], "Trump", False, "other"),
    ],
)
def test_classify_reads_the_type_off_cue_and_source(
    cue: str, lemmas: list[str], source: str | None, quoted: bool, expected: str
) -> None:
    assert classify(cue, lemmas, source, quoted) == expected


def test_the_lexicon_only_names_record_types() -> None:
    assert set(TYPE_LEXICON.values()) <= set(ATTRIBUTION_TYPES)
    assert type_of_lemma("Say") == "speech" and type_of_lemma("xyzzy") is None


TEXT = '"We will win," Trump said, "and fast." He believes it.\n\n"It is certain."\n'


def _att(
    spans: list[tuple[int, int]], type_: str, kind: str = "direct", score: float | None = 0.9
) -> Attribution:
    ss = tuple(Span(a, b, TEXT[a:b]) for a, b in spans)
    return Attribution(
        content=Content(ss[0].start, ss[-1].end, " ".join(s.text for s in ss), ss),
        source=Source(15, 20, "Trump", "Donald Trump"),
        cue=None if kind == "floating" else Span(21, 25, "said"),
        kind=kind,
        score=score,
        type=type_,
    )


def _spans(needle: str) -> tuple[int, int]:
    a = TEXT.index(needle)
    return a, a + len(needle)


def test_schemes_view_the_same_finds_three_ways() -> None:
    said = _att([_spans('"We will win,"'), _spans('"and fast."')], "speech")
    belief = _att([_spans("it")], "thought", kind="indirect")
    floater = _att([_spans('"It is certain."')], "speech", kind="floating", score=None)
    finds = [said, belief, floater]
    assert view(finds, "all") == finds
    assert view(finds, "polnear") == [said, belief]
    quotes = view(finds, "quotes")
    assert [a.content.text for a in quotes] == ['"We will win,"', '"and fast."', '"It is certain."']
    assert all(a.type == "speech" for a in quotes)
    assert set(SCHEMES) == {"all", "polnear", "quotes"}
    with pytest.raises(ValueError, match="unknown scheme"):
        view(finds, "gossip")


def test_quotes_scheme_counts_each_quotation_once() -> None:
    whole = _att([_spans('"We will win," Trump said, "and fast."')], "speech", kind="mixed", score=0.5)
    piece = _att([_spans('"We will win,"')], "speech", score=0.9)
    kept = view([whole, piece], "quotes")
    # both kept: the long one shares less than half of its characters with the better-scored piece
    assert [a.content.text for a in kept] == [piece.content.text, whole.content.text]
    covered = view([piece, _att([_spans('"We will win," Trump')], "speech", score=0.3)], "quotes")
    assert covered == [piece]  # most of the weaker one is the same quotation
    twice = view([piece, _att([_spans('"We will win,"')], "speech", score=0.4)], "quotes")
    assert len(twice) == 1 and twice[0].score == 0.9


def test_pieces_keep_source_cue_and_type() -> None:
    said = _att([_spans('"We will win,"'), _spans('"and fast."')], "speech")
    cut = pieces(said)
    assert len(cut) == 2
    assert all(p.source == said.source and p.cue == said.cue and p.type == "speech" for p in cut)
    assert all(not p.content.spans for p in cut)


def test_a_quotation_over_a_paragraph_break_is_one_piece() -> None:
    """`He wrote: "A.` / `"B."`: the quotation goes on in the next paragraph; with the document's
    text it is one quote, as the quotes scorer reads gold (fragments with only blanks between)."""
    text = 'He wrote: "We will win.\n\n"And we will win fast." Then he left, "smiling."'
    spans = [(10, 23), (25, 48), (63, 73)]
    ss = tuple(Span(a, b, text[a:b]) for a, b in spans)
    said = Attribution(
        content=Content(ss[0].start, ss[-1].end, " ".join(s.text for s in ss), ss),
        cue=Span(3, 8, "wrote"),
        type="speech",
    )
    alone = ['"We will win.', '"And we will win fast."', '"smiling."']
    assert [p.content.text for p in pieces(said)] == alone
    joined = pieces(said, text)
    assert [(p.content.start, p.content.end) for p in joined] == [(10, 48), (63, 73)]
    assert [s.text for s in joined[0].content.spans] == ['"We will win.', '"And we will win fast."']
    assert [(p.content.start, p.content.end) for p in view([said], "quotes", text)] == [(10, 48), (63, 73)]
