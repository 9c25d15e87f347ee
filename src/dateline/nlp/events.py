"""Dating events: an event entity takes the date of a clause it is the subject of ("... Forum,
which opened in Beijing on Wednesday") or the object of an opening verb ("X opened the Summit on
Tuesday")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..records import Entity, TimeExpression

__all__ = ["EVENT_VERBS", "date_events", "linked_verbs"]

#: Verbs whose object is an event taking place when the verb does ("X opened the Forum on Tuesday").
EVENT_VERBS = frozenset(
    {"open", "hold", "host", "launch", "start", "begin", "close", "end", "convene", "inaugurate", "stage"}
)


def linked_verbs(span: SpacySpan) -> set[int]:
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


def date_events(doc: Doc, ents: list[Entity], times: Sequence[TimeExpression]) -> list[Entity]:
    """``ents`` with each event's ``date`` set: a resolved date of ``times`` in a clause the event
    is the subject of ("... Forum, which opened in Beijing on Wednesday")."""
    if not times:
        return ents
    out = []
    for ent in ents:
        date = _event_date(doc, ent, times) if ent.label == "EVENT" else None
        out.append(replace(ent, date=date) if date else ent)
    return out


def _event_date(doc: Doc, ent: Entity, times: Sequence[TimeExpression]) -> str | None:
    """The first resolved date within four steps up the parse from a clause one of the event's
    mentions is linked to, in the mention's sentence."""
    for m in ent.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        verbs = linked_verbs(span)
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
                return t.date
    return None
