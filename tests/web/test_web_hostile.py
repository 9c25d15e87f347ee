"""Hostile requests (issue 16): what used to be a 500, or failed a whole batch, is now a 4xx for
the request at fault and nothing else."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from fastapi.testclient import TestClient

import hostile
from dateline.analysis import Analyzer
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


def test_ids_must_be_reachable(
    make_client: Callable[..., TestClient], empty_db: Path, blank_analyzer: Analyzer
) -> None:
    client = make_client(empty_db, analyzer=blank_analyzer)
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


# ------------------------------------------------------------------ access, rate, headers

TOKEN = "hostile-test-token"


def test_analysis_needs_the_token_when_the_server_has_one(
    make_client: Callable[..., TestClient], blank_analyzer: Analyzer
) -> None:
    client = make_client(None, token=TOKEN, analyzer=blank_analyzer)
    assert_4xx(client.post("/api/analyze", json={"text": hostile.GOOD}), 401)
    assert_4xx(
        client.post("/api/analyze", json={"text": hostile.GOOD}, headers={"Authorization": "Bearer no"}), 403
    )
    ok = client.post(
        "/api/analyze", json={"text": hostile.GOOD}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert ok.status_code == 200
    page = client.post("/analyze", data={"text": hostile.GOOD})
    assert page.status_code == 401 and "token" in page.text
    assert client.post("/analyze", data={"text": hostile.GOOD, "token": TOKEN}).status_code == 200


def test_analysis_is_rate_limited_per_client(
    make_client: Callable[..., TestClient], blank_analyzer: Analyzer
) -> None:
    client = make_client(None, analyzer=blank_analyzer, analysis_per_minute=1)
    statuses = [client.post("/api/analyze", json={"text": hostile.GOOD}).status_code for _ in range(66)]
    assert statuses[:64] == [200] * 64 and statuses[64:] == [429, 429]
    refused = client.post("/api/analyze", json={"text": hostile.GOOD})
    body = assert_4xx(refused, 429)
    assert "too many analyses" in body["message"] and int(refused.headers["retry-after"]) >= 1
    # another client (its own token) has its own bucket; reads are never limited
    other = client.post("/api/analyze", json={"text": hostile.GOOD}, headers={"Authorization": "Bearer x"})
    assert other.status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_rate_limit_refills() -> None:
    from dateline.web.ratelimit import RateLimit

    limit = RateLimit(per_minute=60, burst=2)
    assert [limit.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 1.0]
    assert limit.take("a", now=1.0) == 0.0 and limit.take("b", now=1.0) == 0.0


def test_every_response_says_nosniff(client: TestClient) -> None:
    for path in ("/api/documents", "/api/clusters/1", "/static/favicon.svg", "/openapi.json", "/"):
        assert client.get(path).headers.get("x-content-type-options") == "nosniff", path


def test_openapi_declares_the_bearer_scheme(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    secured = {
        (path, method)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if op.get("security")
    }
    assert secured == {("/api/analyze", "post"), ("/api/documents", "post")}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Referer": "https://evil.example/form"}, 403),
        ({"Sec-Fetch-Site": "same-origin"}, 303),
        ({}, 303),  # not a browser (curl): no cross-site request to forge
    ],
)
def test_the_form_refuses_cross_site_posts_without_an_origin(
    make_client: Callable[..., TestClient],
    empty_db: Path,
    blank_analyzer: Analyzer,
    headers: dict,
    status: int,
) -> None:
    client = make_client(empty_db, analyzer=blank_analyzer)
    r = client.post(
        "/analyze", data={"text": hostile.GOOD, "store": "1"}, headers=headers, follow_redirects=False
    )
    assert r.status_code == status, r.text


@pytest.mark.parametrize("name", sorted(hostile.cases()))
def test_every_hostile_text_gets_an_answer_not_a_crash(
    make_client: Callable[..., TestClient], empty_db: Path, blank_analyzer: Analyzer, name: str
) -> None:
    """The hostile corpus's texts through the API: a record or a one-line 4xx, never a 500."""
    client = make_client(empty_db, analyzer=blank_analyzer)
    text = hostile.cases()[name]
    for path in ("/api/analyze", "/api/documents"):
        body = json.dumps({"text": text, "url": f"https://hostile.example/{name}"})  # \ud800 escaped
        r = client.post(path, content=body.encode(), headers={"content-type": "application/json"})
        assert r.status_code in (200, 201, 422), (path, r.text[:300])
        if r.status_code == 422:
            assert "\n" not in r.json()["message"]
    assert client.get("/api/documents", params={"q": name}).status_code == 200
