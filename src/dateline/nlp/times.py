"""Time expressions: every date the NER finds, resolved to a calendar date against an anchor.

The anchor is the document's own date (its dateline's, else the one its metadata or the caller
gives); :func:`dateline.wire.dates.resolve` reads the expression. A bare weekday is the most
recent one (news convention: "opened on Wednesday") unless its clause looks ahead ("will meet on
Thursday", "runs until Thursday").
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..records import TimeExpression
from ..wire import dates

__all__ = ["extract", "looks_ahead"]

_WEEKDAY = re.compile(
    r"^(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "going"})
_FORWARD_PREPS = frozenset({"until", "till", "through", "by", "before"})


def looks_ahead(ent: SpacySpan) -> bool:
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


def extract(doc: Doc, anchor: dt.date | None) -> list[TimeExpression]:
    """Every DATE the NER finds in ``doc``, resolved against ``anchor`` (``date`` is ``None``
    where it cannot be)."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        expression = ent.text
        m = _WEEKDAY.match(expression.strip())
        if m and looks_ahead(ent):
            expression = f"next {m.group(1)}"
        resolved = dates.resolve(expression, anchor)
        out.append(
            TimeExpression(ent.start_char, ent.end_char, ent.text, resolved.isoformat() if resolved else None)
        )
    return out
