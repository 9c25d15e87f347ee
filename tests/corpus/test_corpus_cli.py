"""The corpus verbs through the real entry point (``dateline.cli.main``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.cli import main

from .builders import shared_path, texts


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for src in texts("data/wire/reuters-21578-train/text", 30):
        (folder / src.name).write_bytes(src.read_bytes())
    # one release twice, at two paths: one cluster of two
    release = texts("data/wire/press-releases-2024/text", 1)[0]
    (folder / "copies").mkdir()
    (folder / release.name).write_bytes(release.read_bytes())
    (folder / "copies" / release.name).write_bytes(release.read_bytes())
    (folder / "broken.bin").write_bytes(b"\x00\x01\x02" * 100)
    path = tmp_path / "cli.db"
    # everything else is stored, but one input failed: the exit status says so
    assert main(["ingest", "--db", str(path), "--no-nlp", "--progress", "never", str(folder)]) == 1
    return path


def test_ingest_summary_and_failures(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["ingest", "--db", str(db), "--no-nlp", "--format", "json", str(db.parent / "in")]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ingested"] == 0 and out["duplicates"] == 32 and out["failed"] == 1
    assert main(["failures", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert text.count("\n") == 1 and "broken.bin: contains NUL bytes" in text


def test_search_table_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["search", "--db", str(db), "shares", "--limit", "3"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("ID") and 1 < len(table) <= 4
    assert main(["search", "--db", str(db), "shares", "--format", "json", "--limit", "3"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all("[" in r["snippet"] for r in rows)


def test_malformed_query_is_one_line_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["search", "--db", str(db), '"unterminated']) == 1
    err = capsys.readouterr().err
    assert err.startswith("dateline search: query: cannot parse the search query") and err.count("\n") == 1


def test_clusters_json_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["clusters", "--db", str(db), "--format", "json"]) == 0
    (cluster,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(cluster) == {"id", "size", "original", "members"} and cluster["size"] == 2
    stem = texts("data/wire/press-releases-2024/text", 1)[0].stem
    assert [m["id"] for m in cluster["members"]] == [stem, stem + "-2"]
    assert {"id", "path", "url", "published"} <= set(cluster["members"][0])
    assert main(["clusters", "--db", str(db), "--id", str(cluster["id"])]) == 0
    assert "original" in capsys.readouterr().out


def test_show_quotes_speakers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stem = texts("data/wire/reuters-21578-train/text", 1)[0].stem
    capsys.readouterr()
    assert main(["show", "--db", str(db), stem, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == stem
    assert main(["show", "--db", str(db), "no-such-doc"]) == 1
    assert "no-such-doc: no such document" in capsys.readouterr().err
    assert main(["quotes", "--db", str(db), "--speaker", "Nobody"]) == 0
    assert capsys.readouterr().out.startswith("PUBLISHED")
    assert main(["quotes", "--db", str(db)]) == 2
    assert main(["speakers", "--db", str(db), "--format", "json"]) == 0


def test_missing_store_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(tmp_path / "none.db"), "x"]) == 1
    assert "none.db: no such store" in capsys.readouterr().err


def test_help_lists_examples(capsys: pytest.CaptureFixture[str]) -> None:
    shared_path("data")
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    assert "examples:" in capsys.readouterr().out


def test_progress_bar_only_when_asked_or_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = shared_path("data", "wire", "reuters-21578-train", "text")
    assert main(["ingest", "--db", str(tmp_path / "p.db"), "--no-nlp", str(folder)]) == 0
    err = capsys.readouterr().err
    assert "doc/s" not in err and "it/s" not in err  # stderr is not a terminal under pytest
    assert err.startswith("failed: ") is False and "ingested 400, duplicates 0, failed 0" in err
    assert (
        main(["ingest", "--db", str(tmp_path / "p.db"), "--no-nlp", "--progress", "always", str(folder)]) == 0
    )
    err = capsys.readouterr().err
    assert "400doc" in err.replace(" ", "") and "ingested 0, duplicates 400, failed 0" in err


def test_ingest_exit_status(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(texts("data/wire/reuters-21578-train/text", 1)[0].read_bytes())
    store = str(tmp_path / "s.db")
    assert main(["ingest", "--db", store, "--no-nlp", "--progress", "never", str(good)]) == 0
    missing = str(tmp_path / "missing.txt")
    assert main(["ingest", "--db", store, "--no-nlp", "--progress", "never", str(good), missing]) == 1


@pytest.mark.model
def test_quotes_by_statement_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "budget.txt"
    story.write_text(
        "Budget talks stall\n\nMayor Lena Ortiz said the budget was fair. Ortiz believes taxes will fall.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "typed.db")
    assert main(["ingest", "--db", db, "--progress", "never", str(story)]) == 0
    capsys.readouterr()
    assert main(["quotes", "--db", db, "--speaker", "Ortiz", "--type", "speech", "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["content"], r["type"]) for r in rows] == [("the budget was fair", "speech")]
    assert main(["quotes", "--db", db, "--speaker", "Ortiz", "--type", "thought"]) == 0
    table = capsys.readouterr().out
    assert "taxes will fall" in table and "thought" in table and "budget was fair" not in table
    with pytest.raises(SystemExit) as exc:
        main(["quotes", "--db", db, "--speaker", "Ortiz", "--type", "gossip"])
    assert exc.value.code == 2


def test_clusters_say_when_the_limit_cut_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16: ``clusters --format json`` stopped at --limit without a word."""
    import hostile

    folder = tmp_path / "in"
    for n in range(3):  # three stories, two copies each: three clusters
        for copy in ("a", "b"):
            (folder / copy).mkdir(parents=True, exist_ok=True)
            story = hostile.GOOD.replace(
                "summit", f"summit number {n} " + " ".join(f"w{n}x{j}" for j in range(40))
            )
            (folder / copy / f"story{n}.txt").write_text(story, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["ingest", "--db", db, "--no-nlp", "--progress", "never", str(folder)]) == 0
    capsys.readouterr()
    assert main(["clusters", "--db", db, "--format", "json", "--limit", "2"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 2
    assert "showing the first 2 clusters; there are more" in out.err
    assert main(["clusters", "--db", db, "--format", "json", "--limit", "0"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 3 and out.err == ""
