"""Syndication: signatures, verification, grouping, and the quality gate on the benchmark set."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus import syndication
from dateline.corpus.ingest import quick_record
from dateline.readers import Input

from .builders import shared_path, texts

BENCH = Path(__file__).resolve().parents[2] / "bench"


def body(path: Path) -> str:
    return quick_record(Input(str(path), path.read_text(encoding="utf-8"), "markdown", path.stem)).body_text


def test_signature_is_datasketch_minhash() -> None:
    text = "The quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat today."
    sh = syndication.shingles(text)
    ref = MinHash(num_perm=syndication.NUM_PERM, seed=syndication.SEED, hashfunc=int)
    ref.update_batch([int(x) for x in sh])
    assert np.array_equal(ref.hashvalues, syndication.signature(text))
    mh = syndication.minhash(syndication.signature(text))
    assert mh.jaccard(ref) == 1.0


def test_normalization_ignores_quotes_case_reflow_and_ad_lines() -> None:
    a = "“We are ready,” she said.\nThe plan starts today in Boston and runs all year."
    b = 'WE ARE READY," SHE SAID. The plan\nstarts today\n\nADVERTISEMENT\n\nin Boston and runs all year.'
    assert syndication.tokens(a) == syndication.tokens(b)
    assert np.array_equal(syndication.shingles(a), syndication.shingles(b))


def test_short_bodies_get_no_fingerprint() -> None:
    assert syndication.fingerprint("Too short to tell.") is None
    fp = syndication.fingerprint(" ".join(f"word{i}" for i in range(50)))
    assert fp is not None and fp.words == 50 and len(syndication.band_keys(fp)) == 2 * syndication.BANDS


def test_copy_rules_on_real_releases() -> None:
    files = texts("data/wire/press-releases-2024/text", 40)
    long = [f for f in files if len(body(f).split()) > 300][:3]
    a, b, c = (body(f) for f in long)
    fa = syndication.fingerprint(a)
    assert fa is not None
    # a copy cut short after its first sentences, with a site header and a "Read more" line
    words = a.split()
    truncated = "Example Daily News\n\n" + " ".join(words[: len(words) // 3]) + "\n\nRead more at example.com"
    ft = syndication.fingerprint(truncated)
    assert ft is not None and syndication.is_copy(syndication.compare(fa, ft))
    # two different releases sharing a long About section are not copies
    about = " ".join(c.split()[:150])
    fx = syndication.fingerprint(" ".join(a.split()[:60]) + "\n\n" + about)
    fy = syndication.fingerprint(" ".join(b.split()[:60]) + "\n\n" + about)
    assert fx is not None and fy is not None
    sim = syndication.compare(fx, fy)
    assert sim.containment > 0.5 and not syndication.is_copy(sim)


def test_cluster_marks_earliest_and_does_not_chain_through_a_shared_paragraph() -> None:
    files = texts("data/wire/press-releases-2024/text", 60)
    bodies = [b for b in (body(f) for f in files) if len(b.split()) > 250][:2]
    a, b = bodies
    shared = " ".join(a.split()[:60])
    b_with_a_paragraph = b + "\n\n" + shared
    docs = [
        ("a-copy", "Site header\n\n" + a.replace("“", '"').replace("”", '"'), "2024-03-02"),
        ("a", a, "2024-03-01"),
        ("b", b_with_a_paragraph, "2024-03-01T10:00:00Z"),
        ("b-copy", b_with_a_paragraph + "\n\nADVERTISEMENT\n\nFooter of a site", "2024-03-03"),
        ("a-again", a, None),
    ]
    clusters = syndication.cluster(docs)
    assert sorted(c.members for c in clusters) == [("a", "a-copy", "a-again"), ("b", "b-copy")]
    assert {c.original for c in clusters} == {"a", "b"}
    assert clusters[0].as_dict()["size"] == 3


def test_group_requires_the_original_or_half_of_the_members() -> None:
    # x copies only y, a late member of A's cluster: it must not join
    copies = {"a": {"b", "y"}, "b": {"a", "y"}, "y": {"a", "b", "x"}, "x": {"y"}}
    out = syndication.group(["a", "b", "y", "x"], copies)
    assert out == {"a": "a", "b": "a", "y": "a", "x": "x"}


def test_syndication_quality_gate_on_the_test_half() -> None:
    """Pairwise F1 and ARI on the held-out half of the benchmark set (bench/syndication.py)."""
    shared_path("data", "wire", "press-releases-2024", "gold.jsonl")
    sys.path.insert(0, str(BENCH))
    try:
        from syndication import ari, bodies_of, labels_from, pairwise
        from syndication_corpus import build
    finally:
        sys.path.remove(str(BENCH))
    docs = build("test")
    bodies = bodies_of(docs)
    ids = [d.id for d in docs]
    clusters = syndication.cluster([(d.id, bodies[d.id], d.published) for d in docs])
    pred = labels_from([c.members for c in clusters], ids)
    gold = {d.id: d.family for d in docs}
    precision, recall, f1 = pairwise(pred, gold, ids)
    assert f1 >= 0.97, (precision, recall, f1)
    assert ari(pred, gold, ids) >= 0.97


def test_choose_prefers_the_original_then_the_share_then_the_earliest() -> None:
    from dateline.corpus.syndication import Candidate, choose

    assert choose([]) is None
    assert choose([Candidate("a", 5, 2, False, 0)]) is None  # under half, not the original
    assert choose([Candidate("a", 4, 2, False, 0)]) == "a"  # half
    assert choose([Candidate("a", 2, 2, False, 0), Candidate("b", 5, 1, True, 1)]) == "b"
    assert choose([Candidate("a", 4, 2, False, 0), Candidate("b", 2, 2, False, 1)]) == "b"
    assert choose([Candidate("a", 2, 2, True, 1), Candidate("b", 2, 2, True, 0)]) == "b"


@settings(deadline=None, max_examples=300)
@given(
    st.sets(st.integers(0, 2**32 - 1), max_size=60),
    st.sets(st.integers(0, 2**32 - 1), max_size=60),
    st.sets(st.integers(0, 200), max_size=80),
)
def test_overlap_counts_shared_values_as_intersect1d(a: set[int], b: set[int], shared: set[int]) -> None:
    """The verification's overlap (bisection over the longer array) counts what
    ``np.intersect1d`` counts, for sorted unique arrays of any lengths, stored views included."""
    x = np.array(sorted(a | shared), dtype=np.uint32)
    y = np.frombuffer(np.array(sorted(b | shared), dtype="<u4").tobytes(), "<u4")
    want = int(np.intersect1d(x, y, assume_unique=True).size)
    assert syndication._overlap(x, y) == want == syndication._overlap(y, x)


def _shingles(values: set[int]) -> syndication.Shingles:
    arr = np.array(sorted(values), dtype=np.uint32)
    return syndication.Shingles(arr, arr[: max(1, len(arr) // 3)] if len(arr) else arr)


@settings(deadline=None, max_examples=200)
@given(
    mine=st.sets(st.integers(0, 60), max_size=40),
    others=st.lists(st.sets(st.integers(0, 60), max_size=40), max_size=12),
)
def test_copies_at_once_are_the_pairs_one_by_one(mine: set[int], others: list[set[int]]) -> None:
    """``copies`` (every candidate verified in one pass) finds exactly the candidates that
    ``is_copy(compare(...))`` accepts one at a time, empty bodies and leads included."""
    fp = _shingles(mine)
    cands = {i: _shingles(o) for i, o in enumerate(others)}
    want = {i for i, sh in cands.items() if syndication.is_copy(syndication.compare(fp, sh))}
    assert syndication.copies(fp, cands) == want


def test_copies_on_real_releases_agree_with_the_rule() -> None:
    """On real bodies (releases, their shortened copies, unrelated releases sharing boilerplate)
    both ways agree, and the copies are found."""
    bodies = [p.read_text(encoding="utf-8") for p in texts("data/wire/press-releases-2024/text", 30)]
    bodies += [b[: len(b) * 2 // 3] for b in bodies[:10]]
    fps = dict(enumerate(fp for b in bodies if (fp := syndication.fingerprint(b)) is not None))
    found = 0
    for i, fp in fps.items():
        want = {j for j, o in fps.items() if syndication.is_copy(syndication.compare(fp, o))}
        assert syndication.copies(fp, fps) == want
        found += len(want - {i})
    assert found >= 20  # each shortened copy and its release, both ways
