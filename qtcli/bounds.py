"""The plausible range of every number qt reads from a file or a download.

Each value is checked against its range before any arithmetic is done with it, so a hostile
or mistyped file (``1e999999``, a regime starting in 9999) is one clear error naming
``file:line`` and the range, never an overflow deep inside the engine or a 100 MB number in
the output.

==============  ==========================  ================================================
kind            range                       used for
==============  ==========================  ================================================
USD billions    -100,000 to 100,000         caps, purchases, holdings, event amounts
rate            0 to 1                      fractions: CPR, amortization per month
percent         0 to 100                    rates quoted in percent (policy rate, yields)
basis points    -10,000 to 10,000           rate changes
points          -100 to 100                 percentage-point changes
NT$ billions    -1,000,000 to 1,000,000     Taiwan central bank amounts
month           1900-01 to 2200-12          every month and day
==============  ==========================  ================================================
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from .model import YEARS, Month


class Range(NamedTuple):
    low: Decimal
    high: Decimal
    unit: str

    def problem(self, value: Decimal) -> str | None:
        """Why ``value`` is outside this range, or None. Comparisons only: no arithmetic."""
        if not value.is_finite():
            return "must be a finite number"
        if self.low <= value <= self.high:
            return None
        return f"must be between {self.low:,} and {self.high:,} ({self.unit}), got {show(value)}"


USD = Range(Decimal(-100_000), Decimal(100_000), "USD billions")
RATE = Range(Decimal(0), Decimal(1), "a fraction: 0.054 = 5.4%")
GROWTH = Range(Decimal("-0.5"), Decimal("0.5"), "an annual growth rate: 0.062 = 6.2%")
PERCENT = Range(Decimal(0), Decimal(100), "percent")
BASIS_POINTS = Range(Decimal(-10_000), Decimal(10_000), "basis points")
POINTS = Range(Decimal(-100), Decimal(100), "percentage points")
NTD = Range(Decimal(-1_000_000), Decimal(1_000_000), "NT$ billions")

FIRST_MONTH = Month(YEARS[0], 1)
LAST_MONTH = Month(YEARS[1], 12)
MONTHS = f"{FIRST_MONTH} to {LAST_MONTH}"


def month_problem(month: Month) -> str | None:
    """Why ``month`` is outside 1900-01..2200-12, or None."""
    if FIRST_MONTH <= month <= LAST_MONTH:
        return None
    return f"{month} is outside the supported months {MONTHS}"


def day_problem(day: dt.date) -> str | None:
    return month_problem(Month(day.year, day.month))


def show(value: Decimal) -> str:
    """A number short enough for an error message, however many digits it has."""
    text = str(value)
    return text if len(text) <= 24 else f"{value:.6e}"
