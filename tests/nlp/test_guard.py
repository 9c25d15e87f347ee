"""The pre-tokenizer guard: long runs cut at the same length, size and surrogate checks, the
time budget."""

from __future__ import annotations

import re
import time

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import hostile
from dateline.errors import EncodingError, OverBudget, TooLarge
from dateline.nlp import guard


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet=st.sampled_from("[]()\"' ab\n$-"), max_size=2000))
def test_the_tokenizer_text_keeps_every_offset(text: str) -> None:
    cut = guard.tokenizer_text(text)
    assert len(cut) == len(text)
    assert all(len(run) <= guard.MAX_RUN or set(run) == {"x"} for run in cut.split())
    assert all(a == b or a == "x" for a, b in zip(cut, text, strict=True))
    assert [m.span() for m in re.finditer(r"\s", cut)] == [m.span() for m in re.finditer(r"\s", text)]


def test_real_text_is_unchanged() -> None:
    assert guard.tokenizer_text(hostile.GOOD) is hostile.GOOD
    assert guard.long_runs(hostile.GOOD) == 0


def test_the_bracket_stall_becomes_one_cheap_token() -> None:
    nlp = spacy.blank("en")
    text = hostile.brackets(10_000)
    assert guard.long_runs(text) == 1
    started = time.process_time()
    doc = nlp(guard.make_doc(nlp, text))
    # unguarded, one run of 4,000 brackets alone takes seconds; 20,000 guarded take milliseconds
    assert time.process_time() - started < 2.0
    assert doc.text == text and len(doc) == 1


def test_a_long_url_keeps_its_own_text() -> None:
    """Spans quote the document, not the tokenizer's copy (a 24-7 Press Release link of 226
    characters once came back as x's)."""
    nlp = spacy.blank("en")
    url = "https://www.24-7pressrelease.com/press-release/516887/" + "-".join(["word"] * 40)
    text = f"See the [original release]({url}) and  more. " * 2
    doc = guard.make_doc(nlp, text)
    assert doc.text == text
    assert any(url in t.text for t in doc)


def test_size_and_surrogates_are_refused_with_one_line() -> None:
    with pytest.raises(TooLarge, match="1,000,001 characters is over the 1,000,000-character limit"):
        guard.check("x" * 1_000_001, "big.txt", 1_000_000)
    with pytest.raises(EncodingError, match=r"lone surrogate \(U\+D800\) at character 25"):
        guard.check(hostile.surrogate(), "s.json", 1_000_000)


def test_the_time_budget_interrupts_the_tokenizer() -> None:
    nlp = spacy.blank("en")
    started = time.monotonic()
    with pytest.raises(OverBudget, match=r"0\.3-second time budget"), guard.time_budget(0.3, "slow.txt"):
        nlp(hostile.brackets(3_000))  # unguarded: seconds of tokenizing
    assert time.monotonic() - started < 3.0


def test_no_budget_runs_unbounded() -> None:
    with guard.time_budget(None, "x"):
        time.sleep(0.01)
