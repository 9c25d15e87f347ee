"""Which attributions count: the same finds seen the way PolNeAR counts them or the way a
newsroom quote tracker does.

- ``all`` (the default): every statement found, typed, floating quotes included.
- ``polnear``: what PolNeAR annotates, the finder's output before floating quotes were added:
  every type, one attribution per cue with all its content pieces.
- ``quotes``: what newsroom quote trackers count: speech only (``type == "speech"``), each
  content piece its own quote (``"A," she said, "B."`` is two; a quotation left open at a
  paragraph's end and going on in the next is one), floating quotes included, and
  each quotation counted once (a piece that another, better-scored piece already covers for
  the most part is dropped).

:func:`view` is the one place these rules live; ``analyze``, ``eval`` and the store all call it.
This module imports only :mod:`dateline.records`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .records import Attribution, Content, Span

__all__ = ["DEFAULT_SCHEME", "SCHEMES", "pieces", "view"]

SCHEMES = ("all", "polnear", "quotes")
DEFAULT_SCHEME = "all"

#: a quote piece sharing more than this share of its characters with a piece already kept is
#: the same quotation counted twice
_SAME_PIECE = 0.5


def pieces(a: Attribution, text: str = "") -> list[Attribution]:
    """``a`` cut into one attribution per content piece (itself when it has one span): each span,
    or, given the document's ``text``, each run of spans with only blanks between them where a
    quotation is left open (it goes on in the next paragraph)."""
    spans = a.content.spans
    if len(spans) <= 1:
        return [a]
    runs: list[list[Span]] = []
    for s in spans:
        if runs and text and not text[runs[-1][-1].end : s.start].strip() and _left_open(runs[-1][-1]):
            runs[-1].append(s)
        else:
            runs.append([s])
    if len(runs) == 1:
        return [a]
    return [
        Attribution(
            content=Content(
                run[0].start, run[-1].end, " ".join(s.text for s in run), tuple(run) if len(run) > 1 else ()
            ),
            source=a.source,
            cue=a.cue,
            kind=a.kind,
            score=a.score,
            type=a.type,
        )
        for run in runs
    ]


#: closing quotation marks (two apostrophes close a quotation in some copy)
_CLOSING = ('"', "”", "''", "’", "»")


def _left_open(span: Span) -> bool:
    """Whether ``span`` ends inside a quotation that it opened (`"We will win.` at a paragraph's
    end, with no closing mark)."""
    t = span.text.rstrip()
    return t[:1] in ('"', "“", "«", "'") and not t.endswith(_CLOSING)


def _chars(a: Attribution) -> set[int]:
    spans = a.content.spans or (Span(a.content.start, a.content.end, a.content.text),)
    return {i for s in spans for i in range(s.start, s.end)}


def view(attributions: Sequence[Attribution], scheme: str, text: str = "") -> list[Attribution]:
    """The attributions that ``scheme`` counts, in document order (see the module docstring);
    ``text`` is the document's, which the quotes scheme reads for the blanks between pieces."""
    if scheme == "all":
        return list(attributions)
    if scheme == "polnear":
        return [a for a in attributions if a.kind != "floating"]
    if scheme != "quotes":
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    candidates = [p for a in attributions if a.type == "speech" for p in pieces(a, text)]
    # better-scored first; floating quotes (no score) after the statements with a cue
    order = sorted(range(len(candidates)), key=lambda k: -(candidates[k].score or 0.0))
    taken: set[int] = set()
    keep: set[int] = set()
    for k in order:
        chars = _chars(candidates[k])
        if chars and len(chars & taken) > _SAME_PIECE * len(chars):
            continue
        keep.add(k)
        taken |= chars
    kept = [candidates[k] for k in sorted(keep)]
    return sorted(kept, key=lambda a: (a.content.start, a.content.end))
