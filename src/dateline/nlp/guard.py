"""What a document must pass before spaCy sees it, and the clock it runs against.

spaCy's tokenizer strips prefixes and suffixes from each whitespace-free chunk one at a time,
re-slicing the chunk each time: its cost grows with the square of the chunk's length (and worse
for brackets and quotes). ``'[' * 10000 + ']' * 10000`` takes over a minute; the same length of
letters, a fiftieth of a second. :func:`tokenizer_text` therefore gives spaCy a copy of the text
in which every run of more than :data:`MAX_RUN` non-space characters is replaced by as many
``x``: one token, read in linear time, that tags, parses and recognizes as nothing (cutting the
run into 200-character pieces instead left 20,000 one-character tokens for the parser: 16 s).
The copy has the same length, so its tokens map one to one onto the original characters:
:func:`make_doc` builds the Doc from the original text cut at those tokens, so the pipeline
sees one (long) token per run and every span it reports quotes the document itself.

:func:`check` refuses what spaCy cannot take (a text over the size budget, lone surrogates that
no encoder accepts) with one line naming the problem, and :func:`time_budget` raises
:class:`~dateline.errors.OverBudget` when one analysis runs over its time budget.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import EncodingError, OverBudget, TooLarge

__all__ = ["MAX_RUN", "check", "long_runs", "make_doc", "time_budget", "tokenizer_text"]

log = logging.getLogger(__name__)

#: Longest whitespace-free run spaCy sees as it is. No word is this long, and the longest URLs
#: in the PolNeAR and press-release texts are under 200 characters, so real text is never
#: changed. Measured with en_core_web_sm on 20,000 characters of nested brackets: 16 s when cut
#: into 200-character pieces, 0.7 s replaced by letters (0.9 s for 200,000); one run of 4,000
#: brackets as it is took 9.5 s in the tokenizer alone.
MAX_RUN = 200

_LONG_RUN = re.compile(r"\S{" + str(MAX_RUN + 1) + ",}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def long_runs(text: str) -> int:
    """How many whitespace-free runs of ``text`` are longer than :data:`MAX_RUN`."""
    return sum(1 for _ in _LONG_RUN.finditer(text))


def tokenizer_text(text: str) -> str:
    """``text`` with each whitespace-free run longer than :data:`MAX_RUN` replaced by as many
    ``x`` (same length, so offsets hold); ``text`` itself when it has no such run."""
    if _LONG_RUN.search(text) is None:
        return text
    return _LONG_RUN.sub(lambda m: "x" * len(m.group(0)), text)


def make_doc(nlp: Language, text: str) -> Doc:
    """``text`` tokenized safely: the tokens of :func:`tokenizer_text`, each holding the original
    characters at its offsets (a long run stays one token, with its own text). The Doc's text is
    ``text`` exactly, so every span a later stage reports quotes the document itself."""
    safe = tokenizer_text(text)
    if safe is text:
        return nlp.make_doc(text)
    tokens = nlp.make_doc(safe)
    words = [text[t.idx : t.idx + len(t)] for t in tokens]
    return Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in tokens])


def check(text: str, source: str, max_chars: int) -> None:
    """Raise when spaCy must not see ``text``: over ``max_chars`` characters, or holding a lone
    surrogate (not Unicode text; nothing can store or send it)."""
    if len(text) > max_chars:
        raise TooLarge(
            f"{len(text):,} characters is over the {max_chars:,}-character limit of one document "
            "(split it, or raise the limit with --max-chars)",
            source,
        )
    m = _SURROGATE.search(text)
    if m is not None:
        raise EncodingError(
            f"holds a lone surrogate (U+{ord(m.group(0)):04X}) at character {m.start():,}: "
            "not valid Unicode text; fix the producer or decode the bytes it came from",
            source,
        )


@contextlib.contextmanager
def time_budget(seconds: float | None, source: str) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block when it runs longer than ``seconds``.

    The clock is ``SIGALRM``, so it works in the main thread of a process (the CLI, ingest and
    batch workers, the server's analysis process, a Spark Python worker); elsewhere, or with
    ``seconds`` ``None``, the block runs unbounded. Nested budgets are not supported: the
    innermost one wins and the outer one is restored after it.
    """
    main = threading.current_thread() is threading.main_thread()
    if not seconds or not main or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(
            f"analysis took over the {seconds:g}-second time budget of one document "
            "(raise it with --time-budget)",
            source,
        )

    previous = signal.signal(signal.SIGALRM, expired)
    old_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_timer[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *old_timer)
