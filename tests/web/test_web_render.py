"""Pure helpers behind the pages: highlight segments, diffs, snippets, timelines."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from webfixtures import corpus_records

from dateline.records import Attribution, Content, Record, Source, Span
from dateline.web import render
from dateline.web.schemas import DocumentReuse, ReusePassage, ReuseSource
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


spans_st = st.lists(st.tuples(st.integers(-5, 220), st.integers(-5, 220)), max_size=6)


@given(st.text(max_size=200), spans_st, spans_st)
def test_reused_passages_cut_segments_into_whole_runs(
    text: str, spans: list[tuple[int, int]], shades: list[tuple[int, int]]
) -> None:
    attrs = [Attribution(content=Content(min(s, e), max(s, e), "")) for s, e in spans]
    marks = [(s, e, render.PassageMark("verbatim", f"d{i}")) for i, (s, e) in enumerate(shades)]
    drawn = render.kept(marks, len(text))
    assert all(e0 <= s1 for (_, e0, _), (s1, _, _) in itertools.pairwise(drawn))
    runs = render.runs(render.segments(Record(text=text, attributions=tuple(attrs)), marks))
    assert "".join(s.text for r in runs for s in r.segments) == text
    shaded = [r for r in runs if r.passage is not None]
    # each drawn passage is one run holding exactly its text, and nothing else is shaded
    assert [(r.passage, "".join(s.text for s in r.segments)) for r in shaded] == [
        (m, text[s:e]) for s, e, m in drawn
    ]


def test_passages_lead_to_a_drawn_source_passage() -> None:
    # two sentences of the copy taken from one source sentence, and a trimmed quote taken from
    # the middle of another: the source side draws two passages, every link lands on one of them
    passages = [
        ReusePassage(start=0, end=10, source_start=50, source_end=90, kind="verbatim"),
        ReusePassage(start=20, end=30, source_start=50, source_end=90, kind="verbatim"),
        ReusePassage(start=40, end=45, source_start=100, source_end=160, kind="rewritten"),
        ReusePassage(start=50, end=55, source_start=120, source_end=140, kind="rewritten"),
    ]
    source_text = "x" * 200
    drawn = {p.mark.anchor for p in render.pieces(source_text, render.source_marks(passages)) if p.mark}
    assert drawn == {"src-50", "src-100"}
    assert render.source_anchors(passages) == ["src-50", "src-50", "src-100", "src-100"]
    result = DocumentReuse(
        id="a copy/1",
        reused_fraction=0.5,
        label="partially",
        sources=[ReuseSource(id="the source/1", reused_fraction=0.5, passages=passages)],
    )
    hrefs = [m.href for _, _, m in render.reused_passages(result)]
    assert hrefs[3] == "/documents/the%20source%2F1/pickup?doc=a+copy%2F1#src-100"
    in_page = render.reused_passages(result, lambda _s, _d, anchor: f"#{anchor}")
    assert {m.href for _, _, m in in_page} == {f"#{a}" for a in drawn}


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
