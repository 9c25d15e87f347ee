"""Hostile documents through :class:`dateline.analysis.Analyzer` (on ``spacy.blank``: no model):
a stall is cut, a document spaCy cannot take fails alone, the budgets hold (issue 16)."""

from __future__ import annotations

import time

import pytest
import spacy

import hostile
from dateline.analysis import Analyzer
from dateline.errors import DatelineError, EncodingError, OverBudget, TooLarge
from dateline.options import Options
from dateline.readers import Input
from dateline.records import Record


def blank(**options: object) -> Analyzer:
    return Analyzer(Options(entities=False, attributions=False, **options), nlp=spacy.blank("en"))  # type: ignore[arg-type]


def test_nested_brackets_no_longer_stall_the_tokenizer() -> None:
    started = time.process_time()
    record = blank(time_budget=None).analyze_text(hostile.brackets(10_000))
    # unguarded: 15 s (10 KB) to a minute (20 KB) in spaCy's tokenizer
    assert time.process_time() - started < 5.0
    assert record.text == hostile.brackets(10_000)
    assert [w.code for w in record.warnings] == ["long_run"]


def test_one_bad_document_fails_alone_in_a_batch() -> None:
    items = [
        Input("good-1", hostile.GOOD, id="g1"),
        Input("surrogate", hostile.surrogate()),
        Input("huge", hostile.over_chars()),
        Input("good-2", hostile.GOOD, id="g2"),
    ]
    results = list(blank().pipe(items))
    assert [type(r).__name__ for r in results] == ["Record", "EncodingError", "TooLarge", "Record"]
    assert isinstance(results[2], TooLarge) and "1,000,000-character limit" in str(results[2])
    assert isinstance(results[1], EncodingError) and str(results[1]).startswith("surrogate: ")


def test_a_model_failure_in_a_batch_falls_back_to_one_at_a_time() -> None:
    nlp = spacy.blank("en")

    @spacy.Language.component("explode_on_boom")
    def explode(doc):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise ValueError("the model cannot take this one")
        return doc

    nlp.add_pipe("explode_on_boom")
    analyzer = Analyzer(Options(entities=False, attributions=False), nlp=nlp)
    items = [Input(f"doc-{i}", ("BOOM " if i == 2 else "") + hostile.GOOD, id=str(i)) for i in range(5)]
    results = list(analyzer.pipe(items))
    assert [isinstance(r, Record) for r in results] == [True, True, False, True, True]
    assert isinstance(results[2], DatelineError) and "ValueError" in str(results[2])


def test_the_size_budget_is_configurable() -> None:
    analyzer = blank(max_chars=500)
    with pytest.raises(TooLarge, match="over the 500-character limit"):
        analyzer.analyze_text("word " * 200)
    assert blank(max_chars=2_000_000).analyze_text(hostile.over_chars(1_000_500)).text


def test_a_document_over_its_time_budget_is_a_failure_and_the_batch_goes_on() -> None:
    nlp = spacy.blank("en")

    @spacy.Language.component("slow_on_sleep")
    def slow(doc):  # type: ignore[no-untyped-def]
        if "SLEEP" in doc.text:
            time.sleep(5)
        return doc

    nlp.add_pipe("slow_on_sleep")
    analyzer = Analyzer(Options(entities=False, attributions=False, time_budget=0.5), nlp=nlp)
    items = [
        Input("fast", hostile.GOOD),
        Input("slow.txt", "SLEEP " + hostile.GOOD),
        Input("fast2", hostile.GOOD),
    ]
    results = list(analyzer.pipe(items))
    assert isinstance(results[0], Record) and isinstance(results[2], Record)
    assert isinstance(results[1], OverBudget)
    assert str(results[1]) == (
        "slow.txt: analysis took over the 0.5-second time budget of one document "
        "(raise it with --time-budget)"
    )
