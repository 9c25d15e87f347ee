"""Headline, credit, paragraph roles, body text and language on synthetic documents."""

from __future__ import annotations

import pytest

from dateline.wire import parse

DL = "NEW YORK, March 3, 2024 /PRNewswire/ -- "


@pytest.mark.parametrize(
    ("headline", "credit"),
    [
        ("CCTV+: Xi sends congratulatory letter to forum", "CCTV+"),
        ("XINHUA: China launches new satellite", "XINHUA"),
        ("Xinhua: China launches new satellite", "Xinhua"),
        ("AP: Senate passes the budget bill", "AP"),
    ],
)
def test_credit_prefix_is_split_from_headline(headline: str, credit: str) -> None:
    text = headline + "\n\n" + DL + "Body text of the story."
    parts = parse(text)
    assert parts.credit is not None
    assert parts.credit.name == credit
    assert parts.credit.text == credit + ":"
    assert parts.headline is not None
    assert parts.headline.text == headline.split(": ", 1)[1]
    assert text[parts.credit.start : parts.credit.end] == parts.credit.text


@pytest.mark.parametrize(
    "headline",
    [
        "Pat Caddell: Democrat Voters Worried About Hillary Clinton\u2019s Health Issues",
        "Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton.",
        "Pence: Gennifer Flowers Won\u2019t Be at Debate",
        "BREAKING: Markets tumble after rate decision",
        "UPDATE 2: Markets tumble after rate decision",
        "EXCLUSIVE: Inside the deal",
        "U.S. SENATE GROUP: PANEL EYES 37 BLN DLR DEFICIT CUT",
        "Heirloom Beauty: A Revolution in Anti-Aging Skincare.",
    ],
)
def test_ordinary_headline_colons_are_not_credits(headline: str) -> None:
    parts = parse(headline + "\n\n" + DL + "Body text of the story.")
    assert parts.credit is None
    assert parts.headline is not None and parts.headline.text == headline


def test_markdown_heading_and_markup_removed_from_body() -> None:
    text = (
        "# **Acme** launches [Widget](https://acme.example/widget)\n\n"
        + DL
        + "Acme **today** launched the [Widget](https://acme.example/widget).\n\n"
        "![](https://acme.example/photo.jpg)\n\n"
        "## Why it matters\n"
        "It is *new*:\n"
        "* fast\n"
        "* cheap\n"
    )
    parts = parse(text)
    assert parts.headline is not None
    assert parts.headline.text == "**Acme** launches [Widget](https://acme.example/widget)"
    kinds = [p.kind for p in parts.paragraphs]
    assert kinds == ["headline", "dateline", "body", "media", "body", "body"]
    assert (
        parts.body_text
        == "Acme today launched the Widget.\n\nWhy it matters\n\nIt is *new*:\n* fast\n* cheap"
    )


def test_title_argument_finds_headline_after_images() -> None:
    text = "![](https://x.example/a.png)\n\nBig News For Acme\n\n" + DL + "Body."
    parts = parse(text, title="Big  news for ACME")
    assert parts.headline is not None and parts.headline.text == "Big News For Acme"
    assert [p.kind for p in parts.paragraphs][:2] == ["media", "headline"]


def test_paragraph_roles_of_a_press_release() -> None:
    text = "\n\n".join(
        [
            "Acme Reports Record Quarter",
            DL + "Acme Corp. reported record revenue.",
            '"We are delighted," said Jane Doe, chief executive.',
            "Photo - https://mma.prnewswire.com/media/123/acme.jpg",
            "Video \u2013",
            "About Acme Corp.",
            "Acme makes widgets for the world. It was founded in 1901.",
            "Forward-Looking Statements",
            "This press release contains forward-looking statements within the meaning of the law.",
            "Media Contact:",
            "Jane Roe\njane.roe@acme.example\n+1 212-555-0100",
            "SOURCE Acme Corp.",
            "###",
        ]
    )
    parts = parse(text)
    kinds = [p.kind for p in parts.paragraphs]
    assert kinds == [
        "headline",
        "dateline",
        "body",
        "body",
        "media",
        "media",
        "about",
        "about",
        "disclaimer",
        "disclaimer",
        "contact",
        "contact",
        "source-line",
        "trailer",
    ]
    assert [w.code for w in parts.warnings] == ["media-without-url"]
    assert parts.body_text == (
        'Acme Corp. reported record revenue.\n\n"We are delighted," said Jane Doe, chief executive.'
    )


def test_about_in_a_sentence_is_body() -> None:
    text = "Headline here\n\n" + DL + "First.\n\nAbout 500 people attended the meeting on Tuesday."
    assert [p.kind for p in parse(text).paragraphs][-1] == "body"


def test_archive_links_after_rule_are_trailer() -> None:
    text = (
        "# Headline\n\n" + DL + "Body of the release.\n\n---\n\n"
        "[Original/Source Press Release](https://x.example/1)\n\n"
        "Pickup - [citybuzz.co](https://citybuzz.co/2)\n\n"
        "![Blockchain Registration](https://cdn.example/q.webp)"
    )
    kinds = [p.kind for p in parse(text).paragraphs]
    assert kinds == ["headline", "dateline", "body", "trailer", "trailer", "trailer", "trailer"]


def test_language_detection() -> None:
    es = (
        "La empresa presenta resultados\n\nMADRID, 8 de diciembre de 2021 /PRNewswire/ -- La empresa "
        "anunci\u00f3 hoy que los resultados de la compa\u00f1\u00eda en el mercado son los mejores "
        "del a\u00f1o."
    )
    assert parse(es).language == "es"
    en = "Acme grows\n\n" + DL + "The company said that revenue for the year was the best in its history."
    assert parse(en).language == "en"
    assert parse("").language == "en"


def test_empty_and_whitespace_text() -> None:
    for text in ("", "   ", "\n\n\r\n", "\u2028\u00a0"):
        parts = parse(text)
        assert parts.headline is None and parts.dateline is None
        assert parts.body_text == ""


def test_single_paragraph_is_body_not_headline() -> None:
    parts = parse("Just one short line.")
    assert parts.headline is None
    assert [p.kind for p in parts.paragraphs] == ["body"]
    assert parts.body_text == "Just one short line."


def test_title_with_site_name_and_title_not_in_text() -> None:
    text = "Big News For Acme\n\n" + DL + "Body."
    parts = parse(text, title="Big News for Acme | Example Daily")
    assert parts.headline is not None and parts.headline.text == "Big News For Acme"
    # An HTML body without its <title>: the first paragraph stays body.
    parts = parse("Acme said on Tuesday it grew.\n\nMore body.", title="Acme grows fast | Example Daily")
    assert parts.headline is None
    assert [p.kind for p in parts.paragraphs] == ["body", "body"]


def test_invalid_publication_date_is_a_clear_error() -> None:
    from dateline.errors import OptionsError

    for bad in ("2021-13-01", "yesterday", "21-12-08", "2021/12/08"):
        with pytest.raises(OptionsError) as info:
            parse("Headline\n\nBody.", date=bad)
        assert "YYYY-MM-DD" in str(info.value) and repr(bad) in str(info.value)
    assert parse("Headline\n\nBody.", date="").dateline is None


def test_acronym_the_story_is_about_is_not_a_credit() -> None:
    text = "GAUI: Empowering Liquidity in DeFi\n\nGAUI is a stable token. GAUI holders vote."
    parts = parse(text)
    assert parts.credit is None
    assert parts.headline is not None and parts.headline.text == "GAUI: Empowering Liquidity in DeFi"
    # a known service stays a credit even when the story names it
    parts = parse("AP: Trump chair routed money\n\nAn AP investigation found transfers.")
    assert parts.credit is not None and parts.credit.name == "AP"
