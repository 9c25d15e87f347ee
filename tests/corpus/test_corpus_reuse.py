"""Text reuse as pure functions: units, alignment, shares, labels, filters, the in-memory finder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus import reuse
from dateline.errors import OptionsError
from dateline.records import Paragraph

RELEASE = [
    "Acme Robotics today announced that its warehouse robot Stacker will ship to customers in "
    "Germany, France and Spain from the first quarter of next year.",
    "The company said the robot can lift boxes of up to forty kilograms and work through three "
    "shifts without a pause for recharging its lithium batteries.",
    '"We built Stacker for the people who move the world\'s parcels every night," said Maria Lopez, '
    "chief executive of Acme Robotics, at the launch event in Munich.",
    "Acme Robotics was founded in Boston in 2011 and employs nine hundred engineers across four "
    "research centres in the United States and Europe.",
]
ABOUT = (
    "About Acme Robotics: Acme Robotics builds machines for logistics. For more information visit "
    "the company website or contact the press office."
)
OWN = [
    "Shares of logistics firms rose sharply on Tuesday as investors weighed fresh data on consumer "
    "spending across the eurozone and the United Kingdom.",
    "Analysts at several banks cautioned that the holiday season could still disappoint retailers "
    "who had stocked their shelves early this autumn.",
    "Local officials in Rotterdam meanwhile approved a plan to widen the harbour entrance so that "
    "larger container ships can dock there by the end of the decade.",
]


def doc(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]]]:
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return text, spans


def prepared(paragraphs: list[str]) -> reuse.Prepared:
    text, spans = doc(paragraphs)
    return reuse.prepare(text, spans)


def test_units_have_offsets_into_the_text() -> None:
    text, spans = doc(RELEASE)
    p = reuse.prepare(text, spans)
    assert len(p.units) == 4  # one sentence a paragraph
    for u in p.units:
        piece = text[u.start : u.end]
        assert piece == piece.strip() and piece[-1] in '.,"'
    assert p.units[0].start == 0 and text[p.units[0].start : p.units[0].end].startswith("Acme Robotics today")
    assert p.keys


def test_body_spans_skip_boilerplate_kinds() -> None:
    text, spans = doc([*RELEASE, ABOUT])
    paras = [Paragraph(a, b, text[a:b], "body") for a, b in spans[:-1]]
    paras.append(Paragraph(spans[-1][0], spans[-1][1], ABOUT, "about"))
    assert reuse.body_spans(paras, text) == spans[:-1]
    as_dicts = [p.as_dict() for p in paras]
    assert reuse.body_spans(as_dicts, text) == spans[:-1]
    assert reuse.body_spans([], "some text") == [(0, 9)]
    assert reuse.body_spans([], "  ") == []


def test_whole_copy_is_verbatim_and_wholly() -> None:
    src, tgt = prepared(RELEASE), prepared(RELEASE)
    passages = reuse.align(tgt, src)
    assert [p.kind for p in passages] == ["verbatim"]
    assert reuse.fraction(tgt, passages) == 1.0
    r = reuse.assemble("copy", "2024-01-02", tgt, [("release", "2024-01-01", passages)])
    assert r.label == "wholly" and r.sources[0].id == "release"


def test_rewritten_and_trimmed_sentences_are_found() -> None:
    src = prepared(RELEASE)
    rewritten = (
        "From the first quarter of next year, the Stacker warehouse robot made by Acme Robotics will "
        "be shipped to clients in Spain, France and Germany, the firm announced."
    )
    trimmed = '"We built Stacker for the people who move the world\'s parcels every night," Lopez said.'
    text, spans = doc([OWN[0], rewritten, OWN[1], trimmed, OWN[2]])
    tgt = reuse.prepare(text, spans)
    passages = reuse.align(tgt, src)
    kinds = {text[p.start : p.end][:20]: p.kind for p in passages}
    assert kinds == {rewritten[:20]: "rewritten", trimmed[:20]: "rewritten"}
    first = next(p for p in passages if text[p.start : p.end] == rewritten)
    assert src.text[first.source_start : first.source_end] == RELEASE[0]
    quote = next(p for p in passages if text[p.start : p.end] == trimmed)
    taken = src.text[quote.source_start : quote.source_end]
    assert "We built Stacker" in taken and "Maria Lopez" not in taken
    share = reuse.fraction(tgt, passages)
    assert 0.1 <= share < 0.5 and reuse.label(share) == "partially"


def test_unrelated_text_and_boilerplate_alone_are_not_reuse() -> None:
    src = prepared(RELEASE)
    assert reuse.align(prepared(OWN), src) == ()
    empty = reuse.prepare("", [])
    assert reuse.align(empty, src) == () and reuse.fraction(empty, ()) == 0.0
    r = reuse.assemble("empty", None, empty, [("release", None, ())])
    assert r.label == "non" and r.sources == () and r.reused_fraction == 0.0


def test_labels_follow_the_thresholds() -> None:
    assert reuse.label(reuse.WHOLLY) == "wholly"
    assert reuse.label(reuse.WHOLLY - 0.001) == "partially"
    assert reuse.label(reuse.PARTIALLY) == "partially"
    assert reuse.label(reuse.PARTIALLY - 0.001) == "non"
    assert reuse.LABELS == ("wholly", "partially", "non")


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("site:pa.example", "site", "pa.example"),
        ("site:www.pa.example", "site", "pa.example"),
        ('distributor:"PR Newswire"', "distributor", "PR Newswire"),
        ("credit:CCTV+", "credit", "CCTV+"),
        ("Credit: CCTV+ ", "credit", "CCTV+"),
    ],
)
def test_parse_filter(text: str, field: str, value: str) -> None:
    f = reuse.parse_filter(text)
    assert (f.field, f.value) == (field, value)


@pytest.mark.parametrize("text", ["", "pa.example", "host:pa.example", "site:", "credit:  ", "site:a b"])
def test_malformed_filter_is_one_line_error(text: str) -> None:
    with pytest.raises(OptionsError) as err:
        reuse.parse_filter(text)
    message = str(err.value)
    assert "\n" not in message and "--from" in message
    assert "site:HOST" in message or "host name" in message


def test_filter_matches_host_distributor_credit() -> None:
    assert reuse.parse_filter("site:pa.example").matches("news.pa.example", None, None)
    assert not reuse.parse_filter("site:pa.example").matches("apa.example", None, None)
    assert reuse.parse_filter("distributor:pr newswire").matches(None, "PR Newswire", None)
    assert not reuse.parse_filter("credit:CCTV+").matches("cctv.example", "PR Newswire", None)
    assert reuse.host_of("https://www.pa.example/story/1") == "pa.example"


def test_find_orders_by_date_and_never_self() -> None:
    text, spans = doc(RELEASE)
    story_text, story_spans = doc([OWN[0], RELEASE[0], OWN[1]])
    docs = [
        # ingested first but published later: the story reuses the release, not the other way
        {"id": "story", "text": story_text, "spans": story_spans, "published": "2024-01-03",
         "url": "https://paper.example/story"},
        {"id": "release", "text": text, "spans": spans, "published": "2024-01-01",
         "url": "https://pa.example/release"},
        # the same release at a second URL, same day: a copy of the first, never its own source
        {"id": "release-2", "text": text, "spans": spans, "published": "2024-01-01",
         "url": "https://mirror.example/release"},
        {"id": "own", "text": OWN[2], "published": "2024-01-04"},
    ]  # fmt: skip
    got = {r.id: r for r in reuse.find(docs)}
    assert got["release"].sources == () and got["release"].label == "non"
    assert [s.id for s in got["release-2"].sources] == ["release"]
    assert got["release-2"].label == "wholly" and got["release-2"].reused_fraction == 1.0
    assert got["story"].label == "partially"
    assert [s.id for s in got["story"].sources] == ["release", "release-2"]
    assert got["own"].sources == ()
    only = {r.id: r for r in reuse.find(docs, source_filter=reuse.parse_filter("site:mirror.example"))}
    assert [s.id for s in only["story"].sources] == ["release-2"]
    assert only["release-2"].sources == ()


def test_round_trip() -> None:
    r = reuse.Reuse(
        "a", "2024-01-02", 0.5, "wholly",
        (reuse.SourceReuse("b", None, 0.5, (reuse.Passage(0, 10, 5, 15, "verbatim"),)),),
    )  # fmt: skip
    assert reuse.Reuse.from_dict(r.as_dict()) == r


@settings(deadline=None, max_examples=50)
@given(st.text(max_size=400))
def test_any_text_prepares_and_aligns_with_itself(text: str) -> None:
    p = reuse.prepare(text)
    for u in p.units:
        assert 0 <= u.start < u.end <= len(text)
    passages = reuse.align(p, p)
    share = reuse.fraction(p, passages)
    assert 0.0 <= share <= 1.0
    for x in passages:
        assert 0 <= x.start < x.end <= len(text) and 0 <= x.source_start <= x.source_end <= len(text)


COOKIES = (
    "We use cookies to give you the best experience on our website and to show you relevant "
    "advertising, and by continuing to browse you agree to our cookie policy."
)


def test_a_sentence_a_site_repeats_is_its_boilerplate() -> None:
    stories = [
        [OWN[0], COOKIES],
        [OWN[1], COOKIES],
        [OWN[2], COOKIES],
    ]
    docs = [
        {"id": f"s{i}", "text": doc(p)[0], "spans": doc(p)[1], "published": f"2024-01-0{i + 1}",
         "url": f"https://paper.example/{i}"}
        for i, p in enumerate(stories)
    ]  # fmt: skip
    # another site carrying the same cookie notice once, and the release's sentence
    docs.append(
        {"id": "other", "text": doc([RELEASE[0], COOKIES])[0], "published": "2024-01-09",
         "url": "https://other.example/x"}
    )  # fmt: skip
    got = {r.id: r for r in reuse.find(docs)}
    assert all(got[f"s{i}"].sources == () for i in range(3))
    # the other site's copy of the notice still matches the paper's (not boilerplate there), but
    # the paper's own units no longer hold it: no source
    assert got["other"].sources == ()
    bp = reuse.site_boilerplate({1: 3, 2: 2})
    assert bp == frozenset({1})
    p = reuse.prepare(doc([OWN[0], COOKIES])[0])
    slim = reuse.without(p, {p.units[-1].line})
    assert len(slim.units) == len(p.units) - 1 and slim.words < p.words
