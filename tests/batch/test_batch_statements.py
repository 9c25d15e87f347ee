"""The ``statements`` table: the single-machine grouping over a batch, equal on both engines.

The seed release and three republished copies (one verbatim, one with a statement trimmed, one
with a number changed, all later) go through ``dateline batch`` as JSON Lines; the local engine
gives seven statements of Xi Jinping first seen in the seed, and Spark the same rows."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from dateline.batch import read_table, run, tables
from dateline.batch.statements import statement_rows
from dateline.corpus import statements

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "cctv-xi-letter-prnewswire.txt"

WATER = "The city will cut its water use by 18 percent by 2030, and we will not stop there"
SOLAR = "Every school in the district will run on solar power before the end of the decade"


def test_statement_rows_follow_the_single_machine_grouping_in_any_input_order() -> None:
    docs = [
        ("d-orig", "2021-12-08", "wire.example", "a.jsonl", 0),
        ("d-copy", "2021-12-09", None, "a.jsonl", 1),
        ("d-late", None, "late.example", "b.jsonl", 0),
        ("d-alone", "2021-12-01", None, "b.jsonl", 1),
    ]
    atts = [
        ("d-orig", 0, "Jane Smith", "Smith", WATER),
        ("d-orig", 1, "Jane Smith", "Smith", SOLAR),
        ("d-copy", 0, None, "she", WATER.replace("18", "81")),
        ("d-late", 0, "Smith", "Smith", " ".join(SOLAR.split()[:9])),
        ("d-alone", 0, "Jane Smith", "Smith", "Something said only once, in one place, by one person"),
    ]
    rows = statement_rows(docs, atts)
    assert all(r.table == "statements" and len(r.values) == len(tables.TABLES["statements"]) for r in rows)
    got = [dict(zip((c for c, _ in tables.TABLES["statements"]), r.values, strict=True)) for r in rows]
    assert {(g["doc_id"], g["n"], g["kind"]) for g in got} == {
        ("d-orig", 0, "verbatim"),
        ("d-copy", 0, "altered"),
        ("d-orig", 1, "verbatim"),
        ("d-late", 0, "trimmed"),
    }
    water = next(g for g in got if g["doc_id"] == "d-copy")
    assert water["statement_id"] == "d-orig#0" and water["first_doc_id"] == "d-orig"
    assert water["documents"] == 2 and water["altered"] == 1
    assert json.loads(water["changes"]) == [{"op": "replace", "canonical": "18", "variant": "81"}]
    occs = [statements.Occurrence(d, n, t, None, None, s, src) for d, n, s, src, t in atts]
    assert len(statements.group(occs, min_documents=2)) == 2
    for seed in range(5):
        random.Random(seed).shuffle(docs)
        random.Random(seed).shuffle(atts)
        assert statement_rows(docs, atts) == rows


def _seed_inputs(folder: Path) -> str:
    seed = SEED.read_text(encoding="utf-8")
    trimmed = seed.replace("By doing all that, China has succeeded", "China has succeeded")
    changed = seed.replace("the over 1.4 billion Chinese people", "the over 1.3 billion Chinese people")
    items = [
        {"text": changed, "id": "copy-changed", "url": "https://daily.example/xi", "published": "2021-12-11"},
        {"text": seed, "id": "copy-verbatim", "url": "https://asia.example/xi", "published": "2021-12-09"},
        {"text": seed, "id": "seed", "url": "https://prnewswire.example/xi", "published": "2021-12-08"},
        {
            "text": trimmed,
            "id": "copy-trimmed",
            "url": "https://digest.example/xi",
            "published": "2021-12-10",
        },
    ]
    path = folder / "seed.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def seed_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    if not SEED.exists():
        pytest.skip(f"shared data not available: {SEED}")
    root = tmp_path_factory.mktemp("seed-batch")
    inputs = _seed_inputs(root)
    out = root / "local"
    run([inputs], out, engine="local", workers=1, partitions=2)
    return inputs, out


def _rows(out: Path) -> list[dict[str, object]]:
    return sorted(
        read_table(out, "statements").to_pylist(), key=lambda r: (str(r["statement_id"]), str(r["doc_id"]))
    )


@pytest.mark.model
def test_local_batch_gives_the_seeds_seven_statements(seed_batch: tuple[str, Path]) -> None:
    _, out = seed_batch
    rows = _rows(out)
    ids = {r["id"]: r["doc_id"] for r in read_table(out, "documents").to_pylist()}
    assert len({r["statement_id"] for r in rows}) == 7
    assert {r["speaker"] for r in rows} == {"Xi Jinping"}
    assert {r["first_doc_id"] for r in rows} == {ids["seed"]}
    assert all(r["documents"] == 4 for r in rows)
    odd = sorted((r["kind"], r["doc_id"]) for r in rows if r["kind"] != "verbatim")
    assert odd == sorted([("altered", ids["copy-changed"]), ("trimmed", ids["copy-trimmed"])])


@pytest.mark.model
@pytest.mark.spark
def test_spark_writes_the_local_statements(seed_batch: tuple[str, Path], tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on this machine")
    inputs, local = seed_batch
    out = tmp_path / "spark"
    summary = run([inputs], out, engine="spark", master="local[2]", partitions=2)
    assert read_table(out, "statements").schema.equals(tables.arrow_schema("statements"))
    assert _rows(out) == _rows(local)
    assert summary.counts["statements"] == 28
