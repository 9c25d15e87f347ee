"""Statements in real headless Chromium against a real ``dateline serve`` (the server, browser
and corpus of ``test_web_browser.py``: the example release and a copy in which "by 18 percent"
became "by nearly 18 percent"). From a quote on the document page to the statement's timeline,
the list of statements, and the link on the speaker page; each page is saved to
``docs/screenshots/``.
"""

from __future__ import annotations

import pytest
from test_web_browser import CHROMIUM, browser, page, server, shot  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")


def test_from_a_quote_to_its_statement_timeline(server: str, page: object) -> None:  # noqa: F811
    expect = sync_api.expect
    page.goto(f"{server}/documents/coastal-times-summit")  # type: ignore[attr-defined]
    panel = page.locator("section.provenance")  # type: ignore[attr-defined]
    expect(panel).to_contain_text("Where this came from")
    expect(panel).to_contain_text("PR Newswire")
    expect(panel.locator(".shared-statement.kind-altered")).to_have_count(1)
    shot(page, "document-provenance")
    link = page.locator("a.ran-link", has_text="altered")  # type: ignore[attr-defined]
    expect(link).to_have_count(1)
    expect(link).to_have_text("ran in 2 documents, 1 altered · first in harbor-city-water-summit")
    link.click()
    page.wait_for_url("**/statements/*")  # type: ignore[attr-defined]
    expect(page.locator("blockquote.canonical")).to_contain_text("by 18 percent")  # type: ignore[attr-defined]
    first = page.locator(".occurrence.first")  # type: ignore[attr-defined]
    expect(first).to_have_count(1)
    expect(first.locator(".doc-link")).to_have_text("harbor-city-water-summit")
    altered = page.locator(".occurrence.kind-altered")  # type: ignore[attr-defined]
    expect(altered).to_have_count(1)
    expect(altered.locator("blockquote ins.diff-ins")).to_have_text("nearly ")
    expect(altered.locator(".changes")).to_contain_text("added nearly")
    # the altered version is drawn apart from the others
    colours = [
        loc.evaluate("e => getComputedStyle(e).borderLeftColor") for loc in (first.first, altered.first)
    ]
    assert colours[0] != colours[1], colours
    shot(page, "statement")


def test_statement_list_and_the_speaker_page_link(server: str, page: object) -> None:  # noqa: F811
    expect = sync_api.expect
    page.goto(f"{server}/statements")  # type: ignore[attr-defined]
    rows = page.locator(".statements-table tbody tr")  # type: ignore[attr-defined]
    assert rows.count() >= 2
    expect(page.locator(".statements-table tr.has-altered")).to_have_count(1)  # type: ignore[attr-defined]
    shot(page, "statements")
    page.check("input[name=altered]")  # type: ignore[attr-defined]
    page.click("form.filters button")  # type: ignore[attr-defined]
    page.wait_for_url("**/statements?*altered=true")  # type: ignore[attr-defined]
    expect(rows).to_have_count(1)
    page.goto(f"{server}/speakers/Lena%20Ortiz")  # type: ignore[attr-defined]
    # the statement's two quote cards (the original and the altered copy) both link to it
    link = page.locator(".quote-card a.ran-link", has_text="1 altered")  # type: ignore[attr-defined]
    expect(link).to_have_count(2)
    link.first.click()
    page.wait_for_url("**/statements/*")  # type: ignore[attr-defined]
    expect(page.locator(".occurrence.kind-altered")).to_have_count(1)  # type: ignore[attr-defined]
