"""A small store for the text-reuse pages and API: a release on a wire site, a later story that
reuses two of its sentences (one rewritten), the same release at a second URL, an unrelated
story. Built with the wire parser only (no model). A unique module name, like ``webfixtures``.

A second store (:func:`fill_quoted`) holds the release and a later story that reuses one of its
sentences and has statements whose spans cross the reused passage's bounds (written by hand, as
the wire parser finds none)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dateline.corpus import Store
from dateline.corpus.ingest import quick_record
from dateline.readers import Input
from dateline.records import Attribution, Content, Record, Source, Span

RELEASE = [
    "Acme Robotics today announced that its warehouse robot Stacker will ship to customers in "
    "Germany, France and Spain from the first quarter of next year.",
    "The company said the robot can lift boxes of up to forty kilograms and work through three "
    "shifts without a pause for recharging its lithium batteries.",
    "Acme Robotics was founded in Boston in 2011 and employs nine hundred engineers across four "
    "research centres in the United States and Europe.",
]
REWRITTEN = (
    "From the first quarter of next year, the Stacker warehouse robot made by Acme Robotics will be "
    "shipped to clients in Spain, France and Germany, the firm announced."
)
OWN = [
    "Shares of logistics firms rose sharply on Tuesday as investors weighed fresh data on consumer "
    "spending across the eurozone and the United Kingdom.",
    "Analysts at several banks cautioned that the holiday season could still disappoint retailers "
    "who had stocked their shelves early this autumn.",
]

MARKETS = (
    "Oil prices slipped in early Asian trade after a report showed crude inventories building for a "
    "third straight week at the main storage hub."
)


def release() -> str:
    body = "\n\n".join(RELEASE)
    return f"Acme Robotics to ship Stacker robot in Europe\n\nBOSTON, Jan. 1, 2024 /PRNewswire/ -- {body}\n"


def story() -> str:
    return "\n\n".join(["Robots for Europe's parcels", OWN[0], REWRITTEN, RELEASE[1], OWN[1]]) + "\n"


DOCS = [
    ("release", release(), "https://pa.example/acme", "2024-01-01"),
    ("mirror", release(), "https://mirror.example/acme", "2024-01-01"),
    ("story", story(), "https://paper.example/robots", "2024-01-02"),
    ("own", "Markets\n\n" + MARKETS + "\n", "https://paper.example/markets", "2024-01-03"),
]


def fill_reuse(db: Path) -> None:
    with Store(db) as store:
        for doc_id, text, url, published in DOCS:
            store.add(quick_record(Input(url, text, id=doc_id)), source="test", url=url, published=published)


def quoted() -> Record:
    """The story of the second store: RELEASE[1] as a paragraph of its own between two of OWN,
    with three statements: one inside the reused sentence (its speaker linkable), one whose content
    starts in the paragraph before and ends inside the sentence, one whose cue starts inside the
    sentence and ends in the paragraph after."""
    text = "\n\n".join(["Robot maker speaks", OWN[0], RELEASE[1], OWN[1]]) + "\n"
    record = quick_record(Input("https://paper.example/quoted", text, id="quoted"))
    text = record.text
    at, end = text.index(RELEASE[1]), text.index(RELEASE[1]) + len(RELEASE[1])

    def span(start: int, stop: int) -> Span:
        return Span(start, stop, text[start:stop])

    def content(start: int, stop: int) -> Content:
        return Content(start, stop, text[start:stop], (span(start, stop),))

    inside = Attribution(
        content(at + len("The company said "), end),
        Source(at, at + len("The company"), "The company", "Acme Robotics"),
        span(at + len("The company "), at + len("The company said")),
    )
    shares = text.index(OWN[0])
    before = Attribution(
        content(text.index("consumer spending"), at + len("The company said the robot")),
        Source(shares, shares + len("Shares"), "Shares", "Ana Ruiz"),
    )
    analysts = text.index(OWN[1])
    after = Attribution(
        content(analysts + len("Analysts at several banks cautioned "), analysts + len(OWN[1])),
        Source(analysts, analysts + len("Analysts"), "Analysts", "Bo Lind"),
        span(end - len("batteries."), analysts + len("Analysts at")),
    )
    return dataclasses.replace(record, attributions=(inside, before, after))


def fill_quoted(db: Path) -> None:
    with Store(db) as store:
        doc_id, text, url, published = DOCS[0]
        store.add(quick_record(Input(url, text, id=doc_id)), source="test", url=url, published=published)
        store.add(quoted(), source="test", url="https://paper.example/quoted", published="2024-01-04")
