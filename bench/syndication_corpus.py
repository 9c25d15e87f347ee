"""A labelled syndication set built from ``../shared/data/wire/press-releases-2024``.

Used by ``bench/syndication.py`` (and by ``tests/corpus/test_syndication.py`` on a small
slice). Every document gets a ``family``: the release it is a copy of. What is generated:

* **copies** of a sample of releases, each with a random mix of the edits republishers make: a
  site header and footer, the dateline removed, the headline rewritten, the story cut short
  ("Read more"), paragraphs reflowed, quotation marks straightened, "ADVERTISEMENT" lines
  inserted. Copies are dated after their original (hours to days).
* **hard negatives**: groups of different releases wrapped in one shared template (the same
  header, the same long "About" section of 120-300 words, the same disclaimer and contact
  block), favouring short releases so that the shared text weighs most (each wrapped release
  is a copy of its own release, never of the others in its group); and releases into which one
  paragraph of another release was pasted (with copies of both), which must not chain the two
  families together.

Releases that are already copies of each other in the source data (one pair, a republished
Simpleminers release with a new headline) keep only the first, so that the labels are right.
Everything is seeded.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "wire" / "press-releases-2024"

#: Source releases that republish an earlier one in the same folder (found by inspection: same
#: body, new headline); left out so that every source release is its own family.
SOURCE_DUPLICATES = {
    "blockchainwire-20240501-simplerminers-offer-lucrative-opportunities-to-get-better-returns-in-bitcoin-mining-contracts",
}

PARTS = ("tune", "test", "all")

SITES = [
    ("Daily Market Wire", "dailymarketwire.example"),
    ("The Business Ledger", "businessledger.example"),
    ("Crypto Newsroom", "cryptonewsroom.example"),
    ("Tech Gazette", "techgazette.example"),
    ("Finance Today", "financetoday.example"),
    ("Metro Herald Business", "metroherald.example"),
    ("Global Press Digest", "globalpressdigest.example"),
    ("Industry Insider", "industryinsider.example"),
]


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    published: str
    family: str
    base: str  # the source release it was made from (for the tuning/test split)
    kind: str  # original | copy | template | pasted


def _split(raw: str) -> tuple[str, list[str], str]:
    """Headline, body paragraphs and trailer of a release in the shared Markdown layout."""
    lines = raw.split("\n")
    headline = ""
    if lines and lines[0].startswith("# "):
        headline = lines[0][2:].strip()
        lines = lines[1:]
    text = "\n".join(lines)
    body, _, trailer = text.partition("\n---\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return headline, paragraphs, trailer


def _sentences(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        out.extend(s for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z“\"])", p) if s.strip())
    return out


def _remove_dateline(paragraphs: list[str]) -> list[str]:
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    m = re.match(r"^.{0,160}?(?:/[^/\n]{2,40}/\s*)?(?:--|—|–|-)\s+", first)
    if m and m.end() < len(first) - 20:
        return [first[m.end() :], *paragraphs[1:]]
    return paragraphs


def _straighten(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "„": '"'}))


def _reflow(paragraphs: list[str], rng: random.Random) -> list[str]:
    sentences = _sentences(paragraphs)
    out: list[str] = []
    i = 0
    while i < len(sentences):
        n = rng.randint(1, 3)
        chunk = " ".join(sentences[i : i + n])
        width = rng.randint(60, 90)
        lines, line = [], ""
        for word in chunk.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        if line:
            lines.append(line)
        out.append("\n".join(lines))
        i += n
    return out


def _headline(headline: str, rng: random.Random, site: str) -> str:
    words = headline.split()
    choice = rng.randrange(4)
    if choice == 0:
        return headline.upper()
    if choice == 1 and len(words) > 6:
        return " ".join(words[: rng.randint(4, 7)]) + "..."
    if choice == 2:
        return f"PRESS RELEASE: {headline}"
    return f"{site} | " + " ".join(rng.sample(words, len(words)))


def make_copy(raw: str, rng: random.Random, doc_id: str) -> tuple[str, list[str]]:
    """A republished copy of ``raw`` and the edits applied."""
    headline, paragraphs, _ = _split(raw)
    site, host = rng.choice(SITES)
    edits: list[str] = []
    if rng.random() < 0.5:
        paragraphs = _remove_dateline(paragraphs)
        edits.append("dateline")
    if rng.random() < 0.6:
        headline = _headline(headline, rng, site)
        edits.append("headline")
    truncated = False
    if rng.random() < 0.3:
        sentences = _sentences(paragraphs)
        keep = max(2, round(len(sentences) * rng.uniform(0.3, 0.6)))
        if keep < len(sentences):
            paragraphs = [" ".join(sentences[:keep])]
            truncated = True
            edits.append("truncated")
    if rng.random() < 0.5:
        paragraphs = _reflow(paragraphs, rng)
        edits.append("reflow")
    if rng.random() < 0.5:
        paragraphs = [_straighten(p) for p in paragraphs]
        headline = _straighten(headline)
        edits.append("quotes")
    if rng.random() < 0.4 and len(paragraphs) > 1:
        out = []
        for i, p in enumerate(paragraphs):
            out.append(p)
            if i % 2 == 1 and i < len(paragraphs) - 1:
                out.append("ADVERTISEMENT")
        paragraphs = out
        edits.append("ads")
    header = footer = ""
    if rng.random() < 0.8:
        header = f"{site}\n\nHome | News | Business | Markets | Press Releases\n\n"
        footer = (
            f"\n\nShare this article: Facebook | X | LinkedIn | Email\n\n"
            f"© 2024 {site}. All rights reserved. Terms of Use | Privacy Policy | Contact us at "
            f"editor@{host}. This content was provided by a third-party distribution partner.\n"
        )
        edits.append("site")
    if truncated:
        paragraphs.append(f"Read more at https://{host}/news/{doc_id}")
    text = f"{header}# {headline}\n\n" + "\n\n".join(paragraphs) + footer + "\n"
    return text, edits


TEMPLATE_HEADER = "FOR IMMEDIATE RELEASE\n\nNewsroom | Investor Relations | Media Kit\n\n"
DISCLAIMER = (
    "Forward-Looking Statements: This press release contains forward-looking statements within the "
    "meaning of the Private Securities Litigation Reform Act of 1995. These statements are based on "
    "current expectations and are subject to risks and uncertainties that could cause actual results "
    "to differ materially. The company undertakes no obligation to update any forward-looking "
    "statement, whether as a result of new information, future events or otherwise."
)


def _about(raw: str, rng: random.Random, heading: bool) -> str:
    """120-300 words of a release's closing text, as an "About" section; without a heading it
    reads as body text, which the wire parser cannot set apart (the harder case)."""
    _, paragraphs, _ = _split(raw)
    words = " ".join(paragraphs).split()
    n = rng.randint(120, 300)
    start = max(0, len(words) - n)
    return ("About the Company\n\n" if heading else "") + " ".join(words[start:])


def build(
    part: str = "all",
    *,
    seed: int = 20240101,
    copy_share: float = 0.35,
    max_copies: int = 4,
    template_groups: int = 30,
    pasted_pairs: int = 25,
    limit: int | None = None,
) -> list[Doc]:
    """The labelled set (see the module docstring) over the source releases of ``part``:
    ``tune`` (every other release by file name, from the first), ``test`` (the others) or
    ``all``. The tuning and test sets are built separately, copies and hard negatives alike."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, got {part!r}")
    rng = random.Random(f"{seed}-{part}")
    gold = {}
    for line in (DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["id"]] = row
    files = sorted((DATA / "text").glob("*.md"))
    if limit:
        files = files[:limit]
    raws = {f.stem: f.read_text(encoding="utf-8") for f in files if f.stem not in SOURCE_DUPLICATES}
    names = sorted(raws)
    if part != "all":
        names = names[0::2] if part == "tune" else names[1::2]
        raws = {n: raws[n] for n in names}
    docs: list[Doc] = []

    def date_of(name: str) -> dt.datetime:
        value = gold.get(name, {}).get("date") or "2024-06-01"
        return dt.datetime.fromisoformat(value[:10]).replace(hour=9)

    def stamp(moment: dt.datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    for name in names:
        docs.append(Doc(name, raws[name], stamp(date_of(name)), name, name, "original"))
    # copies
    for name in names:
        if rng.random() >= copy_share:
            continue
        for k in range(rng.randint(1, max_copies)):
            doc_id = f"{name[:60]}-copy{k + 1}"
            text, _ = make_copy(raws[name], rng, doc_id)
            when = date_of(name) + dt.timedelta(hours=rng.randint(1, 24 * 5))
            docs.append(Doc(doc_id, text, stamp(when), name, name, "copy"))
    # template groups: different releases, one shared header, About section and disclaimer
    by_length = sorted(names, key=lambda n: len(" ".join(_split(raws[n])[1]).split()))
    short = by_length[: len(by_length) // 3]
    for g in range(template_groups):
        donor = rng.choice(names)
        about = _about(raws[donor], rng, heading=g % 4 < 2)
        pool = short if g % 2 == 0 else names
        members = rng.sample([n for n in pool if n != donor], rng.randint(3, 5))
        for m in members:
            headline, paragraphs, _ = _split(raws[m])
            text = (
                f"{TEMPLATE_HEADER}# {headline}\n\n"
                + "\n\n".join(paragraphs)
                + f"\n\n{about}\n\n{DISCLAIMER}\n\nMedia Contact: press@company.example | +1 555 0100\n"
            )
            doc_id = f"{m[:60]}-tmpl{g}"
            when = date_of(m) + dt.timedelta(days=rng.randint(0, 30))
            # the same release in another wrapper is a copy of it; the other members are not
            docs.append(Doc(doc_id, text, stamp(when), m, m, "template"))
            if rng.random() < 0.3:
                ctext, _ = make_copy(text, rng, doc_id + "-c")
                docs.append(Doc(doc_id + "-copy", ctext, stamp(when + dt.timedelta(hours=5)), m, m, "copy"))
    # pasted paragraph: B with one paragraph of A, copies of both
    # (one paragraph of 30-80 words; B with at least 150 words of its own)
    long_enough = [n for n in names if len(" ".join(_split(raws[n])[1]).split()) >= 150]
    for p in range(pasted_pairs):
        a, b = rng.sample(long_enough, 2)
        a_par = " ".join(max(_sentences(_split(raws[a])[1])[:6] or [""], key=len).split()[:80])
        headline, paragraphs, _ = _split(raws[b])
        if len(a_par.split()) < 30 or not paragraphs:
            continue
        mixed = [*paragraphs[:1], a_par, *paragraphs[1:]]
        text = f"# {headline}\n\n" + "\n\n".join(mixed) + "\n"
        doc_id = f"{b[:60]}-pasted{p}"
        when = date_of(b) + dt.timedelta(days=1)
        # B with a paragraph of A is a copy of B, and must not chain A's family to B's
        docs.append(Doc(doc_id, text, stamp(when), b, b, "pasted"))
        ctext, _ = make_copy(text, rng, doc_id + "-c")
        docs.append(Doc(doc_id + "-copy", ctext, stamp(when + dt.timedelta(hours=3)), b, b, "copy"))
        actext, _ = make_copy(raws[a], rng, a + "-pc")
        docs.append(
            Doc(f"{a[:60]}-pcopy{p}", actext, stamp(date_of(a) + dt.timedelta(hours=7)), a, a, "copy")
        )
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)), "duplicate ids in the syndication set"
    return docs
