"""The liability side of a projection: reserves = total assets − ON RRP − other liabilities.

`qt simulate` projects securities; this module carries the rest of the balance sheet along:

* total assets = the projected Treasuries and MBS + the other assets of the start week,
  held at that level;
* ON RRP holds at its start level, or glides in a straight line to ``--onrrp-end`` by the last
  month; never below zero;
* other liabilities and capital (currency, the TGA, the foreign repo pool, capital …) grow
  at ``assumptions.other_liabilities_growth`` a year, compounded monthly;
* reserves are what is left, so the identity holds exactly in every month;
* GDP is the data's quarter holding the month's end, and beyond the data grows at
  ``assumptions.gdp_growth``.

Each month's amounts are rounded to $1 million (0.001) once, then added and subtracted
exactly. Month m's figures are the balance sheet at its end (the first Wednesday of m+1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from . import balance
from .engine import ZERO, MonthRow
from .engine import to_cent as _cents
from .model import Assumptions, Month

ONE = Decimal(1)
TWELFTH = ONE / Decimal(12)


class Assumed(NamedTuple):
    """How the liabilities move: the assumptions in force after any command-line overrides."""

    other_growth: Decimal
    other_growth_given: bool  # --other-growth, not the policy file
    onrrp_end: Decimal | None  # --onrrp-end; None: ON RRP holds at its start level
    gdp_growth: Decimal
    ample: Decimal  # percent of GDP
    scarce: Decimal  # percent of GDP

    @classmethod
    def of(cls, a: Assumptions, other_growth: Decimal | None, onrrp_end: Decimal | None) -> Assumed:
        assert a.other_liabilities_growth and a.gdp_growth and a.ample_reserves
        assert a.scarce_reserves  # policies.load fills every liability assumption
        return cls(
            other_growth=a.other_liabilities_growth.value if other_growth is None else other_growth,
            other_growth_given=other_growth is not None,
            onrrp_end=onrrp_end,
            gdp_growth=a.gdp_growth.value,
            ample=a.ample_reserves.value,
            scarce=a.scarce_reserves.value,
        )


class Liabilities(NamedTuple):
    """One month's end: total assets and how they are funded, USD billions."""

    month: Month
    total_assets: Decimal
    onrrp: Decimal
    other_liabilities: Decimal
    reserves: Decimal
    gdp: Decimal
    reserves_pct_gdp: Decimal


def base(observed: dt.date | None, month: Month) -> balance.Sheet:
    """The balance sheet the liabilities start from: the H.4.1 week the holdings come from,
    else the first week of the start month, else the latest week in the data."""
    first, last = balance.span()
    if observed is not None and first <= observed:
        return balance.sheet(balance.on_or_before(observed))
    day = month.first_day()
    if first <= day <= last:
        return balance.sheet(balance.week(str(month), "--start"))
    return balance.sheet(last)


def at_start(sheet: balance.Sheet, assumed: Assumed) -> balance.Sheet:
    """``sheet`` with the GDP the projection uses for its month (grown past the data)."""
    month = Month.of(sheet.date)
    level = _Gdp(assumed.gdp_growth).at(month)
    quarter = dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
    return sheet._replace(gdp=level, gdp_quarter=quarter)


def project(start: balance.Sheet, rows: list[MonthRow], assumed: Assumed) -> list[Liabilities]:
    """The liability side for each simulated month (``rows`` from the engine)."""
    other_assets = start.total_assets - start.treasuries - start.mbs
    onrrp_end = start.onrrp if assumed.onrrp_end is None else assumed.onrrp_end
    monthly = (ONE + assumed.other_growth) ** TWELFTH
    gdp = _Gdp(assumed.gdp_growth)
    out: list[Liabilities] = []
    n = len(rows)
    for i, row in enumerate(rows, start=1):
        total = row.total + other_assets
        glide = start.onrrp + (onrrp_end - start.onrrp) * i / n
        onrrp = max(ZERO, _cents(glide))
        other = _cents(start.other_liabilities * monthly**i)
        reserves = total - onrrp - other
        level = gdp.at(row.month + 1)
        out.append(
            Liabilities(
                row.month, total, onrrp, other, reserves, level, balance.pct_of_gdp(reserves, level)
            )
        )
    return out


def first_below(path: list[Liabilities], ample: Decimal) -> Month | None:
    """The first month whose reserves, as a percent of GDP, are below ``ample``."""
    return next((m.month for m in path if m.reserves_pct_gdp < ample), None)


def reached(path: list[Liabilities], start: Decimal, target: Decimal | None) -> Month | None:
    """The first month reserves reach ``target`` (from above when it is below the start)."""
    if target is None:
        return None
    falling = target <= start
    for m in path:
        if (m.reserves <= target) if falling else (m.reserves >= target):
            return m.month
    return None


class _Gdp:
    """Nominal GDP (SAAR) for a month: the data's quarter, then grown at ``growth`` a year."""

    def __init__(self, growth: Decimal) -> None:
        self.last_quarter, self.last = balance.gdp_on(dt.date.max)
        self.monthly = (ONE + growth) ** TWELFTH

    def at(self, month: Month) -> Decimal:
        day = month.first_day()
        quarter = Month(day.year, (day.month - 1) // 3 * 3 + 1)
        beyond = quarter - Month.of(self.last_quarter)
        if beyond <= 0:
            return balance.gdp_on(day)[1]
        return _cents(self.last * self.monthly**beyond)
