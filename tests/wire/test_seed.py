"""The release this project started from, read completely by the wire parser."""

from __future__ import annotations

import datetime as dt

from dateline.wire import dates, parse

from .conftest import shared_path


def _seed() -> str:
    return shared_path("seed", "cctv-xi-letter-prnewswire.txt").read_text(encoding="utf-8")


def test_seed_headline_credit_and_dateline() -> None:
    text = _seed()
    parts = parse(text)
    assert parts.headline is not None
    assert parts.headline.text == "Xi sends congratulatory letter to 2021 South-South Human Rights Forum"
    assert parts.credit is not None
    assert parts.credit.name == "CCTV+"
    assert parts.credit.text == "CCTV+:"
    dl = parts.dateline
    assert dl is not None
    assert dl.text == "BEIJING, Dec. 8, 2021 /PRNewswire/ \u2014"
    assert (dl.city, dl.region, dl.date, dl.distributor) == ("BEIJING", None, "2021-12-08", "PR Newswire")
    for span in (parts.headline, parts.credit, dl):
        assert text[span.start : span.end] == span.text
    assert parts.language == "en"


def test_seed_paragraphs_and_media_warning() -> None:
    text = _seed()
    parts = parse(text)
    kinds = [p.kind for p in parts.paragraphs]
    assert kinds == ["headline", "dateline"] + ["body"] * 8 + ["media"]
    body = [p for p in parts.paragraphs if p.kind == "body"]
    assert body[0].text.startswith("Chinese President Xi Jinping sent a congratulatory letter")
    assert body[-1].text.startswith("Co-hosted by the State Council Information Office")
    last = parts.paragraphs[-1]
    assert last.text == "Video \u2013"
    assert [w.code for w in parts.warnings] == ["media-without-url"]
    warning = parts.warnings[0]
    assert (warning.start, warning.end) == (last.start, last.end)
    for p in parts.paragraphs:
        assert text[p.start : p.end] == p.text


def test_seed_body_text_starts_after_dateline() -> None:
    parts = parse(_seed())
    assert parts.body_text.startswith("Chinese President Xi Jinping sent a congratulatory letter")
    assert parts.body_text.count("\n\n") == 7
    assert "PRNewswire" not in parts.body_text
    assert "Video" not in parts.body_text
    assert "CCTV+" not in parts.body_text
    assert parts.body_text.endswith("Global Human Rights Governance.\u201d")


def test_seed_relative_date_resolves_against_dateline() -> None:
    parts = parse(_seed())
    assert parts.dateline is not None and parts.dateline.date is not None
    anchor = dt.date.fromisoformat(parts.dateline.date)
    assert dates.resolve("Wednesday", dt.date(2021, 12, 8)) == dt.date(2021, 12, 8)
    assert dates.resolve("on Wednesday", anchor) == dt.date(2021, 12, 8)
