"""Text reuse over HTTP: the API and the two pages (TestClient; the browser test is
``test_web_reuse_browser.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from reusefixtures import RELEASE, REWRITTEN, fill_quoted, fill_reuse

from dateline.web.app import create_app

#: Elements without an end tag.
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"])


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parents: tuple[Element, ...]
    text: str = ""
    classes: set[str] = field(default_factory=set)


class Page(HTMLParser):
    """A page's elements, each with the elements open around it and all the text inside it; an end
    tag that does not close the innermost open element is an error (a browser would repair it)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[Element] = []
        self.elements: list[Element] = []
        self.errors: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        el = Element(tag, found, tuple(self.open), classes=set((found.get("class") or "").split()))
        self.elements.append(el)
        if tag not in VOID:
            self.open.append(el)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1].tag != tag:
            self.errors.append(f"</{tag}> inside <{self.open[-1].tag if self.open else ''}>")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for el in self.open:
            el.text += data

    def by_id(self, id_: str) -> Element:
        found = [e for e in self.elements if e.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]

    def inside(self, id_: str) -> list[Element]:
        outer = self.by_id(id_)
        return [e for e in self.elements if outer in e.parents]


def well_formed(client: TestClient, url: str) -> Page:
    r = client.get(url, headers={"accept": "text/html"})
    assert r.status_code == 200, r.text[:300]
    page = Page(r.text)
    assert not page.errors and not page.open, (page.errors, [e.tag for e in page.open])
    return page


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


def shaded(page: Page) -> list[Element]:
    return [e for e in page.inside("doc-text") if "reused" in e.classes]


def test_document_page_shades_reused_passages_linked_to_their_source(reuse_client: TestClient) -> None:
    text = reuse_client.get("/api/documents/story").json()["text"]
    release_text = reuse_client.get("/api/documents/release").json()["text"]
    found = reuse_client.get("/api/documents/story/reuse").json()
    release = found["sources"][0]  # the mirror's passages are the same stretches: the release's are drawn
    assert release["id"] == "release" and len(release["passages"]) == 2
    page = well_formed(reuse_client, "/documents/story")
    assert page.by_id("doc-text").text == text
    got = shaded(page)
    passages = sorted(release["passages"], key=lambda p: p["start"])
    assert [(e.tag, e.classes, e.text) for e in got] == [
        ("a", {"reused", p["kind"]}, text[p["start"] : p["end"]]) for p in passages
    ]
    assert got[0].text == REWRITTEN and {p["kind"] for p in passages} == {"rewritten", "verbatim"}
    share = f"{release['reused_fraction'] * 100:.0f}%"
    for e, p in zip(got, passages, strict=True):
        href = e.attrs["href"] or ""
        assert href == f"/documents/release/pickup?doc=story#src-{p['source_start']}"
        assert f"{p['kind']}, from release ({share} " in (e.attrs["title"] or "")
        path, anchor = href.split("#")
        target = well_formed(reuse_client, path).by_id(anchor)  # the link lands on the source passage
        assert target.text == release_text[p["source_start"] : p["source_end"]]
    legend = page.by_id("reuse-legend")
    assert {"verbatim", "rewritten"} <= {e.text for e in page.inside("reuse-legend")}
    assert f"{found['reused_fraction'] * 100:.0f}% reused from 2 earlier documents" in legend.text


@pytest.mark.parametrize("doc_id", ["own", "release"])
def test_document_page_without_reuse_shades_nothing(reuse_client: TestClient, doc_id: str) -> None:
    assert reuse_client.get(f"/api/documents/{doc_id}/reuse").json()["sources"] == []
    page = well_formed(reuse_client, f"/documents/{doc_id}")
    assert shaded(page) == [] and not [e for e in page.elements if e.attrs.get("id") == "reuse-legend"]
    assert page.by_id("doc-text").text == reuse_client.get(f"/api/documents/{doc_id}").json()["text"]


@pytest.fixture(scope="module")
def quoted_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("quoted") / "quoted.db"
    fill_quoted(db)
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield client


def test_reused_passage_across_statement_spans_stays_well_formed(quoted_client: TestClient) -> None:
    record: dict[str, Any] = quoted_client.get("/api/documents/quoted").json()
    text = record["text"]
    [source] = quoted_client.get("/api/documents/quoted/reuse").json()["sources"]
    [p] = source["passages"]
    assert text[p["start"] : p["end"]] == RELEASE[1]
    spans = [
        (part["start"], part["end"])
        for a in record["attributions"]
        for part in [a["content"], a["source"], a["cue"]]
        if part is not None
    ]
    # what the test is about: statement spans crossing the passage's start and its end
    assert any(s < p["start"] < e for s, e in spans) and any(s < p["end"] < e for s, e in spans)
    page = well_formed(quoted_client, "/documents/quoted")
    assert page.by_id("doc-text").text == text
    [link] = shaded(page)
    assert link.text == RELEASE[1]
    assert link.attrs["href"] == f"/documents/release/pickup?doc=quoted#src-{p['source_start']}"
    inner = [e for e in page.elements if link in e.parents]
    assert {e.tag for e in inner} == {"span"}  # a link holds no link: the quote inside is a span
    assert {c for e in inner for c in e.classes} == {"hl", "source", "cue", "content"}
    # outside the passage a quote still links to its speaker; every statement keeps its anchor
    assert any(e.attrs.get("href") == "/speakers/Ana%20Ruiz" for e in page.inside("doc-text"))
    for a in record["attributions"]:
        assert page.by_id(f"q{a['content']['start']}").attrs["data-a"] is not None
