from __future__ import annotations

import pytest

from dateline.errors import OptionsError
from dateline.options import Options


@pytest.mark.parametrize("value", ["2021-12-08", "1987", "1987-02"])
def test_dates_accepted(value: str) -> None:
    assert Options(date=value).date == value


@pytest.mark.parametrize("value", ["26/02/1987", "2021-13-01", "2021-02-30", "87", "1987-2", "yesterday"])
def test_dates_refused_with_the_format(value: str) -> None:
    with pytest.raises(OptionsError, match="YYYY-MM-DD"):
        Options(date=value)


def test_anchor_needs_a_full_date() -> None:
    assert Options(date="1987").anchor is None
    assert Options(date="1987-02-26").anchor is not None


@pytest.mark.parametrize(("field", "value"), [("max_bytes", 0), ("batch_size", -1)])
def test_positive_numbers(field: str, value: int) -> None:
    with pytest.raises(OptionsError):
        Options(**{field: value})  # type: ignore[arg-type]
