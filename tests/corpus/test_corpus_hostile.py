"""Hostile files and folders through ``ingest`` (issue 16): each is a recorded failure with its
reason, nothing blocks, nothing outside an ingested folder is read, memory stays bounded."""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
from pathlib import Path

import hostile
from dateline.corpus import Store
from dateline.corpus.ingest import discover, ingest
from dateline.options import Options
from dateline.readers import Input
from dateline.readers.warc import read_warc

ROOT = Path(__file__).resolve().parents[2]


def failures(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return {Path(f.key).name: f.reason for f in store.failures()}


def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "good.txt").write_text(hostile.GOOD, encoding="utf-8")
    (docs / "sub" / "also.txt").write_text(hostile.GOOD.replace("summit", "forum"), encoding="utf-8")
    return docs


def test_links_loops_and_fifos_are_recorded_not_followed(tmp_path: Path) -> None:
    docs = folder(tmp_path)
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    hostile.link_out(docs, secret)
    hostile.symlink_loop(docs)
    hostile.fifo(docs)
    (docs / "inside.txt").symlink_to(docs / "good.txt")  # a link within the folder is read
    (docs / "up").symlink_to(tmp_path, target_is_directory=True)
    db = tmp_path / "s.db"
    with Store(db) as store:
        summary = ingest([str(docs)], store, nlp=False)
        texts = [store.get(d.id).text for d in store.search(None, limit=10)]  # type: ignore[union-attr]
    assert summary.ingested == 2 and summary.duplicates == 1 and summary.failed == 4
    assert not any("root:x" in t for t in texts)
    reasons = failures(db)
    assert "outside the folder: not followed (--follow-links reads such links)" in reasons["secret.txt"]
    assert "is a broken link or a link loop" in reasons["loop"]
    assert "is a FIFO (named pipe), not a regular file: skipped" in reasons["pipe.txt"]
    assert "is a link to a folder: not followed" in reasons["up"]


def test_follow_links_reads_links_out_of_the_folder(tmp_path: Path) -> None:
    docs = folder(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text(hostile.GOOD.replace("summit", "conference"), encoding="utf-8")
    hostile.link_out(docs, outside)
    items = list(discover([str(docs)], follow_links=True))
    assert [i.error for i in items] == [None, None, None]
    assert any("conference" in i.input.text for i in items if i.input)


def test_a_fifo_in_a_folder_never_blocks_the_cli(tmp_path: Path) -> None:
    docs = folder(tmp_path)
    hostile.fifo(docs)
    hostile.symlink_loop(docs)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dateline",
            "ingest",
            "--db",
            str(tmp_path / "c.db"),
            "--no-nlp",
            "--progress",
            "never",
            str(docs),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err and "pipe.txt: is a FIFO" in err and "loop: is a broken link" in err


def test_a_deeply_nested_json_line_is_recorded_and_the_rest_ingested(tmp_path: Path) -> None:
    data = tmp_path / "docs.jsonl"
    data.write_bytes(
        hostile.jsonl({"text": hostile.GOOD}, hostile.deep_json(100_000), {"text": "Second\n\nBody."})
    )
    db = tmp_path / "s.db"
    with Store(db) as store:
        first = ingest([str(data)], store, nlp=False)
        again = ingest([str(data)], store, nlp=False)
    assert (first.ingested, first.failed) == (2, 1)
    assert (again.ingested, again.duplicates, again.failed) == (0, 2, 1)
    assert failures(db)["docs.jsonl:2"].endswith(
        "line is nested too deeply to be a document (JSON arrays or objects)"
    )


def test_a_giant_warc_header_line_is_read_in_bounded_memory() -> None:
    data = hostile.warc_long_header(16 * 1024 * 1024)
    tracemalloc.start()
    try:
        got = list(read_warc(io.BytesIO(data), "long.warc"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, peak  # the whole line (16 MB) was held before
    assert got and not any(isinstance(g, Input) for g in got)
    assert all("\n" not in str(g) and len(str(g)) < 400 for g in got)
    assert "no valid WARC-Type" in str(got[0]) or "over 65,536 bytes" in str(got[0])


def test_every_warc_record_without_a_document_is_a_failure(tmp_path: Path) -> None:
    lying = tmp_path / "lying.warc"
    lying.write_bytes(hostile.warc_lying_length() + hostile.warc_long_header(200_000))
    db = tmp_path / "s.db"
    with Store(db) as store:
        summary = ingest([str(lying)], store, nlp=False)
    assert summary.ingested == 0 and summary.failed >= 2
    reasons = list(failures(db).values())
    assert all("\n" not in r and "at byte -" not in r for r in reasons)


def test_an_overflowing_feed_date_is_stored(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_bytes(
        hostile.jsonl(
            *(
                {"text": hostile.GOOD, "url": f"https://e.example/{i}", "published": p}
                for i, p in enumerate(hostile.overflow_dates())
            )
        )
    )
    with Store(tmp_path / "s.db") as store:
        summary = ingest([str(data)], store, options=Options(), nlp=False)
    assert (summary.ingested, summary.failed) == (2, 0)
