"""End to end in real headless Chromium (Debian's ``chromium``, driven by Playwright) against a
real ``dateline serve`` started on a free loopback port: paste the example release, see its
quotes highlighted and grouped under the speaker, follow the speaker link, search and open a
result, compare copies. Each page is saved to ``docs/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from webfixtures import COPY_HEADER, EXAMPLE, NASTY, XSS, serving

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
SHOTS = ROOT / "docs" / "screenshots"
WIRE = SHARED / "data" / "wire" / "press-releases-2024" / "text"
#: A few real releases so that search has something besides the example.
WIRE_FILES = (
    "247PressRelease-20240319-dr-amy-boutwell-receives-rise-s-2024-prestigious-quality-award.md",
    "247PressRelease-20240316-invasion-on-the-farm-a-unique-children-s-tale-of-adventure-and-perspective.md",
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")


def _build_corpus(db: Path) -> None:
    from dateline.analysis import Analyzer
    from dateline.corpus import Store
    from dateline.records import Metadata

    analyzer = Analyzer()
    example = EXAMPLE.read_text(encoding="utf-8")
    copy = COPY_HEADER + example.split("About Harbor City")[0].replace("18 percent", "nearly 18 percent")
    docs = [
        (example, "harbor-city-water-summit", "https://harborcity.example/news/summit", "2024-03-06"),
        (copy, "coastal-times-summit", "https://coastaltimes.example/summit", "2024-03-07"),
    ]
    docs.append((NASTY, "nasty", "https://nasty.example/x", "2024-04-01"))
    for name in WIRE_FILES:
        path = WIRE / name
        if path.exists():
            docs.append((path.read_text(encoding="utf-8"), path.stem[:40], None, name.split("-")[1][:8]))
    with Store(db) as store:
        for text, doc_id, url, published in docs:
            if published and len(published) == 8:
                published = f"{published[:4]}-{published[4:6]}-{published[6:]}"
            record = analyzer.analyze_text(
                text,
                id=doc_id,
                format="markdown" if not url else "text",
                metadata=Metadata(url=url, date=published),
            )
            store.add(record, source="examples", url=url, published=published)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    _build_corpus(db)
    with serving(db, "/api/speakers") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith("http://127.0.0.1") else None)
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    yield pg
    context.close()
    assert not external, f"the pages fetched something outside the server: {external}"
    assert not problems, f"errors in the browser console (script errors, CSP violations): {problems}"


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_paste_highlight_and_follow_the_speaker(server: str, page: object) -> None:
    expect = sync_api.expect
    page.goto(f"{server}/analyze")  # type: ignore[attr-defined]
    page.fill("#paste-text", EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    shot(page, "analyze")
    page.click("#analyze-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#doc-text")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("Mayor Lena Ortiz opens 2024 Harbor City Water Summit")  # type: ignore[attr-defined]
    # Quotes are highlighted, sources and cues in their own colours.
    contents = page.locator("#doc-text .hl.content")  # type: ignore[attr-defined]
    assert contents.count() >= 3
    assert page.locator("#doc-text .hl.source").count() >= 3  # type: ignore[attr-defined]
    assert page.locator("#doc-text .hl.cue").count() >= 3  # type: ignore[attr-defined]
    colours = {
        role: page.locator(f"#doc-text .hl.{role}").first.evaluate("e => getComputedStyle(e).backgroundColor")  # type: ignore[attr-defined]
        for role in ("source", "cue", "content")
    }
    assert len(set(colours.values())) == 3, colours
    expect(contents.filter(has_text="Water does not stop at a city line")).to_have_count(1)
    # ... and grouped under the speaker in the side panel.
    group = page.locator(".speaker-group", has=page.locator("a.speaker-link", has_text="Lena Ortiz"))  # type: ignore[attr-defined]
    expect(group).to_have_count(1)
    assert group.locator(".statement").count() >= 2
    expect(group.locator(".statement", has_text="Water does not stop at a city line")).to_have_count(1)
    # Hovering a quote lights up its entry in the panel (the page's script runs).
    contents.filter(has_text="Water does not stop").first.hover()
    expect(page.locator(".statement.active")).to_have_count(1)  # type: ignore[attr-defined]
    shot(page, "analysis")
    # Follow the speaker link to their timeline.
    group.locator("a.speaker-link").click()
    page.wait_for_url("**/speakers/Lena%20Ortiz")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("Lena Ortiz")  # type: ignore[attr-defined]
    cards = page.locator(".quote-card")  # type: ignore[attr-defined]
    assert cards.count() >= 2
    assert page.locator(".tl-day time").count() >= 2  # type: ignore[attr-defined]
    shot(page, "speaker")


def test_search_and_open_a_result(server: str, page: object) -> None:
    expect = sync_api.expect
    page.goto(server)  # type: ignore[attr-defined]
    shot(page, "home")
    page.fill("input[name=q]", "water summit")  # type: ignore[attr-defined]
    page.press("input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector(".hit")  # type: ignore[attr-defined]
    expect(page.locator(".hit mark").first).to_be_visible()  # type: ignore[attr-defined]
    shot(page, "search")
    page.locator(".hit-title").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/documents/**")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_contain_text("Harbor City Water Summit")  # type: ignore[attr-defined]
    assert page.locator("#doc-text .hl.content").count() >= 3  # type: ignore[attr-defined]
    shot(page, "document")
    # Each quote links to its speaker's page.
    link = page.locator("#doc-text a.hl.content").first  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    assert href and href.startswith("/speakers/")


def test_filters_and_the_copies(server: str, page: object) -> None:
    expect = sync_api.expect
    page.goto(f"{server}/?speaker=Ortiz")  # type: ignore[attr-defined]
    expect(page.locator(".hit")).to_have_count(2)  # type: ignore[attr-defined]
    page.goto(f"{server}/clusters")  # type: ignore[attr-defined]
    shot(page, "clusters")
    page.locator("table a[href^='/clusters/']").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector(".compare")  # type: ignore[attr-defined]
    assert page.locator("ins.diff-ins").count() >= 1  # type: ignore[attr-defined]
    expect(page.locator("ins.diff-ins", has_text="nearly")).to_have_count(1)  # type: ignore[attr-defined]
    shot(page, "cluster")
    page.goto(f"{server}/speakers")  # type: ignore[attr-defined]
    expect(page.locator("table a", has_text="Lena Ortiz")).to_have_count(1)  # type: ignore[attr-defined]
    shot(page, "speakers")


def test_unknown_page_is_a_friendly_error(server: str, page: object) -> None:
    response = page.goto(f"{server}/documents/does-not-exist")  # type: ignore[attr-defined]
    assert response.status == 404
    sync_api.expect(page.locator(".error-message")).to_contain_text("does-not-exist")  # type: ignore[attr-defined]


def test_markup_in_a_document_never_runs(server: str, page: object) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.goto(f"{server}/documents/nasty")  # type: ignore[attr-defined]
    sync_api.expect(page.locator("#doc-text")).to_contain_text(XSS)  # type: ignore[attr-defined]
    sync_api.expect(page.locator("h1")).to_contain_text(XSS)  # type: ignore[attr-defined]
    assert page.locator("#doc-text img, #doc-text script, #doc-text b").count() == 0  # type: ignore[attr-defined]
    page.goto(f"{server}/?q=inject")  # type: ignore[attr-defined]
    page.goto(f"{server}/analyze")  # type: ignore[attr-defined]
    page.fill("#paste-text", NASTY)  # type: ignore[attr-defined]
    page.click("#analyze-button")  # type: ignore[attr-defined]
    sync_api.expect(page.locator("#doc-text")).to_contain_text(XSS)  # type: ignore[attr-defined]
    assert dialogs == []


def test_real_server_limits_bodies_and_hosts(server: str) -> None:
    """Through uvicorn itself: a declared and a streamed (chunked) body over 10 MB, a foreign Host."""
    big = 10 * 1024 * 1024 + 1
    declared = httpx.post(
        f"{server}/api/analyze", content=b"x" * big, headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413 and declared.json()["error"] == "too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(11):
            yield b"y" * (1024 * 1024)
        yield b'"}'

    streamed = httpx.post(
        f"{server}/api/analyze", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413 and "10,485,760" in streamed.json()["message"]
    foreign = httpx.get(f"{server}/api/speakers", headers={"host": "attacker.example"})
    assert foreign.status_code == 400 and foreign.json()["error"] == "bad_host"
    assert httpx.get(f"{server}/api/speakers", headers={"host": "localhost"}).status_code == 200


def test_zz_paste_and_store_then_find_it(server: str, page: object) -> None:
    """Runs last in this module: it adds a document to the shared server's corpus."""
    expect = sync_api.expect
    text = EXAMPLE.read_text(encoding="utf-8").replace("Harbor City Water Summit", "Bay Town Water Forum")
    page.goto(f"{server}/analyze")  # type: ignore[attr-defined]
    page.fill("#paste-text", text)  # type: ignore[attr-defined]
    page.check("#paste-store")  # type: ignore[attr-defined]
    page.fill("input[name=url]", "https://baytown.example/forum")  # type: ignore[attr-defined]
    page.click("#analyze-button")  # type: ignore[attr-defined]
    page.wait_for_url("**/documents/forum")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_contain_text("Bay Town Water Forum")  # type: ignore[attr-defined]
    page.goto(f"{server}/?q=%22bay+town%22")  # type: ignore[attr-defined]
    expect(page.locator(".hit-title")).to_have_count(1)  # type: ignore[attr-defined]
