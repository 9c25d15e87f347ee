"""The analysis path every caller shares: text, Markdown and HTML in, consistent records out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.analysis import Analyzer
from dateline.errors import DatelineError, EmptyInput
from dateline.options import Options
from dateline.readers import Input, from_bytes
from dateline.records import Record

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
EXAMPLE = ROOT / "examples" / "harbor-city-water-summit.txt"

PAGE = """<!doctype html><html><head><title>Acme wins the Big Award | Example News</title>
<meta property="og:site_name" content="Example News"><meta name="date" content="2024-03-05">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now!</nav>
<article><h1>Acme wins the Big Award</h1>
<p>TORONTO, March 5, 2024 /CNW/ - Acme Corp. won the Big Award on Monday, the company said.</p>
<p>"We are thrilled," said Jane Doe, chief executive of Acme. "It is a great day for our team."</p>
<p>The award was presented at a ceremony in Toronto attended by more than 300 people.</p>
</article><aside>Related: Ten things you missed</aside><footer>Copyright 2024 Example News</footer>
</body></html>"""


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def spans_of(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict with start/end/text anywhere in a record's dict."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int):
            yield value
        for v in value.values():
            yield from spans_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from spans_of(v)


def assert_offsets(record: Record) -> None:
    data = record.as_dict()
    text = data.pop("text")
    n = 0
    for span in spans_of(data):
        if span.get("spans"):
            for sub in span["spans"]:
                assert text[sub["start"] : sub["end"]] == sub["text"]
            continue
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"], span
        n += 1
    assert n > 0


def test_html_page(analyzer: Analyzer) -> None:
    record = analyzer.analyze(from_bytes(PAGE.encode(), "acme.html"))
    assert record.format == "html"
    assert record.metadata.title == "Acme wins the Big Award"
    assert record.metadata.site == "Example News"
    assert record.metadata.date == "2024-03-05"
    assert record.headline is not None and record.headline.text == "Acme wins the Big Award"
    assert record.dateline is not None
    assert (record.dateline.city, record.dateline.date, record.dateline.distributor) == (
        "TORONTO",
        "2024-03-05",
        "CNW",
    )
    # the body as a reader sees it: no navigation, no footer, no headline, no dateline
    assert record.body_text.startswith("Acme Corp. won the Big Award on Monday")
    for junk in ("Subscribe", "Copyright", "Related", "TORONTO"):
        assert junk not in record.body_text
    assert "2024-03-04" in {t.date for t in record.times}  # "on Monday" before Tuesday March 5
    jane = record.entity("Jane Doe")
    assert jane is not None and jane.label == "PERSON"
    assert any(a.source and a.source.entity == "Jane Doe" for a in record.attributions)
    assert_offsets(record)


def test_example_release(analyzer: Analyzer) -> None:
    record = analyzer.analyze_text(EXAMPLE.read_text(encoding="utf-8"), id="example")
    assert record.credit is not None and record.credit.name == "XNA+"
    assert record.dateline is not None and record.dateline.region == "Calif."
    summit = record.entity("2024 Harbor City Water Summit")
    assert summit is not None and summit.label == "EVENT" and summit.date == "2024-03-05"
    assert {p.kind for p in record.paragraphs} >= {"about", "contact", "source-line", "media"}
    assert [w.code for w in record.warnings] == ["media-without-url"]
    speakers = {a.source.entity for a in record.attributions if a.source}
    assert {"Lena Ortiz", "Samuel Reyes"} <= speakers
    d = record.dateline
    assert not any(a.source and d.start <= a.source.start < d.end for a in record.attributions)
    assert_offsets(record)


def test_pipe_keeps_order_and_errors_in_place(analyzer: Analyzer) -> None:
    items: list[Input] = [
        Input("a.txt", EXAMPLE.read_text(encoding="utf-8"), "text", "a"),
        Input("empty.html", "<html><body></body></html>", "html", "empty"),
        Input("b.txt", "WASHINGTON (AP) — The Senate voted on Tuesday, officials said.", "text", "b"),
    ]
    out = list(analyzer.pipe(items))
    assert isinstance(out[0], Record) and out[0].id == "a"
    assert isinstance(out[1], DatelineError) and str(out[1]).startswith("empty.html: ")
    assert isinstance(out[2], Record) and out[2].dateline is not None
    assert out[2].dateline.distributor == "AP"


def test_publication_date_supplies_the_year() -> None:
    story = "OIL PRICES FALL\n    LONDON, Feb 26 - Oil prices fell on Thursday, traders said.\n Reuter\n"
    record = Analyzer(Options(date="1987-02-27")).analyze_text(story)
    assert record.dateline is not None and record.dateline.date == "1987-02-26"
    assert {t.text: t.date for t in record.times}.get("Thursday") == "1987-02-26"


def test_empty_text_is_an_input_error(analyzer: Analyzer) -> None:
    with pytest.raises(EmptyInput):
        analyzer.analyze(Input("blank.txt", " \n ", "text"))


@pytest.mark.parametrize(
    "path",
    sorted((DATA / "polnear" / "dev" / "text").glob("*.txt"))[:6]
    + sorted((DATA / "wire" / "press-releases-2024" / "text").glob("*.md"))[::150]
    + sorted((DATA / "wire" / "reuters-21578-train" / "text").glob("*.txt"))[::100],
    ids=lambda p: p.stem[:40],
)
def test_offsets_on_real_documents(analyzer: Analyzer, path: Path) -> None:
    fmt = "markdown" if path.suffix == ".md" else "text"
    record = analyzer.analyze_text(path.read_text(encoding="utf-8"), format=fmt)
    assert_offsets(record)


def test_a_bare_year_completes_the_dateline_only() -> None:
    story = "OIL PRICES FALL\n    LONDON, Feb 26 - Oil prices fell on Thursday, traders said.\n Reuter\n"
    record = Analyzer(Options(date="1987")).analyze_text(story)
    assert record.dateline is not None and record.dateline.date == "1987-02-26"
    # the weekday resolves against the dateline's date
    assert {t.text: t.date for t in record.times}.get("Thursday") == "1987-02-26"


def test_structure_without_nlp() -> None:
    from dateline.analysis import structure

    record = structure(from_bytes(PAGE.encode(), "acme.html"))
    assert record.headline is not None and record.headline.text == "Acme wins the Big Award"
    assert record.dateline is not None and record.dateline.city == "TORONTO"
    assert record.entities == () and record.attributions == () and record.times == ()
    assert record.body_text.startswith("Acme Corp. won")
