"""Every dateline shape the issue lists, on synthetic copy, plus the ones that must not match."""

from __future__ import annotations

import pytest

from dateline.wire import parse

HEAD = "Acme opens new plant\n\n"
BODY = " Acme Corp. said on Tuesday it would build a plant.\n\nSecond paragraph of the story."

# (dateline as printed, date passed, city, region, ISO date, distributor)
SHAPES = [
    ("BEIJING, Dec. 8, 2021 /PRNewswire/ --", None, "BEIJING", None, "2021-12-08", "PR Newswire"),
    ("BEIJING, Dec. 8, 2021 /PRNewswire/ \u2014", None, "BEIJING", None, "2021-12-08", "PR Newswire"),
    ("NEW YORK (Reuters) -", "2024-03-05", "NEW YORK", None, "2024-03-05", "Reuters"),
    ("WASHINGTON (AP) \u2014", "2024-03-05", "WASHINGTON", None, "2024-03-05", "AP"),
    ("PALO ALTO, Calif.--(BUSINESS WIRE)--", None, "PALO ALTO", "Calif.", None, "Business Wire"),
    ("TORONTO, March 3, 2024 /CNW/ -", None, "TORONTO", None, "2024-03-03", "CNW"),
    (
        "SANTA CLARITA VALLEY, CA, March 21, 2024 /24-7PressRelease/ --",
        None,
        "SANTA CLARITA VALLEY",
        "CA",
        "2024-03-21",
        "24-7 Press Release",
    ),
    (
        "BROOMFIELD, CO - (NewMediaWire) - September 27, 2024 -",
        None,
        "BROOMFIELD",
        "CO",
        "2024-09-27",
        "NewMediaWire",
    ),
    ("NEW YORK, NY / NewsDirect / July 11th, 2024 /", None, "NEW YORK", "NY", "2024-07-11", "News Direct"),
    ("LOS ANGELES, Feb 26 -", "2024-02-27", "LOS ANGELES", None, "2024-02-26", None),
    ("LOS ANGELES, Feb 26 -", "1987", "LOS ANGELES", None, "1987-02-26", None),
    ("RYE BROOK, N.Y., MArch 2 -", "1987", "RYE BROOK", "N.Y.", "1987-03-02", None),
    (
        "SAN FRANCISCO, Jan. 5, 2024 /GLOBE NEWSWIRE/ --",
        None,
        "SAN FRANCISCO",
        None,
        "2024-01-05",
        "GlobeNewswire",
    ),
    ("HEMPSTEAD, N.Y., Sept. 26 (UPI) \u2014", "2016-09-26", "HEMPSTEAD", "N.Y.", "2016-09-26", "UPI"),
    (
        "Scotts Valley, CA (Newsworthy.ai) Wednesday Nov 13, 2024 @ 1:00 PM Pacific \u2014",
        None,
        "Scotts Valley",
        "CA",
        "2024-11-13",
        "Newsworthy.ai",
    ),
    ("SAN DIEGO, CA / PR Karma / August 8, 2024 15:15\n", None, "SAN DIEGO", "CA", "2024-08-08", "PR Karma"),
    ("Dallas, TX \u2013 [November 7, 2024] \u2013", None, "Dallas", "TX", "2024-11-07", None),
    (
        "(NewMediaWire) - September 03, 2024 - DALLAS \u2014",
        None,
        "DALLAS",
        None,
        "2024-09-03",
        "NewMediaWire",
    ),
    ("LONDON, 8 December 2021 (Reuters) -", None, "LONDON", None, "2021-12-08", "Reuters"),
    ("DALLAS \u2014", None, "DALLAS", None, None, None),
    ("Tucson, AZ \u2014", None, "Tucson", "AZ", None, None),
    # Spanish-language releases
    ("MADRID, 8 de diciembre de 2021 /PRNewswire/ --", None, "MADRID", None, "2021-12-08", "PR Newswire"),
    (
        "CIUDAD DE M\u00c9XICO, 3 de marzo de 2024 /PRNewswire/ --",
        None,
        "CIUDAD DE M\u00c9XICO",
        None,
        "2024-03-03",
        "PR Newswire",
    ),
    (
        "BOGOT\u00c1, Colombia, 15 de enero de 2024 /PRNewswire/ --",
        None,
        "BOGOT\u00c1",
        "Colombia",
        "2024-01-15",
        "PR Newswire",
    ),
    ("LISBOA, 8 de dezembro de 2021 /PRNewswire/ --", None, "LISBOA", None, "2021-12-08", "PR Newswire"),
    ("PARIS, 8 d\u00e9cembre 2021 /PRNewswire/ --", None, "PARIS", None, "2021-12-08", "PR Newswire"),
    ("BERLIN, 8. Dezember 2021 /PRNewswire/ --", None, "BERLIN", None, "2021-12-08", "PR Newswire"),
    # more services and layouts
    ("WASHINGTON (AP) _", "1996-05-02", "WASHINGTON", None, "1996-05-02", "AP"),
    (
        "AUSTIN, Texas, March 3, 2024 /EINPresswire.com/ --",
        None,
        "AUSTIN",
        "Texas",
        "2024-03-03",
        "EIN Presswire",
    ),
    ("TOKYO, March 3, 2024 /PRNewswire-AsiaNet/ --", None, "TOKYO", None, "2024-03-03", "PR Newswire"),
    ("NEW YORK, March 3, 2024 (GLOBE NEWSWIRE) --", None, "NEW YORK", None, "2024-03-03", "GlobeNewswire"),
    ("**NEW YORK, March 3, 2024** -", None, "NEW YORK", None, "2024-03-03", None),
]


@pytest.mark.parametrize(("printed", "known", "city", "region", "date", "distributor"), SHAPES)
def test_dateline_shape(
    printed: str, known: str | None, city: str, region: str | None, date: str | None, distributor: str | None
) -> None:
    text = HEAD + printed + BODY
    parts = parse(text, date=known)
    dl = parts.dateline
    assert dl is not None, printed
    assert dl.text == printed.strip()
    assert text[dl.start : dl.end] == dl.text
    assert (dl.city, dl.region, dl.date, dl.distributor) == (city, region, date, distributor)
    assert parts.headline is not None and parts.headline.text == "Acme opens new plant"
    assert parts.body_text.startswith("Acme Corp. said on Tuesday")


def test_reuters_21578_layout() -> None:
    text = (
        "CCC CREDITS FOR HONDURAS SWITCHED TO WHITE CORN\n"
        "    WASHINGTON, Feb 26 - The Commodity Credit Corporation (CCC)\n"
        "announced 1.5 mln dlrs in credit guarantees previously\n"
        "earmarked to cover sales of dry edible beans.\n"
        "    The department said the action reduces coverage.\n"
        " Reuter\n"
    )
    parts = parse(text, date="1987-02-26")
    assert (
        parts.headline is not None
        and parts.headline.text == "CCC CREDITS FOR HONDURAS SWITCHED TO WHITE CORN"
    )
    assert parts.dateline is not None and parts.dateline.text == "WASHINGTON, Feb 26 -"
    assert parts.dateline.date == "1987-02-26"
    assert [p.kind for p in parts.paragraphs] == ["headline", "dateline", "body", "body", "trailer"]
    assert parts.paragraphs[-1].text == "Reuter"
    # wrapped lines are joined for the reader
    assert parts.body_text.split("\n\n") == [
        "The Commodity Credit Corporation (CCC) announced 1.5 mln dlrs in credit guarantees previously "
        "earmarked to cover sales of dry edible beans.",
        "The department said the action reduces coverage.",
    ]


def test_month_and_day_without_year_or_known_date_warns() -> None:
    parts = parse(HEAD + "LOS ANGELES, Feb 26 -" + BODY)
    assert parts.dateline is not None
    assert parts.dateline.city == "LOS ANGELES"
    assert parts.dateline.date is None
    assert [w.code for w in parts.warnings] == ["dateline-year-unknown"]


def test_year_comes_from_nearest_publication_date() -> None:
    # A story filed on 2 January about "Dec. 31" is last year's.
    parts = parse(HEAD + "TOKYO, Dec. 31 -" + BODY, date="2025-01-02")
    assert parts.dateline is not None and parts.dateline.date == "2024-12-31"


def test_news_direct_marker_alone() -> None:
    text = "# Gold surges\n\n--News Direct--\n\nBy Faith Ashmore, Benzinga\n\nIn early March, gold rose."
    parts = parse(text)
    assert parts.dateline is not None
    assert (parts.dateline.text, parts.dateline.city, parts.dateline.distributor) == (
        "--News Direct--",
        None,
        "News Direct",
    )


def test_dateline_after_deck_and_image() -> None:
    text = (
        "# GeoVax to Report Results\n\nGeoVax to Host Conference Call at 4:30 PM ET\n\n"
        "![](https://example.com/logo.png)\n\n"
        " ATLANTA\u00a0- (NewMediaWire) - November 05, 2024 - GeoVax Labs, Inc. today announced results."
    )
    parts = parse(text)
    assert parts.dateline is not None
    assert parts.dateline.city == "ATLANTA" and parts.dateline.date == "2024-11-05"
    assert [p.kind for p in parts.paragraphs] == ["headline", "headline", "media", "dateline", "body"]


@pytest.mark.parametrize(
    "opening",
    [
        "The company said on March 3, 2024 - a Tuesday - that it would grow.",
        "On March 3, 2024 - the company grew.",
        "Apple Inc (NASDAQ: AAPL) said revenue rose.",
        "Muhdo Health, a global leader in DNA testing, is thrilled to announce a deal.",
        "By Johnny Rice, Benzinga",
        "HARLEY-DAVIDSON WANTS TARIFFS LIFTED",
        "In Beijing - the capital - officials met.",
    ],
)
def test_sentences_are_not_datelines(opening: str) -> None:
    parts = parse("A headline for the story\n\n" + opening + "\n\nMore text follows here.")
    assert parts.dateline is None


def test_headline_line_that_looks_like_a_dateline_stays_a_headline() -> None:
    text = "GULF EDIBLE OIL PRICES - April 7\n    Fob Gulf edible oils - quoted in cents per lb.\n"
    parts = parse(text, date="1987-04-07")
    assert parts.headline is not None and parts.headline.text == "GULF EDIBLE OIL PRICES - April 7"
    assert parts.dateline is None


def test_text_opening_with_its_dateline_has_no_headline() -> None:
    text = "WASHINGTON (AP) \u2014 The Senate voted on Tuesday.\n\nThe bill now goes to the House."
    parts = parse(text, date="2024-03-05")
    assert parts.headline is None
    assert parts.dateline is not None and parts.dateline.distributor == "AP"
    assert parts.body_text.startswith("The Senate voted on Tuesday.")


def test_headline_and_dateline_without_blank_line() -> None:
    text = (
        "Xi sends congratulatory letter to forum\n"
        "BEIJING, Dec. 8, 2021 /PRNewswire/ -- Chinese President Xi Jinping sent a letter.\n"
        "It was read at the opening.\n\nSecond paragraph."
    )
    parts = parse(text)
    assert parts.headline is not None and parts.headline.text == "Xi sends congratulatory letter to forum"
    assert parts.dateline is not None and parts.dateline.city == "BEIJING"
    assert [p.kind for p in parts.paragraphs] == ["headline", "dateline", "body", "body"]
    assert parts.body_text.startswith("Chinese President Xi Jinping sent a letter. It was read")


def test_tracking_pixel_inside_the_dateline() -> None:
    text = (
        "# Alaska Dental Society Endorses iCoreConnect\n\n"
        "OCOEE, FL\u00a0- ![](https://app.example.com/track/66cf.gif)\n\n"
        "([NewMediaWire](https://www.newmediawire.com)) - August 28, 2024 -\u00a0[iCoreConnect Inc.]"
        "(https://ir.example.com/) (NASDAQ: ICCT) announced an endorsement.\n\nSecond paragraph."
    )
    parts = parse(text)
    dl = parts.dateline
    assert dl is not None
    assert (dl.city, dl.region, dl.date, dl.distributor) == ("OCOEE", "FL", "2024-08-28", "NewMediaWire")
    assert dl.text.startswith("OCOEE, FL") and dl.text.endswith("August 28, 2024 -")
    assert [p.kind for p in parts.paragraphs] == ["headline", "dateline", "body", "body"]
    assert parts.body_text.startswith("iCoreConnect Inc. (NASDAQ: ICCT) announced")


def test_a_dateline_is_never_months_after_its_publication() -> None:
    """Issue 16: published 1987-12-31, "June 19" is that June, not the nearer June of 1988."""
    from dateline import wire

    text = "Council meets\n\nWASHINGTON, June 19 - The council met on Tuesday.\n"
    assert wire.parse(text, date="1987-12-31").dateline.date == "1987-06-19"  # type: ignore[union-attr]
    # a day or so ahead (time zones) and New Year still work
    assert wire.parse(text.replace("June 19", "Jan 1"), date="1987-12-31").dateline.date == "1988-01-01"  # type: ignore[union-attr]
    assert wire.parse(text.replace("June 19", "Dec 30"), date="1988-01-02").dateline.date == "1987-12-30"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "city", "region", "date", "distributor"),
    [
        (
            "PALM BEACH, FL / MADRID, SPAIN — February 5, 2026 — (NOTICIAS NEWSWIRE) —",
            "PALM BEACH",
            "FL",
            "2026-02-05",
            "NOTICIAS NEWSWIRE",
        ),
        ("VALLETTA, MALTA, July 27, 2025 ", "VALLETTA", "MALTA", "2025-07-27", None),
    ],
)
def test_two_places_and_no_separator_after_the_date(
    line: str, city: str, region: str, date: str, distributor: str | None
) -> None:
    """Issue 16: a dateline naming two cities, and one with nothing between date and body."""
    parts = parse(f"A headline for it\n\n{line} The Council welcomed the decision on Monday.\n")
    assert parts.dateline is not None
    assert (parts.dateline.city, parts.dateline.region, parts.dateline.date, parts.dateline.distributor) == (
        city,
        region,
        date,
        distributor,
    )
    assert parts.dateline.text == line.strip()
