"""One options object, checked once, passed everywhere (trafilatura's ``Extractor`` habit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from . import dates
from .errors import OptionsError
from .schemes import DEFAULT_SCHEME, SCHEMES

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS", "DEFAULT_TIME_BUDGET", "Options"]

#: 50 MB: far above any news article (the longest PolNeAR text is ~60 kB) yet small enough that
#: spaCy's memory use stays bounded.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: 1,000,000 characters: spaCy's own ``nlp.max_length`` (its parser and NER need about 1 GB per
#: 100,000 words). The longest PolNeAR text is ~60,000 characters, so this refuses no article.
DEFAULT_MAX_CHARS = 1_000_000

#: Seconds one document may take to analyze. The slowest of the 924 PolNeAR texts takes under
#: 2 s with the accurate pipeline on one core (bench/analyze_throughput.py); 60 s leaves room
#: for a loaded machine and stops only a document that would stall a batch.
DEFAULT_TIME_BUDGET = 60.0


@dataclass(frozen=True, slots=True)
class Options:
    """How to analyze documents.

    ``date`` is a known publication date (ISO ``YYYY-MM-DD``, or ``YYYY`` when only the year is
    known): it supplies the year of datelines
    that print none (``LOS ANGELES, Feb 26 -``) and anchors relative dates when the dateline has
    no date. ``max_bytes`` caps the size of one input. ``model`` names the spaCy pipeline;
    ``attribution_model`` is a folder written by ``dateline train attributions`` to use instead
    of the packaged attribution model; ``attributions`` and ``entities`` switch those stages off
    for speed; ``accurate`` adds the fine-tuned role tagger (about half the speed). ``scheme``
    says which attributions the record keeps (:mod:`dateline.schemes`: ``all``, ``polnear`` or
    ``quotes``). ``max_chars`` and ``time_budget`` are each document's size and time budgets: a
    document over either is a failure with that reason (:class:`~dateline.errors.TooLarge`,
    :class:`~dateline.errors.OverBudget`) and the rest of a batch goes on.
    """

    date: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    model: str | None = None
    attribution_model: str | None = None
    entities: bool = True
    attributions: bool = True
    #: the accurate configuration: the fine-tuned role tagger feeds the attribution finder
    #: (slower; needs the ``accurate`` extra)
    accurate: bool = False
    batch_size: int = 16
    scheme: str = DEFAULT_SCHEME
    #: the size budget of one document's text, in characters (spaCy refuses more)
    max_chars: int = DEFAULT_MAX_CHARS
    #: the time budget of one document's analysis, in seconds (``None``: no limit)
    time_budget: float | None = DEFAULT_TIME_BUDGET

    def __post_init__(self) -> None:
        if self.scheme not in SCHEMES:
            raise OptionsError(f"--scheme must be one of {', '.join(SCHEMES)}, got {self.scheme!r}")
        if self.date is not None:
            dates.parse_option(self.date)
        if self.max_bytes <= 0:
            raise OptionsError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.batch_size <= 0:
            raise OptionsError(f"batch_size must be positive, got {self.batch_size}")
        if not 0 < self.max_chars <= 100_000_000:
            raise OptionsError(f"max_chars must be between 1 and 100,000,000, got {self.max_chars}")
        if self.time_budget is not None and not 0 < self.time_budget <= 86_400:
            raise OptionsError(f"time_budget must be between 0 and 86,400 seconds, got {self.time_budget}")

    def with_date(self, date: str | None) -> Options:
        """A copy with ``date`` replaced (used per document when metadata brings one)."""
        return replace(self, date=date)

    @property
    def anchor(self) -> dt.date | None:
        """The publication date when a full one is known (a bare year anchors nothing)."""
        return dates.parse_option(self.date)[0]
