"""``dateline statements`` and the provenance of ``dateline show``, through ``dateline.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.corpus import Store

from .statement_records import QUOTES, record


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "st.db"
    with Store(path) as store:
        store.add(record("original", QUOTES), source="wire", published="2021-12-08", key="o")
        store.add(record("copy", QUOTES[:2]), source="site", published="2021-12-09", key="c1")
        altered = QUOTES[0].replace("18 percent", "81 percent")
        store.add(record("altered", [altered]), source="site", published="2021-12-10", key="c2")
    return path


def test_statements_json_lines_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statements", "--db", str(db), "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2
    water = rows[0]
    assert set(water) >= {"id", "speaker", "text", "first_seen", "occurrences"}
    assert water["speaker"] == "Jane Smith"
    assert water["first_seen"] == {"document": "original", "published": "2021-12-08"}
    occ = water["occurrences"][-1]
    assert {k: occ[k] for k in ("document", "published", "site", "attribution", "kind")} == {
        "document": "altered",
        "published": "2021-12-10",
        "site": None,
        "attribution": 0,
        "kind": "altered",
    }
    assert occ["changes"] == [{"op": "replace", "canonical": "18", "variant": "81"}]


def test_statements_filters_and_table(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statements", "--db", str(db), "--altered"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["ID", "DOCS", "ALTERED", "FIRST"]
    assert len(out) == 2 and "water" in out[1]
    assert (
        main(["statements", "--db", str(db), "--speaker", "Smith", "--since", "2021-12-09", "-f", "json"])
        == 0
    )
    assert capsys.readouterr().out == ""
    sid = json.loads(
        (main(["statements", "--db", str(db), "-f", "json", "--limit", "1"]), capsys.readouterr().out)[1]
    )["id"]
    assert main(["statements", "--db", str(db), "--id", sid]) == 0
    text = capsys.readouterr().out
    assert "first" in text and "replace '18' -> '81'" in text


def test_statements_bad_input_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statements", "--db", str(db), "--id", "999"]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "dateline statements: no statement 999 (list them with `dateline statements`)"
    )
    assert main(["statements", "--db", str(db), "--since", "last week"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "since must be a date" in err[0]
    assert main(["statements", "--db", str(db.parent / "none.db")]) == 1
    assert "no such store" in capsys.readouterr().err


def test_show_prints_where_a_document_came_from(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--db", str(db), "copy"]) == 0
    out = capsys.readouterr().out
    assert "Where this came from" in out
    assert "statements that ran earlier (2)" in out
    assert "first seen in original (2021-12-08); here verbatim" in out
    assert main(["show", "--db", str(db), "original"]) == 0
    assert "statements that ran earlier: none" in capsys.readouterr().out
