"""Input expansion (manifests, folders) and reading units, without the model."""

from __future__ import annotations

import gzip
from html import escape
from pathlib import Path

from batch_inputs import POLNEAR_DEV, REUTERS, first, truncate, write_jsonl, write_warc

from dateline.batch.units import Unit, expand, read_unit
from dateline.errors import DatelineError
from dateline.options import Options
from dateline.readers import Input


def _texts(n: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in first(POLNEAR_DEV, n)]


def test_manifest_relative_and_absolute_paths_comments_and_missing_entries(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    warc = write_warc(tmp_path / "crawl" / "a.warc.gz", _texts(2), extras=False)
    jsonl = write_jsonl(tmp_path / "b.jsonl", [{"text": "x"}], bad_lines=False)
    manifest = tmp_path / "warc.paths"
    manifest.write_text(f"# a comment\ncrawl/a.warc.gz\n\n{jsonl}\ncrawl/missing.warc.gz\n")
    units, failures = expand([str(manifest)])
    assert [(u.path, u.kind, u.index) for u in units] == [(str(warc), "warc", 0), (str(jsonl), "jsonl", 1)]
    assert len(failures) == 1
    container, position, source, stage, error, message = failures[0].values
    assert (container, position) == (source, None)
    assert source == str(tmp_path / "crawl" / "missing.warc.gz")
    assert (stage, error) == ("read", "MissingInput")
    assert str(manifest) in message


def test_gzipped_manifest_folders_and_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for p in first(REUTERS, 3):
        (folder / p.name).write_bytes(p.read_bytes())
    manifest = tmp_path / "list.paths.gz"
    manifest.write_bytes(gzip.compress(b"texts\n"))
    units, failures = expand([str(manifest), str(folder), str(tmp_path / "nope.txt")])
    assert [Path(u.path).name for u in units] == sorted(p.name for p in first(REUTERS, 3))
    assert {u.kind for u in units} == {"file"}
    assert [f.values[4] for f in failures] == ["MissingInput"]


def test_unreadable_manifest_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    manifest = tmp_path / "broken.paths.gz"
    manifest.write_bytes(b"\x1f\x8b\x08\x00garbage")
    units, failures = expand([str(manifest)])
    assert units == []
    assert failures[0].values[2] == str(manifest)
    assert "cannot read manifest" in failures[0].values[5]


def test_read_warc_positions_skip_non_pages_and_fail_binary_page(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", _texts(3))
    items = list(read_unit(Unit(str(warc), "warc"), Options()))
    pages = [(pos, i) for pos, i in items if isinstance(i, Input)]
    errors = [(pos, e) for pos, e in items if isinstance(e, DatelineError)]
    assert [i.metadata.url for _, i in pages] == [f"https://news.example/story-{n}" for n in range(3)]
    assert all(i.format == "html" for _, i in pages)
    assert len(errors) == 1 and errors[0][1].source == "https://news.example/broken"
    assert [pos for pos, _ in items] == list(range(len(items)))


def test_truncated_warc_yields_whole_pages_then_one_failure(tmp_path: Path) -> None:
    texts = _texts(6)
    warc = write_warc(tmp_path / "a.warc.gz", texts, extras=False)
    cut = truncate(warc, tmp_path / "cut.warc.gz", 0.6)
    items = list(read_unit(Unit(str(cut), "warc"), Options()))
    pages = [i for _, i in items if isinstance(i, Input)]
    errors = [e for _, e in items if isinstance(e, DatelineError)]
    assert 1 <= len(pages) < 6
    # every page analyzed is whole (the cut one is not among them): its last paragraph is in it
    for n, page in enumerate(pages):
        last = [p for p in texts[n].split("\n") if p.strip()][-1]
        assert escape(last)[:40] in page.text
    [error] = errors
    assert error.source == str(cut) and "truncated or corrupt" in error.message
    assert [pos for pos, _ in items] == list(range(len(items)))


def test_corrupt_and_foreign_warc_files_fail_with_their_reason(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", _texts(6), extras=False)
    data = bytearray(warc.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 40] = bytes(40)
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(bytes(data))
    items = list(read_unit(Unit(str(bad), "warc"), Options()))
    errors = [e for _, e in items if isinstance(e, DatelineError)]
    # The archive's bytes change from run to run (random record ids, timestamps), so the 40 zeroed
    # bytes land on other structures: a record whose header they hit is a failure of its own
    # (named by its URI) before the archive's, which always ends the unit, naming the file.
    assert errors and errors[-1].source == str(bad) and "corrupt" in errors[-1].message
    assert all(e.source != str(bad) and "record" in e.message for e in errors[:-1]), errors
    assert sum(isinstance(i, Input) for _, i in items) >= 1
    foreign = tmp_path / "notes.warc"
    foreign.write_text("hello world, not an archive\n")
    [(pos, err)] = list(read_unit(Unit(str(foreign), "warc"), Options()))
    assert pos == 0
    assert isinstance(err, DatelineError) and "not a WARC file" in err.message


def test_jsonl_plain_and_gzipped_with_bad_lines(tmp_path: Path) -> None:
    docs = [{"text": p.read_text(encoding="utf-8"), "id": p.stem} for p in first(REUTERS, 2)]
    for name, gz in (("a.jsonl", False), ("a.jsonl.gz", True)):
        path = write_jsonl(tmp_path / name, docs, gz=gz)
        items = list(read_unit(Unit(str(path), "jsonl"), Options()))
        good = [i.id for _, i in items if isinstance(i, Input)]
        bad = [e for _, e in items if isinstance(e, DatelineError)]
        assert good == [d["id"] for d in docs]
        assert len(bad) == 2
        assert any("not JSON" in e.message for e in bad)


def test_one_document_file_errors_are_items(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    [(pos, item)] = list(read_unit(Unit(str(empty), "file"), Options()))
    assert pos is None
    assert isinstance(item, DatelineError) and item.source == str(empty)


def test_folders_skip_fifos_loops_and_links_out_with_a_reason(tmp_path: Path) -> None:
    import hostile

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(hostile.GOOD, encoding="utf-8")
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    hostile.link_out(docs, secret)
    hostile.symlink_loop(docs)
    hostile.fifo(docs)
    units, failures = expand([str(docs)])
    assert [Path(u.path).name for u in units] == ["good.txt"]
    reasons = {Path(f.values[0]).name: f.values[5] for f in failures}
    assert set(reasons) == {"loop", "pipe.txt", "secret.txt"}
    assert "FIFO" in reasons["pipe.txt"] and "outside the folder" in reasons["secret.txt"]
