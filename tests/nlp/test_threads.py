"""Each of N analysis processes gets its share of the cores (torch, OpenMP, BLAS threads)."""

from __future__ import annotations

import os

import pytest

from dateline.corpus import ingest
from dateline.nlp.threads import THREAD_VARS, share_cores
from dateline.options import Options


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in THREAD_VARS:
        monkeypatch.setenv(var, "x")  # recorded, so that what share_cores sets is undone after
        monkeypatch.delenv(var)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    return monkeypatch


def test_each_worker_gets_its_share(clean_env: pytest.MonkeyPatch) -> None:
    assert share_cores(4) == 2
    assert all(os.environ[var] == "2" for var in THREAD_VARS)


def test_never_fewer_than_one_thread(clean_env: pytest.MonkeyPatch) -> None:
    assert share_cores(32) == 1
    assert os.environ["OMP_NUM_THREADS"] == "1"


def test_the_users_setting_wins(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("OMP_NUM_THREADS", "3")
    assert share_cores(4) == 3
    assert os.environ["OMP_NUM_THREADS"] == "3" and os.environ["MKL_NUM_THREADS"] == "3"


def test_torch_already_loaded_is_resized(clean_env: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        assert share_cores(8) == 1
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_an_ingest_worker_takes_its_share_before_loading_anything(clean_env: pytest.MonkeyPatch) -> None:
    ingest._init_process(Options(), False, 4)  # what each of `ingest --workers 4` runs first
    assert os.environ["OMP_NUM_THREADS"] == "2"
