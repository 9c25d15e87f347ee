"""What every verb shares (dateline.cli.common): one store rule, one error format, one set of
analysis options."""

from __future__ import annotations

import pytest

from dateline.cli import build_parser
from dateline.cli.common import db_path, options_from_args, usage_error
from dateline.errors import OptionsError

STORE_VERBS = ["search", "quotes", "speakers", "show", "clusters", "failures", "reuse", "statements", "serve"]


def test_the_store_is_db_then_the_environment_then_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_DB", raising=False)
    assert db_path(None) == "dateline.db"
    monkeypatch.setenv("DATELINE_DB", "env.db")
    assert db_path(None) == "env.db"
    assert db_path("arg.db") == "arg.db"


@pytest.mark.parametrize("verb", STORE_VERBS)
def test_every_store_verb_leaves_db_to_the_environment(verb: str) -> None:
    """No verb bakes a default into ``--db`` (``serve`` once did, so ``$DATELINE_DB`` never counted)."""
    extra = {"show": ["x"], "quotes": ["--speaker", "x"]}.get(verb, [])
    args = build_parser().parse_args([verb, *extra])
    assert args.db is None


def test_a_bad_option_is_one_line_naming_the_verb(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error("ingest", OptionsError("must be 1 or more", "--workers")) == 2
    assert capsys.readouterr().err == "dateline ingest: --workers: must be 1 or more\n"


@pytest.mark.parametrize("verb", ["analyze", "ingest", "batch"])
def test_the_analysis_options_are_the_same_in_every_verb(verb: str) -> None:
    extra = ["--out", "o"] if verb == "batch" else []
    args = build_parser().parse_args(
        [verb, "x.txt", *extra, "--date", "2021-12-10", "--max-chars", "500", "--time-budget", "0"]
    )
    options = options_from_args(args)
    assert (options.date, options.max_chars, options.time_budget) == ("2021-12-10", 500, None)


def test_a_bad_date_is_an_options_error() -> None:
    args = build_parser().parse_args(["analyze", "x.txt", "--date", "10/12/2021"])
    with pytest.raises(OptionsError):
        options_from_args(args)
