"""Score dateline's attributions on a PolNeAR-layout folder with the reference scorer.

usage: python bench/attribution_eval.py [GOLD_DIR] [--model DIR] [--out PRED_DIR] [--textacy]

Runs the spaCy pipeline with the attribution component over every article of GOLD_DIR
(default ``../shared/data/polnear/dev``), writes one BRAT ``<id>.ann`` per article into PRED_DIR
and runs ``../shared/tools/score_attributions.py GOLD_DIR PRED_DIR``. With ``--textacy`` the
predictions come from textacy's ``direct_quotations`` instead (when textacy is installed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "src"))

from dateline.nlp import attribution  # noqa: E402
from dateline.nlp.model import load  # noqa: E402
from dateline.records import Attribution  # noqa: E402


def to_brat(attributions: list[Attribution]) -> str:
    """BRAT standoff: Source/Cue/Content T lines (discontinuous content as ``a b;c d``), E lines."""
    lines: list[str] = []
    n = 0
    for e, att in enumerate(attributions, 1):
        args = []
        if att.source is not None:
            n += 1
            lines.append(f"T{n}\tSource {att.source.start} {att.source.end}\t{att.source.text}")
            args.append(f"Source:T{n}")
        if att.cue is not None:
            n += 1
            lines.append(f"T{n}\tCue {att.cue.start} {att.cue.end}\t{att.cue.text}")
            args.append(f"Cue:T{n}")
        n += 1
        frags = ";".join(f"{s.start} {s.end}" for s in att.content.spans)
        text = " ".join(s.text.replace("\n", " ") for s in att.content.spans)
        lines.append(f"T{n}\tContent {frags}\t{text}")
        args.append(f"Content:T{n}")
        lines.append(f"E{e}\t" + " ".join(args))
    return "\n".join(lines) + ("\n" if lines else "")


def articles(gold: Path) -> list[str]:
    return sorted({p.name.rsplit("_", 1)[0] for p in (gold / "attributions").glob("*.ann")})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?", default=str(SHARED / "data" / "polnear" / "dev"))
    ap.add_argument("--model", default=None, help="attribution model folder (default: the packaged one)")
    ap.add_argument("--out", default=None, help="where to write the .ann predictions")
    ap.add_argument("--textacy", action="store_true", help="score textacy's direct_quotations instead")
    args = ap.parse_args()
    gold = Path(args.gold)
    out = Path(args.out or tempfile.mkdtemp(prefix="dateline-pred-"))
    out.mkdir(parents=True, exist_ok=True)
    ids = articles(gold)
    texts = [(gold / "text" / f"{i}.txt").read_text(encoding="utf-8") for i in ids]
    nlp = load()
    if not args.textacy:
        attribution.prepare(nlp, args.model)
    t0 = time.perf_counter()
    for art, doc in zip(ids, nlp.pipe(texts, batch_size=16), strict=True):
        if args.textacy:
            atts = textacy_attributions(doc)
        else:
            atts = attribution.extract(doc)
        (out / f"{art}.ann").write_text(to_brat(atts), encoding="utf-8")
    seconds = time.perf_counter() - t0
    res = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_attributions.py"), str(gold), str(out), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    scores = json.loads(res.stdout)
    scores["seconds"] = round(seconds, 1)
    scores["pred_dir"] = str(out)
    print(json.dumps(scores, indent=1))
    return 0


def textacy_attributions(doc):  # type: ignore[no-untyped-def]
    from textacy.extract.triples import direct_quotations  # type: ignore[import-not-found]

    from dateline.records import Content, Source, Span

    out = []
    try:
        quotes = list(direct_quotations(doc))
    except Exception:
        quotes = []
    for q in quotes:
        spans = tuple(Span(s.start_char, s.end_char, s.text) for s in q.content[:1])
        if not spans:
            continue
        spk = q.speaker[0] if q.speaker else None
        cue = q.cue[0] if q.cue else None
        out.append(
            Attribution(
                content=Content(spans[0].start, spans[-1].end, spans[0].text, spans),
                source=Source(spk.idx, spk.idx + len(spk.text), spk.text) if spk is not None else None,
                cue=Span(cue.idx, cue.idx + len(cue.text), cue.text) if cue is not None else None,
                kind="direct",
            )
        )
    return out


if __name__ == "__main__":
    sys.exit(main())
