"""Statements in the store: kept up to date on ingest, read back, and the seed acceptance test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dateline.corpus import MIGRATIONS, Store, statement_store
from dateline.errors import StoreError
from dateline.records import Record

from .builders import shared_path
from .statement_records import QUOTES, record


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.db")


def test_statements_are_kept_up_to_date_on_add_whatever_the_order(store: Store) -> None:
    altered = QUOTES[0].replace("by 18", "by nearly 18")
    store.add(record("copy-altered", [altered, QUOTES[1]]), source="t", published="2021-12-10", key="c1")
    store.add(
        record("copy-trimmed", [QUOTES[1][:60]], speaker=None), source="t", published="2021-12-09", key="c2"
    )
    store.add(record("original", QUOTES), source="t", published="2021-12-08", key="o")
    store.add(
        record("other", ["A different thing entirely, said about the budget for the parks"]),
        source="t",
        key="x",
    )
    found = store.statements(speaker="Smith")
    assert len(found) == 2
    water = next(s for s in found if "water" in s.text)
    assert water.first_seen.document == "original"
    assert water.text == QUOTES[0]
    assert [(o.document, o.kind) for o in water.occurrences] == [
        ("original", "verbatim"),
        ("copy-altered", "altered"),
    ]
    assert water.occurrences[1].changes[0].as_dict() == {"op": "insert", "canonical": "", "variant": "nearly"}
    solar = next(s for s in found if "solar" in s.text)
    assert [o.kind for o in solar.occurrences] == ["verbatim", "trimmed", "verbatim"]
    assert store.statements(altered=True) == [water]
    assert store.statements(speaker="Nobody") == []
    assert store.statements(since="2021-12-09") == []
    assert len(store.statements(until="2021-12-08")) == 2
    assert len(store.statements(min_documents=1)) == 4
    one = store.statement(water.id)
    assert one is not None and one.as_dict() == water.as_dict()
    assert store.statement("999") is None and store.statement("x") is None
    assert store.statement(2**70) is None  # past SQLite's integers: none, not an OverflowError
    sums = store.statement_summaries("copy-altered")
    assert [(s.attribution, s.documents, s.altered, s.kind) for s in sums] == [
        (0, 2, 1, "altered"),
        (1, 3, 0, "verbatim"),
    ]


def test_a_store_from_before_statements_is_grouped_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(record("a", QUOTES), source="t", published="2021-01-01", key="a")
        s.add(record("b", QUOTES), source="t", published="2021-01-02", key="b")
    conn = sqlite3.connect(path)
    for table in ("statements", "statement_members", "statement_keys"):
        conn.execute(f"DROP TABLE {table}")
    for column in ("shingles", "lead"):  # added by the migrations after it
        conn.execute(f"ALTER TABLE signatures DROP COLUMN {column}")
    for trigger in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER documents_filters_{trigger}")
    conn.execute("DROP TABLE doc_filters")
    for trigger in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER documents_cluster_{trigger}")
    conn.execute("DROP INDEX clusters_size")
    for column in ("size", "first"):
        conn.execute(f"ALTER TABLE clusters DROP COLUMN {column}")
    # the version just before the statements migration
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(statement_store.MIGRATION)}")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert len(s.statements()) == 3
        assert s.settings()["statements.min_containment"] == statement_store.st.MIN_CONTAINMENT


# --------------------------------------------------------------------------- the seed


def seed_copies() -> list[tuple[str, str, str, str]]:
    """The seed and three republished copies: ``(id, text, published, site)``."""
    seed = shared_path("seed", "cctv-xi-letter-prnewswire.txt").read_text(encoding="utf-8")
    trimmed = seed.replace("By doing all that, China has succeeded", "China has succeeded")
    assert trimmed != seed
    changed = seed.replace("the over 1.4 billion Chinese people", "the over 1.3 billion Chinese people")
    assert changed != seed
    return [
        ("seed", seed, "2021-12-08", "prnewswire.com"),
        ("copy-verbatim", seed, "2021-12-09", "asia-news.example"),
        ("copy-trimmed", trimmed, "2021-12-10", "world-digest.example"),
        ("copy-changed", changed, "2021-12-11", "daily-report.example"),
    ]


@pytest.mark.model
def test_seed_and_three_republished_copies(tmp_path: Path) -> None:
    from dateline.analysis import analyze
    from dateline.records import Metadata

    with Store(tmp_path / "seed.db") as store:
        for doc_id, text, published, site in reversed(seed_copies()):
            rec = analyze(text)
            rec = Record.from_dict({**rec.as_dict(), "id": doc_id, "metadata": Metadata(site=site).as_dict()})
            store.add(rec, source="seed", published=published, key=doc_id)
        found = store.statements(speaker="Xi Jinping")
        assert len(found) == 7
        assert all(s.speaker == "Xi Jinping" for s in found)
        assert all(s.first_seen.document == "seed" for s in found)
        assert all(s.documents == 4 for s in found)
        kinds = sorted(o.kind or "" for s in found for o in s.occurrences if o.kind != "verbatim")
        assert kinds == ["altered", "trimmed"]
        trimmed = next(o for s in found for o in s.occurrences if o.kind == "trimmed")
        assert trimmed.document == "copy-trimmed"
        assert [c.as_dict() for c in trimmed.changes] == [
            {"op": "delete", "canonical": "By doing all that", "variant": ""}
        ]
        altered = next(o for s in found for o in s.occurrences if o.kind == "altered")
        assert altered.document == "copy-changed"
        assert [c.as_dict() for c in altered.changes] == [
            {"op": "replace", "canonical": "1.4", "variant": "1.3"}
        ]


def test_a_store_keyed_with_other_parameters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE settings SET value = '9' WHERE name = 'statements.window'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"k\.db: its statement keys were made with window=9"):
        Store(path)
