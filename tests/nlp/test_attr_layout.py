"""Attributions marked by layout (:mod:`dateline.nlp.attr_layout`): speaker labels, dash bylines,
``Name: statement`` headlines; and what must not be taken for one."""

from __future__ import annotations

import pytest

from dateline.nlp.attr_layout import marked
from dateline.nlp.attr_types import classify


def _found(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return [
        (text[m.source[0] : m.source[1]], text[m.cue[0] : m.cue[1]], text[m.content[0] : m.content[1]])
        for m in marked(text, spans)
    ]


def test_a_headline_name_and_colon() -> None:
    text = "Pence: Gennifer Flowers Won't Be at Debate\n\nThe governor spoke on Sunday."
    assert _found(text) == [("Pence", ":", "Gennifer Flowers Won't Be at Debate")]


@pytest.mark.parametrize(
    "headline",
    [
        "The Latest: Cruz to give away engraved shotgun",
        "BREAKING: Senate passes the bill",
        "Editor's note: This story was updated",
        "Ted Cruz: Constitutional conservative or another typical career politician?",
        "CCTV+: Xi sends congratulatory letter to 2021 South-South Human Rights Forum",
        "Voters in three states go to the polls: what to watch",
    ],
)
def test_kickers_questions_and_credits_are_no_headline_speaker(headline: str) -> None:
    assert _found(headline + "\n\nBody text.") == []


def test_a_transcript_in_capitals() -> None:
    text = (
        "Pence on the debate\n\nWALLACE: Will Gennifer Flowers be there?\n\n"
        "PENCE: Gennifer Flowers will not be attending the debate.\n\n"
        "WALLACE: Do you see those two as equivalent?"
    )
    assert _found(text) == [
        ("WALLACE", ":", "Will Gennifer Flowers be there?"),
        ("PENCE", ":", "Gennifer Flowers will not be attending the debate."),
        ("WALLACE", ":", "Do you see those two as equivalent?"),
    ]


def test_a_transcript_quoted_paragraph_by_paragraph() -> None:
    text = 'Title\n\n"WALLACE: Will she be there?\n\n"PENCE: She will not."'
    assert _found(text) == [("WALLACE", ":", "Will she be there?"), ("PENCE", ":", 'She will not."')]


def test_one_label_in_capitals_is_no_transcript() -> None:
    text = "Title\n\nNOTICE: The meeting moved to Friday.\n\nThe rest of the story."
    assert _found(text) == []


def test_a_named_label_with_an_affiliation_and_no_interview_letters() -> None:
    text = (
        'Title\n\nRep. Trey Gowdy (R-S.C.): "I have not heard anyone."\n\nQ: How did it go?\n\nA: Fine.'
        "\n\nQ: And then?\n\nA: We left."
    )
    assert _found(text, ("Trey Gowdy",)) == [("Rep. Trey Gowdy (R-S.C.)", ":", '"I have not heard anyone."')]


def test_a_label_in_title_case_needs_the_entity_stage() -> None:
    text = "Title\n\nStudent loans: Some big ideas do come to pass.\n\nJeb Bush: He proposed a plan."
    assert _found(text, ("Jeb Bush",)) == [("Jeb Bush", ":", "He proposed a plan.")]


def test_dash_bylines_after_quotations() -> None:
    text = (
        "Title\n\n”Mr. Trump embodies the lasting legacy of racism.” ― Sonya Herridge\n"
        "“He is ignorant of our culture.”― Pamela Padilla \n"
        "“Trump must stop portraying Latinos as gangsters.” — Carla Sanchez, 34, Miami.\n"
        '"I went to Wall Street before the crash."\n- Hillary Clinton.\n'
    )
    assert _found(text) == [
        ("Sonya Herridge", "―", "”Mr. Trump embodies the lasting legacy of racism.”"),
        ("Pamela Padilla", "―", "“He is ignorant of our culture.”"),
        ("Carla Sanchez", "—", "“Trump must stop portraying Latinos as gangsters.”"),
        ("Hillary Clinton", "-", '"I went to Wall Street before the crash."'),
    ]


def test_an_embedded_post_counts_only_as_a_quotation() -> None:
    post = "No one should be above the law. pic.twitter.com/Oq — Paul Ryan (@SpeakerRyan) July 5, 2016\n"
    assert _found("Title\n\n<tweet>" + post) == []
    quoted = '<tweet>"No one should be above the law." — Paul Ryan (@SpeakerRyan) July 5, 2016</tweet>.\n'
    assert _found("Title\n\n" + quoted) == [("Paul Ryan", "—", '"No one should be above the law."')]


@pytest.mark.parametrize(
    "paragraph",
    [
        "WASHINGTON — President Obama said on Tuesday that he would go.",
        "He lost to the man who beat them all — Donald Trump.",
        "The vote — and its aftermath — split the party.",
        "— By Jane Smith",
    ],
)
def test_dashes_in_running_text_are_no_byline(paragraph: str) -> None:
    assert _found("Title\n\n" + paragraph + "\n") == []


def test_layout_cues_are_speech_unless_the_source_is_a_document() -> None:
    assert classify(":", [":"], "WALLACE", False) == "speech"
    assert classify("―", ["―"], "Sonya Herridge", True) == "speech"
    assert classify(":", [":"], "Poll", False) == "evidence"
