"""Pure helpers behind the pages: highlight segments, diffs, snippets, timelines."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from webfixtures import corpus_records

from dateline.records import Attribution, Content, Record, Source, Span
from dateline.web import render
from dateline.web.store_backend import split_snippet


def test_segments_cover_the_text_exactly() -> None:
    for record, _, _ in corpus_records():
        segs = render.segments(record)
        assert "".join(s.text for s in segs) == record.text
        for s in segs:
            assert record.text[s.start : s.start + len(s.text)] == s.text


def test_segments_roles_and_anchors() -> None:
    record = corpus_records()[0][0]
    segs = render.segments(record)
    roles = {s.role for s in segs}
    assert roles == {None, "source", "cue", "content"}
    anchors = [s.anchor for s in segs if s.anchor]
    assert len(anchors) == len(record.attributions) == len(set(anchors))
    he = next(s for s in segs if s.role == "source" and s.text == "He")
    assert he.speaker == "Samuel Reyes"


def test_overlapping_spans_prefer_the_cue() -> None:
    text = 'He said "we said no" today.'
    a = Attribution(
        content=Content(8, 20, text[8:20], (Span(8, 20, text[8:20]),)),
        source=Source(0, 2, "He"),
        cue=Span(12, 16, "said"),
    )
    segs = render.segments(Record(text=text, attributions=(a,)))
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.role) for s in segs if s.role] == [
        ("He", "source"),
        ('"we ', "content"),
        ("said", "cue"),
        (' no"', "content"),
    ]
    # An unresolved pronoun links to no speaker page.
    assert all(s.speaker is None for s in segs)


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-5, 220), st.integers(-5, 220)), max_size=6))
def test_segments_never_lose_text(text: str, spans: list[tuple[int, int]]) -> None:
    attrs = []
    for s, e in spans:
        s, e = min(s, e), max(s, e)
        attrs.append(Attribution(content=Content(s, e, "")))
    segs = render.segments(Record(text=text, attributions=tuple(attrs)))
    assert "".join(x.text for x in segs) == text


@given(st.text(max_size=120), st.text(max_size=120))
def test_word_diff_rebuilds_both_sides(a: str, b: str) -> None:
    left, right = render.word_diff(a, b)
    assert "".join(p.text for p in left) == a
    assert "".join(p.text for p in right) == b
    assert {p.op for p in left} <= {"same", "del"} and {p.op for p in right} <= {"same", "ins"}


def test_word_diff_ignores_quote_style() -> None:
    left, right = render.word_diff("“Yes,” she said. Then", '"Yes," she said. Then loudly')
    assert [p.op for p in left] == ["same"]
    assert [(p.op, p.text.strip()) for p in right if p.op != "same"] == [("ins", "loudly")]


def test_split_snippet() -> None:
    plain, spans = split_snippet("the [water] summit on [Tuesday] …")
    assert plain == "the water summit on Tuesday …"
    assert [plain[s:e] for s, e in spans] == ["water", "Tuesday"]
    assert split_snippet("no marks [here") == ("no marks [here", [])
    assert render.snippet_parts(plain, spans)[1] == ("water", True)


def test_safe_url() -> None:
    assert render.safe_url("https://a.example/x") == "https://a.example/x"
    assert render.safe_url("javascript:alert(1)") == "#"
    assert render.safe_url(" JAVASCRIPT:alert(1)") == "#"
    assert render.safe_url(None) == "#"


def test_timeline_groups_by_day() -> None:
    quotes = [
        SimpleNamespace(published="2024-05-02", document="c"),
        SimpleNamespace(published=None, document="d"),
        SimpleNamespace(published="2024-03-06T10:00:00Z", document="a"),
        SimpleNamespace(published="2024-03-06", document="b"),
    ]
    days = render.timeline(quotes)
    assert [(d.date, len(d.items)) for d in days] == [("2024-03-06", 2), ("2024-05-02", 1), (None, 1)]
    assert days[0].month == "March 2024" and days[-1].month == "Undated"


def test_descriptions_are_not_linked_as_speakers() -> None:
    def link(source: str, entity: str | None = None) -> str | None:
        text = f"{source} said it."
        a = Attribution(content=Content(0, 1, text[0]), source=Source(0, len(source), source, entity))
        groups = render.speaker_groups(Record(text=text, attributions=(a,)))
        return groups[0].link

    assert link("its director") is None
    assert link("the spokeswoman") is None
    assert link("officials") is None
    assert link("He") is None
    assert link("Reyes") == "Reyes"
    assert link("its director", "Samuel Reyes") == "Samuel Reyes"


def test_month_counts_fill_gaps() -> None:
    quotes = [SimpleNamespace(published=p) for p in ("2023-11-02", "2024-02-10", "2024-02-11", None, "bad")]
    assert render.month_counts(quotes) == [("2023-11", 1), ("2023-12", 0), ("2024-01", 0), ("2024-02", 2)]
    assert render.month_counts(quotes, limit=3) == [("2023", 1), ("2024", 2)]
    assert render.month_counts([]) == []
