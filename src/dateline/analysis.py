"""Text or HTML in, :class:`~dateline.records.Record` out: the one path every caller shares.

The CLI, the store's ingest, the web app and the Spark executors all call :class:`Analyzer`
(``analyze`` for one document, ``pipe`` for many: the spaCy model loads once and documents go
through ``nlp.pipe`` in batches).

This module only orchestrates: the wire structure comes from :mod:`dateline.wire`, the pipeline
from :func:`dateline.nlp.pipeline.load`, and each Doc-level stage from its module in
:mod:`dateline.nlp` (entities, times, events, attributions and their speakers).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from . import dates, schemes, wire
from .errors import DatelineError, EmptyInput, ModelError, OverBudget
from .nlp import attribution, entities, events, guard, pipeline, times
from .options import Options
from .readers import Input
from .readers import html as html_reader
from .records import Attribution, Entity, Metadata, Paragraph, Record, TimeExpression, Warning

__all__ = ["Analyzer", "analyze", "structure"]

log = logging.getLogger(__name__)


class Analyzer:
    """Analyzes documents with one loaded spaCy pipeline.

    >>> analyzer = Analyzer()                       # doctest: +SKIP
    >>> record = analyzer.analyze_text("WASHINGTON (AP) — ...")  # doctest: +SKIP
    """

    def __init__(self, options: Options | None = None, nlp: Language | None = None) -> None:
        self.options = options or Options()
        self._given = nlp
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The pipeline, loaded and prepared on first use (:func:`.nlp.pipeline.load`), or the one
        given to the constructor with dateline's components added."""
        if self._nlp is None:
            given = self._given
            self._nlp = (
                pipeline.load(self.options) if given is None else pipeline.prepare(given, self.options)
            )
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
        anchor = dates.first_date(parts.dateline.date if parts.dateline else None, p.known_date)
        ents: list[Entity] = entities.extract(doc) if self.options.entities else []
        named = {i for e in ents for m in e.mentions for i in range(m.start, m.end)}
        # a year inside a name ("the 2021 South-South Human Rights Forum") is not a time expression
        found = [t for t in times.extract(doc, anchor) if t.start not in named]
        in_dateline = (parts.dateline.start, parts.dateline.end) if parts.dateline else (0, 0)
        ents = events.date_events(
            doc, ents, [t for t in found if not in_dateline[0] <= t.start < in_dateline[1]]
        )
        attrs: list[Attribution] = attribution.extract(doc, ents) if self.options.attributions else []
        if parts.dateline:
            # The dateline's place is never a speaker, nor its words a cue ("HARBOR CITY, Calif.,
            # ... -- Mayor Ortiz opened ..., calling on ...").
            a, b = parts.dateline.start, parts.dateline.end
            attrs = [
                x for x in attrs if not any(r is not None and a <= r.start < b for r in (x.source, x.cue))
            ]
        attrs = [x for x in attrs if x.kind != "floating" or _in_body(parts.paragraphs, x)]
        ents = entities.with_source_mentions(ents, attrs)
        return _record(p, ents, found, schemes.view(attrs, self.options.scheme, p.text))


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
    known_date = options.date or dates.iso_day(meta.date)
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
