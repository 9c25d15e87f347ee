"""The SQLite store: identity, search, speakers, clusters, failures, migrations, threads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.corpus import MIGRATIONS, SCHEMA_VERSION, QueryError, Store, syndication
from dateline.dates import normalize as normalize_date
from dateline.errors import StoreError
from dateline.records import (
    Attribution,
    Content,
    Dateline,
    Entity,
    Mention,
    Metadata,
    Record,
    Source,
    Span,
)

BODY = (
    "Chinese President Xi Jinping on Wednesday sent a congratulatory letter to the 2021 South-South "
    "Human Rights Forum, which opened in Beijing. Xi said human rights are a symbol of progress in "
    "human civilization, and that the people-centered approach is the way forward for developing "
    "countries that want to build a better future for all of their citizens."
)


def plain_record(
    body: str, *, id: str, path: str, headline: str = "A story", date: str | None = None
) -> Record:
    """A record without entities or attributions."""
    text = f"{headline}\n\n{body}"
    return Record(
        text=text,
        id=id,
        path=path,
        headline=Span(0, len(headline), headline),
        dateline=Dateline(len(headline) + 2, len(headline) + 2, "", date=date) if date else None,
        body_text=body,
    )


def make_record(
    body: str = BODY,
    *,
    id: str | None = "xi-letter",
    path: str | None = "/data/xi-letter.txt",
    headline: str = "Xi sends congratulatory letter to forum",
    date: str | None = "2021-12-08",
) -> Record:
    text = f"{headline}\n\n{body}"
    off = len(headline) + 2
    xi = text.index("Xi Jinping")
    said = text.index("said")
    content_start = said + 5
    content = text[content_start : content_start + 60]
    ent = Entity(
        id="e1",
        name="Xi Jinping",
        label="PERSON",
        mentions=(Mention(xi, xi + 10, "Xi Jinping"),),
        titles=("Chinese President",),
        aliases=("Xi",),
    )
    cpc = Entity(id="e2", name="Communist Party of China", label="ORG", aliases=("CPC",))
    src = text.index("Xi said")
    attr = Attribution(
        content=Content(
            content_start, content_start + 60, content, (Span(content_start, content_start + 60, content),)
        ),
        source=Source(src, src + 2, "Xi", entity="Xi Jinping", entity_id="e1"),
        cue=Span(said, said + 4, "said"),
        kind="indirect",
    )
    return Record(
        text=text,
        id=id,
        path=path,
        headline=Span(0, len(headline), headline),
        dateline=Dateline(off, off, "", city="BEIJING", date=date, distributor="PR Newswire"),
        body_text=body,
        entities=(ent, cpc),
        attributions=(attr,),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "corpus.db")
    yield s
    s.close()


def test_add_get_round_trip_and_idempotent_key(store: Store) -> None:
    record = make_record()
    doc_id, inserted = store.add(record, source="seed")
    assert (doc_id, inserted) == ("xi-letter", True)
    assert store.get("xi-letter") == record
    again = store.add(record, source="seed")
    assert again == ("xi-letter", False)
    assert store.count() == 1
    doc = store.document("xi-letter")
    assert doc is not None and doc.published == "2021-12-08" and doc.site == "PR Newswire"


def test_same_stem_gets_suffix_and_same_text_two_paths_is_one_cluster(store: Store) -> None:
    a = store.add(make_record(path="/a/xi-letter.txt"), source="a")
    b = store.add(make_record(path="/b/xi-letter.txt"), source="b")
    assert a == ("xi-letter", True) and b == ("xi-letter-2", True)
    clusters = store.clusters()
    assert len(clusters) == 1
    c = clusters[0]
    assert c.size == 2 and {m.id for m in c.members} == {"xi-letter", "xi-letter-2"}
    assert c.as_dict()["members"][0]["path"] == "/a/xi-letter.txt"
    assert store.cluster_of("xi-letter-2") == c


def test_earliest_copy_is_the_original_whatever_the_order_of_ingest(store: Store) -> None:
    store.add(make_record(path="/late.txt", id="late"), source="s", published="2021-12-10")
    store.add(make_record(path="/early.txt", id="early"), source="s", published="2021-12-09T08:00:00Z")
    (cluster,) = store.clusters()
    assert cluster.original == "early"
    assert [m.id for m in cluster.members] == ["early", "late"]


def test_search_filters_and_snippets(store: Store) -> None:
    store.add(make_record(), source="seed")
    other = plain_record(
        "Oil prices fell sharply on Monday as traders weighed new supply from producers in the Gulf "
        "region, analysts in London said in a note to clients about the coming winter.",
        id="oil",
        path="/data/oil.txt",
        headline="Oil falls",
        date="1987-03-02",
    )
    store.add(other, source="reuters")
    hits = store.search("congratulatory")
    assert [h.id for h in hits] == ["xi-letter"] and "[" in hits[0].snippet
    assert [h.id for h in store.search("oil")] == ["oil"]
    assert [h.id for h in store.search(speaker="Xi")] == ["xi-letter"]
    assert [h.id for h in store.search(speaker="xi jinping")] == ["xi-letter"]
    assert [h.id for h in store.search(entity="CPC")] == ["xi-letter"]
    assert [h.id for h in store.search(source="reuters")] == ["oil"]
    assert [h.id for h in store.search(source="PR Newswire")] == ["xi-letter"]
    assert [h.id for h in store.search(since="2000-01-01")] == ["xi-letter"]
    assert [h.id for h in store.search(until="1987-03-02")] == ["oil"]
    assert [h.id for h in store.search()] == ["xi-letter", "oil"]  # newest first
    assert store.search("prices", speaker="Xi") == []
    assert store.search(limit=1, offset=1)[0].id == "oil"


@pytest.mark.parametrize("query", ['"unterminated', "AND OR", "(", "NEAR(", "*"])
def test_malformed_query_raises_query_error(store: Store, query: str) -> None:
    store.add(make_record(), source="seed")
    with pytest.raises(QueryError) as info:
        store.search(query)
    assert isinstance(info.value, StoreError) and "query" in str(info.value)


def test_bad_date_filter_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="since must be a date"):
        store.search(since="last week")


def test_quotes_match_speaker_by_alias_and_name_words(store: Store) -> None:
    store.add(make_record(), source="seed")
    for name in ("Xi", "Xi Jinping", "jinping", "XI"):
        quotes = store.quotes(name)
        assert len(quotes) == 1, name
        assert quotes[0].speaker == "Xi Jinping" and quotes[0].cue == "said"
    assert store.quotes("Li Keqiang") == []
    assert len(store.quotes(query="civilization")) == 1
    assert store.quotes("Xi", query="tariffs") == []
    record = store.get("xi-letter")
    assert record is not None
    q = store.quotes("Xi")[0]
    assert record.text[q.start : q.end] == q.content


def test_speakers_ranked(store: Store) -> None:
    store.add(make_record(path="/1.txt"), source="s")
    store.add(make_record(path="/2.txt"), source="s")
    (top,) = store.speakers(top=5)
    assert (top.name, top.quotes, top.documents) == ("Xi Jinping", 2, 2)
    assert top.as_dict()["first"] == "2021-12-08"


def test_failures_are_recorded_once_per_key_and_cleared_on_success(store: Store) -> None:
    store.record_failure("/data/xi-letter.txt", "binary data", key="/data/xi-letter.txt")
    store.record_failure("/data/xi-letter.txt", "still binary", key="/data/xi-letter.txt")
    (f,) = store.failures()
    assert f.reason == "still binary" and f.attempts == 2
    store.add(make_record(), source="seed", key="/data/xi-letter.txt")
    assert store.failures() == []


def test_schema_version_and_parameters_recorded(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_settings_hold_the_minhash_parameters(store: Store) -> None:
    settings_ = store.settings()
    assert settings_["syndication.num_perm"] == syndication.NUM_PERM
    assert settings_["syndication.seed"] == syndication.SEED
    store.add(make_record(), source="seed")
    sig = store.signature("xi-letter")
    assert sig is not None and (sig == syndication.signature(BODY)).all()


def test_not_a_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match=r"bad\.db: .*not a (dateline store|database)"):
        Store(bad)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "folder.db")


def test_failed_add_leaves_nothing_behind(store: Store) -> None:
    with store.transaction():
        store.add(make_record(path="/ok.txt", id="ok"), source="s")
        with pytest.raises(sqlite3.ProgrammingError):
            store.add(make_record(path="/bad.txt", id="bad"), source=object())  # type: ignore[arg-type]
    assert store.count() == 1 and store.document("bad") is None


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "threads.db"
    shared = Store(path)
    other_process_like = Store(path)  # a second store object on the same file

    def write(s: Store, start: int) -> None:
        for i in range(start, start + 15):
            body = f"Story number {i} about a different topic entirely, with words {i * 7} and {i * 13} here."
            s.add(plain_record(body, id=f"doc{i}", path=f"/t/{i}.txt"), source="t")

    threads = [
        threading.Thread(target=write, args=(s, n * 100))
        for n, s in enumerate([shared, shared, other_process_like])
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert shared.count() == 45
    assert len({h.id for h in shared.search(limit=100)}) == 45
    shared.close()
    other_process_like.close()


def test_normalize_date() -> None:
    assert normalize_date("2024-03-08") == "2024-03-08"
    assert normalize_date("2024-03-08T00:00:00Z") == "2024-03-08"
    assert normalize_date("2024-03-08T10:30:00+02:00") == "2024-03-08T08:30:00Z"
    assert normalize_date("Fri, 08 Mar 2024") is None
    assert normalize_date(None) is None


_words = st.text(alphabet=st.sampled_from("abcdefgh ijk\n“”’.,"), min_size=0, max_size=200)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=_words,
    title=st.text(min_size=0, max_size=30),
    url=st.one_of(st.none(), st.just("https://x.example/a/b.html")),
)
def test_any_record_round_trips_through_the_store(
    tmp_path: Path, body: str, title: str, url: str | None
) -> None:
    record = Record(
        text=title + "\n\n" + body, id=None, body_text=body, metadata=Metadata(title=title or None, url=url)
    )
    with Store(tmp_path / "h.db") as s:
        doc_id, inserted = s.add(record, source="h", key=f"k-{len(s.keys())}")
        assert inserted and s.get(doc_id) == record


def test_file_ids_are_kept_whole_and_url_ids_cleaned(store: Store) -> None:
    long_stem = "247PressRelease-20240308-" + "a-very-long-release-name-" * 6
    assert store.add(plain_record(BODY, id=long_stem, path=f"/x/{long_stem}.md"), source="s")[0] == long_stem
    url_record = Record(text="T\n\n" + BODY, body_text=BODY)
    doc_id, _ = store.add(url_record, source="s", url="https://news.example/2024/03/story name?.html?x=1")
    assert doc_id == "story-name"


def test_quotes_and_search_filter_by_statement_type(store: Store) -> None:
    import dataclasses

    record = make_record()
    said = dataclasses.replace(record.attributions[0], type="speech")
    thinks = dataclasses.replace(record.attributions[0], type="thought")
    store.add(dataclasses.replace(record, attributions=(said,)), source="s")
    store.add(dataclasses.replace(record, id="other", path="/other.txt", attributions=(thinks,)), source="s")
    assert [q.type for q in store.quotes("Xi")] == ["speech", "thought"]
    assert [(q.document, q.type) for q in store.quotes("Xi", type="speech")] == [("xi-letter", "speech")]
    assert [q.document for q in store.quotes("Xi", type="thought")] == ["other"]
    assert store.quotes("Xi", type="evidence") == []
    assert [h.id for h in store.search(speaker="Xi", type="thought")] == ["other"]
    with pytest.raises(QueryError, match="unknown statement type"):
        store.quotes("Xi", type="gossip")


def test_a_store_from_before_statement_types_migrates_with_untyped_statements(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        store.add(make_record(), source="s")
        store.conn.execute("UPDATE attributions SET type = NULL")  # as a version-1 store held it
        (q,) = store.quotes("Xi")
        assert q.type is None and store.quotes("Xi", type="speech") == []
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2


def test_a_column_filter_is_checked_against_the_index_it_searches(store: Store) -> None:
    store.add(make_record(), source="seed")
    assert store.search("headline: letter") and store.quotes(query="speaker: xi") is not None
    with pytest.raises(QueryError, match="no such column: headline"):
        store.quotes(query="headline: letter")
    with pytest.raises(QueryError, match="no such column: content"):
        store.search("content: letter")


def test_stored_shingles_are_the_fingerprint_of_the_body(tmp_path: Path) -> None:
    """Verifying a candidate copy reads its stored shingles instead of fingerprinting its body
    again: they must be the body's fingerprint exactly."""
    import numpy as np

    from dateline.corpus.ingest import quick_record
    from dateline.readers import Input

    text = "Headline\n\n" + " ".join(f"word{i} and more{i % 7}" for i in range(120))
    with Store(tmp_path / "s.db") as store:
        store.add(quick_record(Input("a.txt", text, id="a")), source="test")
        body, shingles, lead = store.conn.execute(
            "SELECT d.body_text, s.shingles, s.lead FROM documents d JOIN signatures s ON s.doc = d.rowid"
        ).fetchone()
    fp = syndication.fingerprint(body)
    assert fp is not None
    assert np.array_equal(np.frombuffer(shingles, dtype="<u4"), fp.shingles)
    assert np.array_equal(np.frombuffer(lead, dtype="<u4"), fp.lead)


def _dated_store(path: Path) -> Store:
    store = Store(path)
    for k in range(12):
        body = f"The harbour {'council' if k % 3 else 'board'} met again on item {k}. Water levels rose."
        date = f"2024-0{1 + k % 9}-1{k % 10}"
        store.add(
            plain_record(body, id=f"d{k}", path=f"/d{k}.txt", date=date), source="wire" if k % 2 else "daily"
        )
    return store


def test_filters_are_kept_in_their_own_table_and_filter_searches(tmp_path: Path) -> None:
    """``doc_filters`` mirrors every document's date, source and site (triggers), and a filtered
    search gives what filtering the unfiltered ranking gives."""
    with _dated_store(tmp_path / "f.db") as store:
        conn = store.conn
        mirror = conn.execute("SELECT doc, published, source, site FROM doc_filters ORDER BY doc").fetchall()
        assert (
            mirror
            == conn.execute("SELECT rowid, published, source, site FROM documents ORDER BY rowid").fetchall()
        )
        assert len(mirror) == 12
        every = store.search("harbour", limit=100)
        for kw in (
            {"since": "2024-05-01"},
            {"until": "2024-03-31"},
            {"source": "wire"},
            {"since": "2024-02-01", "source": "daily"},
        ):
            got = [h.id for h in store.search("harbour", limit=100, **kw)]
            want = [
                h.id
                for h in every
                if (h.published or "") >= kw.get("since", "")
                and (h.published or "") <= kw.get("until", "9999")
                and ("source" not in kw or h.source == kw["source"])
            ]
            assert got == want and 0 < len(got) < 12, kw
        conn.execute("UPDATE documents SET published = '2030-01-01' WHERE id = 'd0'")
        conn.execute("DELETE FROM documents WHERE id = 'd1'")
        assert conn.execute("SELECT published FROM doc_filters WHERE doc = 1").fetchone() == ("2030-01-01",)
        assert conn.execute("SELECT count(*) FROM doc_filters").fetchone() == (11,)


def test_a_store_from_before_the_filter_table_gets_it_filled(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    with _dated_store(path) as store:
        conn = store.conn
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER documents_filters_{trigger}")
        conn.execute("DROP TABLE doc_filters")
        _drop_cluster_sizes(conn)
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 2}")
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("SELECT count(*) FROM doc_filters").fetchone() == (12,)
        assert [h.id for h in store.search("harbour", source="wire", limit=100)] == [
            h.id for h in store.search("harbour", limit=100) if h.source == "wire"
        ]


def _counted_clusters(conn: sqlite3.Connection, min_size: int = 1) -> list[tuple[int, int, int]]:
    return conn.execute(
        "SELECT cluster, count(*) AS n, min(rowid) FROM documents WHERE cluster IS NOT NULL "
        "GROUP BY cluster HAVING n >= ? ORDER BY n DESC, min(rowid)",
        (min_size,),
    ).fetchall()


def _copies_store(path: Path) -> Store:
    store = Store(path)
    stories = [
        " ".join(
            f"story{s} sentence{k} tells of the harbour and its council vote number {k}." for k in range(30)
        )
        for s in range(4)
    ]
    for k in range(14):
        body = stories[k % 4] if k % 3 else stories[k % 4] + " An update followed later that day."
        store.add(plain_record(body, id=f"c{k}", path=f"/c{k}.txt", date=f"2024-01-{10 + k}"), source="s")
    return store


def test_cluster_sizes_are_kept_by_triggers_and_list_the_largest_first(tmp_path: Path) -> None:
    with _copies_store(tmp_path / "c.db") as store:
        conn = store.conn
        kept = conn.execute(
            "SELECT id, size, first FROM clusters WHERE size > 0 ORDER BY size DESC, first"
        ).fetchall()
        assert kept == _counted_clusters(conn) and kept[0][1] >= 3
        assert [(c.id, len(c.members)) for c in store.clusters(min_size=2)] == [
            (cid, n) for cid, n, _ in _counted_clusters(conn, 2)
        ]
        big, second = kept[0][0], kept[1][0]
        conn.execute(
            "UPDATE documents SET cluster = ? "
            "WHERE rowid = (SELECT min(rowid) FROM documents WHERE cluster = ?)",
            (second, big),
        )
        conn.execute(
            "DELETE FROM documents WHERE rowid = (SELECT max(rowid) FROM documents WHERE cluster = ?)",
            (second,),
        )
        conn.execute(
            "UPDATE documents SET cluster = NULL "
            "WHERE rowid = (SELECT max(rowid) FROM documents WHERE cluster = ?)",
            (big,),
        )
        after = conn.execute(
            "SELECT id, size, first FROM clusters WHERE size > 0 ORDER BY size DESC, first"
        ).fetchall()
        assert after == _counted_clusters(conn) and after != kept


def test_a_store_from_before_cluster_sizes_gets_them_counted(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    with _copies_store(path) as store:
        conn = store.conn
        want = _counted_clusters(conn)
        _drop_cluster_sizes(conn)
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    with Store(path) as store:
        got = store.conn.execute(
            "SELECT id, size, first FROM clusters WHERE size > 0 ORDER BY size DESC, first"
        )
        assert got.fetchall() == want and len(want) >= 4


def _drop_cluster_sizes(conn: sqlite3.Connection) -> None:
    """Take a store back to before migration 6 (cluster sizes kept by triggers)."""
    for trigger in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER documents_cluster_{trigger}")
    conn.execute("DROP INDEX clusters_size")
    conn.execute("ALTER TABLE clusters DROP COLUMN size")
    conn.execute("ALTER TABLE clusters DROP COLUMN first")
