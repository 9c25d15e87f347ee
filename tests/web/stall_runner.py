"""What the test analysis process runs instead of spaCy (``test_web_worker.py``); a module of
its own that imports nothing heavy, so that the spawned process starts in a second or two."""

from __future__ import annotations

import time

from dateline.readers import Input
from dateline.records import Record


def stall_or_echo(items: list[Input]) -> list[Record]:
    """``STALL`` never returns (as spaCy's tokenizer on nested brackets did, out of reach of any
    signal); anything else comes back as a bare record of its text."""
    if any("STALL" in i.text for i in items):
        while True:
            time.sleep(3600)
    return [Record(text=i.text, id=i.id) for i in items]
