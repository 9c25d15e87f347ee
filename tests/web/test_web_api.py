"""The JSON API through FastAPI's TestClient: reads, writes, token rules, limits, errors."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webfixtures import EXAMPLE, XSS, FakeAnalyzer, build_record, fill

from dateline.corpus import Store
from dateline.errors import OptionsError
from dateline.web.app import create_app, openapi_document
from dateline.web.security import check_bind, is_loopback, token_matches

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "docs" / "openapi.json"
TOKEN = "s3cret-token-for-tests"


def assert_error(response, status: int) -> dict:
    """Every error is JSON: a status, a stable code and a message a person can act on."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and len(body["message"]) > 15
    return body


# ------------------------------------------------------------------------- the stored schema


def test_openapi_matches_the_stored_schema() -> None:
    stored = json.loads(OPENAPI.read_text(encoding="utf-8"))
    current = json.loads(json.dumps(openapi_document(), sort_keys=True))
    assert current == stored, (
        "the API changed: review the change, then regenerate with "
        "`.venv/bin/python -m dateline.web.app openapi > docs/openapi.json`"
    )


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/analyze",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/speakers",
        "/api/speakers/{name}/quotes",
        "/api/clusters",
        "/api/clusters/{cluster_id}",
        "/api/documents/{doc_id}/reuse",
        "/api/documents/{doc_id}/pickup",
        "/api/reuse",
        "/api/statements",
        "/api/statements/{statement_id}",
    }
    assert client.get("/docs").status_code == 200


# ------------------------------------------------------------------------- reading


def test_search_finds_documents_and_marks_terms(client: TestClient) -> None:
    body = client.get("/api/documents", params={"q": "leak"}).json()
    ids = [h["id"] for h in body["results"]]
    assert "ortiz-defends-plan" in ids
    hit = next(h for h in body["results"] if h["id"] == "ortiz-defends-plan")
    marked = [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert marked and all(m.lower() == "leak" for m in marked)
    assert "[" not in hit["snippet"]


def test_search_filters(client: TestClient) -> None:
    def ids(**params: str) -> set[str]:
        r = client.get("/api/documents", params=params)
        assert r.status_code == 200, r.text
        return {h["id"] for h in r.json()["results"]}

    assert ids(speaker="Ortiz") == {"harbor-city-water-summit", "coastal-times-summit", "ortiz-defends-plan"}
    assert ids(speaker="Reyes", q="water") == {"harbor-city-water-summit", "coastal-times-summit"}
    assert ids(entity="Samuel Reyes") == {"harbor-city-water-summit", "coastal-times-summit"}
    assert ids(since="2024-03-07", until="2024-04-30") == {"coastal-times-summit", "nasty"}
    assert ids(source="PR Newswire", until="2024-03-06") == {"harbor-city-water-summit"}
    assert ids(q="nothingmatchesthis") == set()


def test_search_pages(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 2}).json()["results"]
    second = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()["results"]
    assert len(first) == 2 and len(second) == 2
    assert not {h["id"] for h in first} & {h["id"] for h in second}


@pytest.mark.parametrize("query", ['"unbalanced', "water AND", "NEAR(", "(water", "a:b", "*"])
def test_malformed_query_is_400_not_500(client: TestClient, query: str) -> None:
    body = assert_error(client.get("/api/documents", params={"q": query}), 400)
    assert "query" in body["message"]


def test_bad_dates_and_paging_are_client_errors(client: TestClient) -> None:
    assert (
        "since" in assert_error(client.get("/api/documents", params={"since": "last week"}), 400)["message"]
    )
    assert "limit" in assert_error(client.get("/api/documents", params={"limit": 0}), 422)["message"]
    assert "offset" in assert_error(client.get("/api/documents", params={"offset": -1}), 422)["message"]


def test_query_text_is_data_not_sql(client: TestClient) -> None:
    for value in ("'; DROP TABLE documents; --", "x' OR '1'='1", "Robert'); DELETE FROM documents;--"):
        r = client.get("/api/documents", params={"speaker": value, "entity": value, "source": value})
        assert r.status_code == 200 and r.json()["results"] == []
    assert len(client.get("/api/documents", params={"limit": 50}).json()["results"]) == 4


def test_get_document(client: TestClient) -> None:
    record = client.get("/api/documents/harbor-city-water-summit").json()
    assert record["headline"]["text"] == "Mayor Lena Ortiz opens 2024 Harbor City Water Summit"
    assert (
        record["text"][record["headline"]["start"] : record["headline"]["end"]] == record["headline"]["text"]
    )
    assert len(record["attributions"]) == 4
    body = assert_error(client.get("/api/documents/no-such-doc"), 404)
    assert "no-such-doc" in body["message"]


def test_record_keeps_markup_as_data(client: TestClient) -> None:
    record = client.get("/api/documents/nasty").json()
    assert XSS in record["text"]
    assert client.get("/api/documents/nasty").headers["content-type"] == "application/json"


def test_speakers_and_quotes(client: TestClient) -> None:
    speakers = client.get("/api/speakers").json()["speakers"]
    assert speakers[0]["name"] == "Lena Ortiz"
    assert speakers[0]["statements"] == 5 and speakers[0]["documents"] == 3
    quotes = client.get("/api/speakers/Ortiz/quotes").json()["quotes"]
    assert len(quotes) == 5
    assert [q["published"] for q in quotes] == sorted(q["published"] for q in quotes)
    assert quotes[-1]["content"] == '"Every leak we fix is water we keep,"'
    assert client.get("/api/speakers", params={"top": 1}).json()["speakers"][0]["name"] == "Lena Ortiz"
    assert client.get("/api/speakers/Nobody%20Atall/quotes").json()["quotes"] == []
    assert client.get("/api/speakers/a%2Fb/quotes").status_code == 200


def test_clusters(client: TestClient) -> None:
    clusters = client.get("/api/clusters").json()["clusters"]
    assert len(clusters) == 1
    c = clusters[0]
    assert c["size"] == 2 and c["original"] == "harbor-city-water-summit"
    assert [m["id"] for m in c["members"]] == ["harbor-city-water-summit", "coastal-times-summit"]
    assert client.get(f"/api/clusters/{c['id']}").json() == c
    assert_error(client.get("/api/clusters/9999"), 404)
    assert_error(client.get("/api/clusters/abc"), 422)


def test_no_corpus_is_503_with_a_way_out(make_client: Callable[..., TestClient]) -> None:
    client = make_client(None)
    body = assert_error(client.get("/api/documents"), 503)
    assert "--db" in body["message"]


# ------------------------------------------------------------------------- analysis (no model)


def test_analyze_validation(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analyzer=FakeAnalyzer())
    assert "exactly one" in assert_error(client.post("/api/analyze", json={}), 422)["message"]
    assert (
        "exactly one"
        in assert_error(client.post("/api/analyze", json={"text": "a", "html": "b"}), 422)["message"]
    )
    assert "empty" in assert_error(client.post("/api/analyze", json={"text": "  \n"}), 422)["message"]
    assert (
        "published"
        in assert_error(client.post("/api/analyze", json={"text": "x", "published": "yesterday"}), 422)[
            "message"
        ]
    )
    assert (
        "JSON"
        in assert_error(
            client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}),
            422,
        )["message"]
    )
    assert_error(
        client.post("/api/analyze", content=b"just text", headers={"content-type": "text/plain"}), 422
    )
    assert_error(client.post("/api/analyze", json={"text": "x", "extra": 1}), 422)
    assert_error(client.get("/api/analyze"), 405)
    assert_error(client.get("/api/nothing-here"), 404)


def test_analyze_stores_nothing(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Store(db).close()
    client = make_client(db, analyzer=FakeAnalyzer())
    text = EXAMPLE.read_text(encoding="utf-8")
    r = client.post(
        "/api/analyze", json={"text": text, "published": "2024-03-06", "url": "https://x.example/a"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["headline"]["text"] == "Mayor Lena Ortiz opens 2024 Harbor City Water Summit"
    with Store(db) as store:
        assert store.count() == 0


def test_server_errors_are_json(make_client: Callable[..., TestClient]) -> None:
    class Broken(FakeAnalyzer):
        def analyze_text(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    client = make_client(analyzer=Broken())
    body = assert_error(client.post("/api/analyze", json={"text": "hello"}), 500)
    assert "RuntimeError" in body["message"] and "boom" not in body["message"]


# ------------------------------------------------------------------------- writing and the token


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "w.db"
    Store(db).close()
    return db


def post_doc(client: TestClient, text: str, url: str, **headers: str):
    return client.post("/api/documents", json={"text": text, "url": url}, headers=headers)


def test_writes_without_a_token_are_open_on_loopback(
    make_client: Callable[..., TestClient], empty_db: Path
) -> None:
    client = make_client(empty_db, analyzer=FakeAnalyzer())
    r = post_doc(client, EXAMPLE.read_text(encoding="utf-8"), "https://x.example/1")
    assert r.status_code == 201, r.text
    assert r.json()["inserted"] is True
    again = post_doc(client, EXAMPLE.read_text(encoding="utf-8"), "https://x.example/1")
    assert again.status_code == 200 and again.json() == {**r.json(), "inserted": False}
    assert client.get(f"/api/documents/{r.json()['id']}").status_code == 200


def test_token_rules(make_client: Callable[..., TestClient], empty_db: Path) -> None:
    client = make_client(empty_db, analyzer=FakeAnalyzer(), token=TOKEN)
    text = EXAMPLE.read_text(encoding="utf-8")
    missing = assert_error(post_doc(client, text, "https://x.example/1"), 401)
    assert "Authorization: Bearer" in missing["message"]
    assert post_doc(client, text, "https://x.example/1").headers["www-authenticate"].startswith("Bearer")
    assert_error(post_doc(client, text, "https://x.example/1", Authorization="Bearer wrong"), 403)
    assert_error(post_doc(client, text, "https://x.example/1", Authorization=f"Basic {TOKEN}"), 403)
    assert_error(post_doc(client, text, "https://x.example/1", Authorization=f"Bearer {TOKEN}x"), 403)
    with Store(empty_db) as store:
        assert store.count() == 0
    ok = post_doc(client, text, "https://x.example/1", Authorization=f"Bearer {TOKEN}")
    assert ok.status_code == 201, ok.text
    # Reading stays open; analysis, which can keep the server busy, needs the token too (issue 16).
    assert client.get("/api/documents").status_code == 200
    assert client.get(f"/api/documents/{ok.json()['id']}").status_code == 200
    assert_error(client.post("/api/analyze", json={"text": text}), 401)
    analyzed = client.post("/api/analyze", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert analyzed.status_code == 200


def test_token_matches() -> None:
    assert token_matches(f"Bearer {TOKEN}", TOKEN)
    assert token_matches(f"bearer   {TOKEN} ", TOKEN)
    assert not token_matches(None, TOKEN)
    assert not token_matches(TOKEN, TOKEN)
    assert not token_matches(f"Bearer {TOKEN[:-1]}", TOKEN)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_needs_no_token(host: str) -> None:
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_non_loopback_needs_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(OptionsError, match="DATELINE_API_TOKEN"):
        check_bind(host, None)
    check_bind(host, TOKEN)


def test_serve_refuses_a_public_host_without_token(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from dateline.cli import main

    monkeypatch.delenv("DATELINE_API_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--db", ":memory:"]) == 2
    err = capsys.readouterr().err
    assert "0.0.0.0" in err and "DATELINE_API_TOKEN" in err and len(err.strip().splitlines()) == 1


def test_host_header_is_checked_when_asked(make_client: Callable[..., TestClient]) -> None:
    client = make_client(allowed_hosts=["127.0.0.1", "localhost"])
    assert client.get("/api/speakers", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/api/speakers", headers={"host": "localhost"}).status_code == 200
    body = assert_error(client.get("/api/speakers", headers={"host": "evil.example"}), 400)
    assert "evil.example" in body["message"]


# ------------------------------------------------------------------------- 413


def test_body_over_the_limit_by_content_length(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analyzer=FakeAnalyzer(), max_body=1000)
    body = assert_error(client.post("/api/analyze", json={"text": "x" * 2000}), 413)
    assert "1,000" in body["message"] and "--max-body" in body["message"]
    assert client.post("/api/analyze", json={"text": "Headline\n\nshort"}).status_code == 200


def test_body_over_the_limit_by_streamed_size(make_client: Callable[..., TestClient]) -> None:
    """A chunked body declares no length: the bytes received are counted."""
    FakeAnalyzer.calls = 0
    client = make_client(analyzer=FakeAnalyzer(), max_body=1000)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"y" * 100
        yield b'"}'

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert_error(r, 413)
    assert FakeAnalyzer.calls == 0


def test_default_limit_is_ten_megabytes(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analyzer=FakeAnalyzer())
    big = {"text": "z" * (10 * 1024 * 1024 + 10)}
    assert_error(client.post("/api/analyze", json=big), 413)


def test_limit_applies_to_pages_and_uploads(make_client: Callable[..., TestClient]) -> None:
    client = make_client(analyzer=FakeAnalyzer(), max_body=1000)
    r = client.post("/analyze", files={"file": ("big.txt", b"w" * 5000, "text/plain")})
    assert r.status_code == 413


# ------------------------------------------------------------------------- concurrent writers


def _writer_process(db: str, start: int, count: int) -> None:
    with Store(db) as store:
        for i in range(start, start + count):
            text = f"Story number {i}\n\nWASHINGTON (AP) — Unique body text {i} " + " ".join(
                f"w{i}x{j}" for j in range(60)
            )
            store.add(build_record(text, f"p{i}", []), source="proc", url=f"https://proc.example/{i}")


def test_concurrent_writers_lose_nothing(make_client: Callable[..., TestClient], empty_db: Path) -> None:
    """Threads posting through the app while another process writes to the same file."""
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_writer_process, args=(str(empty_db), 1000, 30))
    proc.start()
    client = make_client(empty_db, analyzer=FakeAnalyzer())
    statuses: list[int] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        text = f"Post {n}\n\nNEW YORK (Reuters) - Distinct words {n} " + " ".join(
            f"t{n}y{j}" for j in range(60)
        )
        r = client.post(
            "/api/documents", json={"text": text, "url": f"https://api.example/{n}", "id": f"a{n}"}
        )
        with lock:
            statuses.append(r.status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    proc.join(120)
    assert proc.exitcode == 0
    assert statuses.count(201) == 40, statuses
    with Store(empty_db) as store:
        assert store.count() == 70
    conn = sqlite3.connect(empty_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(DISTINCT url) FROM documents").fetchone()[0] == 70
        assert (
            conn.execute(
                "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'distinct'"
            ).fetchone()[0]
            == 40
        )
    finally:
        conn.close()


def test_fill_is_stable(tmp_path: Path) -> None:
    """The fixture corpus itself: four documents, ids as given."""
    ids = fill(tmp_path / "f.db")
    assert ids == {
        k: k for k in ("harbor-city-water-summit", "coastal-times-summit", "ortiz-defends-plan", "nasty")
    }


def test_app_from_env(monkeypatch: pytest.MonkeyPatch, corpus_db: Path) -> None:
    from dateline.web.app import app_from_env

    monkeypatch.setenv("DATELINE_DB", str(corpus_db))
    monkeypatch.setenv("DATELINE_API_TOKEN", TOKEN)
    monkeypatch.setenv("DATELINE_MAX_BODY", "500")
    client = TestClient(app_from_env())
    assert client.get("/api/speakers").status_code == 200
    assert client.post("/api/documents", json={"text": "x"}).status_code == 401
    assert client.post("/api/analyze", json={"text": "y" * 600}).status_code == 413
    monkeypatch.setenv("DATELINE_MAX_BODY", "lots")
    with pytest.raises(OptionsError, match="DATELINE_MAX_BODY"):
        app_from_env()


def test_lists_show_a_write_at_once(make_client: Callable[..., TestClient], empty_db: Path) -> None:
    client = make_client(empty_db, analyzer=FakeAnalyzer())
    assert client.get("/api/speakers").json()["speakers"] == []
    text = 'Zed speaks\n\nLONDON (Reuters) - "We will build it, all of it," Zed said on Monday.'
    assert client.post("/api/documents", json={"text": text, "url": "https://z.example/1"}).status_code == 201
    assert [s["name"] for s in client.get("/api/speakers").json()["speakers"]] == ["Zed"]


@pytest.mark.parametrize(
    ("args", "status", "needle"),
    [
        (["--port", "0"], 2, "--port"),
        (["--max-body", "0"], 2, "--max-body"),
        (["--db", "/no/such/folder/x.db"], 1, "/no/such/folder"),
    ],
)
def test_serve_bad_options_give_one_line(
    args: list[str],
    status: int,
    needle: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dateline.cli import main

    monkeypatch.delenv("DATELINE_API_TOKEN", raising=False)
    assert main(["serve", *args]) == status
    err = capsys.readouterr().err.strip()
    assert needle in err and len(err.splitlines()) == 1


def test_store_threads_live_with_the_app(corpus_db: Path) -> None:
    """The lifespan starts the store's threads and stops them; an app started again gets new ones."""
    app = create_app(corpus_db, db_threads=2)
    threads = app.state.store_threads
    for _ in range(2):
        with TestClient(app) as client:
            assert client.get("/api/speakers").status_code == 200
            pool = threads.executor()
            assert threads.count == 2
        with pytest.raises(RuntimeError):  # shut down with the app
            pool.submit(int)
    with pytest.raises(OptionsError, match="db_threads"):
        create_app(None, db_threads=0)


def test_app_from_env_reads_the_store_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.web.app import app_from_env

    monkeypatch.delenv("DATELINE_DB", raising=False)
    monkeypatch.setenv("DATELINE_DB_THREADS", "3")
    assert app_from_env().state.store_threads.count == 3
    monkeypatch.setenv("DATELINE_DB_THREADS", "many")
    with pytest.raises(OptionsError, match="DATELINE_DB_THREADS"):
        app_from_env()
