"""`qt balance`: both sides of the Fed's balance sheet at an H.4.1 week, and the change between two.

Assets are Treasuries (TREAST), MBS (WSHOMCB) and everything else in total assets (WALCL).
Liabilities are split three ways: reserve balances (WRESBAL), overnight reverse repos (ON RRP,
RRPONTSYD) and "other liabilities and capital" = WALCL − WRESBAL − ON RRP, which holds
currency in circulation, the Treasury General Account, the foreign official repo pool,
capital and the rest. WRESBAL is the average of the week ending that Wednesday; the others
are Wednesday levels. ON RRP is daily: a week takes its last value on or before the
Wednesday within the H.4.1 week, and a week with no operation counts as zero outstanding.

Every amount is Decimal USD billions, exact to the $1 million of the source, so
``total_assets == reserves + onrrp + other_liabilities`` holds exactly for every sheet and
for every change between two sheets.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from .errors import UsageError

AMOUNTS = (
    "treasuries", "mbs", "other_assets", "total_assets", "reserves", "onrrp", "other_liabilities",
)  # fmt: skip
HUNDRED = Decimal(100)
YEAR = dt.timedelta(weeks=52)  # the same H.4.1 weekday a year earlier
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")


class Sheet(NamedTuple):
    """The balance sheet on one H.4.1 Wednesday, USD billions."""

    date: dt.date
    treasuries: Decimal
    mbs: Decimal
    other_assets: Decimal
    total_assets: Decimal
    reserves: Decimal
    onrrp: Decimal
    other_liabilities: Decimal
    gdp: Decimal  # nominal GDP, SAAR, of the quarter holding ``date`` (or the latest one)
    gdp_quarter: dt.date

    @property
    def reserves_pct_gdp(self) -> Decimal:
        return pct_of_gdp(self.reserves, self.gdp)


class Change(NamedTuple):
    """``to`` − ``from`` for every amount; the reserves ratio in percentage points."""

    start: Sheet
    end: Sheet

    def amount(self, key: str) -> Decimal:
        result: Decimal = getattr(self.end, key) - getattr(self.start, key)
        return result

    @property
    def reserves_pct_gdp(self) -> Decimal:
        return self.end.reserves_pct_gdp - self.start.reserves_pct_gdp


def pct_of_gdp(amount: Decimal, gdp: Decimal) -> Decimal:
    """``amount`` as a percent of annual GDP, rounded half-up to 0.01 for display and JSON."""
    from .i18n import rounded

    return rounded(amount / gdp * HUNDRED, 2)


@cache
def _weeks() -> tuple[tuple[dt.date, ...], dict[str, dict[dt.date, Decimal]]]:
    """The Wednesdays on which every weekly series has a value, and each series by date."""
    from .actuals import weekly

    by_series = {s: dict(weekly(s)) for s in ("WALCL", "TREAST", "WSHOMCB", "WRESBAL")}
    common = set(by_series["WALCL"])
    for values in by_series.values():
        common &= set(values)
    if not common:
        raise UsageError("the H.4.1 data has no week with every series; run 'qt data update'")
    return tuple(sorted(common)), by_series


@cache
def _onrrp() -> dict[dt.date, Decimal]:
    from .series import align_to_weeks, load_series

    weeks = _weeks()[0]
    aligned = align_to_weeks(load_series("RRPONTSYD"), weeks)
    return {d: (v if v is not None else Decimal(0)) for d, v in aligned}


@cache
def _gdp() -> tuple[tuple[dt.date, Decimal], ...]:
    from .series import load_series

    rows = tuple((d, v) for d, v in load_series("GDP") if v is not None)
    if not rows:
        raise UsageError("the GDP series has no observations; run 'qt data update'")
    return rows


def gdp_on(day: dt.date) -> tuple[dt.date, Decimal]:
    """The GDP quarter holding ``day`` (its first day, its SAAR level), else the nearest one."""
    rows = _gdp()
    index = bisect_right(rows, (day, Decimal("Infinity"))) - 1
    return rows[max(index, 0)]


def span() -> tuple[dt.date, dt.date]:
    """The first and last H.4.1 Wednesday with every series."""
    weeks = _weeks()[0]
    return weeks[0], weeks[-1]


def latest() -> dt.date:
    return span()[1]


def on_or_before(day: dt.date) -> dt.date:
    """The last H.4.1 week with every series dated on or before ``day`` (else the first)."""
    weeks = _weeks()[0]
    return weeks[max(bisect_right(weeks, day) - 1, 0)]


def sheet(day: dt.date) -> Sheet:
    """The balance sheet on H.4.1 Wednesday ``day`` (one of the data's weeks)."""
    weeks, s = _weeks()
    total, tsy, mbs = s["WALCL"][day], s["TREAST"][day], s["WSHOMCB"][day]
    reserves, onrrp = s["WRESBAL"][day], _onrrp()[day]
    quarter, gdp = gdp_on(day)
    return Sheet(
        date=day,
        treasuries=tsy,
        mbs=mbs,
        other_assets=total - tsy - mbs,
        total_assets=total,
        reserves=reserves,
        onrrp=onrrp,
        other_liabilities=total - reserves - onrrp,
        gdp=gdp,
        gdp_quarter=quarter,
    )


def monthly(first: dt.date, last: dt.date) -> tuple[Sheet, ...]:
    """The sheets from week ``first`` to week ``last``: each month's first Wednesday between
    them (qt's month convention), and the two ends themselves."""
    weeks = [w for w in _weeks()[0] if first <= w <= last]
    picked = [w for i, w in enumerate(weeks) if i == 0 or w.month != weeks[i - 1].month]
    if picked[-1] != last:
        picked.append(last)
    return tuple(sheet(w) for w in picked)


def week(text: str, option: str) -> dt.date:
    """The H.4.1 week for ``--at``/``--from``/``--to``: YYYY-MM is the month's first Wednesday
    (qt's month convention); YYYY-MM-DD is the last Wednesday on or before that day."""
    match = _DATE.match(text.strip())
    if match is None:
        raise UsageError(f"{option}: expected YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day_text = match.groups()
    try:
        day = dt.date(int(year), int(month), int(day_text) if day_text else 1)
    except ValueError as exc:
        raise UsageError(f"{option}: {text!r} is not a date ({exc})") from None
    weeks = _weeks()[0]
    first, last = weeks[0], weeks[-1]
    outside = UsageError(
        f"{option} {text}: the H.4.1 data covers the weeks of {first} to {last}"
        " (run 'qt data update' for newer data)"
    )
    if day_text is None:
        index = bisect_right(weeks, day - dt.timedelta(days=1))
        if index >= len(weeks) or (weeks[index].year, weeks[index].month) != (day.year, day.month):
            raise outside
        return weeks[index]
    if day < first or day > last + dt.timedelta(days=6):
        raise outside
    return weeks[bisect_right(weeks, day) - 1]


def year_earlier(day: dt.date) -> dt.date:
    """The same H.4.1 Wednesday 52 weeks before ``day``."""
    weeks = _weeks()[0]
    target = day - YEAR
    if target < weeks[0]:
        raise UsageError(
            f"no H.4.1 week a year before {day}: the data starts {weeks[0]} (use --from/--to)"
        )
    return weeks[bisect_right(weeks, target) - 1]
