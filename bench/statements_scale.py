"""Scale of statement grouping: documents per second and peak memory over the generated corpus.

    PYTHONPATH=src python bench/statements_scale.py [--sizes 10000 30000 100000]

For each size N the first N documents of ``bench/corpus_gen.py``'s corpus (seed 7, 5% copies:
the corpus of the ingest scale benchmark) are generated in memory, and their reported speech
becomes attribution records without spaCy: each sentence "CONTENT, NAME said." or "NAME said
(that) CONTENT" gives an occurrence (a pronoun leaves the speaker unresolved). ``--dense``
instead makes every body sentence of eight words or more an occurrence with an unresolved
speaker: 2-3 times the density of attributions the NLP stage finds (6.3 per document on the
10,000 corpus, see "Corpus at scale"), and no speaker to keep anything apart, an upper bound of
the work. The generator draws paragraphs at random
from the shared texts, so a quoted paragraph runs in many documents on many dates: large
statements, and many statements of one speaker. Then, in a child process per size, only
:func:`dateline.corpus.statements.group` is timed (``process_time`` and wall), and its peak
memory is the child's ``ru_maxrss`` minus its resident size before grouping. Results go to
``bench/out/statements_scale.json`` and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

_NAME = r"(?:[Hh]e|[Ss]he|[Tt]hey|(?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+){0,2})"
#: "..., Name said." and "Name said (that) ...": a sentence's reported or quoted content.
CONTENT_SAID = re.compile(rf"^(.{{30,600}}?)[,.]?[”\"]?,?\s+({_NAME})\s+(?:said|says|added|told \w+)\.?$")
SAID_CONTENT = re.compile(
    rf"^({_NAME})\s+(?:said|says|added)\s*(?:that\s+|,\s*[“\"]?)?(.{{30,600}}?)[”\"]?\.?$"
)
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_PRONOUNS = {"he", "she", "they"}


def occurrences(n: int, dense: bool = False) -> list[tuple[str, int, str, str, str | None, str]]:
    """``(document, n, text, published, speaker, source)`` of the first ``n`` generated documents:
    each sentence of the form "CONTENT, NAME said." or "NAME said (that) CONTENT" (a pronoun for
    NAME leaves the speaker unresolved, as the attribution stage does when it cannot resolve it)."""
    from corpus_gen import documents

    out = []
    for doc in documents(n):
        k = 0
        for para in doc["text"].split("\n"):
            for sentence in _SENTENCE.split(para.strip()):
                if dense:
                    if len(sentence.split()) >= 8 and not para.startswith(("Example Daily", "©")):
                        out.append((doc["id"], k, sentence, doc["published"], None, ""))
                        k += 1
                    continue
                m = CONTENT_SAID.match(sentence)
                text, source = (m.group(1), m.group(2)) if m else (None, None)
                if text is None:
                    m = SAID_CONTENT.match(sentence)
                    if m:
                        source, text = m.group(1), m.group(2)
                if text is None or source is None:
                    continue
                speaker = None if source.casefold() in _PRONOUNS else source
                out.append((doc["id"], k, text.strip('“”" '), doc["published"], speaker, source))
                k += 1
    return out


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {bench!r}); sys.path.insert(0, {src!r})
from statements_scale import occurrences
from dateline.corpus import statements
items = [statements.Occurrence(d, k, t, p, None, s, src) for d, k, t, p, s, src in occurrences({n}, {dense})]
docs = len({{o.document for o in items}})
with open("/proc/self/statm") as fh:
    before = int(fh.read().split()[1]) * 4096 / 2**20
c0, w0 = time.process_time(), time.perf_counter()
found = statements.group(items, min_documents=1)
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
multi = [s for s in found if s.documents > 1]
print(json.dumps({{"documents": {n}, "documents_with_quotes": docs, "occurrences": len(items),
    "statements": len(found), "in_two_or_more": len(multi),
    "altered": sum(1 for s in multi if s.altered), "largest": max((s.documents for s in found), default=0),
    "cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "docs_per_cpu_s": round({n} / cpu),
    "rss_before_mb": round(before, 1), "peak_rss_mb": round(peak, 1),
    "grouping_mb": round(peak - before, 1)}}))
"""


def measure(n: int, dense: bool) -> dict[str, float]:
    code = CHILD.format(bench=str(ROOT / "bench"), src=str(ROOT / "src"), n=n, dense=dense)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--dense", action="store_true", help="every body sentence is an occurrence")
    args = ap.parse_args(argv)
    results = []
    for n in args.sizes:
        t0 = time.perf_counter()
        r = measure(n, args.dense)
        r["child_wall_s"] = round(time.perf_counter() - t0, 1)
        results.append(r)
        print(json.dumps(r), file=sys.stderr)
    out = ROOT / "bench" / "out" / f"statements_scale{'_dense' if args.dense else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("| documents | occurrences | statements | in 2+ docs | docs per CPU-second | grouping CPU s | MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['documents']:,} | {r['occurrences']:,} | {r['statements']:,} | {r['in_two_or_more']:,} "
            f"| {r['docs_per_cpu_s']:,} | {r['cpu_s']} | {r['grouping_mb']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
