"""What speaker resolution costs: attribution records for pre-parsed PolNeAR dev documents.

usage: python bench/speaker_cost.py [--baseline SPEAKERS_PY] [--rounds 3]

Parses the 84 dev articles once (``nlp.pipe``), runs the entity stage, then times
``attribution.extract`` (finding's last step, speaker resolution and the records) over all of
them with this tree's :class:`~dateline.nlp.speakers.SpeakerIndex` and, with ``--baseline``, with
the ``SpeakerIndex`` of another ``speakers.py`` (e.g. ``git show main:src/dateline/nlp/speakers.py
> /tmp/base_speakers.py``), alternating, best round each. The one-time load of the first-name
lexicon is timed apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

from dateline.nlp import attribution, entities, speakers
from dateline.nlp.model import load

DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear" / "dev" / "text"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default=None, help="another speakers.py to time against")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    indexes = {"this tree": speakers.SpeakerIndex}
    if args.baseline:
        spec = importlib.util.spec_from_file_location("dateline.nlp.baseline_speakers", args.baseline)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        indexes["baseline"] = module.SpeakerIndex
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    nlp = load()
    attribution.prepare(nlp)
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t
    ents = [entities.extract(d) for d in docs]
    t = time.perf_counter()
    speakers._detector()
    lexicon = time.perf_counter() - t
    best = dict.fromkeys(indexes, float("inf"))
    for _ in range(args.rounds):
        for name, cls in indexes.items():
            attribution.SpeakerIndex = cls  # type: ignore[misc]
            t = time.perf_counter()
            for doc, e in zip(docs, ents, strict=True):
                attribution.extract(doc, e)
            best[name] = min(best[name], time.perf_counter() - t)
    print(f"{len(docs)} documents: nlp.pipe {parse:.1f} s, first-name lexicon load {lexicon:.2f} s")
    for name, seconds in best.items():
        print(f"attribution.extract with the {name} SpeakerIndex: {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
