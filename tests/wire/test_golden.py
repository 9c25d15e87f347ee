"""Golden records of real documents: headline, credit, dateline and paragraph roles.

Each expectation below was read against the document by a person (the wire parser's author,
2026-11-30): the headline and dateline as printed, the dateline fields, and the role of every
paragraph (``kinds`` is the sequence of paragraph kinds, runs written ``kind*N``). Documents
were chosen to cover every distributor folder in ``../shared/data/wire`` and the dateline
shapes of the PolNeAR texts (UPI, AP, a newspaper's own ``NEWPORT NEWS, Va. -``, none at all).

Known imperfections kept in the expectations rather than hidden: the Kailua-Kona release
repeats a second, informal dateline inside its first body paragraph; News Direct's ETF
release has two disclosure lines between its two contact blocks that read as body.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from dateline.wire import parse

from .conftest import shared_path


@dataclass(frozen=True)
class Golden:
    path: str
    date: str | None
    headline: str | None
    credit: str | None
    dateline: tuple[str, str | None, str | None, str | None, str | None] | None
    kinds: str
    body_start: str
    warnings: tuple[str, ...]


def _runs(kinds: list[str]) -> str:
    out = []
    for kind, group in itertools.groupby(kinds):
        n = len(list(group))
        out.append(kind if n == 1 else f"{kind}*{n}")
    return " ".join(out)


GOLDEN = [
    Golden(
        "data/wire/reuters-21578-train/text/reuters-57.txt",
        date="1987",
        headline="CCC CREDITS FOR HONDURAS SWITCHED TO WHITE CORN",
        credit=None,
        dateline=("WASHINGTON, Feb 26 -", "WASHINGTON", None, "1987-02-26", None),
        kinds="headline dateline body*3 trailer",
        body_start="The Commodity Credit Corporation (CCC) announced 1",
        warnings=(),
    ),
    Golden(
        "data/wire/reuters-21578-train/text/reuters-493.txt",
        date="1987",
        headline="MCI <MCIC> GETS PENNEY <JCP> CONTRACT",
        credit=None,
        dateline=("RYE BROOK, N.Y., MArch 2 -", "RYE BROOK", "N.Y.", "1987-03-02", None),
        kinds="headline dateline body*3 trailer",
        body_start="MCI Communications Corp said it has received a con",
        warnings=(),
    ),
    Golden(
        "data/wire/reuters-21578-train/text/reuters-2907.txt",
        date="1987",
        headline="MONO GOLD SAYS PARTNERSHIP AGREES TO BUY SHARES",
        credit=None,
        dateline=(
            "VANCOUVER, British Columbia, March 6 -",
            "VANCOUVER",
            "British Columbia",
            "1987-03-06",
            None,
        ),
        kinds="headline dateline body*3 trailer",
        body_start="<Mono Gold Mines Inc> said <NIM and Co Ltd> Partne",
        warnings=(),
    ),
    Golden(
        "data/wire/reuters-21578-train/text/reuters-14614.txt",
        date="1987",
        headline="GULF EDIBLE OIL PRICES - April 7",
        credit=None,
        dateline=None,
        kinds="headline body*4 trailer",
        body_start="Fob Gulf edible oils - quoted in cents per lb vers",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/247PressRelease-20241225-luvme-hair-s-2024-year-end-sale-premium-wigs-starting-at-79-9-with-mystery-gifts.md",
        date=None,
        headline="Luvme Hair's 2024 Year-End Sale: Premium Wigs Starting at $79.9 with Mystery Gifts!",
        credit=None,
        dateline=(
            "NEW YORK, NY, December 25, 2024 /24-7PressRelease/ --",
            "NEW YORK",
            "NY",
            "2024-12-25",
            "24-7 Press Release",
        ),
        kinds="headline dateline body trailer*5",
        body_start="Luvme Hair celebrates its customers with an exclus",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/newmediawire-20241014-focus-universal-inc-announces-participation-at-the-spartan-capital-investor-conference.md",
        date=None,
        headline="Focus Universal Inc. Announces Participation at The Spartan Capital Investor Conference",
        credit=None,
        dateline=(
            "ONTARIO, Calif.\xa0- (NewMediaWire) - October 14, 2024 -",
            "ONTARIO",
            "Calif.",
            "2024-10-14",
            "NewMediaWire",
        ),
        kinds="headline dateline body*5 about*2 disclaimer*2 contact*7 about*4 contact*9 trailer*5",
        body_start='Focus Universal Inc. (NASDAQ: FCUV) ("Focus" or th',
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/newmediawire-20240903-nfl-play-60-and-the-nation-of-lifesavers-programs-kickoff-for-2024-season.md",
        date=None,
        headline="NFL PLAY 60 and the Nation of Lifesavers programs kickoff for 2024 season",
        credit=None,
        dateline=(
            "(NewMediaWire) - September 03, 2024 - DALLAS —",
            "DALLAS",
            None,
            "2024-09-03",
            "NewMediaWire",
        ),
        kinds="headline dateline body*9 about*6 contact*6 trailer*9",
        body_start="Today at Three Trails Elementary School in Indepen",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/newsworthy-20241022-urgent-mismatch-between-retention-priorities-and-practices-in-organizations-new-study-by-hr-research.md",
        date=None,
        headline=(
            "Urgent Mismatch Between Retention Priorities and Practices in "
            "Organizations - New Study by HR Research Institute"
        ),
        credit=None,
        dateline=(
            "Jacksons Point, Ontario, Canada (Newsworthy.ai) Tuesday "
            "Oct 22, 2024 @ 8:00 AM America/Toronto —",
            "Jacksons Point",
            "Ontario, Canada",
            "2024-10-22",
            "Newsworthy.ai",
        ),
        kinds="headline dateline body*10 about*3 contact*2 trailer*5",
        body_start="The HR Research Institute’s new study reveals a cr",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/newsdirect-20240502-harnessing-power-the-influence-of-energy-sector-etf-xle-in-today-s-market.md",
        date=None,
        headline="Harnessing Power: The Influence of Energy Sector ETF XLE in Today's Market",
        credit=None,
        dateline=("--News Direct--", None, None, None, "News Direct"),
        kinds=(
            "headline dateline body*17 disclaimer about*4 disclaimer*7 contact*7 body*2 contact*4 trailer*6"
        ),
        body_start="The Energy Select Sector SPDR Fund (XLE), an excha",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/pressservices-20241221-care-for-veterans-their-families-in-hawaii.md",
        date=None,
        headline="Care for Veterans & Their Families in Hawaii",
        credit=None,
        dateline=(
            "Kailua-Kona, United States - December 21, 2024 / Hawaii Island Recovery /",
            "Kailua-Kona",
            "United States",
            "2024-12-21",
            None,
        ),
        kinds="headline*2 dateline body*7 contact*5 trailer*5",
        body_start="Kailua-Kona, HI - Hawaii Island Recovery is proud ",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/prkarma-20240808-optek-films-launch-takes-automotive-industry-by-storm-with-disruptive-pricing.md",
        date=None,
        headline="Optek Films Launch Takes Automotive Industry by Storm with Disruptive Pricing",
        credit=None,
        dateline=(
            "SAN DIEGO, CA / PR Karma / August 8, 2024 15:15",
            "SAN DIEGO",
            "CA",
            "2024-08-08",
            "PR Karma",
        ),
        kinds="headline dateline body*23 trailer*5",
        body_start="As the cost of products for automotive shop owners",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/blockchainwire-20240522-stakingfarm-drives-innovation-in-ethereum-staking-as-market-potential-unfolds.md",
        date=None,
        headline="StakingFarm Drives Innovation in Ethereum Staking as Market Potential Unfolds",
        credit=None,
        dateline=None,
        kinds="headline media body*11 about*3 contact*5 disclaimer trailer*7",
        body_start="As the Ethereum staking landscape continues to evo",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/ibn-20241220-mullen-nasdaq-muln-expands-u-s-battery-manufacturing-with-updated-doe-proposal.md",
        date=None,
        headline="Mullen (NASDAQ: MULN) Expands U.S. Battery Manufacturing with Updated DOE Proposal",
        credit=None,
        dateline=None,
        kinds="headline body*2 about*2 disclaimer*4 contact trailer*5",
        body_start="Mullen Automotive (NASDAQ: MULN) has submitted a r",
        warnings=(),
    ),
    Golden(
        "data/wire/press-releases-2024/text/evertiseaipr-20241108-evertise-ai-pr-launches-ai-powered-arsenal-to-revolutionize-pr-and-redefine-influence-in-the-digit.md",
        date=None,
        headline=(
            "Evertise AI PR Launches AI-Powered Arsenal to Revolutionize "
            "PR and Redefine Influence in the Digital Age"
        ),
        credit=None,
        dateline=("Dallas, TX – [November 7, 2024] –", "Dallas", "TX", "2024-11-07", None),
        kinds="headline dateline body*8 contact disclaimer trailer*5",
        body_start="Evertise AI PR is shaking up the PR world. Led by ",
        warnings=(),
    ),
    Golden(
        "data/polnear/dev/text/breitbart_2016-09-26_green-party-candidate-jill-stein.txt",
        date="2016-09-26",
        headline="Green Party candidate Jill Stein removed from N.Y. debate site by police.",
        credit=None,
        dateline=("HEMPSTEAD, N.Y., Sept. 26 (UPI) —", "HEMPSTEAD", "N.Y.", "2016-09-26", "UPI"),
        kinds="headline dateline body*8",
        body_start="Green Party presidential candidate Jill Stein was ",
        warnings=(),
    ),
    Golden(
        "data/polnear/dev/text/breitbart_2016-09-15_pat-caddell-democrat-voters-worr.txt",
        date="2016-09-15",
        headline=(
            "Pat Caddell: Democrat Voters Worried About Hillary "
            "Clinton’s Health Issues; It’s ‘in Their Heads.’"
        ),
        credit=None,
        dateline=None,
        kinds="headline body*7",
        body_start="In offering analysis of the ongoing presidential e",
        warnings=(),
    ),
    Golden(
        "data/polnear/dev/text/breitbart_2016-09-30_the-latest-trump-urges-supporter.txt",
        date="2016-09-30",
        headline="The Latest: Trump urges supporters to monitor polling places.",
        credit=None,
        dateline=("WASHINGTON (AP) —", "WASHINGTON", None, "2016-09-30", "AP"),
        kinds="headline dateline body*156",
        body_start="The Latest on the U.S. presidential race (all time",
        warnings=(),
    ),
    Golden(
        "data/polnear/dev/text/wash-post_2016-09-08_virginian-could-make-history-aga.txt",
        date="2016-09-08",
        headline="Virginian could make history. Again.",
        credit=None,
        dateline=("NEWPORT NEWS, Va. -", "NEWPORT NEWS", "Va.", "2016-09-08", None),
        kinds="headline dateline body*50",
        body_start="In a tradition he has kept for 40 years, Rep. Robe",
        warnings=(),
    ),
]


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda g: g.path.rsplit("/", 1)[-1][:40])
def test_golden_document(golden: Golden) -> None:
    text = shared_path(*golden.path.split("/")).read_text(encoding="utf-8")
    parts = parse(text, date=golden.date)
    assert (parts.headline.text if parts.headline else None) == golden.headline
    assert (parts.credit.name if parts.credit else None) == golden.credit
    dl = parts.dateline
    assert (None if dl is None else (dl.text, dl.city, dl.region, dl.date, dl.distributor)) == golden.dateline
    assert _runs([p.kind for p in parts.paragraphs]) == golden.kinds
    assert parts.body_text.startswith(golden.body_start)
    assert tuple(w.code for w in parts.warnings) == golden.warnings
    for span in (parts.headline, parts.credit, dl, *parts.paragraphs):
        if span is not None:
            assert text[span.start : span.end] == span.text


def test_golden_set_covers_every_distributor_folder() -> None:
    folders = {g.path.split("/")[-1].split("-")[0] for g in GOLDEN if "press-releases" in g.path}
    assert folders >= {
        "247PressRelease",
        "newmediawire",
        "newsworthy",
        "newsdirect",
        "pressservices",
        "prkarma",
        "blockchainwire",
        "ibn",
        "evertiseaipr",
    }
    assert len(GOLDEN) >= 10
