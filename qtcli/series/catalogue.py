"""The series qt knows: their names, units, frequency and plausible value bounds.

A new series (from FRED's fredgraph.csv) is one entry in SERIES, UNITS and PLAUSIBLE here,
a snapshot file qtcli/data/<SERIES>.csv, and (if weekly, dated on Wednesdays) WEEKLY.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import UsageError

SERIES: tuple[str, ...] = ("WALCL", "TREAST", "WSHOMCB", "WRESBAL", "RRPONTSYD", "GDP")
WEEKLY: frozenset[str] = frozenset({"WALCL", "TREAST", "WSHOMCB", "WRESBAL"})
UNITS: dict[str, str] = {
    "WALCL": "USD millions",
    "TREAST": "USD millions",
    "WSHOMCB": "USD millions",
    "WRESBAL": "USD millions",
    "RRPONTSYD": "USD billions",
    "GDP": "USD billions, seasonally adjusted annual rate",
}
# Inclusive bounds for every present value, in the series' own units. They catch a unit
# slip (dollars or billions instead of millions) without judging the economics.
PLAUSIBLE: dict[str, tuple[Decimal, Decimal]] = {
    "WALCL": (Decimal(100_000), Decimal(100_000_000)),
    "TREAST": (Decimal(100_000), Decimal(100_000_000)),
    "WSHOMCB": (Decimal(0), Decimal(100_000_000)),
    "WRESBAL": (Decimal(1_000), Decimal(100_000_000)),
    "RRPONTSYD": (Decimal(0), Decimal(10_000)),
    "GDP": (Decimal(100), Decimal(1_000_000)),  # nominal, quarterly
}


def check_series(series: str) -> str:
    """Return ``series`` if qt knows it, else raise :class:`UsageError`."""
    if series not in UNITS:
        raise UsageError(f"unknown series {series!r}; known: {', '.join(SERIES)}")
    return series
