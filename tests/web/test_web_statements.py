"""Statements over HTTP: ``/api/statements``, the statement pages, and the links and provenance
on the document and speaker pages (TestClient over a store of hand-built records, no model)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webfixtures import build_record, corpus_records

from dateline.corpus import Store
from dateline.web.app import create_app

PEOPLE = {"Lena Ortiz": ["Lena Ortiz", "Ortiz", "Ortiz"], "Samuel Reyes": ["Samuel Reyes", "Reyes"]}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The web corpus (an original and a copy) and a third copy with one statement altered."""
    db = tmp_path_factory.mktemp("statements") / "st.db"
    records = corpus_records()
    harbor, copy = records[0][0], records[1][0]
    text = copy.text.replace("Coastal Times", "Bay Reporter").replace("by 18 percent", "by nearly 18 percent")
    quotes = [
        (
            "Ortiz",
            "said",
            '"Water does not stop at a city line, and neither should our planning,"',
            "Lena Ortiz",
        ),
        ("Ortiz", "said", "the city had cut its water use by nearly 18 percent since 2019", "Lena Ortiz"),
    ]
    altered = build_record(text, "bay-reporter-summit", quotes, people=PEOPLE, published="2024-03-09")
    with Store(db) as store:
        for record, url, published in records:
            store.add(record, source="tests", url=url, published=published)
        store.add(altered, source="tests", url="https://bayreporter.example/summit", published="2024-03-09")
    assert harbor.id and copy.id
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def water(client: TestClient) -> dict:  # type: ignore[type-arg]
    found = client.get("/api/statements", params={"altered": "true"}).json()["statements"]
    assert len(found) == 1
    return found[0]


def test_api_lists_statements_with_first_appearance_and_changes(client: TestClient) -> None:
    body = client.get("/api/statements").json()
    assert body["limit"] == 50 and body["offset"] == 0
    statements = body["statements"]
    assert len(statements) == 3
    assert all(s["first_seen"]["document"] == "harbor-city-water-summit" for s in statements)
    w = water(client)
    assert w["speaker"] == "Lena Ortiz"
    assert w["text"] == "the city had cut its water use by 18 percent since 2019"
    assert w["documents"] == 3 and w["altered"] == 1
    kinds = [(o["document"], o["kind"]) for o in w["occurrences"]]
    assert kinds == [
        ("harbor-city-water-summit", "verbatim"),
        ("coastal-times-summit", "verbatim"),
        ("bay-reporter-summit", "altered"),
    ]
    assert w["occurrences"][2]["changes"] == [{"op": "insert", "canonical": "", "variant": "nearly"}]
    one = client.get(f"/api/statements/{w['id']}").json()
    assert one == w
    assert len(client.get("/api/statements", params={"speaker": "Reyes"}).json()["statements"]) == 1
    assert client.get("/api/statements", params={"since": "2024-03-07"}).json()["statements"] == []


def test_api_errors_are_json_with_a_message(client: TestClient) -> None:
    r = client.get("/api/statements/999999")
    assert r.status_code == 404 and r.json()["error"] == "not_found" and "999999" in r.json()["message"]
    r = client.get("/api/statements", params={"since": "yesterday"})
    assert r.status_code == 400 and "since must be a date" in r.json()["message"]
    assert client.get("/api/statements/abc").status_code == 422


def html(client: TestClient, path: str) -> str:
    r = client.get(path, headers={"accept": "text/html"})
    assert r.status_code == 200, r.text[:500]
    return r.text


def test_statement_page_marks_the_first_appearance_and_the_altered_version(client: TestClient) -> None:
    w = water(client)
    page = html(client, f"/statements/{w['id']}")
    assert page.count('class="badge first-badge"') == 1
    assert re.search(r'occurrence kind-altered">.*?<ins class="diff-ins">nearly </ins>', page, re.S)
    assert 'added <ins class="diff-ins">nearly</ins>' in page
    assert "Ran in 3 documents" in page and "1 altered" in page
    listing = html(client, "/statements?altered=true")
    assert listing.count('class="statement-link"') == 1
    missing = client.get("/statements/424242", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "424242" in missing.text


def test_document_page_shows_provenance_and_links_quotes(client: TestClient) -> None:
    w = water(client)
    page = html(client, "/documents/bay-reporter-summit")
    assert "Where this came from" in page
    assert "PR Newswire" in page
    assert f'href="/statements/{w["id"]}">ran in 3 documents, 1 altered' in page
    assert "Statements that ran earlier" in page and "here altered" in page
    original = html(client, "/documents/harbor-city-water-summit")
    assert "No statement here ran earlier" in original
    speaker = html(client, "/speakers/Lena%20Ortiz")
    assert f'href="/statements/{w["id"]}">ran in 3 documents, 1 altered' in speaker


def test_pasted_documents_still_render_without_statements(tmp_path: Path) -> None:
    with TestClient(create_app(None), raise_server_exceptions=False) as c:
        assert c.get("/api/statements").status_code == 503
