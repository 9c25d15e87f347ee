"""Full-text search that does not score every match (issue 19): the newest RANK_CANDIDATES
matches are ranked by bm25, which is the exact ranking when a query matches fewer; a phrase
comes newest first; snippets are FTS5's own, made for the page only."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.corpus import Store
from dateline.corpus import store as store_module
from dateline.corpus.ingest import quick_record
from dateline.readers import Input

WORDS = ["harbour", "council", "budget", "ferry", "school", "river", "market", "bridge"]


def _text(i: int) -> str:
    """Document ``i``: "harbour" in every one (as often as ``i % 4 + 1``), "ferry pier" as a
    phrase in every other one, and words of its own."""
    own = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(6))
    phrase = " The ferry pier was closed." if i % 2 == 0 else " A pier and a ferry."
    return (
        f"Headline {i} {'harbour' if i % 3 == 0 else 'news'}\n\n"
        + f"Story {i} says {'harbour ' * (i % 4 + 1)}works went on. {own}.{phrase} "
        + f"Number{i} was the code word of this story, told by a source of its own.\n"
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("search") / "s.db"
    s = Store(path)
    for i in range(24):
        s.add(quick_record(Input(f"d{i}.txt", _text(i), id=f"d{i:02d}")), source="t", published="2024-01-01")
    return s


def _full(store: Store, text: str, limit: int, offset: int = 0) -> list[tuple[str, str, float]]:
    """The ranking when every match is scored (the search before the bound), with snippets."""
    rows = store.conn.execute(
        "SELECT d.id, snippet(documents_fts, 1, '[', ']', '…', 16), bm25(documents_fts, 4.0, 1.0) "
        "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
        "ORDER BY bm25(documents_fts, 4.0, 1.0), d.rowid LIMIT ? OFFSET ?",
        (text, limit, offset),
    ).fetchall()
    return [(i, s, round(b, 9)) for i, s, b in rows]


def _got(store: Store, text: str, limit: int, offset: int = 0) -> list[tuple[str, str, float | None]]:
    hits = store.search(text, limit=limit, offset=offset)
    return [(h.id, h.snippet, None if h.score is None else round(h.score, 9)) for h in hits]


@pytest.mark.parametrize("text", ["harbour", "harb*", "harbour OR code", "ferry pier", "nothing"])
@pytest.mark.parametrize(("limit", "offset"), [(5, 0), (5, 5), (30, 0)])
def test_under_the_bound_the_ranking_and_snippets_are_those_of_scoring_every_match(
    store: Store, text: str, limit: int, offset: int
) -> None:
    assert _got(store, text, limit, offset) == _full(store, text, limit, offset)


def test_past_the_bound_the_newest_matches_are_ranked(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "RANK_CANDIDATES", 10)
    newest = store.conn.execute(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'harbour' ORDER BY rowid DESC LIMIT 10"
    ).fetchall()
    got = store.search("harbour", limit=30)
    assert len(got) == 10  # 24 match; the 10 newest are scored
    rowids = {r for (r,) in newest}
    ids = {
        i
        for (i,) in store.conn.execute(
            f"SELECT id FROM documents WHERE rowid IN ({','.join('?' * 10)})", list(rowids)
        )
    }
    assert {h.id for h in got} == ids
    scores = [h.score for h in got]
    assert scores == sorted(scores)  # best (lowest bm25) first
    assert all(h.snippet.count("[") >= 1 for h in got)


def test_a_phrase_comes_newest_first(store: Store) -> None:
    """A phrase is not scored (FTS5's bm25 would read every document holding its words): its
    matches come newest first, with FTS5's snippets."""
    got = store.search('"ferry pier"', limit=3, offset=1)
    # the phrase is in d00, d02, ... d22: newest first, the second to the fourth
    assert [h.id for h in got] == ["d20", "d18", "d16"]
    assert all(h.score is None and "[ferry pier]" in h.snippet for h in got)
    # the bare words (no phrase) match all 24 and are still ranked
    assert all(h.score is not None for h in store.search("ferry pier", limit=3))
