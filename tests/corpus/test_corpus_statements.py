"""Statements: normalizing, matching, kinds and changes, grouping, and the benchmark gate."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus import statements
from dateline.corpus.statements import Change, Occurrence

from .builders import shared_path

BENCH = Path(__file__).resolve().parents[2] / "bench"

WATER = "The city will cut its water use by 18 percent by 2030, and we will not stop there"


def occ(
    doc: str,
    text: str,
    published: str | None,
    speaker: str | None = "Jane Smith",
    *,
    n: int = 0,
    source: str | None = None,
) -> Occurrence:
    return Occurrence(doc, n, text, published, None, speaker, source or speaker)


def test_normalization_ignores_quotes_punctuation_and_case() -> None:
    a = "“We’re ready,” she said: 1,000 jobs by 2030."
    b = '"WE\'RE READY" SHE SAID 1000 JOBS BY 2030'
    assert statements.tokens(a) == statements.tokens(b)
    assert statements.tokens("a 1.4 billion rise") == ("a", "1.4", "billion", "rise")
    assert statements.keys(statements.tokens(a)) == statements.keys(statements.tokens(b))


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_tokens_are_the_normalized_words(text: str) -> None:
    assert statements.tokens(text) == tuple(n for _, n in statements.words(text))


def test_compare_gives_kind_and_word_changes() -> None:
    assert statements.compare(WATER, f"“{WATER}.”") == ("verbatim", ())
    kind, changes = statements.compare(WATER, "its water use by 18 percent by 2030")
    assert kind == "trimmed"
    assert changes == (
        Change("delete", "The city will cut", ""),
        Change("delete", "and we will not stop there", ""),
    )
    kind, changes = statements.compare(WATER, WATER.replace("by 18", "by nearly 18"))
    assert (kind, changes) == ("altered", (Change("insert", "", "nearly"),))
    kind, changes = statements.compare(WATER, WATER.replace("18", "81").replace(" not", ""))
    assert kind == "altered"
    assert changes == (Change("replace", "18", "81"), Change("delete", "not", ""))


def test_a_repeated_word_does_not_make_a_trim_look_altered() -> None:
    assert statements.compare("the cat saw the dog", "the dog")[0] == "trimmed"


def test_speaker_compatibility() -> None:
    assert statements.compatible("Xi Jinping", "Xi", ["Xi"])
    assert statements.compatible("Clinton", "Clinton", ["Hillary Clinton"])
    assert not statements.compatible("Bill Clinton", "Bill Clinton", ["Hillary Clinton"])
    assert statements.compatible(None, "he", ["Hillary Clinton"])
    assert statements.compatible(None, "Chinese President Xi", ["Xi Jinping"])
    assert not statements.compatible(None, "Biden", ["Xi Jinping"])
    assert statements.compatible("Anyone", "x", [])


def test_group_first_seen_canonical_and_kinds() -> None:
    items = [
        occ("late-trim", "its water use by 18 percent by 2030", "2021-12-10", None, source="she"),
        occ("altered", WATER.replace("by 18", "by nearly 18"), "2021-12-09", "Smith"),
        occ("first-trimmed", WATER[: WATER.index(", and")], "2021-12-07"),
        occ("full", f"“{WATER}”", "2021-12-08"),
        occ("undated", WATER, None),
        occ("other-speaker", WATER, "2021-12-08", "John Doe"),
        occ(
            "other-statement",
            "The city will not cut its budget for parks by 18 percent this year",
            "2021-12-08",
        ),
    ]
    out = {s.id: s for s in statements.group(items)}
    assert len(out) == 3
    water = out["first-trimmed#0"]
    assert water.first_seen.document == "first-trimmed"
    assert water.text == f"“{WATER}”"  # the earliest full version
    assert water.speaker == "Jane Smith"
    kinds = {o.document: o.kind for o in water.occurrences}
    assert kinds == {
        "first-trimmed": "trimmed",
        "full": "verbatim",
        "altered": "altered",
        "late-trim": "trimmed",
        "undated": "verbatim",
    }
    assert [o.document for o in water.occurrences][-1] == "undated"
    assert water.documents == 5 and water.altered == 1
    d = water.as_dict()
    assert d["first_seen"] == {"document": "first-trimmed", "published": "2021-12-07"}
    assert d["occurrences"][2]["changes"] == [{"op": "insert", "canonical": "", "variant": "nearly"}]
    assert Occurrence.from_dict(d["occurrences"][2]) == water.occurrences[2]


def test_a_quote_split_in_two_joins_one_statement_and_merged_quotes_chain_nothing() -> None:
    a = "We will build two new schools in the north of the county next year"
    b = "and every one of them will run on solar power from the first day it opens"
    items = [
        occ("one", f"{a} {b}", "2022-01-01"),
        occ("two", a, "2022-01-02"),
        occ("two", b, "2022-01-02", n=1),
        occ("three", "Our budget for roads stays the same as last year for every district", "2022-01-01"),
    ]
    out = statements.group(items)
    assert len(out) == 2
    big = next(s for s in out if s.id == "one#0")
    assert [o.kind for o in big.occurrences] == ["verbatim", "trimmed", "trimmed"]
    assert big.documents == 2


def test_short_statements_must_be_equal() -> None:
    out = statements.group([occ("a", "We will win", "2020-01-01"), occ("b", "We will not win", "2020-01-02")])
    assert len(out) == 2
    out = statements.group([occ("a", "We will win.", "2020-01-01"), occ("b", "“we will WIN”", "2020-01-02")])
    assert len(out) == 1


def test_postings_stop_growing() -> None:
    index = statements.Index()
    index.add([1, 2], 0)
    index.add([1], 0)
    assert index.postings == {1: 0, 2: 0}
    for i in range(1, statements.MAX_POSTINGS + 10):
        index.add([1, 2], i)
    posting = index.postings[1]
    assert isinstance(posting, list) and len(posting) == statements.MAX_POSTINGS
    assert index.candidates([1, 2, 3])[:2] == [0, 1]


def test_keys_are_winnowed_and_a_shared_run_of_six_words_always_shares_one() -> None:
    words = [f"w{i}" for i in range(40)]
    all_shingles = len(words) - statements.SHINGLE_WORDS + 1
    ks = statements.keys(tuple(words))
    assert 0 < len(ks) < all_shingles
    for start in range(0, 34):
        run = tuple(words[start : start + 6])
        assert set(statements.keys(run)) & set(ks), start


words_st = st.lists(
    st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]),
    min_size=1,
    max_size=30,
)


@settings(deadline=None, max_examples=200)
@given(words_st, st.integers(0, 29), st.integers(0, 29))
def test_any_run_of_the_canonical_words_is_trimmed_or_verbatim(ws: list[str], i: int, j: int) -> None:
    i, j = sorted((min(i, len(ws) - 1), min(j, len(ws))))
    part = ws[i : max(j, i + 1)]
    kind, changes = statements.compare(" ".join(ws), " ".join(part))
    assert kind == ("verbatim" if part == ws else "trimmed")
    assert all(c.op == "delete" for c in changes)


@settings(deadline=None, max_examples=100)
@given(words_st, words_st)
def test_compare_changes_rebuild_the_variant_words(a: list[str], b: list[str]) -> None:
    kind, changes = statements.compare(" ".join(a), " ".join(b))
    assert kind in statements.KINDS
    assert (kind == "verbatim") == (a == b)
    dropped = sum(len(c.canonical.split()) for c in changes)
    added = sum(len(c.variant.split()) for c in changes)
    assert len(a) - dropped + added == len(b)


def test_statement_quality_gate_on_the_test_half() -> None:
    """Grouping F1, kind accuracy and first appearance on the held-out half of the benchmark."""
    shared_path("data", "polnear", "dev", "attributions")
    sys.path.insert(0, str(BENCH))
    try:
        from statements_bench import score
        from statements_corpus import build
    finally:
        sys.path.remove(str(BENCH))
    result = score(build("test"))
    assert result["f1"] >= 0.97, result
    assert result["kind_accuracy"] >= 0.97, result
    assert result["first_seen"] >= 0.98, result
