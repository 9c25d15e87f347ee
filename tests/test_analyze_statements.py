"""The example sentences of "who said what, the way a newsroom counts it", end to end through
:class:`~dateline.Analyzer`: each with its expected speaker, statement type, kind and content."""

from __future__ import annotations

import pytest

from dateline import Analyzer
from dateline.options import Options
from dateline.records import Attribution, Record

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _speaker(a: Attribution) -> str | None:
    return a.source.entity if a.source else None


def _table(record: Record) -> list[tuple[str | None, str, str, str]]:
    return [(_speaker(a), a.type, a.kind, a.content.text) for a in record.attributions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Analysts expected the bank to raise rates.",
            [(None, "thought", "indirect", "the bank to raise rates")],
        ),
        (
            "A study by the university found that most voters were undecided.",
            [(None, "evidence", "indirect", "that most voters were undecided")],
        ),
        ("Mayor Jane Smith plans to run again.", [("Jane Smith", "intention", "indirect", "to run again")]),
        (
            "Mayor Jane Smith believes the deal is dead.",
            [("Jane Smith", "thought", "indirect", "the deal is dead")],
        ),
        (
            "Governor Tom Reyes vowed to veto the bill.",
            [("Tom Reyes", "intention", "indirect", "to veto the bill")],
        ),
        (
            "Senator Ana Ruiz told reporters the vote would fail.",
            [("Ana Ruiz", "speech", "indirect", "the vote would fail")],
        ),
    ],
)
def test_each_statement_has_its_type(analyzer: Analyzer, text: str, expected: list[tuple[str, ...]]) -> None:
    assert _table(analyzer.analyze_text(text)) == expected


def test_inverted_cue_in_mid_sentence_takes_the_sentence_around_it(analyzer: Analyzer) -> None:
    text = "There is a real pleasure, insists 15-year-old Maya Lind, in building your own boat."
    record = analyzer.analyze_text(text)
    [a] = record.attributions
    assert _speaker(a) == "Maya Lind" and a.type == "speech" and a.cue is not None and a.cue.text == "insists"
    assert [s.text for s in a.content.spans] == ["There is a real pleasure", "in building your own boat"]
    record = analyzer.analyze_text("The vote, said Senator Jane Doe, was a disgrace to the chamber.")
    [a] = record.attributions
    assert _speaker(a) == "Jane Doe"
    assert [s.text for s in a.content.spans] == ["The vote", "was a disgrace to the chamber"]


def test_parenthetical_speaker_the_parser_misattaches(analyzer: Analyzer) -> None:
    # "as X pointed out": the parser makes the word before the parenthetical the cue's subject
    # and X the object of "as"
    text = "Oslo, as one of the mayor's climate advisers pointed out, rarely gets two storms in a week."
    [a] = analyzer.analyze_text(text).attributions
    assert a.source is not None and a.source.text == "one of the mayor's climate advisers"
    assert [s.text for s in a.content.spans] == ["Oslo", "rarely gets two storms in a week"]
    # "NAME said" after a comma: the parser hangs the name on the noun before as an apposition
    text = "To understand the real Dred Scott, Chief Justice Roberts said, one should visit this museum."
    [a] = analyzer.analyze_text(text).attributions
    assert a.source is not None and a.source.text == "Chief Justice Roberts"
    assert [s.text for s in a.content.spans] == [
        "To understand the real Dred Scott",
        "one should visit this museum",
    ]


def test_cue_coordinated_with_a_cue_keeps_its_speaker(analyzer: Analyzer) -> None:
    # the parser hangs "suggested" on "declare" inside May's statement: it is May's, not the country's
    text = (
        "British Prime Minister Theresa May said this week that the country would formally declare "
        "its intention to leave by March and suggested that it would withdraw from the single market."
    )
    got = {(a.cue.text if a.cue else None, _speaker(a)) for a in analyzer.analyze_text(text).attributions}
    assert ("suggested", "Theresa May") in got
    # ... and on the copula of a statement ("was"), the tagger taking "tweeted" for a participle
    for text, cue, speaker in [
        (
            "Senator Ruth Vega tweeted early Friday that Mayor Dan Cole was “a fraud” and encouraged "
            "voters to “look up” his record.",
            "encouraged",
            "Ruth Vega",
        ),
        (
            "Governor Ann Lee wrote on Sunday that the budget was “a disgrace” and urged lawmakers to "
            "reject it.",
            "urged",
            "Ann Lee",
        ),
    ]:
        got = {(a.cue.text if a.cue else None, _speaker(a)) for a in analyzer.analyze_text(text).attributions}
        assert (cue, speaker) in got, text


def test_a_finite_cue_the_parser_left_without_subject_takes_the_noun_phrase_before_it(
    analyzer: Analyzer,
) -> None:
    text = (
        "When attackers are exposed as soldiers of the radical Islamic terror war, Obama and Clinton "
        'call them "lone wolves" and describe the attacks as crimes.'
    )
    got = [
        (a.cue.text if a.cue else None, a.source.text if a.source else None)
        for a in analyzer.analyze_text(text).attributions
    ]
    assert ("call", "Obama and Clinton") in got
    assert ("describe", "Obama and Clinton") in got  # the verb coordinated with it
    # past an apposition the parser hung elsewhere
    text = (
        "But in a call with reporters on Nov. 4, Col. Steven H. Warren, an army spokesman in Erbil, "
        'said, "A raid is a combat operation."'
    )
    [a] = analyzer.analyze_text(text).attributions
    assert a.source is not None and a.source.text.endswith("Steven H. Warren")


def test_the_words_between_a_quotation_and_its_cue_are_the_speaker(analyzer: Analyzer) -> None:
    """`"...," Tulsa police Chief Chuck Jordan said`: the parser takes part of the name for a verb
    or for the quotation's last words; the speaker is all of it, and the content the quotation."""
    for text, speaker, content in [
        (
            "“We will achieve justice in this case,” Tulsa police Chief Ana Morales said Monday.",
            "Tulsa police Chief Ana Morales",
            "“We will achieve justice in this case,”",
        ),
        (
            "“I will just make this promise to you: We will rebuild the bridge before winter,” Tulsa "
            "police Chief Chuck Jordan said Monday.",
            "Tulsa police Chief Chuck Jordan",
            "“I will just make this promise to you: We will rebuild the bridge before winter,”",
        ),
    ]:
        [a] = analyzer.analyze_text(text).attributions
        assert a.source is not None and (a.source.text, a.content.text) == (speaker, content), text


def test_a_quotation_after_a_second_cue_is_that_cues_statement(analyzer: Analyzer) -> None:
    """`"A," the mayor said, adding that "B"`: B is what he added, not the second half of A."""
    text = (
        '"We certainly cannot afford to do this anymore," the mayor said, adding that "the city is '
        'paying a fortune for a bridge nobody uses."'
    )
    got = {(a.cue.text if a.cue else None, a.content.text) for a in analyzer.analyze_text(text).attributions}
    assert got == {
        ("said", '"We certainly cannot afford to do this anymore,"'),
        ("adding", 'that "the city is paying a fortune for a bridge nobody uses."'),
    }


def test_said_in_a_statement_that(analyzer: Analyzer) -> None:
    """`said in a statement that X`: the parser hangs X on the noun; it is still what was said."""
    for text, source in [
        ("The minister said in a statement that the plant would stay open.", "The minister"),
        ("The company said in a news release that profits rose 10 per cent.", "The company"),
    ]:
        got = [
            (a.source.text if a.source else None, a.cue.text if a.cue else None, a.content.text)
            for a in analyzer.analyze_text(text).attributions
        ]
        assert len(got) == 1 and got[0][:2] == (source, "said"), got
        assert got[0][2].startswith("that ") and got[0][2].endswith(("open", "cent")), got


def test_a_quotation_before_the_cue_is_the_whole_statement(analyzer: Analyzer) -> None:
    """`"I don't know," Smith said of the decision`: what it was said of is not what was said;
    a quotation after the cue is still the statement's second half."""
    for text, content in [
        ('"I don\'t know," Smith, 45, said of the decision.', '"I don\'t know,"'),
        ('"It is too early," Carson told Face the Nation on Sunday.', '"It is too early,"'),
        ('"We will win," Trump said, "and fast."', '"We will win," "and fast."'),
    ]:
        [a] = analyzer.analyze_text(text).attributions
        assert a.content.text == content, text


def test_the_quotation_around_the_cue_clause_is_one_statement(analyzer: Analyzer) -> None:
    """The halves of a quotation split by its cue, and the quoted sentence after `X said.`, are one
    statement; a clause hung on the cue after a quotation (`, but ...`) is not part of it."""
    for text, source, content in [
        (
            '"Once the bridge is paid for," Mayor Ann Cole said, "we can talk about the rink."',
            "Mayor Ann Cole",
            '"Once the bridge is paid for," "we can talk about the rink."',
        ),
        (
            '"I like the bones" of the new plan, Coun. Ray Dube said. "But the numbers do not add up. '
            'Not yet."',
            "Coun. Ray Dube",
            '"I like the bones" of the new plan "But the numbers do not add up. Not yet."',
        ),
        ('"Are you cold?" she said, but the boy was drifting off again.', "she", '"Are you cold?"'),
    ]:
        [a] = analyzer.analyze_text(text).attributions
        assert a.source is not None and (a.source.text, a.content.text) == (source, content), text


def test_told_the_hearers_that(analyzer: Analyzer) -> None:
    """`told a meeting of X that Y`: the parser hangs the that-clause on the hearer as a relative
    clause; it is what was told."""
    text = (
        "In Regina last week, she told a meeting of Saskatchewan mayors that few towns could afford "
        "the new rules."
    )
    [a] = analyzer.analyze_text(text).attributions
    assert (a.source.text if a.source else None, a.type, a.content.text) == (
        "she",
        "speech",
        "that few towns could afford the new rules",
    )


def test_a_charge_no_one_makes_is_not_a_statement(analyzer: Analyzer) -> None:
    """`was charged with assault` is a court's step: typed `other`, out of the quotes scheme;
    `the union charged that ...` is speech."""
    charged = analyzer.analyze_text("The driver was charged with dangerous driving causing death.")
    got = [(a.source.text if a.source else None, a.type) for a in charged.attributions]
    assert all(t == "other" for _, t in got), got
    [a] = analyzer.analyze_text("The union charged that the company had ignored the brakes.").attributions
    assert a.type == "speech"


def test_according_to_hung_on_the_subject_still_takes_the_clause(analyzer: Analyzer) -> None:
    """`According to X, enrolment has dropped ...`: the parser hangs `According` on the subject
    noun; the statement is the whole clause, not the noun phrase."""
    text = (
        "According to figures provided by the division, enrolment at Elm Creek School has dropped "
        "from 140 students in 2014 to 68 this year."
    )
    [a] = analyzer.analyze_text(text).attributions
    assert (
        a.content.text
        == "enrolment at Elm Creek School has dropped from 140 students in 2014 to 68 this year"
    )


def test_a_source_keeps_the_hyphenated_words_of_its_name(analyzer: Analyzer) -> None:
    for text, source in [
        ("\"It's heartbreaking,\" said Jean-François Roy, the town's fire chief.", "Jean-François Roy"),
        ('"I\'m devastated," the 19-year-old said through tears.', "the 19-year-old"),
    ]:
        [a] = analyzer.analyze_text(text).attributions
        assert a.source is not None and a.source.text == source, text


def test_titles_the_tokenizer_split_and_inverted_cues_the_parser_misread(analyzer: Analyzer) -> None:
    """`asked Coun. Amy Lee`: the title keeps its full stop (the sentence went on to `Amy Lee` as a
    sentence of its own, and `Coun` was the speaker); `replied the mayor`: the parser took the
    speaker after the inverted cue for its object."""
    for text, source in [
        ('"Is this the best we can do?" asked Coun. Amy Lee.', "Coun. Amy Lee"),
        ('"We have a suspect," said Staff Sgt. Ron Bell.', "Staff Sgt. Ron Bell"),
        ('"No," replied the mayor.', "the mayor"),
    ]:
        [a] = analyzer.analyze_text(text).attributions
        assert a.source is not None and a.source.text == source, text


def test_a_statement_never_takes_in_the_dateline(analyzer: Analyzer) -> None:
    for text in [
        "MANCHESTER, N.H. - Voters here want a new bridge, Senator Ana Ruiz said Tuesday.",
        "WASHINGTON (AP) — Voters here want a new bridge, Senator Ana Ruiz said Tuesday.",
    ]:
        [a] = analyzer.analyze_text(text).attributions
        assert a.content.text == "Voters here want a new bridge", text


def test_a_statement_someone_issued_speaks_for_its_issuer(analyzer: Analyzer) -> None:
    for text, speaker in [
        (
            "Senate Majority Leader Mitch McConnell issued a statement saying he would not hold hearings.",
            "Mitch McConnell",
        ),
        ("Governor Ann Lee released a letter on Monday saying the budget would be balanced.", "Ann Lee"),
    ]:
        [a] = [a for a in analyzer.analyze_text(text).attributions if a.cue and a.cue.text == "saying"]
        assert _speaker(a) == speaker, text


def test_floating_quote_takes_the_speaker_before_it(analyzer: Analyzer) -> None:
    text = (
        "Mayor Tom Smith said the plan would fail.\n\n"
        '"It is a disaster waiting to happen. We said so in May."\n\n'
        "The council meets next week."
    )
    record = analyzer.analyze_text(text)
    assert _table(record) == [
        ("Tom Smith", "speech", "indirect", "the plan would fail"),
        ("Tom Smith", "speech", "floating", '"It is a disaster waiting to happen. We said so in May."'),
    ]
    floating = record.attributions[1]
    assert floating.cue is None and floating.source == record.attributions[0].source


def test_a_quotation_left_open_goes_on_in_the_next_paragraph(analyzer: Analyzer) -> None:
    """News copy leaves a quotation open at a paragraph's end and reopens it in the next: the
    third paragraph is still the nurse's, not a floating quote of the speaker named after it."""
    text = (
        '"Every night I wonder what I missed," said Tara Whitehead, a nurse at the hospital.\n\n'
        "\"We're exhausted. We're making mistakes we never made before.\n\n"
        '"And nobody in charge seems to be listening."\n\n'
        "The health authority did not respond to a request for comment."
    )
    record = analyzer.analyze_text(text)
    [first] = [a for a in record.attributions if a.content.text.startswith('"Every night')]
    assert _speaker(first) == "Tara Whitehead"
    assert first.content.text.endswith('"And nobody in charge seems to be listening."')
    assert not any(a.kind == "floating" for a in record.attributions), _table(record)


def test_floating_quote_takes_the_speaker_named_just_after(analyzer: Analyzer) -> None:
    text = (
        "Sirens stayed silent as the river rose\n\n"
        "The river rose two metres overnight.\n\n"
        '"Nobody told us anything."\n\n'
        "Resident Paula Green said the sirens never sounded that night.\n\n"
        "The utility did not comment."
    )
    got = _table(analyzer.analyze_text(text))
    assert got[0] == ("Paula Green", "speech", "floating", '"Nobody told us anything."')


def test_no_floating_quote_when_the_speaker_is_in_doubt(analyzer: Analyzer) -> None:
    text = (
        "Mayor Tom Smith said the plan would fail.\n\n"
        '"It is a disaster."\n\n'
        "Councillor Ana Ruiz said the plan would work."
    )
    kinds = [a.kind for a in analyzer.analyze_text(text).attributions]
    assert "floating" not in kinds


def test_schemes_on_a_story(analyzer: Analyzer) -> None:
    text = (
        '"We will rebuild the bridge," Mayor John Smith said on Tuesday, "and fast."\n\n'
        '"It will take two years."\n\n'
        "Analysts expected the cost to rise. Smith plans to run again.\n\n"
        "Councillor Ana Ruiz said the plan would work.\n\n"
        '"It is certain."\n'
    )
    everything = analyzer.analyze_text(text).attributions
    polnear = Analyzer(Options(scheme="polnear")).analyze_text(text).attributions
    quotes = Analyzer(Options(scheme="quotes")).analyze_text(text).attributions
    assert [a for a in everything if a.kind != "floating"] == list(polnear)
    assert any(a.kind == "floating" for a in everything)
    assert {a.type for a in quotes} == {"speech"}
    assert {a.type for a in polnear} >= {"speech", "thought", "intention"}
    texts = [a.content.text for a in quotes]
    assert '"We will rebuild the bridge,"' in texts and '"and fast."' in texts
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "The Keeper of the Records, Amina Yusuf, said the archive would close in May.",
            "Amina Yusuf",
            "the archive would close in May",
        ),
        (
            "Carter's mother, Ellen, says her son was never the same after the flood.",
            "Ellen",
            "her son was never the same after the flood",
        ),
        (
            "Students at Lakeside Elementary School planted trees on Monday. Principal Dana Ortiz "
            'watched them work. "It was a good day," she said.',
            "Dana Ortiz",
            '"It was a good day,"',
        ),
        (
            "The town of Millbrook lost power for two days. Northern Grid Power apologized on Friday. "
            "It said crews had worked through the night.",
            "Northern Grid Power",
            "crews had worked through the night",
        ),
        (
            "The province will cover a third of the cost, Transportation Minister Kelly Doucet said in "
            'a statement. "Nova Scotians deserve reliable transit," the statement said.',
            "Kelly Doucet",
            '"Nova Scotians deserve reliable transit,"',
        ),
        (
            "Mayor Tom Reyes visited the plant on Monday. He said in a statement that the plant would "
            'stay open. "We will not let these jobs go," the statement said.',
            "Tom Reyes",
            '"We will not let these jobs go,"',
        ),
    ],
)
def test_the_speaker_a_reader_would_name(analyzer: Analyzer, text: str, speaker: str, content: str) -> None:
    record = analyzer.analyze_text(text)
    found = [a for a in record.attributions if a.content.text == content]
    assert len(found) == 1, _table(record)
    assert _speaker(found[0]) == speaker and found[0].type == "speech"


def test_statements_marked_by_layout(analyzer: Analyzer) -> None:
    """A headline's name and colon, a transcript's labels and a dash byline: speech, direct or
    indirect by their marks, with the named speaker."""
    text = (
        "Senator Ana Ruiz: The Bridge Will Be Rebuilt\n\n"
        "The senator spoke to the council on Tuesday.\n\n"
        "HOST: Will the bridge reopen this year?\n\n"
        "RUIZ: It will reopen in May, and the state will pay for it.\n\n"
        "“We waited long enough for this bridge.” ― Paula Green\n"
    )
    got = [
        (a.source.text if a.source else None, a.type, a.kind, a.content.text)
        for a in analyzer.analyze_text(text).attributions
    ]
    assert ("Senator Ana Ruiz", "speech", "indirect", "The Bridge Will Be Rebuilt") in got
    assert ("HOST", "speech", "indirect", "Will the bridge reopen this year?") in got
    assert ("RUIZ", "speech", "indirect", "It will reopen in May, and the state will pay for it.") in got
    assert ("Paula Green", "speech", "direct", "“We waited long enough for this bridge.”") in got
    record = analyzer.analyze_text(text)
    by_source = {a.source.text: a.source.entity for a in record.attributions if a.source}
    assert by_source["Senator Ana Ruiz"] == "Ana Ruiz" and by_source["Paula Green"] == "Paula Green"
