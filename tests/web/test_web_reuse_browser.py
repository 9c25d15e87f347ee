"""Text reuse in real headless Chromium (Playwright) against a real ``dateline serve``: open a
story's reuse page, see its reused passages shaded, follow one to its source passage in the
pickup view, switch the compared document. Pages saved to ``docs/screenshots/``. The store is
built with the wire parser only, so no model loads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reusefixtures import RELEASE, REWRITTEN, fill_reuse
from webfixtures import serving

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("reuse-browser") / "reuse.db"
    fill_reuse(db)
    with serving(db, "/api/reuse") as base:
        yield base


@pytest.fixture
def page() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        problems: list[str] = []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        yield pg
        browser.close()
        assert not problems, f"errors in the browser console (script errors, CSP violations): {problems}"


def test_reused_passages_are_shaded_and_lead_to_their_source(server: str, page: object) -> None:
    expect = sync_api.expect
    pg: object = page
    pg.goto(f"{server}/documents/story")  # type: ignore[attr-defined]
    pg.click("text=reuse")  # type: ignore[attr-defined]
    pg.wait_for_selector("#reuse-text")  # type: ignore[attr-defined]
    expect(pg.locator("#reuse-label")).to_have_text("partially")  # type: ignore[attr-defined]
    shaded = pg.locator("#reuse-text a.reused")  # type: ignore[attr-defined]
    expect(shaded).to_have_count(2)
    expect(shaded.first).to_have_text(REWRITTEN)
    colours = {
        kind: pg.locator(f"#reuse-text a.reused.{kind}").first.evaluate(  # type: ignore[attr-defined]
            "e => getComputedStyle(e).backgroundColor"
        )
        for kind in ("verbatim", "rewritten")
    }
    assert len(set(colours.values())) == 2 and "rgba(0, 0, 0, 0)" not in colours.values(), colours
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "reuse.png"), full_page=True)  # type: ignore[attr-defined]
    # the rewritten passage leads to the release's pickup view, at the source sentence
    shaded.first.click()
    pg.wait_for_selector("#pickup-source")  # type: ignore[attr-defined]
    assert pg.url.startswith(f"{server}/documents/release/pickup?doc=story#src-")  # type: ignore[attr-defined]
    anchor = pg.url.split("#", 1)[1]  # type: ignore[attr-defined]
    expect(pg.locator(f"#{anchor}")).to_have_text(RELEASE[0])  # type: ignore[attr-defined]
    expect(pg.locator("#pickup-table tbody tr")).to_have_count(2)  # type: ignore[attr-defined]
    expect(pg.locator("#pickup-copy a.reused")).to_have_count(2)  # type: ignore[attr-defined]
    pg.screenshot(path=str(SHOTS / "pickup.png"), full_page=True)  # type: ignore[attr-defined]
    # compare the copy instead: the whole release is shaded on both sides
    pg.locator("#pickup-table tr", has_text="mirror").locator("text=compare").click()  # type: ignore[attr-defined]
    pg.wait_for_url(f"{server}/documents/release/pickup?doc=mirror")  # type: ignore[attr-defined]
    expect(pg.locator("#pickup-copy a.reused.verbatim")).to_have_count(1)  # type: ignore[attr-defined]


def test_document_page_shades_reuse_and_a_click_leads_to_the_source(server: str, page: object) -> None:
    expect = sync_api.expect
    pg: object = page
    pg.goto(f"{server}/documents/story")  # type: ignore[attr-defined]
    expect(pg.locator("#reuse-legend")).to_be_visible()  # type: ignore[attr-defined]
    shaded = pg.locator("#doc-text a.reused")  # type: ignore[attr-defined]
    expect(shaded).to_have_count(2)
    verbatim = pg.locator("#doc-text a.reused.verbatim")  # type: ignore[attr-defined]
    expect(verbatim).to_have_text(RELEASE[1])
    expect(verbatim).to_be_visible()
    colours = [shaded.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(2)]
    assert len(set(colours)) == 2 and "rgba(0, 0, 0, 0)" not in colours, colours
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "document-reuse.png"), full_page=True)  # type: ignore[attr-defined]
    verbatim.click()
    pg.wait_for_selector("#pickup-source")  # type: ignore[attr-defined]
    assert pg.url.startswith(f"{server}/documents/release/pickup?doc=story#src-")  # type: ignore[attr-defined]
    target = pg.locator(f"#{pg.url.split('#', 1)[1]}")  # type: ignore[attr-defined]
    expect(target).to_have_text(RELEASE[1])
    expect(target).to_be_in_viewport()
