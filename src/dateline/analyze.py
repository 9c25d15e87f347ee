"""Text or HTML in, :class:`~dateline.records.Record` out: the one path every caller shares.

The CLI, the store's ingest, the web app and the Spark executors all call :class:`Analyzer`
(``analyze`` for one document, ``pipe`` for many: the spaCy model loads once and documents go
through ``nlp.pipe`` in batches).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from . import schemes, wire
from .errors import DatelineError, EmptyInput, ModelError, OverBudget
from .nlp import attribution, entities, guard, model
from .options import Options
from .readers import Input
from .readers import html as html_reader
from .records import Attribution, Entity, Mention, Metadata, Paragraph, Record, TimeExpression, Warning
from .wire import dates

__all__ = ["Analyzer", "analyze", "structure"]

log = logging.getLogger(__name__)

#: Verbs whose object is an event taking place when the verb does ("X opened the Forum on Tuesday").
EVENT_VERBS = frozenset(
    {"open", "hold", "host", "launch", "start", "begin", "close", "end", "convene", "inaugurate", "stage"}
)

PRONOUNS = frozenset(["he", "she", "they", "him", "her", "them", "it", "we", "i"])


class Analyzer:
    """Analyzes documents with one loaded spaCy pipeline.

    >>> analyzer = Analyzer()                       # doctest: +SKIP
    >>> record = analyzer.analyze_text("WASHINGTON (AP) — ...")  # doctest: +SKIP
    """

    def __init__(self, options: Options | None = None, nlp: Language | None = None) -> None:
        self.options = options or Options()
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            own = bool(
                (self.options.attribution_model or self.options.accurate) and self.options.attributions
            )
            # a trained attribution model gets a pipeline of its own: the cached one is shared
            self._nlp = model.load.__wrapped__(self.options.model) if own else model.load(self.options.model)
        if self.options.attributions and not getattr(self._nlp, "_dateline_prepared", False):
            attribution.prepare(self._nlp, self.options.attribution_model, accurate=self.options.accurate)
            self._nlp._dateline_prepared = True  # type: ignore[attr-defined]
        # the size budget is checked before spaCy (guard.check): spaCy's own limit must not be lower
        self._nlp.max_length = max(self._nlp.max_length, self.options.max_chars + 1)
        return self._nlp

    # ------------------------------------------------------------------ one document

    def analyze(self, item: Input) -> Record:
        """Analyze one :class:`~dateline.readers.Input` within its time budget (raises
        :class:`~dateline.errors.OverBudget` past it)."""
        nlp = self.nlp  # the model loads outside the document's budget
        with guard.time_budget(self.options.time_budget, item.source):
            prepared = self._prepare(item)
            doc = nlp(guard.make_doc(nlp, prepared.text))
            return self._finish(prepared, doc)

    def analyze_text(
        self,
        text: str,
        *,
        id: str | None = None,
        path: str | None = None,
        format: str = "text",
        metadata: Metadata | None = None,
    ) -> Record:
        """Analyze a string (``format`` ``text``, ``markdown`` or ``html``)."""
        item = Input(path or "<text>", text, format, id, metadata or Metadata())
        return self.analyze(item)

    # ------------------------------------------------------------------ many documents

    def pipe(self, items: Iterable[Input]) -> Iterator[Record | DatelineError]:
        """Analyze many inputs in order, batching the model; a failure yields its error in place."""
        batch: list[_Prepared | DatelineError] = []
        for item in items:
            try:
                batch.append(self._prepare(item))
            except DatelineError as exc:
                batch.append(exc)
            if len(batch) >= self.options.batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: Sequence[_Prepared | DatelineError]) -> Iterator[Record | DatelineError]:
        """The batch through ``nlp.pipe`` within the sum of its documents' time budgets; when the
        model fails on the batch (one document it cannot take) or the batch runs over, its
        documents go again one at a time, so that only the culprit fails."""
        ready = [b for b in batch if isinstance(b, _Prepared)]
        try:
            done = self._batch(ready)
        except ModelError:
            raise
        except Exception as exc:  # OverBudget of the whole batch included
            log.warning("a batch of %d failed (%s); analyzing its documents one at a time", len(ready), exc)
            done = [self._alone(p) for p in ready]
        results = iter(done)
        for b in batch:
            yield b if isinstance(b, DatelineError) else next(results)

    def _batch(self, ready: Sequence[_Prepared]) -> list[Record | DatelineError]:
        if not ready:
            return []
        nlp = self.nlp
        budget = self.options.time_budget * len(ready) if self.options.time_budget else None
        out: list[Record | DatelineError] = []
        with guard.time_budget(budget, f"a batch of {len(ready)} documents"):
            texts = [guard.make_doc(nlp, p.text) for p in ready]
            for p, doc in zip(ready, nlp.pipe(texts, batch_size=self.options.batch_size), strict=True):
                out.append(self._finish_one(p, doc))
        return out

    def _alone(self, p: _Prepared) -> Record | DatelineError:
        """One prepared document on its own, within its own time budget."""
        try:
            nlp = self.nlp
            with guard.time_budget(self.options.time_budget, p.item.source):
                return self._finish(p, nlp(guard.make_doc(nlp, p.text)))
        except ModelError:
            raise
        except DatelineError as exc:
            return exc
        except Exception as exc:  # a bug on one document must not stop a batch
            log.exception("%s: analysis failed", p.item.source)
            return DatelineError(f"analysis failed: {type(exc).__name__}: {exc}", p.item.source)

    def _finish_one(self, p: _Prepared, doc: Doc) -> Record | DatelineError:
        try:
            return self._finish(p, doc)
        except OverBudget:
            raise  # the batch's budget: the batch goes again one document at a time
        except DatelineError as exc:
            return exc
        except Exception as exc:  # a bug on one document must not stop a batch
            log.exception("%s: analysis failed", p.item.source)
            return DatelineError(f"analysis failed: {type(exc).__name__}: {exc}", p.item.source)

    # ------------------------------------------------------------------ stages

    def _prepare(self, item: Input) -> _Prepared:
        return _prepare(item, self.options)

    def _finish(self, p: _Prepared, doc: Doc) -> Record:
        parts = p.parts
        anchor = _anchor(parts.dateline.date if parts.dateline else None, p.known_date)
        ents: list[Entity] = entities.extract(doc) if self.options.entities else []
        named = {i for e in ents for m in e.mentions for i in range(m.start, m.end)}
        # a year inside a name ("the 2021 South-South Human Rights Forum") is not a time expression
        times = [t for t in _times(doc, anchor) if t.start not in named]
        in_dateline = (parts.dateline.start, parts.dateline.end) if parts.dateline else (0, 0)
        ents = _date_events(doc, ents, [t for t in times if not in_dateline[0] <= t.start < in_dateline[1]])
        attrs: list[Attribution] = attribution.extract(doc, ents) if self.options.attributions else []
        if parts.dateline:
            # The dateline's place is never a speaker, nor its words a cue ("HARBOR CITY, Calif.,
            # ... -- Mayor Ortiz opened ..., calling on ...").
            a, b = parts.dateline.start, parts.dateline.end
            attrs = [
                x for x in attrs if not any(r is not None and a <= r.start < b for r in (x.source, x.cue))
            ]
        attrs = [x for x in attrs if x.kind != "floating" or _in_body(parts.paragraphs, x)]
        ents = _pronoun_mentions(ents, attrs)
        return _record(p, ents, times, schemes.view(attrs, self.options.scheme))


def _in_body(paragraphs: Sequence[Paragraph], a: Attribution) -> bool:
    """A floating quote stands in a body paragraph (never the headline or boilerplate)."""
    return any(p.kind == "body" and p.start <= a.content.start < p.end for p in paragraphs)


def _record(
    p: _Prepared,
    ents: Sequence[Entity] = (),
    times: Sequence[TimeExpression] = (),
    attrs: Sequence[Attribution] = (),
) -> Record:
    parts = p.parts
    return Record(
        text=p.text,
        id=p.item.id,
        path=p.item.source if p.item.source not in {"<text>"} else None,
        format=p.item.format,
        language=parts.language,
        headline=parts.headline,
        credit=parts.credit,
        dateline=parts.dateline,
        body_text=parts.body_text,
        paragraphs=parts.paragraphs,
        entities=tuple(ents),
        times=tuple(times),
        attributions=tuple(attrs),
        warnings=tuple(p.item.warnings) + tuple(parts.warnings) + _run_warnings(p.text),
        metadata=p.meta,
    )


def _run_warnings(text: str) -> tuple[Warning, ...]:
    runs = guard.long_runs(text)
    if not runs:
        return ()
    return (
        Warning(
            "long_run",
            f"{runs:,} run(s) of over {guard.MAX_RUN} characters without a space: not words, so "
            "the language model read each as one token (nothing in them is analyzed)",
        ),
    )


def _prepare(item: Input, options: Options) -> _Prepared:
    """Decode HTML, read the wire structure: everything before spaCy."""
    text, meta = item.text, item.metadata
    if item.format == "html":
        text, found = html_reader.extract(item.text, item.source, url=meta.url)
        meta = Metadata(
            title=meta.title or found.title,
            date=meta.date or found.date,
            site=meta.site or found.site,
            url=meta.url or found.url,
            author=meta.author or found.author,
        )
    if not text.strip():
        raise EmptyInput("is empty (no text to analyze)", item.source)
    guard.check(text, item.source, options.max_chars)
    known_date = options.date or _iso_date(meta.date)
    parts = wire.parse(
        text,
        date=known_date,
        markdown=True if item.format == "markdown" else None,
        title=meta.title,
    )
    return _Prepared(item, text, meta, parts, known_date)


def structure(item: Input, options: Options | None = None) -> Record:
    """A record without NLP: headline, credit, dateline, paragraphs, body text and metadata, no
    entities, times or attributions (no spaCy: fast enough for bulk ingest)."""
    return _record(_prepare(item, options or Options()))


class _Prepared:
    __slots__ = ("item", "known_date", "meta", "parts", "text")

    def __init__(self, item: Input, text: str, meta: Metadata, parts: wire.WireParts, known: str | None):
        self.item, self.text, self.meta, self.parts, self.known_date = item, text, meta, parts, known


def analyze(text: str, options: Options | None = None, *, format: str = "text") -> Record:
    """Analyze one text with a shared default :class:`Analyzer` (loads the model on first use)."""
    global _DEFAULT
    if options is not None:
        return Analyzer(options).analyze_text(text, format=format)
    if _DEFAULT is None:
        _DEFAULT = Analyzer()
    return _DEFAULT.analyze_text(text, format=format)


_DEFAULT: Analyzer | None = None


# ---------------------------------------------------------------------- helpers


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _anchor(*candidates: str | None) -> dt.date | None:
    for c in candidates:
        if c:
            try:
                return dt.date.fromisoformat(c)
            except ValueError:
                continue
    return None


_WEEKDAY = re.compile(
    r"^(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "going"})
_FORWARD_PREPS = frozenset({"until", "till", "through", "by", "before"})


def _looks_ahead(ent: SpacySpan) -> bool:
    """Does a bare weekday point forward? ("will meet on Thursday", "runs until Thursday")."""
    root = ent.root
    head = root.head
    if head.lower_ in _FORWARD_PREPS:
        return True
    verb = head.head if head.dep_ == "prep" else head
    for _ in range(3):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        verb = verb.head
    if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in _FUTURE_AUX for c in verb.children):
        return True
    return verb.tag_ in {"VBZ", "VBP"} and head.lower_ in _FORWARD_PREPS


def _times(doc: Doc, anchor: dt.date | None) -> list[TimeExpression]:
    """Every DATE the NER finds, resolved against the anchor. A bare weekday means the most recent
    one (news convention: "opened on Wednesday") unless the clause looks ahead."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        expression = ent.text
        m = _WEEKDAY.match(expression.strip())
        if m and _looks_ahead(ent):
            expression = f"next {m.group(1)}"
        resolved = dates.resolve(expression, anchor)
        out.append(
            TimeExpression(ent.start_char, ent.end_char, ent.text, resolved.isoformat() if resolved else None)
        )
    return out


def _linked_verbs(span: SpacySpan) -> set[int]:
    """Verbs an event mention is the subject of, or that a relative clause on it hangs from."""
    verbs = {t.i for t in span.root.children if t.dep_ == "relcl"}
    for tok in span.root.subtree:
        if tok.dep_ == "relcl" and tok.head.i in range(span.start, span.end):
            verbs.add(tok.i)
    if span.root.dep_ in {"nsubj", "nsubjpass"}:
        verbs.add(span.root.head.i)
    if span.root.dep_ == "dobj" and span.root.head.lemma_ in EVENT_VERBS:
        verbs.add(span.root.head.i)  # "opened the Summit on Tuesday"
    return verbs


def _date_events(doc: Doc, ents: list[Entity], times: list[TimeExpression]) -> list[Entity]:
    """An event's date: a resolved date in a clause the event is the subject of ("... Forum, which
    opened in Beijing on Wednesday")."""
    if not times:
        return ents
    out = []
    for ent in ents:
        date = None
        if ent.label == "EVENT":
            for m in ent.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                verbs = _linked_verbs(span)
                for t in times:
                    if not t.date:
                        continue
                    tspan = doc.char_span(t.start, t.end, alignment_mode="expand")
                    if tspan is None or tspan.sent.start != span.sent.start:
                        continue
                    tok, steps = tspan.root, 0
                    while tok.head.i != tok.i and steps < 4 and tok.i not in verbs:
                        tok, steps = tok.head, steps + 1
                    if tok.i in verbs:
                        date = t.date
                        break
                if date:
                    break
        out.append(replace(ent, date=date) if date else ent)
    return out


def _pronoun_mentions(ents: list[Entity], attrs: list[Attribution]) -> list[Entity]:
    """Sources resolved to an entity become mentions of it (``he`` -> Xi Jinping)."""
    extra: dict[str, list[Mention]] = {}
    for a in attrs:
        s = a.source
        if s is None or s.entity_id is None:
            continue
        extra.setdefault(s.entity_id, []).append(
            Mention(s.start, s.end, s.text, "pronoun" if s.text.lower() in PRONOUNS else "nominal")
        )
    if not extra:
        return ents
    out = []
    for ent in ents:
        add = [
            m
            for m in extra.get(ent.id, [])
            if not any(o.start < m.end and m.start < o.end for o in ent.mentions)
        ]
        if add:
            uniq = {(m.start, m.end): m for m in (*ent.mentions, *add)}
            ent = replace(ent, mentions=tuple(sorted(uniq.values(), key=lambda m: m.start)))
        out.append(ent)
    return out
