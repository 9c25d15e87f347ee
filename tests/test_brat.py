"""BRAT standoff for attributions: the writer, the PolNeAR reader, and the round trip."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dateline.brat import (
    ANNOTATION_CONF,
    BratAttribution,
    parse_brat,
    read_brat,
    read_brat_document,
    to_attributions,
    to_brat,
)
from dateline.errors import EncodingError, MissingInput, NotAFile
from dateline.records import Attribution, Content, Source, Span

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DEV = SHARED / "data" / "polnear" / "dev"


def _reference_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_attributions", SHARED / "tools" / "score_attributions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


TEXT = '"We will win," Trump said, "and fast."\nThe campaign is over, according to aides.\n'


def _split_quote() -> Attribution:
    (a, b), (c, d) = _span(TEXT, '"We will win,"'), _span(TEXT, '"and fast."')
    s, e = _span(TEXT, "Trump")
    cs, ce = _span(TEXT, "said")
    return Attribution(
        content=Content(a, d, f"{TEXT[a:b]} {TEXT[c:d]}", (Span(a, b, TEXT[a:b]), Span(c, d, TEXT[c:d]))),
        source=Source(s, e, "Trump", entity="Donald Trump"),
        cue=Span(cs, ce, "said"),
        kind="direct",
        type="speech",
    )


def test_to_brat_writes_polnear_layout_with_discontinuous_content_and_notes() -> None:
    ann = to_brat([_split_quote()], TEXT)
    assert ann == (
        "T1\tSource 15 20\tTrump\n"
        "T2\tCue 21 25\tsaid\n"
        'T3\tContent 0 14;27 38\t"We will win," "and fast."\n'
        "T4\tAttribution 21 25\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "A1\tType E1 speech\n"
        "A2\tKind E1 direct\n"
        "#1\tAnnotatorNotes T1\tDonald Trump\n"
    )


def test_annotation_conf_declares_every_type_and_role_written() -> None:
    sections: dict[str, list[str]] = {}
    for line in ANNOTATION_CONF.splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line.strip():
            current.append(line)
    events = dict(line.split("\t") for line in sections["events"])
    ann = to_brat([_split_quote()], TEXT)
    for line in ann.splitlines():
        if line.startswith("T"):
            kind = line.split("\t")[1].split()[0]
            assert kind in sections["entities"] or kind in events, kind
        elif line.startswith("E"):
            event, *args = line.split("\t")[1].split()
            declared = {a.split(":")[0].rstrip("?+*") for a in events[event.split(":")[0]].split(", ")}
            assert {a.split(":")[0] for a in args} <= declared


def test_to_brat_omits_absent_roles_and_anchors_on_the_content_start() -> None:
    a, b = _span(TEXT, "The campaign is over")
    ann = to_brat([Attribution(content=Content(a, b, TEXT[a:b]))], TEXT)
    assert ann.splitlines() == [
        f"T1\tContent {a} {b}\tThe campaign is over",
        f"T2\tAttribution {a} {a + 3}\tThe",
        "E1\tAttribution:T2 Content:T1",
        "A1\tType E1 other",
        "A2\tKind E1 indirect",
    ]


def test_to_brat_cuts_spans_at_line_breaks_so_each_annotation_is_one_line() -> None:
    a = TEXT.index("fast")
    b = TEXT.index(" is over")
    ann = to_brat([Attribution(content=Content(a, b, TEXT[a:b]))], TEXT)
    first = ann.splitlines()[0]
    assert first == f'T1\tContent {a} {TEXT.index(chr(10))};{TEXT.index("The")} {b}\tfast." The campaign'
    assert len(ann.splitlines()) == 5  # T Content, T Attribution, E, A Type, A Kind


def test_to_brat_of_nothing_is_empty() -> None:
    assert to_brat([], TEXT) == ""


def test_to_brat_output_reads_the_same_in_the_reference_scorer(tmp_path: Path) -> None:
    ref = _reference_scorer()
    atts = [_split_quote()]
    path = tmp_path / "doc.ann"
    path.write_text(to_brat(atts, TEXT), encoding="utf-8")
    (rec,) = ref.read_ann(str(path))
    (mine,) = read_brat(path)
    assert rec["Content"] == {i for a, b in mine.content for i in range(a, b)}
    assert rec["Source"] == set(range(15, 20))
    assert rec["Cue"] == set(range(21, 25))


def test_read_brat_polnear_gold_file() -> None:
    path = DEV / "attributions" / "breitbart_2016-09-12_stealth-over-health-hillary-clin_ef2d.ann"
    text = (DEV / "text" / "breitbart_2016-09-12_stealth-over-health-hillary-clin.txt").read_text("utf-8")
    doc = read_brat_document(path)
    assert doc.problems == ()
    first = doc.attributions[0]
    assert first.id == "E1"
    assert [text[a:b] for a, b in first.source] == ["The New York Post"]
    assert [text[a:b] for a, b in first.cue] == ["reports"]
    assert text[first.content[0][0] : first.content[0][1]].startswith("that Hillary Clinton")
    records = to_attributions(doc.attributions, text)
    assert records[0].source is not None and records[0].source.text == "The New York Post"
    assert all(text[r.content.start : r.content.end].strip() for r in records)


def test_parse_brat_numbered_roles_out_of_order_fragments_and_no_source() -> None:
    doc = parse_brat(
        "T1\tContent 20 30;0 5\tx\n"
        "T2\tContent 40 45\ty\n"
        "T3\tCue 10 14\tsaid\n"
        "T4\tAttribution-no-source 10 14\tsaid\n"
        "E1\tAttribution-no-source:T4 Content:T1 Cue:T3 Content2:T2\n"
        "E2\tAttribution:T4 \n"
    )
    assert doc.events == 2
    (att,) = doc.attributions  # E2 has no content: not an attribution
    assert att == BratAttribution(content=((20, 30), (0, 5), (40, 45)), source=(), cue=((10, 14),), id="E1")


def test_parse_brat_spans_without_events_stand_alone() -> None:
    doc = parse_brat("T1\tContent 0 5\ta\nT2\tSource 6 8\tb\nT3\tContent 9 12\tc\n")
    assert [a.content for a in doc.attributions] == [((0, 5),), ((9, 12),)]
    assert all(a.source == () for a in doc.attributions)


def test_parse_brat_skips_text_field_continuations_and_reports_broken_lines() -> None:
    doc = parse_brat(
        "T1\tContent 0 5;8 10\t3.\n"
        "\n"
        "The rest of a text field that held a line break\n"
        "T2\tContent 0 five\tbad\n"
        "T3\n"
        "E1\tAttribution:T9 Content:T1 Source:T7 broken\n"
    )
    assert [a.content for a in doc.attributions] == [((0, 5), (8, 10))]
    assert len(doc.problems) == 4
    assert any(p.startswith("line 4:") and "'0 five'" in p for p in doc.problems)
    assert any(p.startswith("line 5:") for p in doc.problems)
    assert any("'broken'" in p for p in doc.problems)
    assert any("Source refers to T7" in p for p in doc.problems)


def test_read_brat_accepts_a_string_of_standoff_a_path_string_and_a_path(tmp_path: Path) -> None:
    standoff = "T1\tContent 0 5\thello\nE1\tContent:T1\n"
    path = tmp_path / "x.ann"
    path.write_text(standoff, encoding="utf-8")
    assert read_brat(standoff) == read_brat(str(path)) == read_brat(path)
    assert read_brat(path)[0].content == ((0, 5),)


def test_read_brat_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(MissingInput, match=r"nope\.ann: no such file"):
        read_brat(tmp_path / "nope.ann")
    with pytest.raises(NotAFile, match=re.escape(str(tmp_path))):
        read_brat(tmp_path)
    bad = tmp_path / "latin1.ann"
    bad.write_bytes("T1\tContent 0 5\tcaf\xe9\n".encode("latin-1"))
    with pytest.raises(EncodingError, match=r"latin1\.ann: not UTF-8"):
        read_brat(bad)


def test_to_attributions_reads_kind_off_the_quotation_marks() -> None:
    doc = parse_brat(to_brat([_split_quote()], TEXT))
    (att,) = to_attributions(doc.attributions, TEXT)
    assert att.kind == "direct"
    a, b = _span(TEXT, "The campaign is over")
    (plain,) = to_attributions([BratAttribution(content=((a, b),))], TEXT)
    assert plain.kind == "indirect"


# --------------------------------------------------------------------------- round trip

_ALPHABET = st.sampled_from([*"abcXY  \n\t.,\"“”'—", "\r\n", "é", "\u2028"])


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, list[Attribution]]:
    text = "".join(draw(st.lists(_ALPHABET, min_size=8, max_size=80)))
    n = len(text)
    atts = []
    for _ in range(draw(st.integers(0, 3))):
        cuts = sorted(draw(st.lists(st.integers(0, n), min_size=4, max_size=4, unique=True)))
        pieces = [_strip(text, cuts[0], cuts[1])]
        if draw(st.booleans()):
            pieces.append(_strip(text, cuts[2], cuts[3]))
        pieces = [(a, b) for a, b in pieces if b > a]
        assume(pieces)
        if len(pieces) == 2:
            assume(text[pieces[0][1] : pieces[1][0]].strip())  # a gap with words in it: two spans
        spans = tuple(Span(a, b, text[a:b]) for a, b in pieces)
        content = Content(
            pieces[0][0], pieces[-1][1], " ".join(s.text for s in spans), spans if len(spans) > 1 else ()
        )
        source = cue = None
        if draw(st.booleans()):
            a, b = _strip(text, *sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n)))))
            if b > a:
                entity = draw(
                    st.one_of(st.none(), st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True))
                )
                source = Source(a, b, text[a:b], entity=entity)
        if draw(st.booleans()):
            a, b = _strip(text, *sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n)))))
            if b > a:
                cue = Span(a, b, text[a:b])
        atts.append(Attribution(content=content, source=source, cue=cue))
    return text, atts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_documents())
def test_round_trip_records_to_brat_and_back(doc: tuple[str, list[Attribution]]) -> None:
    text, atts = doc
    ann = to_brat(atts, text)
    parsed = parse_brat(ann)
    assert parsed.problems == ()
    assert parsed.events == len(atts)
    for line in ann.splitlines():  # one annotation per line, whatever the text holds
        assert line[:1] in "TEA#" and line.count("\t") == 2 - (line[:1] in "EA")
    back = to_attributions(parsed.attributions, text)
    assert [dataclasses.replace(b, kind="indirect") for b in back] == atts
