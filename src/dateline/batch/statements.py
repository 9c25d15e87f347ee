"""Statements over a whole batch, with the single-machine rules of
:mod:`dateline.corpus.statements` (same parameters, same order, same result).

Both engines call :func:`statement_rows` on the driver with two narrow projections of tables
they have already written: per document ``(doc_id, published, site, container, position)`` and
per attribution ``(doc_id, n, speaker, source_text, content_text)``. Occurrences are ordered as
:func:`dateline.corpus.statements.group` orders them (dated before undated, by date), with the
document's place in the input (container, then position) instead of the order of ingest, so
both engines give the same statements row for row. The grouping itself is one pass over the
occurrences with a bounded blocking index (linear in their number); only the projections travel
to the driver, not the records.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from ..corpus import statements
from . import tables

__all__ = ["PARAMETERS", "attribution_info", "document_info", "from_folder", "statement_rows"]

#: Everything the statements depend on (written to ``_batch.json``).
PARAMETERS = statements.PARAMETERS

DocumentInfo = tuple[str, str | None, str | None, str, int | None]
AttributionInfo = tuple[str, int, str | None, str | None, str]

#: Columns of the two projections, as in :mod:`.tables`.
DOCUMENT_COLUMNS = ("doc_id", "published", "site", "distributor", "container", "position")
ATTRIBUTION_COLUMNS = ("doc_id", "n", "speaker", "source_text", "content_text")


def document_info(values: tuple[Any, ...] | dict[str, Any]) -> DocumentInfo:
    """The projection of a ``documents`` row (a tuple in table order, or a dict); the site is
    the metadata's, else the distributor's, as the store keeps it."""
    if not isinstance(values, dict):
        values = dict(zip((c for c, _ in tables.TABLES["documents"]), values, strict=True))
    return (
        values["doc_id"],
        values["published"],
        values["site"] or values["distributor"],
        values["container"],
        values["position"],
    )


def attribution_info(values: tuple[Any, ...] | dict[str, Any]) -> AttributionInfo:
    """The projection of an ``attributions`` row (a tuple in table order, or a dict)."""
    if not isinstance(values, dict):
        values = dict(zip((c for c, _ in tables.TABLES["attributions"]), values, strict=True))
    return (values["doc_id"], values["n"], values["speaker"], values["source_text"], values["content_text"])


def from_folder(folder: str) -> list[tables.Row]:
    """``statements`` rows from the ``documents`` and ``attributions`` tables written in ``folder``
    (the local engine; only the projected columns are read)."""
    import pyarrow.dataset as ds

    def read(table: str, columns: tuple[str, ...]) -> list[dict[str, Any]]:
        if not os.path.isdir(f"{folder}/{table}"):  # no partition wrote a row of it
            return []
        data = ds.dataset(f"{folder}/{table}", format="parquet", schema=tables.arrow_schema(table))
        return list(data.to_table(columns=list(columns)).to_pylist())

    docs = [document_info(r) for r in read("documents", DOCUMENT_COLUMNS)]
    atts = [attribution_info(r) for r in read("attributions", ATTRIBUTION_COLUMNS)]
    return statement_rows(docs, atts)


def _order(info: DocumentInfo) -> tuple[int, str, str, int, str]:
    doc, published, _, container, position = info
    return (
        0 if published else 1,
        published or "",
        container or "",
        -1 if position is None else position,
        doc,
    )


def statement_rows(
    documents: Iterable[DocumentInfo], attributions: Iterable[AttributionInfo], *, min_documents: int = 2
) -> list[tables.Row]:
    """``statements`` rows for statements that ran in at least ``min_documents`` documents."""
    docs = {d[0]: d for d in documents}
    by_doc: dict[str, list[AttributionInfo]] = {}
    for a in attributions:
        if a[0] in docs and a[4]:
            by_doc.setdefault(a[0], []).append(a)
    occurrences = []
    for doc in sorted(by_doc, key=lambda d: _order(docs[d])):
        _, published, site, _, _ = docs[doc]
        for _, n, speaker, source, text in sorted(by_doc[doc], key=lambda a: a[1]):
            occurrences.append(statements.Occurrence(doc, n, text, published, site, speaker, source))
    out = []
    for st in statements.group(occurrences, min_documents=min_documents):
        first = st.first_seen
        for o in st.occurrences:
            changes = json.dumps([c.as_dict() for c in o.changes], ensure_ascii=False)
            values = tables.StatementRow(
                st.id,
                o.document,
                o.attribution,
                st.speaker,
                st.text,
                first.document,
                first.published,
                st.documents,
                st.altered,
                o.published,
                o.site,
                o.kind,
                changes,
                o.text,
            )
            out.append(tables.Row("statements", values))
    return out
