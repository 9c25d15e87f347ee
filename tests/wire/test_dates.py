"""``dates.resolve``: relative and absolute dates in news copy, against an anchor date."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.wire import dates

WED = dt.date(2021, 12, 8)  # a Wednesday


@pytest.mark.parametrize(
    ("expression", "anchor", "expected"),
    [
        ("Wednesday", WED, dt.date(2021, 12, 8)),
        ("on Wednesday", WED, dt.date(2021, 12, 8)),
        ("Tuesday", WED, dt.date(2021, 12, 7)),
        ("Thursday", WED, dt.date(2021, 12, 2)),
        ("last Wednesday", WED, dt.date(2021, 12, 1)),
        ("last Tuesday", WED, dt.date(2021, 12, 7)),
        ("next Friday", WED, dt.date(2021, 12, 10)),
        ("Wednesday morning", WED, dt.date(2021, 12, 8)),
        ("yesterday", WED, dt.date(2021, 12, 7)),
        ("today", WED, WED),
        ("tomorrow", WED, dt.date(2021, 12, 9)),
        ("Dec. 8", WED, dt.date(2021, 12, 8)),
        ("Dec. 31", dt.date(2022, 1, 2), dt.date(2021, 12, 31)),
        ("Jan. 3", dt.date(2021, 12, 30), dt.date(2022, 1, 3)),
        ("March 3", WED, dt.date(2022, 3, 3)),
        ("March 3", dt.date(2021, 6, 1), dt.date(2021, 3, 3)),
        ("December 8, 2021", None, dt.date(2021, 12, 8)),
        ("8 December 2021", None, dt.date(2021, 12, 8)),
        ("on Sept. 26, 2016", None, dt.date(2016, 9, 26)),
        ("July 11th, 2024", None, dt.date(2024, 7, 11)),
        ("Wednesday, Dec. 8, 2021", None, dt.date(2021, 12, 8)),
        ("2021-12-08", None, dt.date(2021, 12, 8)),
        # Spanish
        ("8 de diciembre de 2021", None, dt.date(2021, 12, 8)),
        ("el mi\u00e9rcoles", WED, dt.date(2021, 12, 8)),
        ("el pasado martes", WED, dt.date(2021, 12, 7)),
        ("ayer", WED, dt.date(2021, 12, 7)),
        ("hoy", WED, WED),
    ],
)
def test_resolve(expression: str, anchor: dt.date | None, expected: dt.date) -> None:
    assert dates.resolve(expression, anchor) == expected


@pytest.mark.parametrize(
    ("expression", "anchor"),
    [
        ("recent years", WED),
        ("the coming months", WED),
        ("Wednesday", None),
        ("yesterday", None),
        ("Dec. 8", None),
        ("February 30, 2021", None),
        ("", WED),
        ("   ", WED),
        ("May", WED),
    ],
)
def test_unresolvable(expression: str, anchor: dt.date | None) -> None:
    assert dates.resolve(expression, anchor) is None


def test_feb_29_nearest_leap_year() -> None:
    assert dates.resolve("Feb. 29", dt.date(2024, 3, 1)) == dt.date(2024, 2, 29)
    assert dates.resolve("Feb. 29", dt.date(2023, 3, 1)) is None
