"""A labelled text-reuse set built from ``../shared/data``: wire copy and the stories written from it.

Used by ``bench/reuse_bench.py`` (and, on a slice, by ``tests/corpus/test_reuse_quality.py``).

**Sources** (the "agency": URL host :data:`WIRE_HOST`, published on their day) are press releases
(``wire/press-releases-2024``, with their About sections, contacts and distributor trailers) and
Reuters stories (``wire/reuters-21578-train``). **Stories** (five news sites, published the day
after their source) are written from one source each:

* ``wholly``: the source's body, most of it, with a third to a half of its sentences rewritten and
  sometimes an own opening sentence; gold ``wholly``.
* ``paragraphs``: two or three consecutive source paragraphs (a third of their sentences
  rewritten) inside four to seven paragraphs of the story's own; gold ``partially``.
* ``sentences``: one or two single rewritten sentences of the source inside three to six own
  paragraphs; gold ``partially``.
* ``own``: own paragraphs only; gold ``non``.
* ``boilerplate`` (hard negatives): own paragraphs followed by the source's About section and
  disclaimer (or a Reuters-style trailer), plus the site's cookie notice that every document of
  that site carries; gold ``non``.

"Own" text is PolNeAR news paragraphs (``polnear/train``), never from the source. A rewritten
sentence has some of: words replaced by synonyms (:data:`SYNONYMS`), clauses reordered (the part
after the first comma moved to the front, or "X said Y" turned into "Y, X said"), a quote trimmed
to its quoted words, a trailing clause dropped. Gold passages are the character ranges of the
derived sentences in the story, with their source and kind (``verbatim``/``rewritten``).

The set is split in two by source: sources at even positions (and their stories) are the
``tune`` half, the others the ``test`` half. Everything is seeded.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"

WIRE_HOST = "wire.example"
SITES = [
    "dailyherald.example",
    "metronews.example",
    "businessledger.example",
    "citypost.example",
    "globe.example",
]
COOKIES = {
    site: (
        f"We use cookies on {site.split('.')[0]} to personalise content and ads, to provide social media "
        "features and to analyse our traffic, and by continuing you accept our cookie policy."
    )
    for site in SITES
}
KINDS = ("wholly", "paragraphs", "sentences", "own", "boilerplate")
LABEL_OF = {
    "wholly": "wholly",
    "paragraphs": "partially",
    "sentences": "partially",
    "own": "non",
    "boilerplate": "non",
}

#: Replacements a rewriting journalist makes (both directions are used).
SYNONYMS = {
    "said": "stated",
    "announced": "revealed",
    "company": "firm",
    "companies": "firms",
    "customers": "clients",
    "help": "assist",
    "helps": "assists",
    "new": "fresh",
    "launch": "roll out",
    "launched": "rolled out",
    "provide": "offer",
    "provides": "offers",
    "increase": "rise",
    "increased": "rose",
    "percent": "pct",
    "million": "mln",
    "billion": "bln",
    "shares": "stock",
    "expects": "anticipates",
    "expected": "anticipated",
    "plans": "intends",
    "important": "key",
    "major": "big",
    "large": "big",
    "small": "little",
    "begin": "start",
    "began": "started",
    "purchase": "buy",
    "acquire": "buy",
    "acquired": "bought",
    "agreement": "deal",
    "president": "chief",
    "leading": "top",
    "global": "worldwide",
    "support": "back",
    "significant": "sizeable",
    "offers": "provides",
    "users": "customers",
    "people": "individuals",
    "year": "twelve months",
    "today": "on Monday",
    "also": "additionally",
    "however": "but",
    "because": "as",
    "including": "such as",
    "approximately": "about",
    "about": "around",
    "over": "more than",
    "quarter": "three months",
    "reported": "posted",
    "according": "based",
    "will": "is set to",
}


@dataclass(slots=True)
class Doc:
    id: str
    text: str
    url: str
    published: str
    part: str  # tune | test
    kind: str  # source | one of KINDS
    source: str | None = None
    passages: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind) in text

    @property
    def label(self) -> str | None:
        return LABEL_OF.get(self.kind)

    def jsonl(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "url": self.url, "published": self.published}


# --------------------------------------------------------------------------- reading the data


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“A-Z])", paragraph) if s.strip()]


def _release(path: Path) -> tuple[str, list[str], list[str]]:
    """Raw text, body paragraphs (dateline paragraph excluded) and boilerplate paragraphs."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    body_text = "\n".join(lines[1:]) if lines and lines[0].startswith("# ") else raw
    body, _, trailer = body_text.partition("\n---\n")
    paras = _paragraphs(body)
    about_at = next((i for i, p in enumerate(paras) if re.match(r"\**About\b", p)), len(paras))
    main, boiler = paras[:about_at], paras[about_at:] + _paragraphs(trailer)
    main = (
        [re.sub(r"^.{0,160}?(?:/[^/\n]{2,40}/\s*)?(?:--|—|–)\s+", "", main[0], count=1), *main[1:]]
        if main
        else main
    )
    main = [p for p in main if len(p.split()) >= 8 and not p.startswith(("#", "!", "["))]
    return raw, main, boiler


def _reuters(path: Path) -> tuple[str, list[str], list[str]]:
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    body = " ".join(" ".join(lines[1:]).split())
    body = re.sub(r"^.{0,80}? - ", "", body, count=1)
    body = re.sub(r"\s*Reuter\s*$", "", body)
    sentences = _sentences(body)
    paras = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    return raw, paras, ["Reporting by the wire desk; editing by the news desk."]


def _own_pool() -> list[str]:
    folder = DATA / "polnear" / "train" / "text"
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for p in _paragraphs(path.read_text(encoding="utf-8"))[1:]:
            if 25 <= len(p.split()) <= 120:
                out.append(p)
    return out


# --------------------------------------------------------------------------- rewriting


def _swap_words(sentence: str, rng: random.Random, share: float) -> str:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        repl = SYNONYMS.get(word.lower())
        if repl is None or rng.random() > share:
            return word
        return repl.capitalize() if word[0].isupper() else repl

    return re.sub(r"[A-Za-z]+", sub, sentence)


def _reorder(sentence: str) -> str:
    m = re.match(r"^(.{15,}?), (.{15,}?)([.!?][\"”’]?)$", sentence)
    if not m:
        return sentence
    a, b, end = m.groups()
    b = b[0].upper() + b[1:]
    a = a[0].lower() + a[1:] if not re.match(r"[A-Z][a-z]*[A-Z]|[A-Z]{2}|I\b", a) and a.split()[0] in {
        "The", "A", "An", "In", "On", "At", "For", "With", "This", "It", "As", "By", "From", "After",
    } else a  # fmt: skip
    return f"{b}, {a}{end}"


def _trim(sentence: str) -> str:
    q = re.search(r"[\"“]([^\"”]{30,})[\"”]", sentence)
    if q:
        return f"“{q.group(1).rstrip(',')}”, a spokesperson said."
    words = sentence.split()
    if len(words) < 14:
        return sentence
    cut = max(8, int(len(words) * 0.7))
    return " ".join(words[:cut]).rstrip(",;:") + "."


def rewrite(sentence: str, rng: random.Random) -> str:
    """One rewritten version of ``sentence`` (see the module docstring)."""
    out = _swap_words(sentence, rng, 0.8)
    ops = rng.sample(["reorder", "trim", "none"], 2)
    if "reorder" in ops:
        out = _reorder(out)
    if "trim" in ops:
        out = _trim(out)
    if out == sentence:
        out = _trim(_reorder(sentence))
    return out


# --------------------------------------------------------------------------- building


def _derive(paragraphs: list[str], rng: random.Random, share: float) -> list[list[tuple[str, str]]]:
    """Paragraphs of (sentence, kind) with ``share`` of the sentences rewritten."""
    out = []
    for p in paragraphs:
        sents = []
        for s in _sentences(p):
            if rng.random() < share:
                r = rewrite(s, rng)
                sents.append((r, "verbatim" if r == s else "rewritten"))
            else:
                sents.append((s, "verbatim"))
        out.append(sents)
    return out


def _compose(doc: Doc, headline: str, blocks: list[list[tuple[str, str | None]]]) -> None:
    """Write ``headline`` and the paragraphs into ``doc.text``, recording derived sentences."""
    text = headline
    for block in blocks:
        text += "\n\n"
        for n, (sentence, kind) in enumerate(block):
            if n:
                text += " "
            start = len(text)
            text += sentence
            if kind is not None:
                doc.passages.append((start, len(text), kind))
    doc.text = text + "\n"


def build(n_releases: int = 120, n_reuters: int = 120, seed: int = 17) -> list[Doc]:
    """The documents, sources first (each day's sources, then the next day's stories)."""
    rng = random.Random(seed)
    sources: list[tuple[str, str, list[str], list[str]]] = []
    rel = sorted((DATA / "wire" / "press-releases-2024" / "text").glob("*.md"))
    for path in rng.sample(rel, len(rel)):
        if len(sources) >= n_releases:
            break
        raw, body, boiler = _release(path)
        if len(body) >= 4 and sum(len(p.split()) for p in body) >= 150:
            sources.append((path.stem[:60], raw, body, boiler))
    reu = sorted((DATA / "wire" / "reuters-21578-train" / "text").glob("*.txt"))
    count = 0
    for path in rng.sample(reu, len(reu)):
        if count >= n_reuters:
            break
        raw, body, boiler = _reuters(path)
        if len(body) >= 3 and sum(len(p.split()) for p in body) >= 120:
            sources.append((f"reuters-{path.stem}", raw, body, boiler))
            count += 1
    rng.shuffle(sources)
    own = _own_pool()
    rng.shuffle(own)
    own_at = 0

    def take_own(n: int) -> list[list[tuple[str, str | None]]]:
        nonlocal own_at
        out = [[(s, None) for s in _sentences(p)] for p in own[own_at : own_at + n]]
        own_at += n
        return out

    docs: list[Doc] = []
    day0 = 1
    for i, (sid, raw, body, boiler) in enumerate(sources):
        part = "tune" if i % 2 == 0 else "test"
        day = f"2024-{1 + (day0 + i // 8) // 28:02d}-{1 + (day0 + i // 8) % 28:02d}"
        nxt = f"2024-{1 + (day0 + i // 8 + 1) // 28:02d}-{1 + (day0 + i // 8 + 1) % 28:02d}"
        docs.append(Doc(sid, raw, f"https://{WIRE_HOST}/{sid}", day, part, "source"))
        kinds = rng.sample(KINDS, 2)
        for k, kind in enumerate(kinds):
            site = rng.choice(SITES)
            story = Doc(f"{sid[:40]}-{kind}-{k}", "", f"https://{site}/{sid[:40]}-{k}", nxt, part, kind, sid)
            headline = (
                f"{rng.choice(['Report:', 'Update:', 'Analysis:', ''])} {sid.replace('-', ' ')[:60]}".strip()
            )
            blocks: list[list[tuple[str, str | None]]] = []
            if kind == "wholly":
                keep = body[: max(3, len(body) - rng.randint(0, 2))]
                if rng.random() < 0.5:
                    blocks += take_own(1)[:1]
                    blocks[-1] = blocks[-1][:1]
                blocks += _derive(keep, rng, rng.uniform(0.3, 0.5))
            elif kind == "paragraphs":
                n = rng.randint(2, 3)
                at = rng.randint(0, max(0, len(body) - n))
                mine = take_own(rng.randint(4, 7))
                cut = rng.randint(1, len(mine) - 1)
                blocks = mine[:cut] + _derive(body[at : at + n], rng, 0.35) + mine[cut:]
            elif kind == "sentences":
                mine = take_own(rng.randint(3, 6))
                sents = [s for p in body for s in _sentences(p) if len(s.split()) >= 12]
                for s in rng.sample(sents, min(len(sents), rng.randint(1, 2))):
                    r = rewrite(s, rng)
                    at = rng.randint(0, len(mine))
                    mine.insert(at, [(r, "verbatim" if r == s else "rewritten")])
                blocks = mine
            elif kind == "own":
                blocks = take_own(rng.randint(3, 8))
            else:  # boilerplate
                blocks = take_own(rng.randint(3, 6)) + [[(p, None)] for p in boiler[:4]]
            blocks.append([(COOKIES[site], None)])
            _compose(story, headline, blocks)
            docs.append(story)
    docs.sort(key=lambda d: (d.published, d.kind != "source"))
    return docs


def write(docs: list[Doc], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d.jsonl(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "reuse-set.jsonl")
    docs = build()
    write(docs, out)
    print(f"{len(docs)} documents -> {out}", file=sys.stderr)
