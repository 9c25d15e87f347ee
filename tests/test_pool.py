"""The one crash-tolerant process pool (:mod:`dateline.pool`) and the errors it carries back:
every :class:`~dateline.errors.DatelineError` pickles whole, so a worker sends it as it is."""

from __future__ import annotations

import os
import pickle

import pytest

import dateline.corpus  # noqa: F401  (QueryError is a DatelineError too)
from dateline import errors, pool


def _subclasses(cls: type) -> list[type]:
    out = [cls]
    for sub in cls.__subclasses__():
        out += _subclasses(sub)
    return out


@pytest.mark.parametrize("cls", _subclasses(errors.DatelineError), ids=lambda c: c.__name__)
def test_every_error_round_trips_through_pickle(cls: type[errors.DatelineError]) -> None:
    for source in ("feeds/a.xml", None):
        err = cls("something was wrong", source)
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is cls
        assert (back.message, back.source, str(back)) == (err.message, err.source, str(err))


def _square(task: list[int]) -> list[int]:
    if -1 in task:
        os._exit(3)  # a worker dying in native code: the pool breaks
    if -2 in task:
        raise ValueError("a bug on one item")
    if -3 in task:
        raise errors.ModelError("no model", "en_core_web_sm")
    return [n * n for n in task]


def _split(task: list[int]) -> list[list[int]]:
    return [[n] for n in task]


def _flat(outcomes: list[tuple[list[int], list[int] | BaseException]]) -> list[object]:
    out: list[object] = []
    for piece, result in outcomes:
        out += [type(result).__name__] * len(piece) if isinstance(result, BaseException) else result
    return out


@pytest.mark.parametrize("workers", [0, 2])
def test_a_failing_task_is_run_again_piece_by_piece(workers: int) -> None:
    tasks = [[1, 2], [3, -2, 4], [5]]
    with pool.Pool(workers) as p:
        got = [(task, _flat(outcomes)) for task, outcomes in p.map(_square, tasks, split=_split, ahead=1)]
    assert got == [([1, 2], [1, 4]), ([3, -2, 4], [9, "ValueError", 16]), ([5], [25])]


def test_a_worker_death_costs_only_its_item() -> None:
    tasks = [[1, 2], [3, -1, 4], [5], [6, 7]]
    with pool.Pool(2) as p:
        got = [_flat(outcomes) for _, outcomes in p.map(_square, tasks, split=_split)]
    assert got == [[1, 4], [9, "BrokenProcessPool", 16], [25], [36, 49]]


@pytest.mark.parametrize("workers", [0, 2])
def test_a_fatal_error_stops_the_run(workers: int) -> None:
    with pool.Pool(workers) as p, pytest.raises(errors.ModelError) as info:
        list(p.map(_square, [[1], [-3], [2]], split=_split, fatal=(errors.ModelError,)))
    assert info.value.source == "en_core_web_sm"


def test_inline_a_fatal_error_stops_before_the_next_task() -> None:
    ran: list[list[int]] = []

    def record(task: list[int]) -> list[int]:
        ran.append(task)
        return _square(task)

    with pool.Pool(0) as p, pytest.raises(errors.ModelError):
        list(p.map(record, [[1], [-3], [2]], split=_split, fatal=(errors.ModelError,)))
    assert ran == [[1], [-3]]


def test_a_pool_that_breaks_while_tasks_are_resubmitted_retries_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI saw it: the first task's future failed with the pool, the rest were resubmitted, and a
    resubmitted task killed the fresh pool before the last one was in: ``submit`` raised. Here the
    fourth submission is refused as a broken pool refuses it; every task still gets its result."""
    real = pool.cf.ProcessPoolExecutor.submit
    calls = {"n": 0}

    def refusing(self: object, fn: object, /, *args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 4:
            raise pool.BrokenProcessPool("A child process terminated abruptly")
        return real(self, fn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool.cf.ProcessPoolExecutor, "submit", refusing)
    tasks = [[1, 2], [3, -1, 4], [5], [6, 7]]
    with pool.Pool(2) as p:
        got = [_flat(outcomes) for _, outcomes in p.map(_square, tasks, split=_split)]
    assert got == [[1, 4], [9, "BrokenProcessPool", 16], [25], [36, 49]]
