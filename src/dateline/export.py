"""Writers for a :class:`~dateline.records.Record`: JSON, a readable text report, BRAT standoff."""

from __future__ import annotations

import json
import textwrap
from collections import defaultdict

from .records import Attribution, Record

__all__ = ["FORMATS", "SUFFIXES", "render", "to_brat", "to_json", "to_text"]

FORMATS = ("text", "json", "brat")
SUFFIXES = {"json": ".json", "brat": ".ann", "text": ".txt"}


def to_json(record: Record, *, indent: int | None = 2) -> str:
    return json.dumps(record.as_dict(), ensure_ascii=False, indent=indent)


def to_brat(record: Record) -> str:
    """BRAT standoff of the record's attributions (T lines Source/Cue/Content, E lines linking)."""
    from .brat import to_brat as write

    return write(record.attributions, record.text)


def _speaker(a: Attribution) -> str:
    if a.source is None:
        return "(no source)"
    return a.source.entity or a.source.text


def to_text(record: Record, *, width: int = 100) -> str:
    """A report for people: the document's parts, its entities, then quotes grouped by speaker."""
    lines: list[str] = []
    name = record.path or record.id or "<text>"
    lines.append(f"== {name}")
    if record.headline:
        lines.append(f"Headline:    {record.headline.text}")
    if record.credit:
        lines.append(f"Credit:      {record.credit.name}")
    d = record.dateline
    if d:
        place = ", ".join(x for x in (d.city, d.region) if x) or "-"
        lines.append(f"Dateline:    {d.text}")
        lines.append(
            f"             place {place} | date {d.date or '-'} | distributor {d.distributor or '-'}"
        )
    kinds: dict[str, int] = defaultdict(int)
    for p in record.paragraphs:
        kinds[p.kind] += 1
    lines.append("Paragraphs:  " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    if record.entities:
        lines.append("")
        lines.append("Entities")
        for e in record.entities:
            extra = []
            if e.titles:
                extra.append("titles: " + "; ".join(e.titles))
            if e.aliases:
                extra.append("also: " + "; ".join(e.aliases))
            if e.date:
                extra.append(f"date: {e.date}")
            more = f"  ({', '.join(extra)})" if extra else ""
            lines.append(f"  {e.label:<8} {e.name}  x{len(e.mentions)}{more}")
    if record.attributions:
        lines.append("")
        lines.append(f"Who said what ({len(record.attributions)} statements)")
        groups: dict[str, list[Attribution]] = defaultdict(list)
        for a in record.attributions:
            groups[_speaker(a)].append(a)
        for speaker, attrs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"  {speaker} ({len(attrs)})")
            for a in attrs:
                cue = a.cue.text if a.cue else "-"
                src = a.source.text if a.source else "-"
                body = textwrap.fill(
                    a.content.text, width=width, initial_indent="      ", subsequent_indent="      "
                )
                lines.append(f"    - [{a.type}, {a.kind}] {src} / {cue}")
                lines.append(body)
    if record.warnings:
        lines.append("")
        lines.append("Warnings")
        for w in record.warnings:
            where = f" (at {w.start})" if w.start is not None else ""
            lines.append(f"  {w.code}: {w.message}{where}")
    return "\n".join(lines) + "\n"


def render(record: Record, fmt: str) -> str:
    if fmt == "json":
        return to_json(record)
    if fmt == "brat":
        return to_brat(record)
    if fmt == "text":
        return to_text(record)
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
