"""Both engines over a WARC, a truncated WARC, JSON Lines and a text file built from the shared
texts: the Spark engine (``local[2]``) writes the local engine's tables row for row; clusters are
the single-machine clusters; reuse is the single-machine reuse (stories taking paragraphs from a
release listed after them but published before them, and a site's boilerplate line); bad records
are failure rows; reruns replace the output whole; the result loads into the store. About twenty
documents, so the module takes a minute or two."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from batch_inputs import (
    NEWSLETTER,
    POLNEAR_DEV,
    RELEASES,
    REUTERS,
    copy_of,
    first,
    paragraphs,
    truncate,
    write_jsonl,
    write_warc,
)

from dateline.batch import read_table, run, tables
from dateline.batch.load import load
from dateline.cli import main
from dateline.corpus import syndication
from dateline.corpus.store import Store
from dateline.errors import DatelineError
from dateline.options import Options

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("inputs")
    (root / "crawl").mkdir()
    politics = [p.read_text(encoding="utf-8") for p in first(POLNEAR_DEV, 8)]
    write_warc(root / "crawl" / "news.warc.gz", politics[:5])
    whole = write_warc(root / "whole.warc.gz", politics[5:8], extras=False, site="other.example")
    truncate(whole, root / "crawl" / "cut.warc.gz", 0.75)
    wire = [p for p in first(REUTERS, 4)]
    items = [
        {"text": p.read_text(encoding="utf-8"), "id": p.stem, "url": f"https://wire.example/{p.stem}"}
        for p in wire
    ]
    items[0]["published"] = "1987-03-26"
    items.append({"text": copy_of(items[0]["text"]), "id": "copy-early", "published": "1987-03-27T10:00:00Z"})
    items.append({"text": copy_of(items[1]["text"]), "id": "copy-undated"})
    write_jsonl(root / "wire.jsonl", items)
    release = first(RELEASES, 1, "*.md")[0]
    shutil.copy(release, root / release.name)
    manifest = root / "crawl.paths"
    manifest.write_text("crawl/news.warc.gz\ncrawl/cut.warc.gz\ncrawl/never-fetched.warc.gz\n")
    write_jsonl(root / "reuse.jsonl", _reuse_items(), bad_lines=False)
    return [str(manifest), str(root / "wire.jsonl"), str(root / release.name), str(root / "reuse.jsonl")]


def _reuse_items() -> list[dict[str, str]]:
    """Three stories on one site, each ending with its newsletter line (the site's boilerplate),
    two of them taking paragraphs from a release that is listed after them but published before
    them (and the second one a paragraph that the first took too), and a story on another site
    that prints the newsletter line once."""
    path = first(RELEASES, 2, "*.md")[1]
    rel = paragraphs(path.read_text(encoding="utf-8"))
    own = [paragraphs(p.read_text(encoding="utf-8")) for p in first(POLNEAR_DEV, 12)[8:]]
    paper = "https://paper.example/"

    def story(doc_id: str, paras: list[str], published: str | None, url: str) -> dict[str, str]:
        item = {"id": doc_id, "text": "\n\n".join([f"A story headline for {doc_id}", *paras]), "url": url}
        return {**item, "published": published} if published else item

    return [
        story("story-1", [*own[1][2:5], rel[0], rel[1], own[1][5], NEWSLETTER], "2024-03-12", f"{paper}1"),
        story("story-2", [rel[2], own[0][1], rel[1], own[0][2], NEWSLETTER], "2024-03-13", f"{paper}2"),
        story("story-3", [own[2][0], own[2][1], NEWSLETTER], None, f"{paper}3"),
        story("other-site", [own[3][0], own[3][1], NEWSLETTER], "2024-03-14", "https://other.example/1"),
        {"id": "release", "text": path.read_text(encoding="utf-8"), "published": "2024-03-10",
         "url": "https://wire.example/release"},
    ]  # fmt: skip


@pytest.fixture(scope="module")
def local_out(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    summary = run(inputs, out, engine="local", workers=2, partitions=3)
    assert summary.partitions == 3
    return out


def _rows(out: Path, table: str) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in read_table(out, table).to_pylist())


def _table(out: Path, table: str) -> list[dict[str, Any]]:
    return list(read_table(out, table).to_pylist())


def test_local_engine_tables(local_out: Path, inputs: list[str]) -> None:
    docs = _table(local_out, "documents")
    assert len(docs) == 5 + 2 + 6 + 1 + 5  # pages, whole pages before the cut, JSON lines, the release, reuse
    assert len({d["doc_id"] for d in docs}) == len(docs)
    assert {d["format"] for d in docs} == {"html", "text", "markdown"}
    assert all(d["text"] and tables.record_from_row(d["text"], d["record"]).text == d["text"] for d in docs)
    for table in tables.OUTPUT_TABLES:
        assert read_table(local_out, table).schema.equals(tables.arrow_schema(table))
    assert _table(local_out, "entities") and _table(local_out, "mentions")
    attributions = _table(local_out, "attributions")
    assert attributions and all(a["content_text"] for a in attributions)
    by_id = {d["doc_id"]: d["text"] for d in docs}
    for m in _table(local_out, "mentions"):
        assert by_id[m["doc_id"]][m["start_char"] : m["end_char"]] == m["text"]
    batch = json.loads((local_out / "_batch.json").read_text())
    assert (
        batch["engine"] == "local" and batch["parameters"]["syndication"]["num_perm"] == syndication.NUM_PERM
    )


def test_bad_records_are_failure_rows_with_their_reason(local_out: Path) -> None:
    failures = _table(local_out, "failures")
    reasons = {(Path(f["container"]).name, f["error"], f["message"].split(":")[0]) for f in failures}
    assert ("news.warc.gz", "BinaryInput", "is a PNG image, not text") in reasons  # the broken page
    assert any(
        Path(f["container"]).name == "cut.warc.gz"
        and f["error"] == "WarcError"
        and "truncated" in f["message"]
        for f in failures
    )
    [missing] = [f for f in failures if f["error"] == "MissingInput"]
    assert Path(missing["source"]).name == "never-fetched.warc.gz"
    assert missing["message"].startswith("no such file (listed in ") and "crawl.paths" in missing["message"]
    assert sum(f["error"] == "JsonlError" for f in failures) == 2  # a line that is not JSON, a blank text
    assert all(f["message"] and f["source"] for f in failures)


def test_clusters_are_the_single_machine_clusters(local_out: Path, inputs: list[str]) -> None:
    docs = _table(local_out, "documents")
    order = {c: i for i, c in enumerate(sorted({d["container"] for d in docs}, key=_input_rank(inputs)))}
    docs.sort(key=lambda d: (order[d["container"]], d["position"] if d["position"] is not None else -1))
    expected = syndication.cluster(
        (d["doc_id"], json.loads(d["record"])["body_text"], d["published"]) for d in docs
    )
    rows = _table(local_out, "clusters")
    found: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        found.setdefault(r["cluster_id"], []).append(r)
    assert len(expected) >= 2
    assert {c.original: set(c.members) for c in expected} == {
        k: {r["doc_id"] for r in v} for k, v in found.items()
    }
    for members in found.values():
        [original] = [r for r in members if r["original"]]
        assert original["doc_id"] == original["cluster_id"] and all(
            r["size"] == len(members) for r in members
        )
    ids = {r["id"] for r in rows}
    assert {"copy-early", "copy-undated"} <= ids


def _input_rank(inputs: list[str]) -> Any:
    def rank(container: str) -> tuple[int, str]:
        name = Path(container).name
        for i, path in enumerate(inputs):
            if Path(path).name == name:
                return (i + 1, name)
        return (0, name)  # manifest entries come first, in the manifest's order

    return rank


@pytest.mark.spark
def test_spark_engine_writes_the_local_engines_tables(
    local_out: Path, inputs: list[str], tmp_path: Path
) -> None:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on this machine (.ci/run installs default-jre-headless)")
    out = tmp_path / "spark out [local-2]"  # spaces and glob characters in the path
    summary = run(inputs, out, engine="spark", master="local[2]", partitions=3)
    assert summary.engine == "spark" and summary.parameters["master"] == "local[2]"
    for table in tables.OUTPUT_TABLES:
        assert read_table(out, table).schema.equals(tables.arrow_schema(table))
        assert _rows(out, table) == _rows(local_out, table), table
    assert summary.counts == {t: read_table(local_out, t).num_rows for t in summary.counts}


def test_rerun_replaces_the_output_whole_and_a_failed_run_leaves_it(
    local_out: Path, inputs: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(local_out, out)
    (out / "documents" / "stale.parquet").write_bytes(b"left from an older run")
    with pytest.raises(DatelineError):
        run([inputs[2]], out, engine="local", workers=1, options=Options(model="no_such_spacy_model"))
    assert _rows(out, "clusters") == _rows(local_out, "clusters")  # the old result, untouched
    run([inputs[2]], out, engine="local", workers=1)
    [doc] = _table(out, "documents")
    assert doc["format"] == "markdown" and not (out / "documents" / "stale.parquet").exists()
    assert _table(out, "clusters") == [] and _table(out, "failures") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folders left


def test_load_into_the_store_for_search_and_quotes(local_out: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    first_load = load(local_out, db)
    docs = _table(local_out, "documents")
    assert first_load.loaded == len(docs) and first_load.failed == 0
    assert first_load.failures == len(_table(local_out, "failures"))
    again = load(local_out, db)
    assert again.loaded == 0 and again.duplicates == len(docs)
    speaker = next(a["speaker"] for a in _table(local_out, "attributions") if a["speaker_entity_id"])
    with Store(db) as store:
        assert store.count() == len(docs)
        assert store.search("Reuters OR Clinton OR Trump")
        assert store.quotes(speaker=speaker)
        copies = {m.id for c in store.clusters() for m in c.members}
        assert {"copy-early", "copy-undated"} <= copies
        assert len(store.failures()) >= 5


def test_cli_batch_and_load_through_the_entry_point(
    inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    assert main(["batch", inputs[1], "--out", str(out), "--workers", "1"]) == 1  # two bad lines
    err = capsys.readouterr().err
    assert "6 documents" in err and "2 failures" in err
    assert main(["load", str(out), "--db", str(tmp_path / "x.db")]) == 0
    assert "6 loaded" in capsys.readouterr().err
    assert main(["batch", inputs[1], "--out", str(out), "--master", "local[1]"]) == 2
    assert "--master needs --engine spark" in capsys.readouterr().err
    assert main(["load", str(tmp_path), "--db", str(tmp_path / "x.db")]) == 1
    assert "is not a batch result" in capsys.readouterr().err


def test_duckdb_queries_of_the_docs_run_on_a_batch_result(local_out: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is in the dev extra")
    page = (Path(__file__).resolve().parents[2] / "docs" / "duckdb.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", page, re.S)
    assert len(blocks) >= 8
    con = duckdb.connect()
    results = []
    for block in blocks:
        rel = con.sql(block.replace("'out/", f"'{local_out}/"))
        results.append(rel.fetchall() if rel is not None else None)
    speakers, clusters, failures = results[1], results[6], results[7]
    assert speakers and all(n >= 1 for _, n, _ in speakers)
    assert clusters and clusters[0][1] >= 2
    assert {r[1] for r in failures} >= {"BinaryInput", "WarcError", "MissingInput", "JsonlError"}
    # Python offsets are DuckDB character positions minus one, for every mention
    wrong = con.sql(
        "SELECT count(*) FROM mentions m JOIN documents d USING (doc_id) "
        "WHERE substring(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.text"
    ).fetchall()
    assert wrong == [(0,)]


def test_reuse_is_the_single_machine_reuse(local_out: Path, inputs: list[str]) -> None:
    """The ``reuse`` table holds what :func:`dateline.corpus.reuse.find` finds over the same
    documents in the clusters' order; the syndicated copies reuse their originals wholly."""
    from dateline.corpus import reuse

    docs = _table(local_out, "documents")
    order = {c: i for i, c in enumerate(sorted({d["container"] for d in docs}, key=_input_rank(inputs)))}
    docs.sort(
        key=lambda d: (
            d["published"] is None,
            d["published"] or "",
            order[d["container"]],
            d["position"] if d["position"] is not None else -1,
        )
    )
    given = []
    for d in docs:
        record = tables.record_from_row(d["text"], d["record"])
        given.append(
            {
                "id": d["doc_id"], "text": record.text,
                "spans": reuse.body_spans(record.paragraphs, record.text),
                "published": d["published"], "url": record.metadata.url,
                "distributor": record.dateline.distributor if record.dateline else None,
                "credit": record.credit.name if record.credit else None,
            }
        )  # fmt: skip
    expected = {(r.id, s.id): (r.label, s.reused_fraction) for r in reuse.find(given) for s in r.sources}
    rows = _table(local_out, "reuse")
    assert {(r["doc_id"], r["source_doc_id"]): (r["label"], r["source_fraction"]) for r in rows} == expected
    copies = {r["id"]: r for r in rows if r["id"] in {"copy-early", "copy-undated"}}
    assert set(copies) == {"copy-early", "copy-undated"}
    # (the copies' site footer is not boilerplate the wire parser knows: 0.86 of a copy is reused)
    assert all(r["label"] == "wholly" and r["source_fraction"] >= 0.8 for r in copies.values())
    # the release is listed after the stories but published before them: their source, not theirs
    pairs = {(r["id"], r["source_id"]): r for r in rows}
    assert {("story-1", "release"), ("story-2", "release"), ("story-2", "story-1")} <= set(pairs)
    assert pairs["story-1", "release"]["label"] == "partially"
    assert not {"release", "story-3", "other-site"} & {r["id"] for r in rows}
    by_id = {d["doc_id"]: d["text"] for d in docs}
    # the newsletter line is paper.example's boilerplate (three stories): never a passage there,
    # so the other site's single copy of it has no source
    for r in rows:
        assert all(NEWSLETTER not in by_id[r["doc_id"]][a:b] for a, b, *_ in json.loads(r["passages"]))
    for r in rows:
        for start, end, s0, s1, kind in json.loads(r["passages"]):
            assert (
                by_id[r["doc_id"]][start:end]
                and by_id[r["source_doc_id"]][s0:s1]
                and kind in ("verbatim", "rewritten")
            )
