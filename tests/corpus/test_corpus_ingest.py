"""Ingest over real inputs: shared texts as files, a feed and a WARC built from them, and bad
inputs of every kind; idempotence, resume after ``kill -9``, parallel workers."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dateline.corpus import Store
from dateline.corpus.ingest import analyze_items, discover, ingest
from dateline.options import Options
from dateline.records import Record

from .builders import atom, html_page, rss, shared_path, split_story, texts, warc

ROOT = Path(__file__).resolve().parents[2]
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://evil.example/1</link><description>&lol9;</description></item>
</channel></rss>
"""


def feed_items(n: int, offset: int = 0) -> list[tuple[str, str, str, list[str]]]:
    out = []
    for i, path in enumerate(texts("data/wire/press-releases-2024/text", n + offset)[offset:]):
        title, paragraphs = split_story(path.read_text(encoding="utf-8"))
        paragraphs = [p for p in paragraphs if not p.startswith(("[", "!", "---"))]
        out.append((f"https://wire.example/releases/{path.stem[:40]}-{i}", "2024-03-08", title, paragraphs))
    return out


def warc_pages(n: int) -> list[tuple[str, str]]:
    pages = []
    for path in texts("data/polnear/dev/text", n):
        title, paragraphs = split_story(path.read_text(encoding="utf-8"))
        pages.append((f"https://news.example/politics/{path.stem}.html", html_page(title, paragraphs)))
    return pages


def test_shared_texts_as_files_and_idempotent_reingest(tmp_path: Path) -> None:
    reuters = shared_path("data", "wire", "reuters-21578-train", "text")
    polnear = shared_path("data", "polnear", "dev", "text")
    errors: list[str] = []
    with Store(tmp_path / "c.db") as store:
        summary = ingest([str(reuters), str(polnear)], store, nlp=False, on_error=errors.append)
        n_files = len(list(reuters.iterdir())) + len(list(polnear.iterdir()))
        assert summary.ingested == n_files == store.count()
        assert summary.failed == 0 and errors == []
        assert summary.sources["text"].ingested == n_files  # both folders are called "text"
        again = ingest([str(reuters)], store, nlp=False)
        assert (again.ingested, again.duplicates, again.failed) == (0, len(list(reuters.iterdir())), 0)
        assert store.count() == n_files
        first = sorted(reuters.iterdir())[0]
        record = store.get(first.stem)
        assert record is not None and record.text == first.read_text(encoding="utf-8")
        assert store.search("Reuters", limit=1)


def test_gold_files_fail_once_with_their_reason(tmp_path: Path) -> None:
    folder = shared_path("data", "wire", "press-releases-2024")
    errors: list[str] = []
    with Store(tmp_path / "c.db") as store:
        summary = ingest([str(folder)], store, nlp=False, on_error=errors.append)
        assert summary.ingested == 600 and summary.failed == 1
        (failure,) = store.failures()
        assert failure.source.endswith("gold.jsonl") and "text" in failure.reason
        assert len(errors) == 1 and errors[0].startswith(str(folder / "gold.jsonl") + ": ")


def test_identical_text_at_two_paths_is_two_documents_in_one_cluster(tmp_path: Path) -> None:
    src = texts("data/wire/press-releases-2024/text", 1)[0]
    for folder in ("site-a", "site-b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / src.name).write_bytes(src.read_bytes())
    with Store(tmp_path / "c.db") as store:
        summary = ingest([str(tmp_path / "site-a"), str(tmp_path / "site-b")], store, nlp=False)
        assert summary.ingested == 2 and store.count() == 2
        (cluster,) = store.clusters()
        assert cluster.size == 2
        assert {m.id for m in cluster.members} == {src.stem, src.stem + "-2"}
        assert {Path(m.path or "").parent.name for m in cluster.members} == {"site-a", "site-b"}


def test_feeds_and_warc_built_from_shared_texts(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_bytes(rss(feed_items(4)))
    (tmp_path / "wire.atom").write_bytes(atom(feed_items(3, offset=4)))
    (tmp_path / "crawl.warc.gz").write_bytes(warc(warc_pages(3)))
    (tmp_path / "plain.warc").write_bytes(warc(warc_pages(2)[1:], gzip=False, extra=False))
    docs = [
        {
            "text": p.read_text(encoding="utf-8"),
            "url": f"https://j.example/{p.stem}",
            "published": "1987-02-26",
        }
        for p in texts("data/wire/reuters-21578-train/text", 3)
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    title, paragraphs = split_story(texts("data/polnear/dev/text", 5)[4].read_text(encoding="utf-8"))
    (tmp_path / "page.html").write_text(html_page(title, paragraphs), encoding="utf-8")
    errors: list[str] = []
    with Store(tmp_path / "c.db") as store:
        summary = ingest([str(tmp_path)], store, nlp=False, source="mixed", on_error=errors.append)
        assert errors == []
        # 4 RSS + 3 Atom entries, 3 + 1 new WARC pages (the second WARC repeats one URL), 3 lines,
        # one HTML file
        assert summary.ingested == 4 + 3 + 3 + 3 + 1 and summary.duplicates == 1
        page = store.get("page")
        assert page is not None and page.format == "html" and page.headline is not None
        assert page.headline.text == title and "<p>" not in page.text
        urls = {h.url for h in store.search(limit=100)}
        assert "https://wire.example/releases/" + feed_items(1)[0][0].rsplit("/", 1)[1] in urls
        page_url = warc_pages(1)[0][0]
        assert page_url in urls
        hit = next(h for h in store.search(limit=100) if h.url == page_url)
        record = store.get(hit.id)
        assert record is not None and record.format == "html" and record.metadata.url == page_url
        assert hit.id == Path(page_url).stem
        entry = next(h for h in store.search(limit=100) if h.url and h.url.startswith("https://wire.example"))
        assert entry.published == "2024-03-08T00:00:00Z"[:10] or entry.published.startswith("2024-03-08")
        jl = next(h for h in store.search(limit=100) if h.url and h.url.startswith("https://j.example"))
        assert jl.published == "1987-02-26"
        again = ingest([str(tmp_path)], store, nlp=False)
        assert again.ingested == 0 and again.duplicates == 15


def test_bad_inputs_each_fail_alone_with_a_reason(tmp_path: Path) -> None:
    good = texts("data/wire/reuters-21578-train/text", 2)
    (tmp_path / "good.txt").write_bytes(good[0].read_bytes())
    pages = warc_pages(3)
    whole = warc(pages)
    (tmp_path / "truncated.warc.gz").write_bytes(whole[: int(len(whole) * 0.8)])
    (tmp_path / "malformed.rss").write_bytes(rss(feed_items(2))[:-40])
    (tmp_path / "laughs.xml").write_bytes(BILLION_LAUGHS)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(512))
    (tmp_path / "random.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 4)
    french = "Le président a déclaré à Montréal: « nous sommes prêts », a-t-il dit. " * 4
    (tmp_path / "latin1.txt").write_bytes(
        (good[1].read_text(encoding="utf-8") + "\n" + french).encode("cp1252")
    )
    (tmp_path / "big.txt").write_bytes(b"word " * 30_000)
    (tmp_path / "empty.md").write_bytes(b"   \n\n")
    (tmp_path / "notgzip.txt.gz").write_bytes(gzip.compress(b"hello world"))
    (tmp_path / "lines.jsonl").write_text(
        '{"text": "One fine story about the harbor and the city council meeting."}\n'
        'not json\n[1, 2]\n{"text": ""}\n',
        encoding="utf-8",
    )
    errors: list[str] = []
    started = time.perf_counter()
    with Store(tmp_path / "c.db") as store:
        summary = ingest(
            [str(tmp_path), str(tmp_path / "missing.txt")],
            store,
            nlp=False,
            options=Options(max_bytes=100_000),
            on_error=errors.append,
        )
        elapsed = time.perf_counter() - started
        reasons = {
            Path(f.source.split(":")[0] if f.source.count(":") == 1 else f.source).name: f.reason
            for f in store.failures()
        }
        # stored: good.txt, latin1.txt (decoded with a warning), 2 WARC pages before the cut, 1 JSON line
        assert summary.ingested == store.count() == 5, (summary.as_dict(), errors)
        keys = {f.key for f in store.failures()}
        assert str((tmp_path / "truncated.warc.gz").resolve()) in keys  # the archive, once
        assert str((tmp_path / "laughs.xml").resolve()) in keys
        latin = store.get("latin1")
        assert latin is not None and any(w.code == "encoding" for w in latin.warnings)
    assert elapsed < 60  # the billion-laughs feed was not expanded
    text = "\n".join(errors)
    assert "truncated.warc.gz: truncated or corrupt" in text
    assert "malformed.rss: malformed feed XML" in text
    assert "laughs.xml: feed declares XML entities" in text
    assert "image.png: is a PNG image" in text
    assert "random.bin:" in text and "garbage.txt:" in text
    assert "big.txt: 150,000 bytes is over the 100,000-byte limit" in text
    assert "empty.md: is empty" in text
    assert "notgzip.txt.gz: is gzip-compressed data" in text
    assert "lines.jsonl:2: line is not JSON" in text and "lines.jsonl:3: line is a JSON list" in text
    assert "lines.jsonl:4:" in text
    assert "missing.txt: no such file or folder" in text
    assert all(line.count("\n") == 0 for line in errors)
    assert summary.failed == len(errors) == 13
    assert "laughs.xml" in reasons and "truncated.warc.gz" in reasons


def test_stdin(tmp_path: Path) -> None:
    src = texts("data/wire/reuters-21578-train/text", 1)[0]
    cmd = [
        sys.executable,
        "-m",
        "dateline",
        "ingest",
        "--db",
        str(tmp_path / "s.db"),
        "--no-nlp",
        "--format",
        "json",
        "-",
    ]
    out = subprocess.run(cmd, input=src.read_bytes(), capture_output=True, cwd=ROOT, timeout=120, check=True)
    summary = json.loads(out.stdout)
    assert summary["ingested"] == 1 and summary["sources"] == {
        "stdin": {"ingested": 1, "duplicates": 0, "failed": 0}
    }
    again = subprocess.run(
        cmd, input=src.read_bytes(), capture_output=True, cwd=ROOT, timeout=120, check=True
    )
    assert json.loads(again.stdout)["duplicates"] == 1


def test_discover_keys_are_stable(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hello there, this is a story.", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.txt").write_text("Hidden story.", encoding="utf-8")
    items = list(discover([str(tmp_path)]))
    assert [i.key for i in items] == [str((tmp_path / "a.txt").resolve())]
    assert items[0].source == tmp_path.name and items[0].input is not None and items[0].input.id == "a"


def test_kill_9_then_rerun_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    """A real ``dateline ingest`` process killed with SIGKILL mid-run, then run again."""
    folders = [
        shared_path("data", "wire", "press-releases-2024", "text"),
        shared_path("data", "wire", "reuters-21578-train", "text"),
        shared_path("data", "polnear", "train", "text"),
    ]
    expected = sum(len(list(f.iterdir())) for f in folders)
    db = tmp_path / "k.db"
    cmd = [
        sys.executable,
        "-m",
        "dateline",
        "ingest",
        "--db",
        str(db),
        "--no-nlp",
        "--progress",
        "never",
        *map(str, folders),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= 200:
                break
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:
        before = store.count()
    assert 200 <= before < expected
    rerun = subprocess.run(
        [*cmd[:-3], "--format", "json", *cmd[-3:]], cwd=ROOT, capture_output=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    summary = json.loads(rerun.stdout)
    assert summary["duplicates"] == before and summary["ingested"] == expected - before
    with Store(db) as store:
        assert store.count() == expected
        conn = store.conn
        assert conn.execute("SELECT count(DISTINCT key) FROM documents").fetchone()[0] == expected
        assert conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == expected
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_parallel_workers_store_the_same_documents(tmp_path: Path) -> None:
    folder = shared_path("data", "wire", "reuters-21578-train", "text")
    with Store(tmp_path / "one.db") as one:
        ingest([str(folder)], one, nlp=False, workers=1)
        serial = {h.id: h.headline for h in one.search(limit=1000)}
    with Store(tmp_path / "two.db") as two:
        summary = ingest([str(folder)], two, nlp=False, workers=2)
        parallel = {h.id: h.headline for h in two.search(limit=1000)}
    assert summary.ingested == 400 and parallel == serial


@pytest.mark.model
def test_ingest_with_nlp_finds_speakers(tmp_path: Path) -> None:
    seed = shared_path("seed", "cctv-xi-letter-prnewswire.txt")
    dev = texts("data/polnear/dev/text", 6)
    with Store(tmp_path / "n.db") as store:
        summary = ingest([str(seed), *map(str, dev)], store, workers=2)
        assert summary.ingested == 7 and summary.failed == 0
        quotes = store.quotes("Xi")
        assert quotes and all(q.speaker == "Xi Jinping" for q in quotes)
        assert [h.id for h in store.search("human rights", speaker="Xi")] == ["cctv-xi-letter-prnewswire"]
        assert store.speakers(top=50)


def crashing_runner(items: list[Any]) -> list[Any]:
    """Runs in a worker process: dies outright on a document asking for it."""
    from dateline.corpus import ingest as ingest_module

    if any("CRASH-THIS-WORKER" in i.text for i in items):
        os._exit(3)
    return ingest_module._run_in_process(items)


def test_a_dying_worker_costs_only_its_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for src in texts("data/wire/reuters-21578-train/text", 30):
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "reuters-0000-crash.txt").write_text(
        "A story that CRASH-THIS-WORKER kills.\n", encoding="utf-8"
    )
    items = list(discover([str(folder)]))
    got = list(analyze_items(items, options=Options(), nlp=False, workers=2, chunk=4, runner=crashing_runner))
    assert [i.key for i, _ in got] == [i.key for i in items]
    failed = [(i, r) for i, r in got if not isinstance(r, Record)]
    assert len(failed) == 1 and failed[0][0].key.endswith("reuters-0000-crash.txt")
    assert "analysis process died on this document" in str(failed[0][1])
    assert sum(isinstance(r, Record) for _, r in got) == 30
