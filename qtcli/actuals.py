"""Actual Fed holdings from the H.4.1 copy in use (shipped snapshot or refreshed cache).

A month's holdings are the first weekly (Wednesday) observation dated in that month, the
convention of the independent monthly record qt is tested against (tests/fixtures/h41/):
the change from one first Wednesday to the next captures the mid-month and end-month
Treasury maturities and the MBS paydowns of the month in between. Amounts are Decimal USD billions.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from .errors import UsageError
from .model import Month

THOUSAND = Decimal(1000)


class Observed(NamedTuple):
    """Holdings on one H.4.1 Wednesday, USD billions."""

    date: dt.date
    treasuries: Decimal
    mbs: Decimal

    @property
    def total(self) -> Decimal:
        return self.treasuries + self.mbs


@cache
def weekly(series: str) -> tuple[tuple[dt.date, Decimal], ...]:
    """(date, USD billions) for a weekly H.4.1 series in USD millions, missing values dropped."""
    from .series import load_series

    return tuple((d, v / THOUSAND) for d, v in load_series(series) if v is not None)


@cache
def _first_of_month(series: str) -> dict[Month, tuple[dt.date, Decimal]]:
    out: dict[Month, tuple[dt.date, Decimal]] = {}
    last = (0, 0)
    for d, v in weekly(series):
        if (d.year, d.month) != last:  # rows are in date order: the first of a month is new
            last = (d.year, d.month)
            out[Month(*last)] = (d, v)
    return out


def holdings(month: Month) -> Observed:
    """Treasury and MBS holdings on the first Wednesday of ``month``."""
    tsy = _first_of_month("TREAST").get(month)
    mbs = _first_of_month("WSHOMCB").get(month)
    if tsy is None or mbs is None or tsy[0] != mbs[0]:
        first, last = data_span()
        raise UsageError(
            f"no H.4.1 holdings for {month}: the data covers {first} to {last} "
            "(give --treasuries and --mbs, or run 'qt data update')"
        )
    return Observed(tsy[0], tsy[1], mbs[1])


def month_end(month: Month) -> Observed | None:
    """Holdings at the end of ``month`` (the first Wednesday of the next), if the data hold it."""
    tsy = _first_of_month("TREAST").get(month + 1)
    mbs = _first_of_month("WSHOMCB").get(month + 1)
    if tsy is None or mbs is None or tsy[0] != mbs[0]:
        return None
    return Observed(tsy[0], tsy[1], mbs[1])


def reserves_on(day: dt.date) -> Decimal | None:
    """WRESBAL for the H.4.1 week of ``day`` (USD billions), if the data hold that week."""
    found = on_or_before("WRESBAL", day)
    return found[1] if found is not None and found[0] == day else None


def data_span() -> tuple[Month, Month]:
    months = sorted(_first_of_month("TREAST"))
    return months[0], months[-1]


def on_or_before(series: str, day: dt.date) -> tuple[dt.date, Decimal] | None:
    """The last observation of a weekly series dated on or before ``day``."""
    rows = weekly(series)
    index = bisect_right(rows, (day, Decimal("Infinity"))) - 1
    return rows[index] if index >= 0 else None
