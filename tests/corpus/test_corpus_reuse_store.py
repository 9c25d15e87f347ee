"""Text reuse in the store: kept up to date on ingest (both directions in time), filters, the
pickup of a document, the ``dateline reuse`` verb through the real entry point."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.corpus import Store, reuse_index
from dateline.corpus.ingest import quick_record
from dateline.errors import OptionsError, StoreError
from dateline.readers import Input

from .test_corpus_reuse import ABOUT, OWN, RELEASE

REWRITTEN = (
    "From the first quarter of next year, the Stacker warehouse robot made by Acme Robotics will be "
    "shipped to clients in Spain, France and Germany, the firm announced."
)


HIRES = (
    "Acme Robotics has hired a former airline executive to run its European sales team, which will "
    "open offices in Madrid and Lyon before the summer."
)


def release_text() -> str:
    body = "\n\n".join(RELEASE)
    return (
        "Acme Robotics to ship Stacker robot in Europe\n\n"
        f"BOSTON, Jan. 1, 2024 /PRNewswire/ -- {body}\n\n{ABOUT}\n\nSOURCE Acme Robotics\n"
    )


def story_text() -> str:
    return "\n\n".join(["Robots for Europe's parcels", OWN[0], REWRITTEN, RELEASE[1], OWN[1], OWN[2]])


def documents() -> list[dict[str, str]]:
    """JSON Lines documents: a release at a wire site, its copy at a second URL, a story reusing
    two sentences, a story sharing only the release's About section, an empty body."""
    return [
        # the story is ingested first but published later
        {"id": "story", "text": story_text(), "url": "https://paper.example/robots",
         "published": "2024-01-02"},
        {"id": "release", "text": release_text(), "url": "https://pa.example/acme",
         "published": "2024-01-01"},
        {"id": "mirror", "text": release_text(), "url": "https://mirror.example/acme",
         "published": "2024-01-01"},
        {"id": "about", "text": "\n\n".join(["Acme hires", HIRES, ABOUT]), "url": "https://x.example/a",
         "published": "2024-01-03"},
        {"id": "empty", "text": "Nothing here", "url": "https://x.example/e", "published": "2024-01-03"},
    ]  # fmt: skip


def build(path: Path) -> Store:
    store = Store(path)
    for d in documents():
        record = quick_record(Input(d["url"], d["text"], id=d["id"]))
        store.add(record, source="test", url=d["url"], published=d["published"])
    return store


def test_reuse_is_kept_up_to_date_on_add(tmp_path: Path) -> None:
    with build(tmp_path / "r.db") as store:
        got = {r.id: r for r in reuse_index.reuse(store)}
        assert list(got) == ["release", "mirror", "story", "about", "empty"]  # earliest first
        assert got["release"].sources == () and got["release"].label == "non"
        # the same text at a second URL: a copy of the earlier one, never its own source
        assert [s.id for s in got["mirror"].sources] == ["release"]
        assert got["mirror"].label == "wholly" and got["mirror"].reused_fraction == 1.0
        story = got["story"]
        assert story.label == "partially" and {s.id for s in story.sources} == {"release", "mirror"}
        assert story.sources[0].id == "release"  # equal shares: the earlier first
        kinds = sorted(p.kind for p in story.sources[0].passages)
        assert kinds == ["rewritten", "verbatim"]
        record, source = store.get("story"), store.get("release")
        assert record is not None and source is not None
        for p in story.sources[0].passages:
            taken = record.text[p.start : p.end]
            assert taken in (REWRITTEN, RELEASE[1])
            assert source.text[p.source_start : p.source_end] in RELEASE
        # boilerplate (the About section the wire parser knows) is not reuse; nor is an empty body
        assert got["about"].sources == () and got["about"].label == "non"
        assert got["empty"].sources == () and got["empty"].reused_fraction == 0.0


def test_filters_ids_and_min_fraction(tmp_path: Path) -> None:
    with build(tmp_path / "r.db") as store:
        only = list(reuse_index.reuse(store, ids=["story"], source_filter="site:mirror.example"))
        assert [s.id for s in only[0].sources] == ["mirror"]
        flt = 'distributor:"PR Newswire"'
        by_distributor = list(reuse_index.reuse(store, ids=["story"], source_filter=flt))
        assert {s.id for s in by_distributor[0].sources} == {"release", "mirror"}
        none = list(reuse_index.reuse(store, ids=["story"], source_filter="site:paper.example"))
        assert none[0].sources == () and none[0].label == "non"
        assert [r.id for r in reuse_index.reuse(store, min_fraction=0.5)] == ["mirror"]
        with pytest.raises(StoreError, match="no such document"):
            list(reuse_index.reuse(store, ids=["nope"]))
        with pytest.raises(OptionsError):
            list(reuse_index.reuse(store, source_filter="nowhere"))


def test_pickup_lists_later_documents(tmp_path: Path) -> None:
    with build(tmp_path / "r.db") as store:
        later = reuse_index.pickup(store, "release")
        assert [r.id for r in later] == ["mirror", "story"]
        assert later[0].reused_fraction == 1.0 and later[1].label == "partially"
        assert all(r.sources[0].id == "release" for r in later)
        assert reuse_index.pickup(store, "story") == []


def test_store_made_before_the_reuse_tables_is_indexed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    build(path).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE reuse_docs; DROP TABLE reuse_keys; DROP TABLE reuse_pairs; DROP TABLE reuse_common; "
        "DELETE FROM settings WHERE name LIKE 'reuse.%';"
    )
    conn.close()
    with Store(path) as store:
        got = {r.id: r for r in reuse_index.reuse(store)}
        assert got["mirror"].label == "wholly" and got["story"].label == "partially"


def test_opening_an_indexed_store_reads_no_document(tmp_path: Path) -> None:
    """A store whose documents are all indexed is opened without reading every document (the
    count of missing ones took 4.1 s on a million-document store, at every open)."""
    path = tmp_path / "r.db"
    build(path).close()
    with Store(path) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        assert reuse_index.backfill(store) == 0
        store.conn.set_trace_callback(None)
        assert statements and not any("NOT IN" in s for s in statements), statements
        # documents stored before the tables (the first ones) are still found and indexed
        store.conn.execute("DELETE FROM reuse_docs WHERE doc = (SELECT min(rowid) FROM documents)")
        store.conn.commit()
        assert reuse_index.backfill(store) == 1
        assert reuse_index.backfill(store) == 0


def test_reuse_verb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("".join(json.dumps(d) + "\n" for d in documents()), encoding="utf-8")
    db = str(tmp_path / "cli.db")
    assert main(["ingest", "--db", db, "--no-nlp", "--progress", "never", str(jsonl)]) == 0
    capsys.readouterr()
    assert main(["reuse", "--db", db, "--from", "site:pa.example", "--format", "json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["release", "mirror", "story", "about", "empty"]
    story = lines[2]
    assert set(story) == {"id", "published", "reused_fraction", "label", "sources"}
    assert story["label"] == "partially" and [s["id"] for s in story["sources"]] == ["release"]
    assert set(story["sources"][0]["passages"][0]) == {"start", "end", "source_start", "source_end", "kind"}
    assert main(["reuse", "--db", db, "--id", "story"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "PUBLISHED", "REUSED", "LABEL", "SOURCES"]
    assert "story" in out and "partially" in out and "release (" in out


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["--from", "pa.example"], 2, "malformed source filter 'pa.example'"),
        (["--from", "planet:mars"], 2, "malformed source filter 'planet:mars'"),
        (["--min-fraction", "2"], 2, "--min-fraction: must be between 0 and 1"),
        (["--id", "nope"], 1, "nope: no such document"),
    ],
)
def test_reuse_verb_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], status: int, message: str
) -> None:
    db = tmp_path / "e.db"
    build(db).close()
    capsys.readouterr()
    assert main(["reuse", "--db", str(db), *argv]) == status
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_site_boilerplate_is_not_reuse(tmp_path: Path) -> None:
    from .test_corpus_reuse import COOKIES

    with Store(tmp_path / "b.db") as store:
        for i, own in enumerate([OWN[0], OWN[1], OWN[2], HIRES]):
            text = "\n\n".join([f"Story {i}", own, COOKIES])
            url = f"https://paper.example/{i}"
            store.add(
                quick_record(Input(url, text, id=f"s{i}")), source="t", url=url, published=f"2024-01-0{i + 1}"
            )
        got = {r.id: r for r in reuse_index.reuse(store)}
        assert [got[f"s{i}"].label for i in range(4)] == ["non"] * 4
        assert all(not r.sources for r in got.values())


def _uncapped_keys(conn: sqlite3.Connection, rowid: int, keys: list[int]) -> list[tuple[int, int]]:
    """The index before postings were bounded: every key posted for every document."""
    postings = [(k, d) for k, d in reuse_index._postings(conn, keys) if d != rowid]
    conn.executemany("INSERT OR IGNORE INTO reuse_keys (key, doc) VALUES (?, ?)", [(k, rowid) for k in keys])
    return postings


def _uncapped_lines(conn: sqlite3.Connection, host: str, rowid: int, lines: set[int]) -> frozenset[int]:
    conn.executemany(
        "INSERT OR IGNORE INTO reuse_lines (host, line, doc) VALUES (?, ?, ?)",
        [(host, x, rowid) for x in lines],
    )
    return reuse_index._boilerplate(conn, host, lines)


def _crowd() -> list[dict[str, str]]:
    """Twelve stories of two sites, sharing a formula (in all of them), a paragraph (in every
    third), a line of one site (in three of its documents: its boilerplate from the third on) and
    each its own sentences, published in an order unlike their ingest order."""
    formula = "The agency said the figures were checked by independent auditors before publication today."
    shared = (
        "Harbour officials confirmed that the northern pier will close for repairs from March until "
        "the end of the summer season, moving ferries to the southern terminal."
    )
    site = (
        "Readers of this site can subscribe to the morning newsletter for local council, harbour and "
        "school news delivered before seven o'clock every weekday."
    )
    docs = []
    for i in range(12):
        own = (
            f"Story number {i} reports that the council of district {i} voted on budget item {i * 7} "
            f"with {i + 3} members absent and a reserve of {i * 11} thousand euros."
        )
        body = (
            [f"Headline {i}", own, formula]
            + ([shared] if i % 3 == 0 else [])
            + ([site] if i % 4 == 0 else [])
        )
        docs.append({"id": f"d{i}", "text": "\n\n".join(body), "url": f"https://s{i % 2}.example/{i}",
                     "published": f"2024-01-{(i * 5) % 12 + 1:02d}"})  # fmt: skip
    return docs


def test_bounded_postings_give_the_reuse_of_unbounded_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys past MAX_KEY_DOCS documents and site lines past SITE_REPEATS documents are no longer
    stored for every document (so the index and its lookups stay bounded at a million documents):
    the reuse found is the same as with every posting stored."""
    monkeypatch.setattr(reuse_index.rx, "MAX_KEY_DOCS", 3)

    def fill(path: Path) -> tuple[list[object], list[object]]:
        with Store(path) as store:
            for d in _crowd():
                record = quick_record(Input(d["url"], d["text"], id=d["id"]))
                store.add(record, source="test", url=d["url"], published=d["published"])
            found = [(r.id, r.reused_fraction, r.sources) for r in reuse_index.reuse(store)]
            picked = [[(r.id, r.sources) for r in reuse_index.pickup(store, f"d{i}")] for i in range(12)]
            return found, picked

    bounded = fill(tmp_path / "bounded.db")
    conn = sqlite3.connect(tmp_path / "bounded.db")
    assert (
        conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM reuse_keys GROUP BY key)").fetchone()[0]
        <= 3
    )
    assert conn.execute("SELECT count(*) FROM reuse_common").fetchone()[0] > 0
    assert (
        conn.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM reuse_lines GROUP BY host, line)"
        ).fetchone()[0]
        == 3
    )
    conn.close()
    monkeypatch.setattr(reuse_index, "_add_keys", _uncapped_keys)
    monkeypatch.setattr(reuse_index, "_add_lines", _uncapped_lines)
    unbounded = fill(tmp_path / "unbounded.db")
    assert bounded == unbounded
    assert any(sources for _, _, sources in bounded[0])  # the shared paragraph is found as reuse
