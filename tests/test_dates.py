"""The date rules (dateline.dates): one module, used by options, the wire parser, the store, the
batch tables and the web API."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline import dates
from dateline.errors import OptionsError, QueryError
from dateline.records import Dateline, Metadata, Record


def test_a_date_option_is_a_day_or_a_year() -> None:
    assert dates.parse_option("2021-12-08") == (dt.date(2021, 12, 8), None)
    assert dates.parse_option("2021") == (None, 2021)
    assert dates.parse_option("2021-12") == (None, 2021)
    assert dates.parse_option(None) == (None, None)
    for bad in ("2021-13", "2021-02-30", "08/12/2021", "0000"):
        with pytest.raises(OptionsError, match="--date must be YYYY-MM-DD"):
            dates.parse_option(bad)


def test_normalized_dates_compare_as_text() -> None:
    assert dates.normalize("2024-03-08T10:30:00+02:00") == "2024-03-08T08:30:00Z"
    assert dates.normalize("2024-03-08T00:00:00Z") == "2024-03-08"
    assert dates.normalize("9999-12-31T23:59:00-01:00") == "9999-12-31T23:59:00Z"
    assert dates.normalize("March 8") is None


def _record(meta: str | None, dateline: str | None) -> Record:
    line = Dateline(start=0, end=5, text="X", date=dateline) if dateline else None
    return Record(text="x", metadata=Metadata(date=meta), dateline=line)


def test_the_publication_date_is_given_then_metadata_then_dateline() -> None:
    assert dates.published(_record("2021-01-02", "2020-05-05"), "2022-03-03") == "2022-03-03"
    assert dates.published(_record("2021-01-02", "2020-05-05")) == "2021-01-02"
    assert dates.published(_record(None, "2020-05-05")) == "2020-05-05"
    assert dates.published(_record("someday", None)) is None


def test_filters_read_days_and_name_the_bad_one() -> None:
    assert dates.filter_date("2021-12-08T10:00:00Z", "since") == "2021-12-08"
    assert dates.filter_date("", "since") is None
    with pytest.raises(QueryError, match="until must be a date"):
        dates.filter_date("2021-12-08T10:00:00Z", "until", whole=True)
    assert dates.next_day("2021-12-31") == "2022-01-01"
    assert dates.next_day("9999-12-31") is None


def test_timestamps_outside_utc_years_are_refused() -> None:
    assert dates.check_timestamp("2021-12-08T10:00:00+08:00") == "2021-12-08T10:00:00+08:00"
    with pytest.raises(ValueError, match="outside the years"):
        dates.check_timestamp("0001-01-01T00:00:00+01:00")
