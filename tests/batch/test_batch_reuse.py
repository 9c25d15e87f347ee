"""The ``reuse`` table searched as the Spark engine cuts the search (site boilerplate grouped by
line, candidates grouped by key, sources joined to each document) gives the rows of the in-memory
:func:`dateline.corpus.reuse.find`: the pure steps without Spark (fast), then the Spark job itself
once (marked ``spark``) on the same documents."""

from __future__ import annotations

import random
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from batch_inputs import NEWSLETTER, POLNEAR_DEV, RELEASES, first, paragraphs

from dateline.batch import clusters, reuse_rows, tables
from dateline.batch.spark import _keep_searchable
from dateline.corpus import reuse as rx

TIED = (
    "Officials said the bridge over the river would stay closed to heavy lorries until engineers "
    "had finished inspecting its steel cables and concrete piers."
)
FORMULA = (
    "The figures were compiled from public records filed with the county clerk and checked by "
    "two members of the research desk before publication."
)


def _input(doc_id: str, paras: list[str], published: str | None, url: str | None) -> dict[str, Any]:
    text = "\n\n".join(paras)
    spans, pos = [], 0
    for p in paras:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return {"id": doc_id, "record_id": f"rec-{doc_id}", "text": text, "spans": spans,
            "published": published, "url": url, "distributor": None, "credit": None}  # fmt: skip


def _filler(rng: random.Random) -> list[str]:
    """Three sentences of made-up words (no word, so no key, shared with another document)."""

    def word() -> str:
        return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))

    return [" ".join(word() for _ in range(18)).capitalize() + "." for _ in range(3)]


def _documents() -> list[tuple[clusters.OrderKey, dict[str, Any]]]:
    """Releases and stories that take paragraphs from them (some published earlier than listed,
    some undated), a newsletter line that one site repeats in three stories (its boilerplate) and
    another site prints once, a sentence printed by more documents than MAX_CANDIDATES (which of
    its earlier printers are a document's sources is the tie-break of ``rank``), and a formula
    sentence printed by more than MAX_KEY_DOCS documents that share nothing else (their only
    shared keys are never looked up)."""
    releases = [paragraphs(p.read_text(encoding="utf-8")) for p in first(RELEASES, 3, "*.md")]
    own = [paragraphs(p.read_text(encoding="utf-8")) for p in first(POLNEAR_DEV, 4)]
    paper, other, wire = "https://paper.example/", "https://other.example/", "https://wire.example/"
    r0, r1, r2 = releases
    docs = [
        _input("story-a", [*own[0][:2], r0[0], r0[1], NEWSLETTER], "2024-03-20", paper + "a"),
        _input("story-b", [r1[0], *own[1][:2], r0[1], NEWSLETTER], "2024-03-21", paper + "b"),
        _input("story-c", [*own[2][:3], NEWSLETTER], None, paper + "c"),
        _input("story-d", [own[3][0], own[0][0], r2[1]], None, other + "d"),
        _input("other-site", [*own[3][1:3], NEWSLETTER], "2024-03-22", other + "n"),
        # listed after the stories that reuse them, published before them
        *(_input(f"release-{i}", r, "2024-03-01", f"{wire}{i}") for i, r in enumerate(releases)),
        _input("release-0-again", r0, "2024-03-01", "https://mirror.example/0"),
    ]
    rng = random.Random(17)
    for i in range(rx.MAX_CANDIDATES + 8):
        day = None if i % 5 == 0 else f"2024-01-{1 + i % 3:02d}"
        docs.append(_input(f"tied-{i:02d}", [*_filler(rng), TIED], day, f"https://t{i}.example/"))
    for i in range(rx.MAX_KEY_DOCS + 3):
        day = None if i % 7 == 0 else f"2024-02-{1 + i % 28:02d}"
        docs.append(_input(f"filler-{i:03d}", [*_filler(rng), FORMULA], day, None))
    return [(clusters.order_key(d["published"], 0, n), d) for n, d in enumerate(docs)]


@pytest.fixture(scope="module")
def documents() -> list[tuple[clusters.OrderKey, dict[str, Any]]]:
    return _documents()


@pytest.fixture(scope="module")
def expected(documents: list[tuple[clusters.OrderKey, dict[str, Any]]]) -> list[tables.ReuseRow]:
    rows = [r.values for r in reuse_rows.reuse_rows(documents)]
    assert all(isinstance(r, tables.ReuseRow) for r in rows)
    return rows  # type: ignore[return-value]


def _groups(pairs: Iterator[tuple[Any, Any]], rng: random.Random) -> dict[Any, list[Any]]:
    """A shuffle's groups: values in no particular order."""
    out: dict[Any, list[Any]] = defaultdict(list)
    for k, v in pairs:
        out[k].append(v)
    for values in out.values():
        rng.shuffle(values)
    return out


def _distributed(documents: list[tuple[Any, dict[str, Any]]], seed: int) -> list[tables.ReuseRow]:
    """The Spark job's steps (:func:`dateline.batch.spark.reuse_table`) with dicts for its shuffles."""
    rng = random.Random(seed)
    raw = [reuse_rows.entry(order, doc) for order, doc in rng.sample(documents, len(documents))]
    lines = _groups((kv for e in raw for kv in reuse_rows.line_holders(e)), rng)
    own = _groups((kv for item in lines.items() for kv in reuse_rows.boilerplate_holders(item)), rng)
    entries = {e.id: reuse_rows.stripped(e, own.get(e.id)) for e in raw}
    held = _groups((kv for e in entries.values() for kv in reuse_rows.key_holders(e)), rng)
    shared = Counter(pair for docs in held.values() for pair in rx.earlier_pairs(docs))
    counts = _groups((((d, (e, n)) for (d, e), n in shared.items())), rng)
    # (candidate, document) pairs joined to the candidates' entries, grouped by document
    wanted = _groups(((d, c) for item in counts.items() for c, d in reuse_rows.candidates(item)), rng)
    rows = []
    for doc in sorted(entries.values(), key=lambda e: e.key):
        if doc.id in wanted:
            rows.extend(reuse_rows.doc_rows(doc, [entries[c] for c in wanted[doc.id]]))
    return rows


def test_the_fixture_has_reuse_boilerplate_and_a_key_past_the_bound(
    documents: list[tuple[Any, dict[str, Any]]], expected: list[tables.ReuseRow]
) -> None:
    pairs = {(r.doc_id, r.source_doc_id) for r in expected}
    assert {("story-a", "release-0"), ("story-b", "release-1"), ("story-b", "release-0")} <= pairs
    assert ("story-d", "story-a") in pairs and ("release-0-again", "release-0") in pairs
    assert not any(d.startswith("release-") and s.startswith("story") for d, s in pairs)
    assert not any(d.startswith("filler") for d, _ in pairs)  # their formula keys are never searched
    tied = Counter(d for d, s in pairs if d.startswith("tied"))
    assert max(tied.values()) == rx.MAX_CANDIDATES and len(tied) == rx.MAX_CANDIDATES + 7
    formula = rx.prepare(FORMULA).keys
    assert formula and all(
        sum(k in rx.prepare_input(d).keys for _, d in documents) > rx.MAX_KEY_DOCS for k in formula
    )
    # the newsletter is paper.example's boilerplate: out of its stories, so the other site's copy
    # of it has no source (it would have one without the site rule)
    assert not any("other-site" in pair for pair in pairs)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rx, "SITE_REPEATS", len(documents))
        assert [
            s.id for r in rx.find(d for _, d in sorted(documents)) if r.id == "other-site" for s in r.sources
        ]


@pytest.mark.parametrize("seed", [0, 1])
def test_the_distributed_steps_give_the_in_memory_rows(
    documents: list[tuple[Any, dict[str, Any]]], expected: list[tables.ReuseRow], seed: int
) -> None:
    assert _distributed(documents, seed) == expected


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_gathering_a_keys_documents_stops_past_the_bound_only(n: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rx, "MAX_KEY_DOCS", 3)
        docs = list(range(n))
        for cut in range(1, n):  # two partitions, each folded one value at a time, then merged
            parts = []
            for chunk in (docs[:cut], docs[cut:]):
                acc = [chunk[0]]
                for d in chunk[1:]:
                    acc = _keep_searchable(acc, [d])
                parts.append(acc)
            merged = _keep_searchable(parts[0], parts[1])
            assert rx.earlier_pairs(merged) == rx.earlier_pairs(docs)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on this machine (.ci/run installs default-jre-headless)")
    from dateline.batch.spark import session

    s = session("local[2]", "dateline reuse test")
    yield s
    s.stop()


@pytest.mark.spark
def test_spark_reuse_table_is_the_in_memory_table(
    spark: Any, documents: list[tuple[Any, dict[str, Any]]], expected: list[tables.ReuseRow]
) -> None:
    from dateline.batch.spark import reuse_table

    rdd, n = reuse_table(spark.sparkContext.parallelize(documents, 5))
    try:
        got = [tables.ReuseRow(*r) for r in rdd.collect()]
    finally:
        rdd.unpersist()
    assert n == len(expected) and got == expected
