"""The analysis queue: one thread, requests batched through ``pipe``, failures kept apart."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable, Iterator

import pytest

from dateline.errors import DatelineError, InputError
from dateline.readers import Input
from dateline.records import Record
from dateline.web.batcher import AnalysisQueue


class SlowPipe:
    def __init__(self) -> None:
        self.batches: list[int] = []
        self.threads: set[str] = set()

    def pipe(self, items: Iterable[Input]) -> Iterator[Record | DatelineError]:
        items = list(items)
        self.batches.append(len(items))
        self.threads.add(threading.current_thread().name)
        time.sleep(0.05)
        for item in items:
            if item.text == "bad":
                yield InputError("is not a document", item.source)
            else:
                yield Record(text=item.text, id=item.id)


def test_concurrent_requests_share_batches_and_one_thread() -> None:
    fake = SlowPipe()
    queue = AnalysisQueue(fake, max_batch=8)

    async def main() -> list[Record | BaseException]:
        jobs = [queue.analyze(Input("<text>", "bad" if i == 5 else f"doc {i}", id=str(i))) for i in range(20)]
        return await asyncio.gather(*jobs, return_exceptions=True)

    results = asyncio.run(main())
    queue.shutdown()
    assert [r.id for r in results if isinstance(r, Record)] == [str(i) for i in range(20) if i != 5]
    assert isinstance(results[5], InputError)
    assert sum(fake.batches) == 20 and max(fake.batches) == 8 and len(fake.batches) < 20
    assert len(fake.threads) == 1


def test_a_broken_model_fails_its_batch_not_the_server() -> None:
    class Broken:
        def pipe(self, items: Iterable[Input]) -> Iterator[Record]:
            raise MemoryError("out of memory")

    queue = AnalysisQueue(Broken())
    with pytest.raises(MemoryError):
        asyncio.run(queue.analyze(Input("<text>", "x")))
    fake = SlowPipe()
    queue.analyzer = fake
    assert asyncio.run(queue.analyze(Input("<text>", "fine", id="ok"))).id == "ok"
    queue.shutdown()
