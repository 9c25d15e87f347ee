"""Generate a large corpus from the shared texts: paragraphs recombined, new ids.

    .venv/bin/python bench/corpus_gen.py N OUT.jsonl [--seed S] [--copies 0.05]

Each document takes the headline of one shared text, a dateline (city and date drawn from the
shared data's own datelines), and 3 to 9 body paragraphs drawn at random from the whole pool
(Reuters-21578, press releases, PolNeAR train), so documents are new while their language is
real. A share ``--copies`` of the documents are republished copies of an earlier generated one
(site header, straightened quotes, sometimes cut short), so that the store has clusters to
build at every scale. Written as JSON Lines ``{"id", "text", "published", "url"}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
CITIES = [
    "NEW YORK",
    "WASHINGTON",
    "LONDON",
    "TORONTO",
    "BEIJING",
    "CHICAGO",
    "SAN FRANCISCO",
    "TOKYO",
    "PARIS",
    "SYDNEY",
    "AUSTIN, Texas",
    "BOSTON",
    "MIAMI",
    "DENVER, Colo.",
    "FRANKFURT",
]
DISTRIBUTORS = [
    "/PRNewswire/ --",
    "/CNW/ -",
    "(Reuters) -",
    "(AP) —",
    "--(BUSINESS WIRE)--",
    "/24-7PressRelease/ --",
]


def pool() -> tuple[list[str], list[str]]:
    """Headlines and body paragraphs of the shared texts."""
    headlines: list[str] = []
    paragraphs: list[str] = []
    folders = [
        DATA / "wire" / "reuters-21578-train" / "text",
        DATA / "wire" / "press-releases-2024" / "text",
        DATA / "polnear" / "train" / "text",
    ]
    for folder in folders:
        for path in sorted(folder.iterdir()):
            text = path.read_text(encoding="utf-8", errors="replace")
            body, _, _ = text.partition("\n---\n")
            blocks = [re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
            if not blocks:
                continue
            headlines.append(blocks[0].lstrip("# ").strip()[:200])
            for b in blocks[1:]:
                if 80 <= len(b) <= 2500 and not b.startswith(("[", "!", "http")):
                    paragraphs.append(b)
    return headlines, paragraphs


def documents(n: int, seed: int = 7, copies: float = 0.05) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    headlines, paragraphs = pool()
    start = dt.date(2024, 1, 1)
    recent: list[dict[str, str]] = []
    for i in range(n):
        if recent and rng.random() < copies:
            src = rng.choice(recent)
            text = src["text"].replace("“", '"').replace("”", '"')
            if rng.random() < 0.3:
                text = text[: max(400, len(text) // 2)] + "\n\nRead more at the source."
            text = f"Example Daily — Business\n\n{text}\n\n© 2024 Example Daily. All rights reserved.\n"
            when = dt.date.fromisoformat(src["published"]) + dt.timedelta(days=rng.randint(0, 3))
            doc = {
                "id": f"gen-{i:06d}",
                "text": text,
                "published": when.isoformat(),
                "url": f"https://daily.example/{i:06d}",
            }
        else:
            when = start + dt.timedelta(days=rng.randint(0, 364))
            city = rng.choice(CITIES)
            dateline = f"{city}, {when.strftime('%B')} {when.day}, {when.year} {rng.choice(DISTRIBUTORS)} "
            body = rng.sample(paragraphs, rng.randint(3, 9))
            text = f"{rng.choice(headlines)}\n\n{dateline}{body[0]}\n\n" + "\n\n".join(body[1:]) + "\n"
            doc = {
                "id": f"gen-{i:06d}",
                "text": text,
                "published": when.isoformat(),
                "url": f"https://wire.example/{i:06d}",
            }
            recent.append(doc)
            if len(recent) > 500:
                recent.pop(0)
        yield doc


def write(n: int, out: Path, seed: int = 7, copies: float = 0.05) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for doc in documents(n, seed, copies):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copies", type=float, default=0.05)
    args = ap.parse_args(argv)
    write(args.n, args.out, args.seed, args.copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
