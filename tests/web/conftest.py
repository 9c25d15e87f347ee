"""Fixtures for the web app tests: the corpus database and TestClients over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webfixtures import FakeAnalyzer, fill

from dateline.web.app import create_app


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    fill(db)
    return db


@pytest.fixture
def make_client(corpus_db: Path) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**create_app kwargs)``: a TestClient over a copy-free, read-mostly corpus."""
    clients: list[TestClient] = []

    def make(db: Path | None = corpus_db, **kwargs: Any) -> TestClient:
        client = TestClient(create_app(db, **kwargs), raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def fake_analyzer() -> FakeAnalyzer:
    return FakeAnalyzer()
