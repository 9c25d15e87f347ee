"""Batch clustering gives the clusters of the single-machine :func:`syndication.cluster`, through
both the in-memory path (the local engine) and the band-key path Spark runs (no Spark needed)."""

from __future__ import annotations

import random

from batch_inputs import RELEASES, copy_of, first

from dateline.batch import clusters
from dateline.batch.spark import _pairs
from dateline.corpus import syndication


def _docs() -> list[tuple[str, str, str | None]]:
    """Originals, copies (some dated later, some undated), and hard negatives: different
    releases sharing one long template paragraph, and a text stitched from two releases."""
    texts = [p.read_text(encoding="utf-8") for p in first(RELEASES, 14, "*.md")]
    rng = random.Random(6)
    template = " ".join(texts[13].split()[-220:])
    docs: list[tuple[str, str, str | None]] = []
    for i, text in enumerate(texts[:8]):
        docs.append((f"orig-{i}", text, f"2024-03-{10 + i:02d}"))
    for i in (0, 2, 5):
        docs.append((f"copy-{i}-a", copy_of(texts[i]), f"2024-04-{i + 1:02d}"))
        docs.append((f"copy-{i}-b", copy_of(texts[i]).replace("\n", " "), None))
    for i in (8, 9, 10):
        docs.append((f"template-{i}", texts[i] + "\nAbout the company\n" + template, "2024-05-01"))
    half = lambda t: " ".join(t.split()[: len(t.split()) // 2])  # noqa: E731
    docs.append(("stitched", half(texts[1]) + "\n" + half(texts[3]), "2024-06-01"))
    rng.shuffle(docs)
    return docs


def _batch_groups(docs: list[tuple[str, str, str | None]], band_path: bool) -> list[list[str]]:
    fps = {}
    keys = {}
    for n, (did, body, published) in enumerate(docs):
        fp = syndication.fingerprint(body)
        if fp is not None:
            fps[did] = fp
            keys[did] = clusters.order_key(published, 0, n)
    if band_path:  # what the Spark job does: group by band key, pair, verify
        buckets: dict[int, list[str]] = {}
        for did, fp in fps.items():
            for key in syndication.band_keys(fp):
                buckets.setdefault(key, []).append(did)
        candidates = {p for members in buckets.values() for p in _pairs(members)}
        pairs = {(a, b) for a, b in candidates if syndication.is_copy(syndication.compare(fps[a], fps[b]))}
    else:
        pairs = clusters.verified_pairs(fps)
    return clusters.groups(pairs, keys)


def _single_machine(docs: list[tuple[str, str, str | None]]) -> list[list[str]]:
    return [list(c.members) for c in syndication.cluster(docs)]


def test_local_and_band_key_paths_give_the_single_machine_clusters() -> None:
    docs = _docs()
    expected = sorted(_single_machine(docs))
    assert sorted(_batch_groups(docs, band_path=False)) == expected
    assert sorted(_batch_groups(docs, band_path=True)) == expected


def test_clusters_are_the_copies_with_the_earliest_first_and_templates_apart() -> None:
    found = {tuple(g) for g in _batch_groups(_docs(), band_path=True)}
    assert {
        ("orig-0", "copy-0-a", "copy-0-b"),
        ("orig-2", "copy-2-a", "copy-2-b"),
        ("orig-5", "copy-5-a", "copy-5-b"),
    } <= found
    for group in found:
        # never two different releases in one cluster: not through a shared template, and not
        # chained through a text stitched from two of them
        assert sum(d.startswith(("orig-", "template-")) for d in group) == 1, group


def test_undated_documents_come_after_dated_ones_then_in_input_order() -> None:
    keys = [
        clusters.order_key(None, 0, 1),
        clusters.order_key("2024-01-02", 1, 0),
        clusters.order_key(None, 0, None),
        clusters.order_key("2024-01-01", 3, 7),
    ]
    assert sorted(keys) == [keys[3], keys[1], keys[2], keys[0]]


def test_band_key_pairs_are_ordered_and_unique() -> None:
    assert _pairs(["b", "a", "c", "a"]) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert _pairs(["only"]) == []
