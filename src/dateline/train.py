"""Training the attribution model on PolNeAR-layout data (``dateline train attributions``).

Input: a folder with ``text/<id>.txt`` and ``attributions/<id>_<annotator>.ann`` (BRAT standoff,
PolNeAR layout; where an article has two annotators the first file by name is used, as the
reference scorer does), or flat BRAT (``<id>.ann`` beside ``<id>.txt``): the gold ``dateline
eval`` reads, read by the same code. Output: a model folder (``model.json``) that
:class:`dateline.nlp.cues.CueModel` loads.

Steps, all deterministic (fixed seed, full-batch optimisation, sorted inputs):

1. parse every text with the spaCy pipeline (optionally cached as DocBin files);
2. label examples from the gold: every cue candidate (positive when it is the syntactic head of
   a gold cue), and every relative of a gold cue (content when at least half of its characters
   lie in that attribution's content, source when its head word lies in the source);
3. fit three L2-regularised logistic regressions with Adam on the full batch;
4. choose the decision thresholds (cue, then source, content, trim and the cue probability a
   statement with no source needs, one at a time) on four disjoint held-out tenths of the
   *training* articles, each with a model fitted on the rest, by the mean of the who-said-what
   and content-exact F1 defined in ``../shared/tools/score_attributions.py`` (``--objective``),
   then refit on all of train with them; the dev folder is only scored and reported, never used
   for a choice.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .brat import BratAttribution, Fragments, read_brat_document
from .errors import DatelineError, InputError
from .evaluate import CharRoles, find_gold, read_gold_text, score_chars
from .nlp.attr_quotes import quote_regions
from .nlp.attribution import COMPONENT, Found, find, prepare
from .nlp.cues import (
    CueModel,
    LinearModel,
    cue_features,
    edge_children,
    is_candidate,
    quote_mask,
    relatives,
    role_features,
    sentence_quotes,
    token_vector,
    trim_features,
)
from .nlp.tagger import FROZEN, TRAINED

__all__ = [
    "GoldAttribution",
    "GoldDoc",
    "TrainParams",
    "cue_examples",
    "fit_logistic",
    "parse_docs",
    "quick_score",
    "read_gold",
    "role_examples",
    "train_attributions",
    "trim_examples",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution as sets of character offsets."""

    content: frozenset[int]
    cue: frozenset[int]
    source: frozenset[int]


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True, slots=True)
class TrainParams:
    """Every setting of a training run; recorded in the model's ``meta``."""

    seed: int = 13
    l2: float = 1.0
    #: the cue model has many more sparse features than examples per feature; it wants more
    cue_l2: float = 4.0
    epochs: int = 300
    learning_rate: float = 0.1
    min_count: int = 2
    holdout: float = 0.1
    #: how many disjoint held-out tenths the thresholds are chosen on (a model fitted on the rest
    #: of train for each): one tenth, 84 articles, is too few to pick them reliably
    folds: int = 4
    cue_thresholds: tuple[float, ...] = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
    role_thresholds: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6)
    #: the cue probability a statement with no source needs (0: no more than any other)
    unsourced_thresholds: tuple[float, ...] = (0.0, 0.6, 0.7, 0.8, 0.9)
    content_threshold: float = 0.5
    source_threshold: float = 0.5
    trim_threshold: float = 0.5
    dense: bool = True
    #: also fine-tune the role tagger (the accurate configuration; needs the ``accurate`` extra)
    tagger: bool = False
    tagger_epochs: int = 4
    #: MiniLM's layers used as they are below the fine-tuned ones, and those fine-tuned (the
    #: tagger's defaults: all six since 2026-11-30 11:20 UTC)
    tagger_frozen: int = FROZEN
    tagger_layers: int = TRAINED
    blend_weights: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75)
    #: how sure the tagger must be of a cue the parse offers no candidate for (0: never)
    fallback_thresholds: tuple[float, ...] = (0.0, 0.7, 0.8, 0.9)
    #: what thresholds and blend weights are chosen for on held-out train: ``"both"``, the mean of
    #: who_said_what F1 and content_exact F1 (the two figures a user is promised), or
    #: ``"who_said_what"`` alone (the models up to 2026-11-30 09:30 UTC)
    objective: str = "both"
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- reading gold


def read_gold(folder: str | Path) -> list[GoldDoc]:
    """Every article of a gold folder, sorted by id, read as ``dateline eval`` reads it: PolNeAR
    layout or flat BRAT, the first annotator's file by name (:func:`.evaluate.find_gold`), BRAT
    through :func:`.brat.read_brat_document`. Articles that cannot be read are logged and left
    out; a folder with none raises :class:`InputError`."""
    articles, problems = find_gold(folder)
    for line in problems:
        log.warning("%s", line)
    docs = []
    for art in articles:
        try:
            text = read_gold_text(art.text_path)
            ann = read_brat_document(art.ann_path)
        except DatelineError as exc:
            log.warning("%s; skipped", exc)
            continue
        for line in ann.problems:
            log.warning("%s: %s", art.ann_path, line)
        docs.append(GoldDoc(art.id, text, tuple(_gold_attribution(a) for a in ann.attributions)))
    if not docs:
        raise InputError("no annotated articles found", str(folder))
    return docs


def _gold_attribution(att: BratAttribution) -> GoldAttribution:
    def chars(frags: Fragments) -> frozenset[int]:
        return frozenset(i for a, b in frags for i in range(a, b))

    return GoldAttribution(chars(att.content), chars(att.cue), chars(att.source))


def _set_tensors(nlp: Language, docs: Sequence[Doc]) -> None:
    """Recompute ``doc.tensor`` (DocBin does not store it) with the pipeline's tok2vec."""
    if "tok2vec" not in nlp.pipe_names:
        return
    tok2vec = nlp.get_pipe("tok2vec")
    for k in range(0, len(docs), 32):
        batch = list(docs[k : k + 32])
        tok2vec.set_annotations(batch, tok2vec.predict(batch))  # type: ignore[attr-defined]


def parse_docs(nlp: Language, gold: Sequence[GoldDoc], cache: Path | None = None) -> list[Doc]:
    """Parse the texts (reusing ``cache`` when it holds the same ids)."""
    ids = [g.id for g in gold]
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.user_data.get("id") for d in docs] == ids:
            log.info("reusing %d parsed documents from %s", len(docs), cache)
            _set_tensors(nlp, docs)
            return docs
    docs = []
    prepare(nlp)
    with nlp.select_pipes(disable=[COMPONENT]):
        for g, doc in zip(gold, nlp.pipe((g.text for g in gold), batch_size=16), strict=True):
            doc.user_data["id"] = g.id
            docs.append(doc)
    if cache is not None:
        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        cache.parent.mkdir(parents=True, exist_ok=True)
        db.to_disk(cache)
    return docs


# --------------------------------------------------------------------------- examples


def _cue_heads(doc: Doc, gold: GoldDoc) -> dict[int, GoldAttribution]:
    """For each gold attribution, its cue's head candidate token (token index -> attribution)."""
    out: dict[int, GoldAttribution] = {}
    for att in gold.attributions:
        if not att.cue:
            continue
        lo, hi = min(att.cue), max(att.cue) + 1
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is None:
            continue
        cands = [t for t in span if is_candidate(t)]
        if not cands:
            continue
        inside = {t.i for t in span}
        heads = [t for t in cands if t.head.i not in inside or t.head.i == t.i]
        out.setdefault((heads or cands)[0].i, att)
    return out


def cue_examples(doc: Doc, gold: GoldDoc) -> Iterator[tuple[list[str], int, Any]]:
    """``(features, label, vector)`` for every cue candidate; tokens inside a gold cue but not its head
    are left out (they are neither right nor wrong)."""
    heads = _cue_heads(doc, gold)
    cue_chars = set().union(*(a.cue for a in gold.attributions)) if gold.attributions else set()
    mask = quote_mask(doc, [(q.start, q.end) for q in quote_regions(doc.text)])
    sq = sentence_quotes(doc, mask)
    for tok in doc:
        if not is_candidate(tok):
            continue
        if tok.i in heads:
            label = 1
        elif tok.idx in cue_chars:
            continue
        else:
            label = 0
        yield cue_features(tok, mask[tok.i], sq[tok.i]), label, token_vector(doc, tok.i)


def _is_content(doc: Doc, rel: Any, att: GoldAttribution, chars: Sequence[int]) -> bool:
    """Whether a relative is (the main part of) the content of gold attribution ``att``: its own
    word is in the content, and most of it lies in the content or it covers most of the content.

    A relative covering the statement and more (an apposition, a clause `, but ...`) is content,
    and the trim model learns the cut (+0.002 who_said_what, +0.003 content_exact over four
    held-out tenths of train: BENCHMARKS.md)."""
    if doc[rel.anchor].idx not in att.content:
        return False
    inside = sum(1 for c in chars if c in att.content)
    if inside * 2 >= len(chars):
        return True
    need = sum(1 for c in att.content if c < len(doc.text) and not doc.text[c].isspace())
    return inside * 2 >= need


def trim_examples(doc: Doc, gold: GoldDoc) -> Iterator[tuple[list[str], int]]:
    """``(features, leave_out)`` for the edge children of every gold content relative: left out
    when less than half of the child's characters lie in the gold content. The other cues an
    edge child may hold are the gold ones (at inference they are the predicted ones)."""
    heads = _cue_heads(doc, gold)
    for i, att in heads.items():
        cue = doc[i]
        for rel in relatives(cue):
            chars = [c for j in rel.tokens for c in range(doc[j].idx, doc[j].idx + len(doc[j].text))]
            if not chars or not _is_content(doc, rel, att, chars):
                continue
            for side in ("L", "R"):
                for rank, (child, s) in enumerate(c for c in edge_children(doc, rel) if c[1] == side):
                    sub = [c for t in child.subtree for c in range(t.idx, t.idx + len(t.text))]
                    out = int(sum(1 for c in sub if c in att.content) * 2 < len(sub))
                    yield trim_features(cue, rel, child, s, rank, heads), out
                    if not out:
                        break


def role_examples(doc: Doc, gold: GoldDoc) -> Iterator[tuple[list[str], int, int, Any]]:
    """``(features, is_content, is_source, vector)`` for every relative of every gold cue head."""
    mask = quote_mask(doc, [(q.start, q.end) for q in quote_regions(doc.text)])
    for i, att in _cue_heads(doc, gold).items():
        cue = doc[i]
        for rel in relatives(cue):
            chars = [c for j in rel.tokens for c in range(doc[j].idx, doc[j].idx + len(doc[j].text))]
            if not chars:
                continue
            # content when most of it is, and its own word is (`concern` of `expressed concern
            # that X` is not, though most of its subtree is)
            is_content = int(_is_content(doc, rel, att, chars))
            anchor = doc[rel.anchor]
            is_source = int(anchor.idx in att.source)
            has_q = any(mask[j] for j in rel.tokens)
            yield role_features(cue, rel, has_q), is_content, is_source, token_vector(doc, rel.anchor)


# --------------------------------------------------------------------------- fitting


def fit_logistic(
    examples: Sequence[tuple[list[str], int]], params: TrainParams, vectors: Sequence[Any] | None = None
) -> LinearModel:
    """An L2-regularised logistic regression fitted with full-batch Adam (deterministic); with
    ``vectors`` (one tok2vec vector per example, or ``None``) it also learns a dense weight."""
    counts: dict[str, int] = defaultdict(int)
    for feats, _ in examples:
        for f in set(feats):
            counts[f] += 1
    vocab = {f: n for n, f in enumerate(sorted(f for f, c in counts.items() if c >= params.min_count))}
    rows = [[vocab[f] for f in set(feats) if f in vocab] for feats, _ in examples]
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    indices = np.array([i for r in rows for i in r], dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    y = np.array([label for _, label in examples], dtype=np.float64)
    n_feat = len(vocab)
    dense_x = None
    if vectors is not None:
        dim = next((len(v) for v in vectors if v is not None), 0)
        if dim:
            dense_x = np.zeros((len(rows), dim))
            for k, vec in enumerate(vectors):
                if vec is not None:
                    dense_x[k] = vec
    n_dense = 0 if dense_x is None else dense_x.shape[1]
    rng = np.random.default_rng(params.seed)
    w = rng.normal(0.0, 0.01, n_feat + n_dense)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    n = max(len(rows), 1)
    for step in range(1, params.epochs + 1):
        z: Any = np.bincount(row_of, weights=w[indices], minlength=len(rows))
        if dense_x is not None:
            z = z + dense_x @ w[n_feat:]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g_row = (p - y) / n
        grad = np.empty_like(w)
        grad[:n_feat] = np.bincount(indices, weights=g_row[row_of], minlength=n_feat)
        if dense_x is not None:
            grad[n_feat:] = dense_x.T @ g_row
        grad += params.l2 / n * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= params.learning_rate * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps)
    inv = sorted(vocab, key=vocab.__getitem__)
    weights = {f: round(float(w[k]), 4) for k, f in enumerate(inv) if abs(w[k]) >= 5e-4}
    dense = tuple(round(float(x), 5) for x in w[n_feat:])
    return LinearModel(weights, dense)


def _fit_all(docs: Sequence[Doc], gold: Sequence[GoldDoc], params: TrainParams) -> CueModel:
    cue_ex: list[tuple[list[str], int]] = []
    cue_vec: list[Any] = []
    content_ex: list[tuple[list[str], int]] = []
    source_ex: list[tuple[list[str], int]] = []
    role_vec: list[Any] = []
    trim_ex: list[tuple[list[str], int]] = []
    for doc, g in zip(docs, gold, strict=True):
        for feats, label, vec in cue_examples(doc, g):
            cue_ex.append((feats, label))
            cue_vec.append(vec)
        trim_ex.extend(trim_examples(doc, g))
        for feats, is_content, is_source, vec in role_examples(doc, g):
            content_ex.append((feats, is_content))
            source_ex.append((feats, is_source))
            role_vec.append(vec)
    log.info(
        "examples: %d cue candidates, %d relatives, %d edge children",
        len(cue_ex),
        len(content_ex),
        len(trim_ex),
    )
    return CueModel(
        cue=fit_logistic(
            cue_ex, dataclasses.replace(params, l2=params.cue_l2), cue_vec if params.dense else None
        ),
        content=fit_logistic(content_ex, params, role_vec if params.dense else None),
        source=fit_logistic(source_ex, params, role_vec if params.dense else None),
        trim=fit_logistic(trim_ex, params),
        thresholds={
            "cue": 0.5,
            "content": params.content_threshold,
            "source": params.source_threshold,
            "trim": params.trim_threshold,
        },
    )


# --------------------------------------------------------------------------- scoring


def quick_score(gold: Sequence[GoldDoc], predicted: Sequence[Sequence[Found]]) -> dict[str, float]:
    """who_said_what (F1, P, R) and content_exact F1 of ``predicted`` against ``gold``, as the
    reference scorer defines them (:func:`.evaluate.score_chars`, in memory), with the counts of
    gold and predicted attributions. For choosing thresholds while training; ``dateline eval``
    reports every metric."""
    result = score_chars(
        (g.text, [(a.content, a.source, a.cue) for a in g.attributions], [_found_roles(f) for f in pred])
        for g, pred in zip(gold, predicted, strict=True)
    )
    wsw = result["who_said_what"]
    return {
        "who_said_what_F1": wsw["F1"],
        "who_said_what_P": wsw["P"],
        "who_said_what_R": wsw["R"],
        "content_exact_F1": result["content_exact"]["F1"],
        "gold": result["gold_attributions"],
        "predicted": result["predicted_attributions"],
    }


def _found_roles(f: Found) -> CharRoles:
    content = [i for a, b in f.content for i in range(a, b)]
    return content, range(*f.source) if f.source else (), range(*f.cue)


def _with_thresholds(
    model: CueModel, thresholds: dict[str, float], tagged: dict[str, float] | None = None
) -> CueModel:
    return CueModel(
        model.cue,
        model.content,
        model.source,
        model.trim,
        dict(thresholds),
        model.meta,
        dict(tagged) if tagged is not None else model.tagged,
    )


OBJECTIVES = ("both", "who_said_what")


def _heldout_scorer(
    docs: Sequence[Doc],
    gold: Sequence[GoldDoc],
    parts: Sequence[tuple[CueModel, list[int]]],
    build: Callable[[CueModel, dict[str, float]], CueModel],
    objective: str = "both",
) -> Callable[[dict[str, float]], float]:
    """The ``objective`` over the held-out tenths of ``parts`` (each with the model fitted without
    it) for a set of thresholds, which ``build`` puts into a tenth's model; memoised.
    ``"both"``: the mean of who_said_what F1 and content_exact F1; ``"who_said_what"``: that F1."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, not {objective!r}")
    hold_gold = [gold[i] for _, hold in parts for i in hold]
    scored: dict[tuple[tuple[str, float], ...], float] = {}

    def heldout_f1(ths: dict[str, float]) -> float:
        key = tuple(sorted(ths.items()))
        if key not in scored:
            found = [find(docs[i], build(part, ths)) for part, hold in parts for i in hold]
            score = quick_score(hold_gold, found)
            wsw = score["who_said_what_F1"]
            scored[key] = (
                wsw if objective == "who_said_what" else round((wsw + score["content_exact_F1"]) / 2, 5)
            )
        return scored[key]

    return heldout_f1


def _coordinate_ascent(
    values: dict[str, float],
    grids: Sequence[tuple[str, Sequence[float]]],
    score: Callable[[dict[str, float]], float],
    tuning: dict[str, float],
    label: str = "",
) -> None:
    """Set each of ``values`` in turn to the best of its grid by ``score`` (the held-out
    objective), in two passes (the best cue threshold depends on the role thresholds); every score tried
    goes into ``tuning`` as ``"<label><pass>:<name>=<value>"``."""
    for rnd in (1, 2):
        for name, grid in grids:
            best_v, best = values[name], -1.0
            for v in grid:
                f1 = score({**values, name: v})
                tuning[f"{label}{rnd}:{name}={v}"] = f1
                if f1 > best:
                    best_v, best = v, f1
            values[name] = best_v
            log.info("%s%s %.2f (held-out train objective %.4f)", label, name, best_v, best)


# --------------------------------------------------------------------------- the accurate configuration


def _role_chars(g: GoldDoc) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The characters of each role (source, cue, content) over all of a document's attributions."""
    src: set[int] = set()
    cue: set[int] = set()
    content: set[int] = set()
    for a in g.attributions:
        src |= a.source
        cue |= a.cue
        content |= a.content
    return frozenset(src), frozenset(cue), frozenset(content)


def _train_tagged(
    docs: Sequence[Doc],
    gold: Sequence[GoldDoc],
    parts: Sequence[tuple[CueModel, list[int]]],
    thresholds: dict[str, float],
    params: TrainParams,
    tuning: dict[str, float],
) -> tuple[Any, dict[str, float]]:
    """Fine-tune the role tagger and choose how much each decision trusts it.

    A tagger fine-tuned on the training articles outside the held-out tenths tags those tenths;
    blend weights and thresholds are chosen there by coordinate ascent (two passes), with the
    linear models fitted without each tenth, as for the plain thresholds. Then the tagger is
    fine-tuned again on all of train. Returns it and the chosen thresholds."""
    from .nlp.tagger import USER_DATA_KEY, Encoder, TaggerParams, train_tagger

    tparams = TaggerParams(
        seed=params.seed,
        epochs=params.tagger_epochs,
        frozen=params.tagger_frozen,
        layers=params.tagger_layers,
    )
    encoder = Encoder(tparams.frozen)
    held = sorted(i for _, hold in parts for i in hold)
    rest = sorted(set(range(len(docs))) - set(held))
    heldout_tagger = train_tagger(
        [docs[i] for i in rest], [_role_chars(gold[i]) for i in rest], tparams, encoder
    )
    heldout_tagger.tag([docs[i] for i in held])
    heldout_f1 = _heldout_scorer(
        docs, gold, parts, lambda part, ths: _with_thresholds(part, thresholds, ths), params.objective
    )

    tagged = dict(thresholds) | {
        "w_cue": 0.0,
        "w_content": 0.0,
        "w_source": 0.0,
        "w_trim": 0.0,
        "fallback": 0.0,
    }
    grids: tuple[tuple[str, tuple[float, ...]], ...] = (
        ("w_content", params.blend_weights),
        ("w_cue", params.blend_weights),
        ("w_source", params.blend_weights),
        ("w_trim", params.blend_weights),
        ("cue", params.cue_thresholds),
        ("source", params.role_thresholds),
        ("content", params.role_thresholds),
        ("trim", params.role_thresholds),
        ("unsourced", params.unsourced_thresholds),
        ("fallback", params.fallback_thresholds),
    )
    _coordinate_ascent(tagged, grids, heldout_f1, tuning, "accurate ")
    for i in held:
        docs[i].user_data.pop(USER_DATA_KEY, None)
    tagger = train_tagger(docs, [_role_chars(g) for g in gold], tparams, encoder)
    return tagger, tagged


# --------------------------------------------------------------------------- the whole run


def train_attributions(
    nlp: Language,
    train_dir: str | Path,
    dev_dir: str | Path | None,
    out: str | Path,
    params: TrainParams | None = None,
    cache: str | Path | None = None,
) -> dict[str, Any]:
    """Train on ``train_dir``, report on ``dev_dir``, save the model to ``out``; returns the report."""
    params = params or TrainParams()
    t0 = time.perf_counter()
    cache_dir = Path(cache) if cache else None
    gold = read_gold(train_dir)
    docs = parse_docs(nlp, gold, cache_dir / "train.spacy" if cache_dir else None)
    t_parse = time.perf_counter() - t0

    # thresholds on disjoint held-out tenths of train (a seeded shuffle), each scored with a
    # model fitted on the rest of train
    order = list(range(len(gold)))
    random.Random(params.seed).shuffle(order)
    n_hold = max(1, int(len(order) * params.holdout))
    parts: list[tuple[CueModel, list[int]]] = []
    for k in range(max(1, min(params.folds, len(order) // n_hold))):
        hold = sorted(order[k * n_hold : (k + 1) * n_hold])
        fit_idx = sorted(set(order) - set(hold))
        parts.append((_fit_all([docs[i] for i in fit_idx], [gold[i] for i in fit_idx], params), hold))
    thresholds = dict(parts[0][0].thresholds) | {"unsourced": 0.0}
    tuning: dict[str, float] = {}
    heldout_f1 = _heldout_scorer(docs, gold, parts, _with_thresholds, params.objective)

    # coordinate ascent, one threshold at a time, two passes (the best cue threshold depends on
    # the role thresholds), on held-out *train* articles only
    grids = (
        ("cue", params.cue_thresholds),
        ("source", params.role_thresholds),
        ("content", params.role_thresholds),
        ("trim", params.role_thresholds),
        ("unsourced", params.unsourced_thresholds),
    )
    _coordinate_ascent(thresholds, grids, heldout_f1, tuning)

    model = _with_thresholds(_fit_all(docs, gold, params), thresholds)
    tagger = None
    if params.tagger:
        tagger, model.tagged = _train_tagged(docs, gold, parts, thresholds, params, tuning)
    t_train = time.perf_counter() - t0 - t_parse
    model.meta = {
        "params": {k: v for k, v in dataclasses.asdict(params).items() if k != "extra"} | params.extra,
        "train": str(train_dir),
        "train_articles": len(gold),
        "heldout_tuning": tuning,
        "spacy_model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
    }
    report: dict[str, Any] = {
        "thresholds": thresholds,
        "heldout_train": tuning,
        "parse_seconds": round(t_parse, 1),
        "train_seconds": round(t_train, 1),
    }
    if dev_dir is not None:
        dev_gold = read_gold(dev_dir)
        dev_docs = parse_docs(nlp, dev_gold, cache_dir / "dev.spacy" if cache_dir else None)
        report["dev"] = quick_score(dev_gold, [find(d, model) for d in dev_docs])
        model.meta["dev"] = report["dev"]
        if tagger is not None:
            tagger.tag(dev_docs)
            report["dev_accurate"] = quick_score(dev_gold, [find(d, model) for d in dev_docs])
            model.meta["dev_accurate"] = report["dev_accurate"]
    if model.tagged:
        report["thresholds_accurate"] = model.tagged
    model.to_disk(out)
    if tagger is not None:
        tagger.to_disk(out)
    report["out"] = str(out)
    return report
