"""Records quoting one speaker, for the statement tests (built in code, no model)."""

from __future__ import annotations

from dateline.records import Attribution, Content, Dateline, Entity, Record, Source, Span

QUOTES = [
    "The city will cut its water use by 18 percent by 2030, and we will not stop there",
    "Every school in the district will run on solar power before the end of the decade",
    "We are asking the state for help with the cost of the new pipes under Main Street",
]


def record(
    doc_id: str, quotes: list[str], *, speaker: str | None = "Jane Smith", date: str | None = None
) -> Record:
    """A record quoting ``quotes``, each ``said Smith`` (resolved to ``speaker`` when given)."""
    parts = ["Council news", ""]
    attributions = []
    offset = len("Council news\n\n")
    body_start = offset
    for q in quotes:
        sentence = f"“{q},” said Smith."
        cs = offset + 1
        src = offset + sentence.index("Smith")
        attributions.append(
            Attribution(
                content=Content(cs, cs + len(q), q, (Span(cs, cs + len(q), q),)),
                source=Source(src, src + 5, "Smith", entity=speaker, entity_id="e1" if speaker else None),
                kind="direct",
            )
        )
        parts.append(sentence)
        offset += len(sentence) + 1
    text = "\n".join(parts[:2]) + "\n" + " ".join(parts[2:])
    body = text[body_start:]
    entities = (Entity("e1", speaker, "PERSON", aliases=("Smith",)),) if speaker else ()
    return Record(
        text=text,
        id=doc_id,
        headline=Span(0, 12, "Council news"),
        dateline=Dateline(body_start, body_start, "", date=date) if date else None,
        body_text=body,
        entities=entities,
        attributions=tuple(attributions),
    )
