"""The server-rendered pages: search, article view, speaker timeline, clusters, the paste box."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient
from webfixtures import EXAMPLE, XSS, FakeAnalyzer


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    return p


def get_html(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url, headers={"accept": "text/html"})
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_home_lists_most_quoted_speakers(client: TestClient) -> None:
    html = get_html(client, "/")
    assert 'href="/speakers/Lena%20Ortiz"' in html
    assert "<script>alert" not in html


def test_search_page_shows_hits_with_marks(client: TestClient) -> None:
    html = get_html(client, "/?q=leak")
    assert 'href="/documents/ortiz-defends-plan"' in html
    assert re.search(r"<mark>leak</mark>", html, re.I)
    html = get_html(client, "/?speaker=Reyes")
    assert 'href="/documents/harbor-city-water-summit"' in html
    assert 'href="/documents/ortiz-defends-plan"' not in html


def test_search_page_reports_a_malformed_query(client: TestClient) -> None:
    html = get_html(client, "/?q=%22unbalanced", status=400)
    assert "cannot parse the search query" in html


def test_document_page_highlights_roles_and_links_speakers(client: TestClient) -> None:
    html = get_html(client, "/documents/harbor-city-water-summit")
    page = parse(html)
    classes = [a.get("class") or "" for _, a in page.tags]
    assert sum("hl source" in c for c in classes) >= 4
    assert sum("hl cue" in c for c in classes) >= 4
    contents = [a for t, a in page.tags if t == "a" and "hl content" in (a.get("class") or "")]
    assert {a["href"] for a in contents} == {"/speakers/Lena%20Ortiz", "/speakers/Samuel%20Reyes"}
    # The side panel groups the statements under their speaker.
    assert re.search(
        r'class="speaker-link" href="/speakers/Lena%20Ortiz">Lena Ortiz</a> <span class="count">2', html
    )
    # The whole text is there, in order.
    text = "".join(page.text)
    assert "Reducing leaks is the cheapest water a city can buy" in text
    assert "Harbor City is a coastal city of 240,000 people" in text


def test_document_text_is_escaped(client: TestClient) -> None:
    html = get_html(client, "/documents/nasty")
    assert XSS not in html
    assert "<img src=x" not in html and "<b>this</b>" not in html
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html
    assert "&lt;i&gt;Tester&lt;/i&gt;" in html
    assert 'href="javascript:' not in html
    scripts = [a for t, a in parse(html).tags if t == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]


def test_escaping_everywhere_the_nasty_document_shows(client: TestClient) -> None:
    for url in (
        "/?q=inject",
        "/speakers",
        "/speakers/%3Ci%3ETester%3C%2Fi%3E",
        "/speakers/<script>x</script>",
    ):
        r = client.get(url, headers={"accept": "text/html"})
        assert r.status_code in (200, 404)
        assert "<script>alert" not in r.text and "<i>Tester" not in r.text and "<script>x" not in r.text
        assert [a for t, a in parse(r.text).tags if t == "script"] == [
            {"src": "/static/app.js", "defer": None}
        ]


def test_speaker_page_is_a_timeline(client: TestClient) -> None:
    html = get_html(client, "/speakers/Ortiz")
    dates = re.findall(r'<time datetime="([\d-]+)">', html)
    assert dates == ["2024-03-06", "2024-03-07", "2024-05-02"]
    assert "Every leak we fix is water we keep" in html
    assert 'href="/documents/ortiz-defends-plan#q' in html
    assert "5 statements in 3 documents" in html
    assert html.count('class="month"') == 3  # March, April (none), May 2024
    missing = get_html(client, "/speakers/Nobody", status=404)
    assert "No statements by Nobody" in missing


def test_clusters_and_side_by_side_differences(client: TestClient) -> None:
    html = get_html(client, "/clusters")
    cid = re.search(r'href="/clusters/(\d+)"', html)
    assert cid
    page = get_html(client, f"/clusters/{cid.group(1)}")
    assert "coastal-times-summit" in page and "original" in page
    dels = re.findall(r'<del class="diff-del">(.*?)</del>', page, re.S)
    ins = re.findall(r'<ins class="diff-ins">(.*?)</ins>', page, re.S)
    assert any("any" in i for i in ins)
    assert any("Coastal Times" in i for i in ins)
    assert any("About Harbor City" in d for d in dels)
    assert not any("Water does not stop" in d for d in dels), "straightened quotes are not a difference"
    get_html(client, "/clusters/12345", status=404)


def test_page_errors_are_pages_for_browsers_and_json_otherwise(client: TestClient) -> None:
    html = get_html(client, "/documents/nope", status=404)
    assert "no document &#39;nope&#39;" in html
    r = client.get("/documents/nope", headers={"accept": "application/json"})
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_paste_box(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analyzer=FakeAnalyzer())
    form = get_html(client, "/analyze")
    assert 'name="text"' in form and 'type="file"' in form
    text = EXAMPLE.read_text(encoding="utf-8")
    r = client.post("/analyze", data={"text": text, "published": "2024-03-06"})
    assert r.status_code == 200
    assert "Mayor Lena Ortiz opens 2024 Harbor City Water Summit</h1>" in r.text
    assert "not stored" in r.text
    assert 'class="hl content" href="/speakers/Ortiz"' in r.text


def test_paste_box_upload_and_errors(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analyzer=FakeAnalyzer())
    up = client.post("/analyze", files={"file": ("release.txt", EXAMPLE.read_bytes(), "text/plain")})
    assert up.status_code == 200 and "Harbor City Water Summit</h1>" in up.text
    bad = client.post(
        "/analyze", files={"file": ("latin.txt", "café".encode("latin-1") + b"\xff", "text/plain")}
    )
    assert bad.status_code == 422 and "latin.txt: is not UTF-8" in bad.text
    empty = client.post("/analyze", data={"text": "   "})
    assert empty.status_code == 422 and "empty" in empty.text
    nasty = client.post("/analyze", data={"text": f"Title\n\n{XSS} body"})
    assert nasty.status_code == 200 and XSS not in nasty.text and "&lt;script&gt;" in nasty.text


def test_static_files_are_local(client: TestClient) -> None:
    html = get_html(client, "/")
    refs = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert all(not r.startswith(("http:", "https:", "//")) for r in refs), refs
    for path in ("/static/style.css", "/static/app.js", "/static/favicon.svg"):
        assert client.get(path).status_code == 200
    css = client.get("/static/style.css").text
    assert "@import" not in css and "url(http" not in css


def test_api_reference_is_served_locally(client: TestClient) -> None:
    html = get_html(client, "/docs")
    refs = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert all(not r.startswith(("http:", "https:", "//")) for r in refs), refs
    paths = client.get("/openapi.json").json()["paths"]
    for path in paths:
        assert f'<span class="mono">{path}</span>' in html
    assert 'id="schema-Record"' in html and 'id="schema-ErrorBody"' in html


def test_document_links_to_its_copies(client: TestClient) -> None:
    original = get_html(client, "/documents/harbor-city-water-summit")
    assert re.search(r'class="badge copies" href="/clusters/\d+">original of 1 copy', original)
    copy = get_html(client, "/documents/coastal-times-summit")
    assert re.search(r"\?copy=coastal-times-summit\">copy of harbor-city-water-summit", copy)
    alone = get_html(client, "/documents/ortiz-defends-plan")
    assert "badge copies" not in alone


def test_speaker_page_names_the_canonical_speaker(client: TestClient) -> None:
    html = get_html(client, "/speakers/Ortiz")
    assert "<h1>Lena Ortiz</h1>" in html and "matching “Ortiz”" in html


def test_paste_box_can_store(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    client = make_client(db, analyzer=FakeAnalyzer())
    text = EXAMPLE.read_text(encoding="utf-8")
    form = {"text": text, "store": "1", "url": "https://harborcity.example/a"}
    r = client.post("/analyze", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/documents/posted"
    assert "Harbor City Water Summit</h1>" in get_html(client, "/documents/posted")
    again = client.post("/analyze", data=form, follow_redirects=False)
    assert again.headers["location"] == "/documents/posted"  # one address, stored once
    # A form posted from another site's page is refused.
    evil = client.post("/analyze", data=form, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and "evil.example" in evil.text
    same = client.post("/analyze", data=form, headers={"origin": "http://testserver"}, follow_redirects=False)
    assert same.status_code == 303


def test_paste_box_store_needs_the_token(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    client = make_client(tmp_path / "t.db", analyzer=FakeAnalyzer(), token="tok-123456")
    page = get_html(client, "/analyze")
    assert 'name="token"' in page
    form = {"text": EXAMPLE.read_text(encoding="utf-8"), "store": "1"}
    missing = client.post("/analyze", data=form)
    assert missing.status_code == 401 and "Token field" in missing.text
    wrong = client.post("/analyze", data={**form, "token": "nope"})
    assert wrong.status_code == 401 and "token is wrong" in wrong.text
    ok = client.post("/analyze", data={**form, "token": "tok-123456"}, follow_redirects=False)
    assert ok.status_code == 303
    # Analyzing without storing needs the token too when the server has one (issue 16).
    assert client.post("/analyze", data={"text": form["text"]}).status_code == 401
    assert client.post("/analyze", data={"text": form["text"], "token": "tok-123456"}).status_code == 200


def test_pages_carry_a_content_security_policy(client: TestClient) -> None:
    for url in ("/", "/documents/nasty", "/analyze", "/docs"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    missing = client.get("/documents/nope", headers={"accept": "text/html"})
    assert "script-src 'self'" in missing.headers["content-security-policy"]


def test_speaker_page_shows_speech_by_default_and_filters_by_type(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    import dataclasses

    from webfixtures import build_record

    from dateline.corpus import Store

    text = (
        "Budget talks stall\n\nMayor Lena Ortiz said the budget was fair. Ortiz believes taxes will fall.\n"
    )
    record = build_record(
        text,
        "budget",
        [
            ("Mayor Lena Ortiz", "said", "the budget was fair", "Lena Ortiz"),
            ("Ortiz", "believes", "taxes will fall", "Lena Ortiz"),
        ],
        people={"Lena Ortiz": ["Lena Ortiz", "Ortiz"]},
        published="2024-03-06",
    )
    said, believes = record.attributions
    record = dataclasses.replace(
        record,
        attributions=(
            dataclasses.replace(said, type="speech"),
            dataclasses.replace(believes, type="thought"),
        ),
    )
    db = tmp_path / "typed.db"
    with Store(db) as store:
        store.add(record, source="tests", published="2024-03-06")
    client = make_client(db)
    html = get_html(client, "/speakers/Ortiz")
    assert "the budget was fair" in html and "taxes will fall" not in html
    assert re.search(r'aria-current="page" class="selected">speech <span class="muted">1</span>', html)
    assert 'href="?type=thought"' in html and 'href="?type=all"' in html
    thought = get_html(client, "/speakers/Ortiz?type=thought")
    assert "taxes will fall" in thought and "the budget was fair" not in thought
    both = get_html(client, "/speakers/Ortiz?type=all")
    assert "taxes will fall" in both and "the budget was fair" in both
    none = get_html(client, "/speakers/Ortiz?type=evidence")
    assert "No statements of this type" in none
    api = client.get("/api/speakers/Ortiz/quotes", params={"type": "thought"}).json()["quotes"]
    assert [(q["content"], q["type"]) for q in api] == [("taxes will fall", "thought")]
    assert client.get("/api/speakers/Ortiz/quotes", params={"type": "gossip"}).status_code == 422
