"""Large inputs: correctness on a 5 MB text and on inputs built to trip regex backtracking.

No timings here (speed is measured in ``bench/wire_parse.py``); a quadratic pattern would
make these tests run for hours instead of a second, which is noticed.
"""

from __future__ import annotations

import pytest

from dateline.wire import parse

from .conftest import shared_path


def test_five_megabyte_release() -> None:
    seed = shared_path("seed", "cctv-xi-letter-prnewswire.txt").read_text(encoding="utf-8")
    head, rest = seed.split("\n\n", 1)
    body = rest.rsplit("\n\n\nVideo", 1)[0].split("\n\n", 1)[1]  # the paragraphs after the dateline
    copies = 5_000_000 // len(body) + 1
    text = head + "\n\n" + rest.split("\n\n", 1)[0] + "\n\n" + "\n\n".join([body] * copies)
    assert len(text) > 5_000_000
    parts = parse(text)
    assert parts.dateline is not None and parts.dateline.date == "2021-12-08"
    body_paragraphs = [p for p in parts.paragraphs if p.kind == "body"]
    assert len(body_paragraphs) == 1 + 7 * copies
    assert parts.paragraphs[-1].end == len(text)
    assert parts.body_text.count("\n\n") == len(body_paragraphs) - 1


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1_000_000,
        "![" * 500_000,
        "** " * 400_000,
        "x\r" * 500_000,
        "-" * 1_000_000,
        "www." * 250_000,
        "a" * 1_000_000 + "@",
        "# " + " " * 1_000_000 + "x\n\nbody",
        "BEIJING, " * 100_000,
        "(" * 1_000_000,
        "/" * 1_000_000,
        "About " * 200_000,
        ("WASHINGTON, NEW YORK, PARIS " * 10 + "\n") * 3_000,
    ],
    ids=lambda t: repr(t[:12]),
)
def test_adversarial_inputs_parse(text: str) -> None:
    parts = parse(text)
    for p in parts.paragraphs:
        assert text[p.start : p.end] == p.text
