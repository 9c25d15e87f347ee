"""``dateline.evaluate`` against the reference scorer, the breakdown, and ``dateline eval``."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.cli import main
from dateline.errors import EmptyInput, InputError, MissingInput, ModelError, NotAFile
from dateline.evaluate import (
    cue_lemma,
    evaluate_attributions,
    find_gold,
    predict,
    score,
    source_type,
)
from dateline.records import Attribution, Content, Record, Span

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SCORER = SHARED / "tools" / "score_attributions.py"
POLNEAR = SHARED / "data" / "polnear"
DEV = POLNEAR / "dev"


def reference(gold: Path, pred: Path) -> dict[str, Any]:
    """What ``shared/tools/score_attributions.py GOLD PRED --json`` prints."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def assert_agrees(mine: dict[str, Any], ref: dict[str, Any]) -> None:
    """Same counts, and every P/R/F1 equal to three decimals (in practice: identical)."""
    assert set(mine) == set(ref)
    for key, value in ref.items():
        if isinstance(value, dict):
            for m in ("P", "R", "F1"):
                assert abs(mine[key][m] - value[m]) < 5e-4, (key, m, mine[key][m], value[m])
        else:
            assert mine[key] == value, key


def first_annotations(gold: Path) -> dict[str, Path]:
    """article id -> the gold file the scorer uses (first by name)."""
    out: dict[str, Path] = {}
    for path in sorted((gold / "attributions").glob("*.ann")):
        out.setdefault(path.name.rsplit("_", 1)[0], path)
    return out


# --------------------------------------------------------------------------- perturbed gold


def _shift(match: re.Match[str], rng: random.Random, jitter: int) -> str:
    a, b = int(match.group(1)), int(match.group(2))
    if rng.random() < 0.3:
        a = max(0, a + rng.randint(-jitter, jitter))
        b = max(0, b + rng.randint(-jitter, jitter))
    return f"{a} {b}"


def perturb(ann: str, text_len: int, rng: random.Random, jitter: int) -> str | None:
    """A prediction file made from gold: spans moved, roles and events dropped or renamed,
    spurious attributions added; sometimes events removed (spans-only files) or no file at all."""
    if rng.random() < 0.08:
        return None
    lines = []
    for line in ann.splitlines():
        if rng.random() < 0.1:
            continue  # a lost annotation, whatever it was
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) >= 2:
                parts[1] = re.sub(r"(\d+) (\d+)", lambda m: _shift(m, rng, jitter), parts[1])
                line = "\t".join(parts)
        elif line.startswith("E") and rng.random() < 0.3:
            args = line.split("\t")[1].split()
            rng.shuffle(args)
            if rng.random() < 0.5:
                args = [a for a in args if not a.startswith(("Source", "Cue"))]
            args = [a.replace("Content:", "Content3:") if rng.random() < 0.2 else a for a in args]
            line = line.split("\t")[0] + "\t" + " ".join(args)
        lines.append(line)
    for k in range(rng.randint(0, 4)):
        a = rng.randint(0, max(0, text_len - 5))
        b = min(text_len + 3, a + rng.randint(1, 300))
        lines += [
            f"T9{k}1\tContent {a} {b}\tx",
            f"T9{k}2\tCue {b} {b + 4}\tsaid",
            f"E9{k}\tCue:T9{k}2 Content:T9{k}1",
        ]
    if rng.random() < 0.1:
        lines = [line for line in lines if not line.startswith("E")]
    if rng.random() < 0.05:
        lines.append("E99\tAttribution:T1")  # an event without content
    return "".join(line + "\n" for line in lines)


@pytest.mark.parametrize(("seed", "jitter"), [(1, 2), (2, 8), (3, 40)])
def test_score_agrees_with_the_reference_scorer_on_perturbed_dev_gold(
    tmp_path: Path, seed: int, jitter: int
) -> None:
    rng = random.Random(seed)
    for art, path in first_annotations(DEV).items():
        text = (DEV / "text" / f"{art}.txt").read_text(encoding="utf-8")
        pred = perturb(path.read_text(encoding="utf-8"), len(text), rng, jitter)
        if pred is not None:
            (tmp_path / f"{art}.ann").write_text(pred, encoding="utf-8")
    ref = reference(DEV, tmp_path)
    mine = score(DEV, tmp_path)
    assert_agrees(mine, ref)
    assert 0.2 < mine["who_said_what"]["F1"] < 0.95  # the perturbations did bite


def test_score_agrees_on_gold_itself_and_on_no_predictions(tmp_path: Path) -> None:
    same = tmp_path / "same"
    same.mkdir()
    for art, path in first_annotations(DEV).items():
        (same / f"{art}.ann").write_bytes(path.read_bytes())
    mine = score(DEV, same)
    assert_agrees(mine, reference(DEV, same))
    assert mine["who_said_what"] == {"P": 1.0, "R": 1.0, "F1": 1.0}
    empty = tmp_path / "empty"
    empty.mkdir()
    mine = score(DEV, empty)
    assert_agrees(mine, reference(DEV, empty))
    assert mine["predicted_attributions"] == 0 and mine["gold_attributions"] > 2000


def _two_annotator_split(tmp_path: Path) -> tuple[Path, Path]:
    """PolNeAR train articles with two annotators: gold = the first, predictions = the second."""
    train = POLNEAR / "train"
    by_article: dict[str, list[Path]] = {}
    for path in sorted((train / "attributions").glob("*.ann")):
        by_article.setdefault(path.name.rsplit("_", 1)[0], []).append(path)
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    for sub in (gold / "text", gold / "attributions", pred):
        sub.mkdir(parents=True)
    for art, paths in by_article.items():
        if len(paths) > 1:
            (gold / "text" / f"{art}.txt").symlink_to((train / "text" / f"{art}.txt").resolve())
            (gold / "attributions" / paths[0].name).symlink_to(paths[0].resolve())
            (pred / f"{art}.ann").symlink_to(paths[1].resolve())
    return gold, pred


def test_score_agrees_on_a_second_annotator(tmp_path: Path) -> None:
    gold, pred = _two_annotator_split(tmp_path)
    mine = score(gold, pred)
    assert_agrees(mine, reference(gold, pred))
    assert mine["articles"] >= 10
    assert 0.5 < mine["who_said_what"]["F1"] < 0.95  # people agree, not perfectly


def test_flat_brat_layout_scores_like_polnear_layout(tmp_path: Path) -> None:
    gold, pred = _two_annotator_split(tmp_path)
    flat = tmp_path / "flat"
    flat.mkdir()
    for ann in (gold / "attributions").iterdir():
        art = ann.name.rsplit("_", 1)[0]
        (flat / f"{art}.ann").symlink_to(ann.resolve())
        (flat / f"{art}.txt").symlink_to((gold / "text" / f"{art}.txt").resolve())
    articles, problems = find_gold(flat)
    assert problems == [] and len(articles) >= 10
    assert score(flat, pred) == score(gold, pred)


# --------------------------------------------------------------------------- bad input


def test_bad_directories_raise_one_line_errors_naming_them(tmp_path: Path) -> None:
    with pytest.raises(MissingInput, match=re.escape(f"{tmp_path / 'nope'}: gold directory does not exist")):
        score(tmp_path / "nope", tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotAFile, match="must be a directory"):
        score(tmp_path / "file", tmp_path)
    (tmp_path / "emptygold").mkdir()
    with pytest.raises(InputError, match="no gold found"):
        score(tmp_path / "emptygold", tmp_path)
    with pytest.raises(MissingInput, match="prediction directory does not exist"):
        score(DEV, tmp_path / "nope")


def _tiny_gold(root: Path) -> Path:
    gold = root / "gold"
    gold.mkdir()
    text = (
        'Trump said the wall works. "We will win," he told reporters.\n'
        "Aides disagree, according to the Post.\n"
    )
    (gold / "a.txt").write_text(text, encoding="utf-8")
    (gold / "b.txt").write_text(text, encoding="utf-8")

    def t(n: int, kind: str, needle: str) -> str:
        a = text.index(needle)
        return f"T{n}\t{kind} {a} {a + len(needle)}\t{needle}"

    ann = "\n".join([
        t(1, "Source", "Trump"), t(2, "Cue", "said"), t(3, "Content", "the wall works"),
        "E1\tSource:T1 Cue:T2 Content:T3",
        t(4, "Source", "he"), t(5, "Cue", "told"), t(6, "Content", '"We will win,"'),
        "E2\tSource:T4 Cue:T5 Content:T6",
        t(7, "Source", "the Post"), t(8, "Cue", "according to"), t(9, "Content", "Aides disagree"),
        "E3\tSource:T7 Cue:T8 Content:T9",
    ]) + "\n"  # fmt: skip
    (gold / "a.ann").write_text(ann, encoding="utf-8")
    (gold / "b.ann").write_text(ann, encoding="utf-8")
    pred = root / "pred"
    pred.mkdir()
    # a: the first two right, the third with the wrong source, plus a false positive on "disagree"
    pred_ann = "\n".join([
        t(1, "Source", "Trump"), t(2, "Cue", "said"), t(3, "Content", "the wall works"),
        "E1\tSource:T1 Cue:T2 Content:T3",
        t(4, "Source", "he"), t(5, "Cue", "told"), t(6, "Content", '"We will win,"'),
        "E2\tSource:T4 Cue:T5 Content:T6",
        t(7, "Source", "Aides"), t(8, "Cue", "according to"), t(9, "Content", "Aides disagree"),
        "E3\tSource:T7 Cue:T8 Content:T9",
        t(10, "Cue", "disagree"), t(11, "Content", "the Post"),
        "E4\tCue:T10 Content:T11",
    ]) + "\n"  # fmt: skip
    (pred / "a.ann").write_text(pred_ann, encoding="utf-8")
    (pred / "b.ann").write_bytes(b"T1\tContent 0 5\t\xff\xfe\n")  # not UTF-8
    return gold


def test_an_unreadable_prediction_file_is_reported_and_the_rest_is_scored(tmp_path: Path) -> None:
    gold = _tiny_gold(tmp_path)
    result = evaluate_attributions(gold, tmp_path / "pred")
    assert result["articles"] == 2
    assert result["gold_attributions"] == 6 and result["predicted_attributions"] == 4
    assert result["who_said_what"] == {"P": 0.5, "R": 0.3333, "F1": 0.4}
    (problem,) = result["problems"]
    assert str(tmp_path / "pred" / "b.ann") in problem and "not UTF-8" in problem


def test_breakdown_by_cue_lemma_source_type_and_reason(tmp_path: Path) -> None:
    gold = _tiny_gold(tmp_path)
    parts = evaluate_attributions(gold, tmp_path / "pred")["breakdown"]
    cues = {r["cue"]: r for r in parts["by_cue"]}
    assert cues["say"] == {
        "cue": "say", "gold": 2, "matched": 1, "recall": 0.5,
        "predicted": 1, "false_positives": 0, "precision": 1.0,
    }  # fmt: skip
    assert cues["tell"]["matched"] == 1 and cues["according to"]["matched"] == 0
    assert cues["disagree"]["gold"] == 0 and cues["disagree"]["false_positives"] == 1
    assert cues["disagree"]["recall"] is None
    assert {"cue": "according to", "false_positives": 1} in parts["false_positive_cues"]
    types = {r["source_type"]: r for r in parts["by_source_type"]}
    assert [r["source_type"] for r in parts["by_source_type"]] == [
        "named entity", "pronoun", "nominal description", "no source"
    ]  # fmt: skip
    assert types["named entity"]["gold"] == 4 and types["named entity"]["matched"] == 1
    assert types["named entity"]["predicted"] == 2 and types["named entity"]["precision"] == 0.5
    assert types["nominal description"]["gold"] == 0 and types["nominal description"]["recall"] is None
    assert types["pronoun"]["recall"] == 0.5
    assert types["no source"]["gold"] == 0 and types["no source"]["false_positives"] == 1
    assert parts["missed"]["wrong source"] == 1
    assert parts["missed"]["no overlapping prediction"] == 3  # all of b
    assert parts["by_article"] == [
        {"id": "a", "gold": 3, "predicted": 4, "matched": 2},
        {"id": "b", "gold": 3, "predicted": 0, "matched": 0},
    ]


@pytest.mark.parametrize(
    ("cue", "lemma"),
    [
        ("said", "say"), ("Told", "tell"), ("has learned", "learn"), ("according to", "according to"),
        ("noted", "note"), ("added", "add"), ("did not deny", "deny"), ("", ""), ("—", ""),
    ],
)  # fmt: skip
def test_cue_lemma(cue: str, lemma: str) -> None:
    assert cue_lemma(cue) == lemma


TEXT = "Officials said so. The officials agreed. Clinton's spokesman said no. Sources said yes."


@pytest.mark.parametrize(
    ("source", "start", "kind"),
    [
        ("", -1, "no source"),
        ("he", -1, "pronoun"),
        ("some of them", -1, "pronoun"),
        ("Donald Trump", -1, "named entity"),
        ("The New York Post", -1, "named entity"),
        ("Chad Bown, an expert on trade", -1, "named entity"),
        ("a spokesman for Clinton", -1, "nominal description"),
        ("the Clinton campaign", -1, "nominal description"),
        ("Officials", 0, "nominal description"),  # capitalized only because it opens a sentence
        ("Sources", TEXT.index("Sources"), "named entity"),  # never seen in lower case: a name
        ("Clinton's spokesman", TEXT.index("Clinton"), "nominal description"),
    ],
)
def test_source_type(source: str, start: int, kind: str) -> None:
    assert source_type(source, TEXT, start) == kind


# --------------------------------------------------------------------------- the CLI


def test_cli_prints_the_reference_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = _two_annotator_split(tmp_path)
    assert main(["eval", "attributions", str(gold), "--pred", str(pred), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert_agrees(out, reference(gold, pred))
    assert main(["eval", "attributions", str(gold), "--pred", str(pred), "--breakdown"]) == 0
    text = capsys.readouterr().out
    wsw = out["who_said_what"]
    assert f"who_said_what             {wsw['P']:.4f}  {wsw['R']:.4f}  {wsw['F1']:.4f}" in text
    for name in (
        "content_exact",
        "content_overlap",
        "content_chars",
        "by source type",
        "by cue lemma",
        "say",
    ):
        assert name in text


def test_cli_bad_input_exits_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "attributions", str(tmp_path / "nope"), "--pred", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"dateline eval attributions: {tmp_path / 'nope'}: gold directory does not exist"]
    gold = _tiny_gold(tmp_path)
    assert (
        main(["eval", "attributions", str(gold), "--pred", str(tmp_path / "pred"), "--format", "json"]) == 1
    )
    captured = capsys.readouterr()
    assert json.loads(captured.out)["articles"] == 2
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("dateline eval attributions: warning: ") and "b.ann: not UTF-8" in line


def test_cli_through_the_real_entry_point(tmp_path: Path) -> None:
    gold = _tiny_gold(tmp_path)
    (tmp_path / "pred" / "b.ann").unlink()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "dateline",
            "eval",
            "attributions",
            str(gold),
            "--pred",
            str(tmp_path / "pred"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "who_said_what_F1 0.4" in out.stdout


# --------------------------------------------------------------------------- dateline itself


class _FakeAnalyzer:
    """Stands in for dateline.analysis.Analyzer: one attribution per text, or the error asked for."""

    fail: dict[str, Exception] = {}

    def __init__(self, options: Any = None) -> None:
        self.options = options

    def analyze_text(self, text: str, *, id: str | None = None, path: str | None = None) -> Record:
        if id in self.fail:
            raise self.fail[id]
        a = text.index("the wall works")
        att = Attribution(content=Content(a, a + 14, "the wall works"), cue=Span(6, 10, "said"))
        return Record(text=text, id=id, path=path, attributions=(att,))


def test_predict_writes_brat_and_one_bad_article_does_not_stop_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateline.analysis

    monkeypatch.setattr(dateline.analysis, "Analyzer", _FakeAnalyzer)
    gold = _tiny_gold(tmp_path)
    (gold / "c.txt").write_text((gold / "a.txt").read_text())
    (gold / "c.ann").write_text((gold / "a.ann").read_text())
    monkeypatch.setattr(
        _FakeAnalyzer, "fail", {"b": EmptyInput("holds no text", "b.txt"), "c": KeyError("x")}
    )
    articles, _ = find_gold(gold)
    problems = predict(articles, tmp_path / "out")
    assert [p.split(":")[0] for p in problems] == ["b.txt", str(gold / "c.txt")]
    assert "KeyError" in problems[1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.ann"]
    result = evaluate_attributions(gold, breakdown=False)
    assert result["predicted_attributions"] == 1 and len(result["problems"]) == 2
    assert result["content_exact"]["P"] == 1.0 and result["who_said_what"]["P"] == 0.0  # no source
    assert main(["eval", "attributions", str(gold), "--save", str(tmp_path / "kept")]) == 1  # b and c failed
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == ["a.ann"]
    assert main(["eval", "attributions", str(gold), "--save", str(tmp_path / "k"), "--pred", str(gold)]) == 2
    monkeypatch.setattr(_FakeAnalyzer, "fail", {"a": ModelError("the attribution model is stale")})
    with pytest.raises(ModelError, match="stale"):
        predict(articles, tmp_path / "out2")


@pytest.mark.model
def test_dateline_predictions_score_the_same_in_both_scorers(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    (gold / "text").mkdir(parents=True)
    (gold / "attributions").mkdir()
    for art, path in list(first_annotations(DEV).items())[:8]:
        (gold / "text" / f"{art}.txt").symlink_to((DEV / "text" / f"{art}.txt").resolve())
        (gold / "attributions" / path.name).symlink_to(path.resolve())
    articles, _ = find_gold(gold)
    assert predict(articles, tmp_path / "pred") == []
    mine = score(gold, tmp_path / "pred")
    assert_agrees(mine, reference(gold, tmp_path / "pred"))
    assert mine["predicted_attributions"] > 0
    result = evaluate_attributions(gold)  # runs dateline itself into a temporary directory
    assert result["problems"] == []
    assert result["who_said_what"] == mine["who_said_what"]
    # a model from `dateline train attributions --out DIR` is what runs with attribution_model
    from dateline.nlp.attribution import default_model

    strict = default_model()
    strict = type(strict)(
        strict.cue, strict.content, strict.source, strict.trim, {**strict.thresholds, "cue": 1.01}
    )
    strict.to_disk(tmp_path / "strict")
    silent = evaluate_attributions(
        gold, breakdown=False, attribution_model=tmp_path / "strict", save_dir=tmp_path / "silent"
    )
    assert silent["problems"] == []
    # no cue passes: what is left is only what the layout marks (a dash, a label's colon)
    from dateline.nlp.attr_layout import LAYOUT_CUES

    cues = [
        line.split("\t")[2]
        for ann in (tmp_path / "silent").glob("*.ann")
        for line in ann.read_text(encoding="utf-8").splitlines()
        if line.startswith("T") and line.split("\t")[1].startswith("Cue ")
    ]
    assert silent["predicted_attributions"] == len(cues) < mine["predicted_attributions"]
    assert set(cues) <= LAYOUT_CUES
    args = ["eval", "attributions", str(gold), "--pred", str(gold), "--attribution-model", "m"]
    assert main(args) == 2


# --------------------------------------------------------------------------- random small corpora

_WORDS = st.sampled_from(
    ["Trump", "said", "he", "“We", "win,”", "the", "poll", "—", "(AP)", ".", "\n", "told", "  "]
)


def _reference_module() -> Any:
    spec = importlib.util.spec_from_file_location("score_attributions", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@st.composite
def _ann(draw: st.DrawFn, n: int) -> str:
    """Random standoff over a text of n characters: overlapping, duplicate and tied spans."""
    lines, t = [], 0
    pairs = st.tuples(st.integers(0, n + 2), st.integers(0, n + 2))
    bounds = st.one_of(pairs.map(sorted), pairs)  # now and then a span that ends before it starts
    for e in range(draw(st.integers(0, 5))):
        roles = []
        for role in ("Source", "Cue", "Content"):
            if role == "Content" or draw(st.booleans()):
                frags = draw(st.lists(bounds, min_size=1, max_size=2))
                t += 1
                lines.append(f"T{t}\t{role} " + ";".join(f"{a} {b}" for a, b in frags) + "\tx")
                roles.append(f"{role}:T{t}")
        lines.append(f"E{e + 1}\t" + " ".join(draw(st.permutations(roles))))
    if draw(st.integers(0, 9)) == 0:
        lines = [line for line in lines if not line.startswith("E")]
    return "".join(line + "\n" for line in lines)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_score_agrees_with_the_reference_scorer_on_random_corpora(data: st.DataObject) -> None:
    ref = _reference_module()
    with tempfile.TemporaryDirectory() as tmp:
        gold, pred = Path(tmp) / "gold", Path(tmp) / "pred"
        for sub in (gold / "text", gold / "attributions", pred):
            sub.mkdir(parents=True)
        for k in range(data.draw(st.integers(1, 3))):
            text = " ".join(data.draw(st.lists(_WORDS, min_size=1, max_size=15)))
            (gold / "text" / f"d{k}.txt").write_text(text, encoding="utf-8")
            (gold / "attributions" / f"d{k}_a1.ann").write_text(data.draw(_ann(len(text))), encoding="utf-8")
            if data.draw(st.booleans()):
                (pred / f"d{k}.ann").write_text(data.draw(_ann(len(text))), encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            ref.main(["score_attributions.py", str(gold), str(pred), "--json"])
        assert score(gold, pred) == json.loads(out.getvalue())


def test_an_undecodable_gold_text_leaves_that_article_out(tmp_path: Path) -> None:
    gold = _tiny_gold(tmp_path)
    (gold / "b.txt").write_bytes("Caf\xe9 said so.".encode("latin-1"))
    (tmp_path / "pred" / "b.ann").unlink()
    result = evaluate_attributions(gold, tmp_path / "pred", breakdown=False)
    assert result["articles"] == 1 and result["gold_attributions"] == 3
    (problem,) = result["problems"]
    assert problem.startswith(f"{gold / 'b.txt'}: not UTF-8") and problem.endswith("article not scored")


# ------------------------------------------------------------------------------ the quotes scheme

QUOTES_TEXT = (
    '"We will rebuild the bridge," the mayor said. She believes it will cost $40 million.\n'
    '"It will take two years," he said.\n'
)


def _quote_files(tmp_path: Path, gold: str, pred: str) -> tuple[Path, Path]:
    gdir, pdir = tmp_path / "gold", tmp_path / "pred"
    gdir.mkdir()
    pdir.mkdir()
    (gdir / "a.txt").write_text(QUOTES_TEXT, encoding="utf-8")
    (gdir / "a.ann").write_text(gold, encoding="utf-8")
    (pdir / "a.ann").write_text(pred, encoding="utf-8")
    return gdir, pdir


def _at(needle: str) -> str:
    a = QUOTES_TEXT.index(needle)
    return f"{a} {a + len(needle)}\t{needle}"


def _at_in(text: str, needle: str, start: int = 0) -> str:
    """``needle``'s BRAT offsets and text, its first occurrence in ``text`` from ``start``."""
    a = text.index(needle, start)
    return f"{a} {a + len(needle)}\t{needle}"


def _score_one(tmp_path: Path, text: str, gold: str, pred: str = "") -> dict[str, Any]:
    """:func:`score_quotes` of one article ``text`` with these gold and predicted BRAT files."""
    from dateline.evaluate import score_quotes

    gdir, pdir = tmp_path / "gold", tmp_path / "pred"
    gdir.mkdir()
    pdir.mkdir()
    (gdir / "a.txt").write_text(text, encoding="utf-8")
    (gdir / "a.ann").write_text(gold, encoding="utf-8")
    (pdir / "a.ann").write_text(pred, encoding="utf-8")
    return score_quotes(gdir, pdir)[0]


def test_quotes_scheme_counts_speech_pieces_by_character_overlap(tmp_path: Path) -> None:
    from dateline.evaluate import score_quotes

    q1, q2 = '"We will rebuild the bridge,"', '"It will take two years,"'
    he = QUOTES_TEXT.index("he said")
    gold = (
        f"T1\tSource {_at('the mayor')}\nT2\tCue {_at('said')}\nT3\tContent {_at(q1)}\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nA1\tSpeaker E1 Ann_Lee\n"
        f"T4\tSource {_at('She')}\nT5\tCue {_at('believes')}\nT6\tContent {_at('it will cost $40 million')}\n"
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
        f"T7\tSource {he} {he + 2}\the\nT8\tCue {he + 3} {he + 7}\tsaid\n"
        f"T9\tContent {_at(q2)}\nE3\tAttribution:T8 Source:T7 Cue:T8 Content:T9\nA2\tSpeaker E3 Ann_Lee\n"
    )
    # the first quote predicted whole with the right speaker; 6 of the second's 18 characters
    # (a third) with no speaker; the belief is not speech on either side
    half = QUOTES_TEXT.index("It will take")
    pred = (
        f"T1\tSource {_at('the mayor')}\nT2\tCue {_at('said')}\nT3\tContent {_at(q1)}\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n#1\tAnnotatorNotes T1\tAnn Lee\n"
        f"T4\tContent {half} {half + 8}\tIt will \nE2\tAttribution:T4 Content:T4\nA1\tType E2 speech\n"
    )
    result, problems = score_quotes(*_quote_files(tmp_path, gold, pred))
    assert problems == []
    assert result["gold_quotes"] == 2 and result["predicted_quotes"] == 2
    assert result["quotes_30"] == {"P": 1.0, "R": 1.0, "F1": 1.0}
    assert result["quotes_80"] == {"P": 1.0, "R": 0.5, "F1": 0.6667}
    assert result["found_quotes"] == 2 and result["speaker"] == 0.5
    assert result["pronoun_quotes"] == 1 and result["pronoun_speaker"] == 0.0


def test_names_match_is_a_subset_of_words_after_titles() -> None:
    from dateline.evaluate import names_match

    assert names_match("Trump", "Donald J. Trump")
    assert names_match("Mr. Obama", "Barack Obama")
    assert not names_match("Hillary Clinton", "Bill Clinton")
    assert not names_match("Xi Jinping", None)


def test_quotes_scheme_reads_two_apostrophes_as_a_quotation_mark(tmp_path: Path) -> None:
    """The New York Times archive writes ``''`` for a double quotation mark: a gold statement
    quoted that way is speech whatever its cue (here one the type lexicon does not know)."""
    text = "''We will win,'' the mayor shrugged.\n"
    quote = "''We will win,''"
    gold = (
        f"T1\tSource {_at_in(text, 'the mayor')}\nT2\tCue {_at_in(text, 'shrugged')}\n"
        f"T3\tContent {_at_in(text, quote)}\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    assert _score_one(tmp_path, text, gold)["gold_quotes"] == 1


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("later said", 1),
        ("called on", 1),
        ("has long argued", 1),
        ("went on to discuss", 1),
        ("now believes", 0),
    ],
)
def test_quotes_scheme_types_a_gold_cue_of_several_words_by_its_verb(
    tmp_path: Path, cue: str, expected: int
) -> None:
    """A gold cue of several words without a ``Type`` is typed by the last word the type lexicon
    knows, as the finder types its own (``later said`` is speech, ``now believes`` is not): the
    cue's lemmas are not looked up as one word."""
    text = f"The mayor {cue} the bridge would be rebuilt.\n"
    gold = (
        f"T1\tSource {_at_in(text, 'The mayor')}\nT2\tCue {_at_in(text, cue)}\n"
        f"T3\tContent {_at_in(text, 'the bridge would be rebuilt')}\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    assert _score_one(tmp_path, text, gold)["gold_quotes"] == expected


@pytest.mark.parametrize(("note", "right"), [("Ann Lee", 1.0), ("Bo Chan", 0.0), (None, 0.0)])
def test_quotes_scheme_compares_a_named_gold_source_with_the_resolved_speaker(
    tmp_path: Path, note: str | None, right: float
) -> None:
    """Gold without a speaker name whose source is a name (``Ann Lee``) is matched by a
    prediction whose other mention (``she``) resolves to that name, not by one resolved to
    someone else or not at all."""
    text = 'Ann Lee spoke. "We will win," Ann Lee said, as she said.\n'
    quote = '"We will win,"'
    she = text.index("she")
    gold = (
        f"T1\tSource {_at_in(text, 'Ann Lee', 5)}\nT2\tCue {_at_in(text, 'said')}\n"
        f"T3\tContent {_at_in(text, quote)}\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    pred = (
        f"T1\tSource {_at_in(text, 'she')}\nT2\tCue {_at_in(text, 'said', she)}\n"
        f"T3\tContent {_at_in(text, quote)}\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nA1\tType E1 speech\n"
        + (f"#1\tAnnotatorNotes T1\t{note}\n" if note else "")
    )
    result = _score_one(tmp_path, text, gold, pred)
    assert result["found_quotes"] == 1 and result["speaker"] == right
