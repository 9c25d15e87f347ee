"""A small store for the text-reuse pages and API: a release on a wire site, a later story that
reuses two of its sentences (one rewritten), the same release at a second URL, an unrelated
story. Built with the wire parser only (no model). A unique module name, like ``webfixtures``."""

from __future__ import annotations

from pathlib import Path

from dateline.corpus import Store
from dateline.corpus.ingest import quick_record
from dateline.readers import Input

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
