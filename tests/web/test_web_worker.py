"""The server's analysis process (issue 16): a document that stalls in native code is stopped
with its process, fails alone, and reads go on meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from stall_runner import stall_or_echo

import hostile
from dateline.errors import OverBudget
from dateline.options import Options
from dateline.readers import Input
from dateline.records import Record
from dateline.web import worker
from dateline.web.worker import ProcessAnalyzer


@pytest.fixture
def stalling(monkeypatch: pytest.MonkeyPatch) -> ProcessAnalyzer:
    monkeypatch.setattr(worker, "STARTUP", 15.0)  # no model to load: the process starts in seconds
    analyzer = ProcessAnalyzer(Options(time_budget=0.5), runner=stall_or_echo)
    yield analyzer
    analyzer.close()


@pytest.mark.slow  # about 30 s: three analysis processes start, one is killed
def test_a_stalled_process_is_stopped_and_only_its_document_fails(stalling: ProcessAnalyzer) -> None:
    results = stalling.pipe([Input("stall.txt", "STALL " + hostile.GOOD), Input("good.txt", hostile.GOOD)])
    assert isinstance(results[0], OverBudget) and str(results[0]).startswith("stall.txt: analysis ran over")
    assert isinstance(results[1], Record) and results[1].text == hostile.GOOD
    assert isinstance(stalling.pipe([Input("again.txt", hostile.GOOD)])[0], Record)  # a fresh process


def test_reads_go_on_while_an_analysis_stalls(
    make_client: Callable[..., TestClient], stalling: ProcessAnalyzer, corpus_db: Path
) -> None:
    client = make_client(corpus_db, analyzer=stalling)
    stalled: list[int] = []
    post = threading.Thread(
        target=lambda: stalled.append(
            client.post("/api/analyze", json={"text": "STALL " + hostile.GOOD}).status_code
        )
    )
    post.start()
    time.sleep(0.5)
    reads = [client.get("/api/documents", params={"q": "water"}).status_code for _ in range(20)]
    assert post.is_alive(), "the stalled analysis ended before the reads"
    post.join(60)
    assert reads == [200] * 20
    assert stalled == [422]
