"""Property tests: ``parse`` never raises and every span it returns slices the text exactly."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.wire import WireParts, dates, parse

# Pieces of real datelines, markup and layout, so that generated texts reach the dateline
# grammar and the paragraph rules instead of being mostly random letters.
_FRAGMENTS = st.sampled_from(
    [
        "BEIJING",
        ", Dec. 8, 2021",
        " /PRNewswire/ ",
        "--",
        "\u2014",
        " - ",
        "(Reuters)",
        "--(BUSINESS WIRE)--",
        " / NewsDirect / ",
        "8 de diciembre de 2021",
        "CCTV+: ",
        "# ",
        "**",
        "![](http://x/y.png)",
        "[a](b)",
        "Video \u2013",
        "About Acme",
        "SOURCE Acme",
        " Reuter",
        "###",
        "---",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        "    ",
        "\t",
        "\u00a0",
        "\u2028",
        "\ufeff",
        "e\u0301",
        "\U0001f600",
        "\x00",
        "Media Contact: a@b.co +1 212-555-0100",
        "Forward-Looking Statements",
        "@ 1:00 PM Pacific",
        "Wednesday",
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=60).map("".join),
)


def _check_spans(text: str, parts: WireParts) -> None:
    spans = [parts.headline, parts.credit, parts.dateline, *parts.paragraphs]
    for span in spans:
        if span is None:
            continue
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
    for warning in parts.warnings:
        if warning.start is not None and warning.end is not None:
            assert 0 <= warning.start <= warning.end <= len(text)
    starts = [p.start for p in parts.paragraphs]
    assert starts == sorted(starts)
    for a, b in zip(parts.paragraphs, parts.paragraphs[1:], strict=False):
        assert a.end <= b.start
    if parts.dateline is not None and parts.dateline.date is not None:
        dt.date.fromisoformat(parts.dateline.date)
    assert parts.language.isalpha()


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, markdown=st.sampled_from([None, True, False]))
def test_parse_never_raises_and_spans_slice_the_text(text: str, markdown: bool | None) -> None:
    _check_spans(text, parse(text, markdown=markdown))


@settings(max_examples=100, deadline=None)
@given(
    text=_TEXTS,
    date=st.sampled_from([None, "2021-12-08", "1987", "2024-02"]),
    title=st.one_of(st.none(), st.text(max_size=40)),
)
def test_parse_with_options_never_raises(text: str, date: str | None, title: str | None) -> None:
    _check_spans(text, parse(text, date=date, title=title))


@settings(max_examples=300, deadline=None)
@given(
    expression=st.one_of(st.text(max_size=60), _FRAGMENTS),
    anchor=st.one_of(st.none(), st.dates(min_value=dt.date(1, 2, 1), max_value=dt.date(9998, 11, 30))),
)
def test_resolve_never_raises(expression: str, anchor: dt.date | None) -> None:
    result = dates.resolve(expression, anchor)
    assert result is None or isinstance(result, dt.date)


def test_resolve_at_calendar_edges() -> None:
    assert dates.resolve("yesterday", dt.date.min) is None
    assert dates.resolve("tomorrow", dt.date.max) is None
    assert dates.resolve("Dec. 31", dt.date.max) == dt.date(9999, 12, 31)
    assert dates.resolve("last Monday", dt.date.min) is None


def test_huge_whitespace_and_lone_carriage_returns() -> None:
    text = "Headline\r\r" + " " * 200_000 + "\rBEIJING, Dec. 8, 2021 /PRNewswire/ -- Body.\r" + "\n" * 100_000
    parts = parse(text)
    _check_spans(text, parts)
    assert parts.dateline is not None and parts.dateline.date == "2021-12-08"
