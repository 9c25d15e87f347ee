"""Text reuse over HTTP: the API and the two pages (TestClient; the browser test is
``test_web_reuse_browser.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from reusefixtures import REWRITTEN, fill_reuse

from dateline.web.app import create_app


@pytest.fixture(scope="module")
def reuse_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("reuse") / "reuse.db"
    fill_reuse(db)
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield client


def test_api_document_reuse(reuse_client: TestClient) -> None:
    got = reuse_client.get("/api/documents/story/reuse").json()
    assert got["label"] == "partially" and 0.3 < got["reused_fraction"] < 0.6
    assert [s["id"] for s in got["sources"]] == ["release", "mirror"]
    kinds = sorted(p["kind"] for p in got["sources"][0]["passages"])
    assert kinds == ["rewritten", "verbatim"]
    only = reuse_client.get("/api/documents/story/reuse", params={"from": "site:mirror.example"}).json()
    assert [s["id"] for s in only["sources"]] == ["mirror"]
    copy = reuse_client.get("/api/documents/mirror/reuse").json()
    assert copy["label"] == "wholly" and [s["id"] for s in copy["sources"]] == ["release"]


def test_api_reuse_list_and_pickup(reuse_client: TestClient) -> None:
    got = reuse_client.get("/api/reuse", params={"from": "site:pa.example"}).json()["reuse"]
    assert [r["id"] for r in got] == ["release", "mirror", "story", "own"]
    assert got[3]["label"] == "non" and got[3]["sources"] == []
    some = reuse_client.get("/api/reuse", params={"min_fraction": 0.9}).json()["reuse"]
    assert [r["id"] for r in some] == ["mirror"]
    pickup = reuse_client.get("/api/documents/release/pickup").json()
    assert pickup["id"] == "release" and [d["id"] for d in pickup["documents"]] == ["mirror", "story"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/documents/story/reuse?from=nowhere", 400, "malformed source filter"),
        ("/api/reuse?from=planet:mars", 400, "malformed source filter"),
        ("/api/documents/nope/reuse", 404, "no document 'nope'"),
        ("/api/documents/nope/pickup", 404, "no document 'nope'"),
        ("/api/reuse?min_fraction=2", 422, "min_fraction"),
    ],
)
def test_api_errors(reuse_client: TestClient, path: str, status: int, words: str) -> None:
    r = reuse_client.get(path)
    assert r.status_code == status and words in r.json()["message"]


def test_reuse_page_shades_and_links_passages(reuse_client: TestClient) -> None:
    html = reuse_client.get("/documents/story/reuse").text
    assert 'class="reused rewritten" href="/documents/release/pickup?doc=story#src-' in html
    assert 'class="reused verbatim"' in html and REWRITTEN[:40] in html
    bad = reuse_client.get("/documents/story/reuse?from=x", headers={"accept": "text/html"})
    assert bad.status_code == 400 and "malformed" in bad.text


def test_pickup_page_aligns_side_by_side(reuse_client: TestClient) -> None:
    r = reuse_client.get("/documents/release/pickup?doc=story")
    assert r.status_code == 200
    html = r.text
    assert 'id="pickup-table"' in html and "story" in html and "mirror" in html
    assert html.count('<mark class="reused') == 2 and html.count('<a class="reused') == 2
    assert 'id="no-pickup"' in reuse_client.get("/documents/own/pickup").text


def test_document_page_links_to_reuse(reuse_client: TestClient) -> None:
    html = reuse_client.get("/documents/story").text
    assert 'href="/documents/story/reuse"' in html and 'href="/documents/story/pickup"' in html
