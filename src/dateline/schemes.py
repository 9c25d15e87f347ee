"""Which attributions count: the same finds seen the way PolNeAR counts them or the way a
newsroom quote tracker does.

- ``all`` (the default): every statement found, typed, floating quotes included.
- ``polnear``: what PolNeAR annotates, the finder's output before floating quotes were added:
  every type, one attribution per cue with all its content pieces.
- ``quotes``: what newsroom quote trackers count: speech only (``type == "speech"``), each
  content piece its own quote (``"A," she said, "B."`` is two), floating quotes included, and
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


def pieces(a: Attribution) -> list[Attribution]:
    """``a`` cut into one attribution per content span (itself when it has one span)."""
    spans = a.content.spans
    if len(spans) <= 1:
        return [a]
    return [
        Attribution(
            content=Content(s.start, s.end, s.text, ()),
            source=a.source,
            cue=a.cue,
            kind=a.kind,
            score=a.score,
            type=a.type,
        )
        for s in spans
    ]


def _chars(a: Attribution) -> set[int]:
    spans = a.content.spans or (Span(a.content.start, a.content.end, a.content.text),)
    return {i for s in spans for i in range(s.start, s.end)}


def view(attributions: Sequence[Attribution], scheme: str) -> list[Attribution]:
    """The attributions that ``scheme`` counts, in document order (see the module docstring)."""
    if scheme == "all":
        return list(attributions)
    if scheme == "polnear":
        return [a for a in attributions if a.kind != "floating"]
    if scheme != "quotes":
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    candidates = [p for a in attributions if a.type == "speech" for p in pieces(a)]
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
