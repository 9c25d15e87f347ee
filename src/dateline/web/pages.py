"""The server-rendered pages (an ``APIRouter`` the app includes; none is in the OpenAPI schema)::

GET  /                     search, with the busiest speakers when nothing is asked
GET  /documents/{id}       one stored document: its statements, reused passages, cluster, provenance
GET  /speakers[/{name}]    speakers, and everything one of them said on a timeline
GET  /clusters[/{id}]      syndication clusters, and a copy compared word by word
GET  /analyze, POST        paste or upload a document; analyze it, and store it if asked
GET  /docs                 the API reference, rendered from the OpenAPI schema
"""

from __future__ import annotations

import urllib.parse
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..corpus import QueryError
from ..corpus.query import SearchQuery
from ..records import Record
from . import apidocs, render
from .deps import PAGE_SIZE, ClusterId, CorpusDep, Pages, PagesDep, analyze, check_dates
from .responses import ApiError
from .schemas import AnalyzeRequest, DocumentReuse
from .security import token_matches

__all__ = ["form_write_refusal", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _document_context(record: Record, reuse: DocumentReuse | None = None) -> dict[str, Any]:
    """What ``document.html`` draws: the text cut into runs (a reused passage of ``reuse`` is one
    run, shaded and linked to its source passage), the statements by speaker, the entities."""
    runs = render.runs(render.segments(record, render.reused_passages(reuse) if reuse else ()))
    return {
        "record": record,
        "runs": runs,
        "reuse": reuse,
        "shaded": any(r.passage is not None for r in runs),
        "groups": render.speaker_groups(record),
        "people": [e for e in record.entities if e.label == "PERSON"],
        "others": [e for e in record.entities if e.label != "PERSON"],
    }


@router.get("/")
async def home(
    corpus: CorpusDep,
    pages: PagesDep,
    q: str | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    filters = {"speaker": speaker, "entity": entity, "source": source, "since": since, "until": until}
    filters = {k: (v.strip() if v else None) or None for k, v in filters.items()}
    q = (q or "").strip() or None
    query = SearchQuery(q, **filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    hits: list[Any] = []
    error = None
    speakers: list[Any] = []
    if corpus.maybe_backend is not None:
        try:
            check_dates(query.since, query.until)
            hits = await corpus.run(corpus.backend.search, query)
        except QueryError as exc:
            error = exc.message
        if not q and not any(filters.values()):
            speakers = await corpus.run(corpus.backend.speakers, 12)
    return pages.render(
        "search.html",
        status=400 if error else 200,
        title="dateline — search",
        q=q,
        filters=filters,
        hits=hits[:PAGE_SIZE],
        page=page,
        more=len(hits) > PAGE_SIZE,
        error=error,
        speakers=speakers,
        searched=bool(q or any(filters.values())),
    )


@router.get("/documents/{doc_id}")
async def document_page(corpus: CorpusDep, pages: PagesDep, doc_id: str) -> Response:
    backend = corpus.backend
    record = await corpus.run(backend.get, doc_id)
    if record is None:
        raise ApiError(404, f"no document {doc_id!r} in the corpus: search for it from the home page")
    cluster = await corpus.run(backend.cluster_of, doc_id)
    title = record.headline.text if record.headline else doc_id
    summaries = await corpus.run(backend.statement_summaries, [doc_id])
    reuse = (await corpus.run(backend.reuse, [doc_id]))[0]
    return pages.render(
        "document.html",
        cluster=cluster if cluster is not None and cluster.size > 1 else None,
        ran={s.attribution: s for s in summaries if s.documents > 1},
        provenance=await corpus.run(backend.provenance, doc_id),
        title=f"{title} — dateline",
        doc_id=doc_id,
        stored=True,
        **_document_context(record, reuse),
    )


@router.get("/speakers")
async def speakers_page(corpus: CorpusDep, pages: PagesDep) -> Response:
    speakers = await corpus.run(corpus.backend.speakers, 200)
    return pages.render("speakers.html", title="Speakers — dateline", speakers=speakers)


@router.get("/speakers/{name:path}")
async def speaker_page(corpus: CorpusDep, pages: PagesDep, name: str, type: str | None = None) -> Response:
    backend = corpus.backend
    every = await corpus.run(backend.quotes, name, 2000)
    shown, types = render.by_type(every, type)
    names = {q.speaker for q in every if q.speaker}
    summaries = await corpus.run(backend.statement_summaries, sorted({q.document for q in shown}))
    return pages.render(
        "speaker.html",
        status=200 if every else 404,
        title=f"{name} — dateline",
        name=names.pop() if len(names) == 1 else name,
        asked=name,
        months=render.month_counts(shown),
        quotes=shown,
        every=every,
        types=types,
        timeline=render.timeline(shown),
        ran={(s.document, s.start): s for s in summaries if s.documents > 1},
    )


@router.get("/clusters")
async def clusters_page(corpus: CorpusDep, pages: PagesDep) -> Response:
    clusters = await corpus.run(corpus.backend.clusters, 500, 0)
    return pages.render("clusters.html", title="Copies — dateline", clusters=clusters)


@router.get("/clusters/{cluster_id}")
async def cluster_page(
    corpus: CorpusDep, pages: PagesDep, cluster_id: ClusterId, copy: str | None = None
) -> Response:
    backend = corpus.backend
    cluster = await corpus.run(backend.cluster, cluster_id)
    if cluster is None:
        raise ApiError(404, f"no cluster {cluster_id!r}: see the list of clusters")
    ids = [m.id for m in cluster.members]
    original = cluster.original if cluster.original in ids else (ids[0] if ids else None)
    others = [i for i in ids if i != original]
    chosen = copy if copy in others else (others[0] if others else None)
    left = await corpus.run(backend.get, original) if original else None
    right = await corpus.run(backend.get, chosen) if chosen else None
    return pages.render(
        "cluster.html",
        title=f"Cluster {cluster_id} — dateline",
        cluster=cluster,
        original=original,
        chosen=chosen,
        others=others,
        left=left,
        right=right,
        diff=render.word_diff(left.text, right.text) if left and right else None,
    )


@router.get("/analyze")
async def paste_page(pages: PagesDep) -> Response:
    return pages.render("analyze.html", title="Analyze — dateline", text="", error=None)


@router.post("/analyze")
async def paste_submit(
    request: Request,
    corpus: CorpusDep,
    pages: PagesDep,
    text: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    store: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Analyze the pasted text (or the uploaded file) and show it, or store it and go to its page;
    a refusal shows the form again with what was typed and why."""
    fmt = "text"
    if file is not None and file.filename:
        try:
            text = (await file.read()).decode("utf-8-sig")
        except UnicodeDecodeError:
            return _form_again(
                pages, "", 422, f"{file.filename}: is not UTF-8 text; save it as UTF-8 or paste its text"
            )
        if file.filename.lower().endswith((".html", ".htm")):
            fmt = "html"
    keep = bool(store)
    refusal = form_write_refusal(request, token) if keep or request.app.state.token else None
    if refusal is None and keep and corpus.maybe_backend is None:
        refusal = 503, "this server has no corpus to store into: start it with --db FILE"
    if refusal is not None:
        return _form_again(pages, text, *refusal)
    try:
        body = AnalyzeRequest(
            **({"html": text} if fmt == "html" else {"text": text}),
            published=published.strip() or None,
            url=url.strip() or None,
        )
    except ValueError as exc:
        return _form_again(pages, text, 422, _invalid_form(exc))
    try:
        record = await analyze(request, body)
    except ApiError as exc:
        return _form_again(pages, text, exc.status_code, str(exc.detail))
    if keep:
        doc_id, _ = await corpus.run(
            corpus.backend.add, record, source="browser", url=body.url, published=body.published
        )
        return RedirectResponse(f"/documents/{urllib.parse.quote(doc_id, safe='')}", status_code=303)
    title = record.headline.text if record.headline else "Pasted document"
    return pages.render(
        "document.html",
        cluster=None,
        title=f"{title} — dateline",
        doc_id=None,
        stored=False,
        **_document_context(record),
    )


def _form_again(pages: Pages, text: str, status: int, error: str) -> Response:
    """The Analyze form again, with the text as it was sent and what was wrong."""
    return pages.render("analyze.html", status=status, title="Analyze — dateline", text=text, error=error)


def _invalid_form(exc: Exception) -> str:
    """The messages of a :class:`pydantic.ValidationError` without pydantic's ``Value error, ``."""
    errors = getattr(exc, "errors", None)
    found = list(errors()) if callable(errors) else [{"msg": str(exc)}]
    return "; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in found)


@router.get("/docs")
async def api_reference(request: Request, pages: PagesDep) -> Response:
    spec = request.app.openapi()
    operations, schemas = apidocs.describe(spec)
    return pages.render(
        "api.html",
        title="API — dateline",
        info=spec.get("info", {}),
        openapi_version=spec.get("openapi", ""),
        operations=operations,
        schemas=schemas,
    )


@router.get("/favicon.ico")
async def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=308)


def form_write_refusal(request: Request, token: str) -> tuple[int, str] | None:
    """Why a browser form may not write (status, message), or ``None``. The form must come from
    this server's own pages (a page elsewhere cannot make a visitor's browser store documents
    here), and carry the server's token when it has one."""
    origin = request.headers.get("origin")
    own = "use this server's own Analyze page"
    fetch_site = request.headers.get("sec-fetch-site", "").casefold()
    if fetch_site in {"cross-site", "same-site"}:  # a browser says where the form came from
        return 403, f"a form from another site cannot store documents here: {own}"
    if origin is None and not fetch_site:  # an old browser: the Referer is all it tells
        came_from = urllib.parse.urlsplit(request.headers.get("referer", "")).netloc
        if came_from and came_from.casefold() != request.headers.get("host", "").casefold():
            return 403, f"a form from {came_from} cannot store documents here: {own}"
    if origin == "null":
        return 403, f"a form from an unknown origin cannot store documents here: {own}"
    host = request.headers.get("host", "").casefold()
    if origin and urllib.parse.urlsplit(origin).netloc.casefold() != host:
        return 403, f"a form from {origin} cannot store documents here: {own}"
    expected: str | None = request.app.state.token
    if expected and not token_matches(f"Bearer {token.strip()}", expected):
        return 401, (
            "storing needs this server's token (DATELINE_API_TOKEN): enter it in the Token field"
            if not token.strip()
            else "the token is wrong: enter the DATELINE_API_TOKEN this server was started with"
        )
    return None
