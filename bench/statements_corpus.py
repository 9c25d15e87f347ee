"""A labelled statement set: statements republished kept, trimmed, altered or left out.

Used by ``bench/statements_bench.py`` and by ``tests/corpus/test_corpus_statements.py``. Every
occurrence gets a gold ``group`` (the statement it is a version of), a gold ``kind``
(``verbatim``, ``trimmed`` or ``altered``) and every group its gold first document.

Stories come from two sources (folders given on the command line, so that a corpus built the
same way from other texts can be scored):

* **PolNeAR** (``--polnear``, a folder holding ``text/`` and ``attributions/``): each article's
  annotated attributions (first annotator file by name), content of 6 to 90 words, with the
  source words; a source with a capitalized name word (``Donald Trump``, ``The Post``) is a
  resolved speaker, a pronoun or nominal (``he``, ``sources``) stays unresolved, as dateline's
  own attribution stage leaves them. Articles quote one speaker many times on one topic, and
  the speakers recur across articles: these are the hard negatives, different statements of
  one speaker that must stay apart.
* **press releases** (``--releases``, a folder of Markdown files with a ``gold.jsonl`` giving
  each one's date): quotations followed by ``said Name Surname`` and the like.

Each story is published once (its original, on its own date) and republished in one to four
copies dated 1 to 30 days later, each on its own site. In each copy, every statement is, at
random: kept (quotation marks straightened or curled, final punctuation changed, sometimes
with the speaker shortened to a surname or left unresolved as "he"/"she"/"the official"),
trimmed (words cut at one or both ends, at least six and 60 % left), altered (a number
changed, a qualifier added, a negation dropped or one word replaced; sometimes also trimmed),
split into two quotes, or left out. Statements quoted in two stories (the same words, as wire
copy repeats them) keep only the first, so that the labels are right. Documents are listed in
shuffled order, so that input order never gives the first appearance away. Everything is seeded.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT / ".." / "shared" / "data" / "polnear" / "dev"
RELEASES = ROOT / ".." / "shared" / "data" / "wire" / "press-releases-2024"

sys.path.insert(0, str(ROOT / "src"))
from dateline.brat import read_brat_document  # noqa: E402
from dateline.corpus.statements import Occurrence, tokens  # noqa: E402

PARTS = ("tune", "test", "all")
SITES = [
    "dailywire.example",
    "businessledger.example",
    "metroherald.example",
    "globaldigest.example",
    "capitolreport.example",
    "newsroom.example",
]
QUALIFIERS = ["nearly", "reportedly", "probably", "almost", "only", "really", "clearly", "still"]
REPLACEMENTS = ["major", "new", "great", "serious", "real", "strong", "clear", "critical", "key", "big"]
NEGATIONS = {"not", "never", "no"}
PRONOUNS = ["he", "she", "the official", "the spokesperson"]
_NAME = re.compile(r"\b[A-Z][\w'’.-]*")
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "A", "An", "Sources", "Officials", "His", "Her"}
_RELEASE_QUOTE = re.compile(
    r"[“\"]([^”\"\n]{40,600}?)[,.]?[”\"],?\s+(?:said|says|added|stated|noted|explained|commented|shared)\s+"
    r"((?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+){0,2})"
)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a story: who (resolved ``speaker`` or ``None``), the source words, content."""

    speaker: str | None
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    published: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """An occurrence with its gold labels."""

    occurrence: Occurrence
    group: str
    kind: str
    story: str


@dataclass(frozen=True, slots=True)
class Corpus:
    items: tuple[Item, ...]
    first: dict[str, str]  # gold group -> first document
    documents: int


def _speaker_of(source: str) -> str | None:
    names = [w for w in _NAME.findall(source) if w not in _NOT_NAMES]
    return source.strip() if names else None


def polnear_stories(folder: Path) -> list[Story]:
    """Stories from a PolNeAR-layout folder (``text/<id>.txt``, ``attributions/<id>_<ann>.ann``)."""
    meta: dict[str, str] = {}
    tsv = folder.parent / "metadata.tsv"
    if tsv.exists():
        for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) > 5:
                meta[cols[1]] = cols[5]
    out = []
    for path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        with path.open(encoding="utf-8") as fh:
            text = fh.read()
        statements = []
        for att in read_brat_document(anns[0]).attributions:
            content = " ".join(" ".join(text[a:b].split()) for a, b in att.content if b > a)
            source = " ".join(" ".join(text[a:b].split()) for a, b in att.source if b > a)
            if not source or not 6 <= len(content.split()) <= 90:
                continue
            statements.append(Statement(_speaker_of(source), source, content))
        date = meta.get(path.stem) or "2016-10-01"
        if statements:
            out.append(Story(f"pn-{path.stem[:60]}", date, tuple(statements)))
    return out


def release_stories(folder: Path) -> list[Story]:
    """Stories from a folder of releases (``text/*.md`` and ``gold.jsonl`` with dates)."""
    dates = {}
    gold = folder / "gold.jsonl"
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            dates[row["id"]] = row.get("date")
    out = []
    for path in sorted((folder / "text").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        statements = []
        for m in _RELEASE_QUOTE.finditer(text):
            content = " ".join(m.group(1).split())
            if 6 <= len(content.split()) <= 90:
                statements.append(Statement(m.group(2), m.group(2), content))
        if statements:
            out.append(Story(f"pr-{path.stem[:60]}", dates.get(path.stem) or "2024-06-01", tuple(statements)))
    return out


def _restyle(text: str, rng: random.Random) -> str:
    """The same words, styled by another desk: quotation marks, case of the first letter, end."""
    if rng.random() < 0.5:
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    if rng.random() < 0.3:
        text = text.rstrip(".,;") + rng.choice([".", ",", ""])
    if rng.random() < 0.3:
        text = f"“{text}”"
    return text


def _trim(ws: list[str], rng: random.Random) -> list[str] | None:
    n = len(ws)
    keep = max(6, int(n * 0.6 + 0.999))
    if keep >= n:
        return None
    cut = rng.randint(1, n - keep)
    where = rng.choice(("start", "end", "both"))
    if where == "start":
        return ws[cut:]
    if where == "end":
        return ws[: n - cut]
    left = rng.randint(0, cut)
    return ws[left : n - (cut - left)] if cut - left else ws[left:]


def _alter(ws: list[str], rng: random.Random) -> tuple[list[str], str]:
    ws = list(ws)
    inner = range(1, max(2, len(ws) - 1))
    numbers = [i for i in inner if any(c.isdigit() for c in ws[i])]
    negations = [i for i in inner if ws[i].lower().strip(",.;") in NEGATIONS]
    options = ["qualifier", "replace"] + (["number"] if numbers else []) + (["negation"] if negations else [])
    how = rng.choice(options)
    if how == "number":
        i = rng.choice(numbers)
        ws[i] = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(1, 9)), ws[i], count=1)
    elif how == "negation":
        del ws[rng.choice(negations)]
    elif how == "qualifier":
        ws.insert(rng.choice(inner), rng.choice(QUALIFIERS))
    else:
        i = rng.choice(list(inner))
        tail = re.search(r"[,.;:!?”\"]*$", ws[i])
        word = rng.choice([r for r in REPLACEMENTS if r != ws[i].lower()])
        ws[i] = word + (tail.group(0) if tail else "")
    return ws, how


def _copy_speaker(st: Statement, rng: random.Random) -> tuple[str | None, str]:
    if st.speaker is None:
        return None, st.source
    r = rng.random()
    if r < 0.15:
        return None, rng.choice(PRONOUNS)
    if r < 0.3:
        last = st.speaker.split()[-1]
        return last, last
    return st.speaker, st.source


def _dedupe(stories: list[Story]) -> list[Story]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for story in stories:
        kept = []
        for st in story.statements:
            toks = tokens(st.text)
            if toks in seen:
                continue
            seen.add(toks)
            kept.append(st)
        if kept:
            out.append(Story(story.id, story.published, tuple(kept)))
    return out


def _gold_kind(original: tuple[str, ...], version: tuple[str, ...], made: str) -> str:
    """What an edit turned out to be: a trim that cut away the altered word is a trim."""
    if version == original:
        return "verbatim"
    k = len(version)
    if any(original[i : i + k] == version for i in range(len(original) - k + 1)):
        return "trimmed"
    return made


def _part_of(story_id: str) -> str:
    return "tune" if zlib.crc32(story_id.encode()) % 2 == 0 else "test"


def build(
    part: str = "all", *, polnear: Path = POLNEAR, releases: Path = RELEASES, seed: int = 18, limit: int = 0
) -> Corpus:
    """The labelled corpus of one part (``tune``, ``test``: halves by story; ``all``)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, got {part!r}")
    stories: list[Story] = []
    if polnear and (polnear / "text").is_dir():
        stories += polnear_stories(polnear)
    if releases and (releases / "text").is_dir():
        stories += release_stories(releases)
    stories = _dedupe(stories)
    if part != "all":
        stories = [s for s in stories if _part_of(s.id) == part]
    if limit:
        stories = stories[:limit]
    rng = random.Random(seed)
    docs: list[list[Item]] = []
    first: dict[str, str] = {}
    for story in stories:
        day = dt.date.fromisoformat(story.published[:10])
        original = []
        for n, st in enumerate(story.statements):
            group = f"{story.id}#{n}"
            first[group] = story.id
            occ = Occurrence(story.id, n, st.text, day.isoformat(), "wire.example", st.speaker, st.source)
            original.append(Item(occ, group, "verbatim", story.id))
        docs.append(original)
        offsets = sorted(rng.sample(range(1, 31), rng.randint(1, 4)))
        for c, offset in enumerate(offsets, start=1):
            doc_id = f"{story.id}-copy{c}"
            published = (day + dt.timedelta(days=offset)).isoformat()
            site = SITES[(c + len(story.id)) % len(SITES)]
            items: list[Item] = []
            for n, st in enumerate(story.statements):
                group = f"{story.id}#{n}"
                speaker, source = _copy_speaker(st, rng)
                ws = st.text.split()
                r = rng.random()
                if r < 0.18:
                    continue  # left out
                versions: list[tuple[str, str]] = []
                if r < 0.48:
                    versions.append((_restyle(st.text, rng), "verbatim"))
                elif r < 0.68:
                    cut = _trim(ws, rng)
                    versions.append((" ".join(cut), "trimmed") if cut else (st.text, "verbatim"))
                elif r < 0.93:
                    changed, _ = _alter(ws, rng)
                    if rng.random() < 0.25:
                        changed = _trim(changed, rng) or changed
                    versions.append((" ".join(changed), "altered"))
                else:  # split into two quotes, each a run of the original
                    half = len(ws) // 2
                    if half >= 6 and len(ws) - half >= 6:
                        versions += [(" ".join(ws[:half]), "trimmed"), (" ".join(ws[half:]), "trimmed")]
                    else:
                        versions.append((st.text, "verbatim"))
                for text, kind in versions:
                    kind = _gold_kind(tokens(st.text), tokens(text), kind)
                    occ = Occurrence(doc_id, len(items), text, published, site, speaker, source)
                    items.append(Item(occ, group, kind, story.id))
            docs.append(items)
    rng.shuffle(docs)
    items_all = tuple(i for d in docs for i in d)
    return Corpus(items_all, first, len(docs))


if __name__ == "__main__":
    corpus = build("all")
    kinds: dict[str, int] = {}
    for it in corpus.items:
        kinds[it.kind] = kinds.get(it.kind, 0) + 1
    print(
        f"{corpus.documents} documents, {len(corpus.items)} occurrences, {len(corpus.first)} groups, {kinds}"
    )
