"""The local engine's fault handling, with a stand-in analysis (no model): a partition that dies
is retried file by file and only the file that fails again is lost, as a failure row; a model
error stops the batch and leaves the previous output alone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from dateline.batch import local, read_table, run, tables
from dateline.batch.units import Unit
from dateline.errors import ModelError
from dateline.options import Options
from dateline.records import Record


def _fake(units: Iterable[Unit], options: Options) -> Iterator[tables.Row]:
    for unit in units:
        if unit.path.endswith("poison.txt"):
            raise MemoryError("the analysis ran out of memory")
        text = Path(unit.path).read_text()
        yield from tables.record_rows(
            Record(text=text, id=Path(unit.path).stem, body_text=text), unit.path, None, unit.index
        )


def _files(tmp_path: Path, names: list[str]) -> list[str]:
    out = []
    for i, name in enumerate(names):
        p = tmp_path / name
        p.write_text(f"Story {i}: the council met on Tuesday and voted on budget item number {i} today.")
        out.append(str(p))
    return out


def test_a_dying_partition_is_retried_file_by_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "analyze_units", _fake)
    paths = _files(tmp_path, ["a.txt", "b.txt", "poison.txt", "c.txt", "d.txt"])
    summary = run(paths, tmp_path / "out", workers=1, partitions=2)
    docs = read_table(tmp_path / "out", "documents").to_pylist()
    assert sorted(d["id"] for d in docs) == ["a", "b", "c", "d"]  # nothing lost, nothing twice
    [failure] = read_table(tmp_path / "out", "failures").to_pylist()
    assert failure["container"].endswith("poison.txt") and failure["stage"] == "analyze"
    assert failure["message"] == "analysis failed: MemoryError: the analysis ran out of memory"
    assert summary.counts["documents"] == 4 and summary.counts["failures"] == 1


def test_a_model_error_stops_the_batch_and_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "analyze_units", _fake)
    paths = _files(tmp_path, ["a.txt", "b.txt"])
    run(paths, tmp_path / "out", workers=1)

    def broken(units: Iterable[Unit], options: Options) -> Iterator[tables.Row]:
        raise ModelError("the attribution model is missing", "dateline/data/attribution")
        yield  # pragma: no cover

    monkeypatch.setattr(local, "analyze_units", broken)
    with pytest.raises(ModelError):
        run(paths[:1], tmp_path / "out", workers=1)
    assert len(read_table(tmp_path / "out", "documents")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "out"]
