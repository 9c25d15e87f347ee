"""Where a stored document came from: one view of its origin credit, distributor, site, the
syndication cluster it belongs to, and the statements it shares with earlier documents.

:func:`provenance` reads everything from a :class:`~dateline.corpus.store.Store`; ``dateline
show`` prints :func:`lines`, the document page shows the same record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .statement_store import ProvenanceStatement
from .store import Cluster, Store

__all__ = ["Provenance", "lines", "provenance"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """``credit`` is the origin credit before the headline (``CCTV+``), ``distributor`` the wire
    service of the dateline (``PR Newswire``), ``site`` the site or source it was stored from;
    ``cluster`` its syndication cluster (``None`` when it has no copies) and ``original`` that
    cluster's earliest member; ``shared`` the statements it carries that ran earlier elsewhere."""

    document: str
    published: str | None
    credit: str | None
    distributor: str | None
    site: str | None
    cluster: int | None
    cluster_size: int
    original: str | None
    shared: tuple[ProvenanceStatement, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "published": self.published,
            "credit": self.credit,
            "distributor": self.distributor,
            "site": self.site,
            "cluster": self.cluster,
            "cluster_size": self.cluster_size,
            "original": self.original,
            "shared": [s.as_dict() for s in self.shared],
        }


def provenance(store: Store, doc_id: str) -> Provenance | None:
    """The :class:`Provenance` of stored document ``doc_id`` (``None`` if there is none)."""
    doc = store.document(doc_id)
    record = store.get(doc_id)
    if doc is None or record is None:
        return None
    cluster: Cluster | None = store.cluster_of(doc_id)
    shared = []
    seen: set[str] = set()
    for summary in store.statement_summaries(doc_id):
        if summary.first_document == doc_id or summary.statement in seen:
            continue
        seen.add(summary.statement)
        found = store.statement(summary.statement)
        if found is None:
            continue
        shared.append(
            ProvenanceStatement(
                found.id,
                found.text,
                found.speaker,
                summary.kind,
                summary.first_document,
                summary.first_published,
            )
        )
    has_copies = cluster is not None and cluster.size > 1
    return Provenance(
        document=doc_id,
        published=doc.published,
        credit=record.credit.name if record.credit else None,
        distributor=record.dateline.distributor if record.dateline else None,
        site=doc.site or doc.source,
        cluster=cluster.id if has_copies and cluster else None,
        cluster_size=cluster.size if has_copies and cluster else 1,
        original=cluster.original if has_copies and cluster else None,
        shared=tuple(shared),
    )


def lines(p: Provenance) -> list[str]:
    """A readable report of a :class:`Provenance` (what ``dateline show`` prints)."""
    out = ["Where this came from"]
    out.append(f"  credit:       {p.credit or '-'}")
    out.append(f"  distributor:  {p.distributor or '-'}")
    out.append(f"  site:         {p.site or '-'}")
    out.append(f"  published:    {p.published or '-'}")
    if p.cluster is not None:
        role = "the original" if p.original == p.document else f"a copy of {p.original}"
        out.append(f"  cluster:      {p.cluster} ({p.cluster_size} copies; this is {role})")
    else:
        out.append("  cluster:      - (no copies stored)")
    if p.shared:
        out.append(f"  statements that ran earlier ({len(p.shared)}):")
        for s in p.shared:
            text = s.text if len(s.text) <= 90 else s.text[:89] + "…"
            out.append(
                f"    [{s.statement}] {s.speaker or '?'}: “{text}” first seen in {s.first_document}"
                f" ({s.first_published or 'undated'}); here {s.kind}"
            )
    else:
        out.append("  statements that ran earlier: none")
    return out
