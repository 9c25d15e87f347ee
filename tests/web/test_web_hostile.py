"""Hostile requests (issue 16): what used to be a 500, or failed a whole batch, is now a 4xx for
the request at fault and nothing else."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from fastapi.testclient import TestClient

import hostile
from dateline.analyze import Analyzer
from dateline.corpus import Store
from dateline.options import Options


def assert_4xx(response, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and len(body["message"]) > 15
    return body


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "hostile.db"
    Store(db).close()
    return db


@pytest.fixture
def blank_analyzer() -> Analyzer:
    """The real analyzer (guard, budgets, batching) on a blank pipeline: no model to load."""
    return Analyzer(Options(entities=False, attributions=False), nlp=spacy.blank("en"))


def test_a_cluster_number_too_large_for_sqlite_is_a_client_error(client: TestClient) -> None:
    assert_4xx(client.get("/api/clusters/9223372036854775808"))
    assert_4xx(client.get("/api/clusters/-1"))
    assert client.get("/api/clusters/9223372036854775807").status_code == 404
    assert client.get("/clusters/9223372036854775808").status_code == 422


def test_date_filters_at_the_edge_of_the_calendar(client: TestClient) -> None:
    assert client.get("/api/documents", params={"until": "9999-12-31"}).status_code == 200
    assert client.get("/api/documents", params={"since": "0001-01-01"}).status_code == 200
    # an empty filter is the schema's empty string: accepted, and filters nothing
    everything = client.get("/api/documents").json()["results"]
    assert client.get("/api/documents?since=&until=").json()["results"] == everything
    assert client.get("/?until=9999-12-31").status_code == 200


@pytest.mark.parametrize("published", hostile.overflow_dates())
def test_publication_dates_outside_utc_years_are_refused(client: TestClient, published: str) -> None:
    body = assert_4xx(client.post("/api/documents", json={"text": hostile.GOOD, "published": published}))
    assert "outside the years 1 to 9999" in body["message"]
    page = client.post("/analyze", data={"text": hostile.GOOD, "published": published, "store": "1"})
    assert page.status_code == 422


def test_store_keeps_an_overflowing_date_as_printed(tmp_path: Path, blank_analyzer: Analyzer) -> None:
    """Ingest and batch get such dates from feeds: the store keeps the local time, no failure."""
    record = blank_analyzer.analyze_text(hostile.GOOD)
    with Store(tmp_path / "s.db") as store:
        doc_id, inserted = store.add(record, source="t", published="9999-12-31T23:59:59-01:00")
        assert inserted and store.document(doc_id).published == "9999-12-31T23:59:59Z"  # type: ignore[union-attr]


def test_text_spacy_cannot_take_is_a_client_error(
    make_client: Callable[..., TestClient], blank_analyzer: Analyzer
) -> None:
    client = make_client(None, analyzer=blank_analyzer)
    body = assert_4xx(
        client.post(
            "/api/analyze",
            content=b'{"text": "Hello \\ud800 world"}',
            headers={"content-type": "application/json"},
        )
    )
    assert "lone surrogate (U+D800)" in body["message"]
    body = assert_4xx(client.post("/api/analyze", json={"text": hostile.over_chars()}))
    assert "1,000,000-character limit" in body["message"]
    assert_4xx(client.post("/api/analyze", json={"text": "a NUL \x00 inside"}))
    assert client.post("/api/analyze", json={"text": hostile.GOOD}).status_code == 200


def test_ids_must_be_reachable(make_client: Callable[..., TestClient], empty_db: Path) -> None:
    client = make_client(empty_db)
    assert_4xx(client.post("/api/documents", json={"text": hostile.GOOD, "id": "a/b"}))
    assert_4xx(client.post("/api/documents", json={"text": hostile.GOOD, "id": "a\nb"}))
    made = client.post("/api/documents", json={"text": hostile.GOOD, "id": "fine-id.2024"})
    assert made.status_code == 201
    assert client.get(f"/api/documents/{made.json()['id']}").status_code == 200


def test_one_bad_document_does_not_fail_the_requests_batched_with_it(
    make_client: Callable[..., TestClient], empty_db: Path, blank_analyzer: Analyzer
) -> None:
    client = make_client(empty_db, analyzer=blank_analyzer)
    statuses: dict[int, int] = {}

    def post(n: int) -> None:
        text = hostile.over_chars() if n == 3 else hostile.GOOD.replace("summit", f"summit {n}")
        r = client.post("/api/documents", json={"text": text, "url": f"https://hostile.example/{n}"})
        statuses[n] = r.status_code

    threads = [threading.Thread(target=post, args=(n,)) for n in range(7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == {n: 422 if n == 3 else 201 for n in range(7)}
    with Store(empty_db) as store:
        assert store.count() == 6
