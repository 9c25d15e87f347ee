"""Candidate sources counted key by key (:func:`dateline.corpus.reuse.earlier_pairs`, as a
distributed engine groups the keys) are the candidates :func:`dateline.corpus.reuse.rank` finds
document by document, with the same bound on a key's documents and the same tie-break."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.corpus import reuse as rx


@given(
    st.lists(st.frozensets(st.integers(0, 15), max_size=6), max_size=14),
    st.integers(1, 5),
    st.integers(1, 4),
)
def test_counting_earlier_pairs_by_key_ranks_as_rank(
    key_sets: list[frozenset[int]], limit: int, bound: int
) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rx, "MAX_KEY_DOCS", bound)
        postings: dict[int, list[int]] = defaultdict(list)
        for i, ks in enumerate(key_sets):
            for k in ks:
                postings[k].append(i)
        shared = Counter(pair for docs in postings.values() for pair in rx.earlier_pairs(docs))
        for i, ks in enumerate(key_sets):
            counts = [(j, n) for (d, j), n in shared.items() if d == i]
            assert rx.top(counts, limit) == rx.rank(ks, postings, allowed=set(range(i)), limit=limit)


def test_earlier_pairs_and_top() -> None:
    assert rx.earlier_pairs([3, 1, 2]) == [(2, 1), (3, 1), (3, 2)]
    assert rx.earlier_pairs(range(rx.MAX_KEY_DOCS + 1)) == []
    assert len(rx.earlier_pairs(range(rx.MAX_KEY_DOCS))) == rx.MAX_KEY_DOCS * (rx.MAX_KEY_DOCS - 1) // 2
    assert rx.top([("b", 2), ("c", 3), ("a", 2), ("d", 1)], 3) == ["c", "a", "b"]
    assert rx.is_site_boilerplate(rx.SITE_REPEATS) and not rx.is_site_boilerplate(rx.SITE_REPEATS - 1)
