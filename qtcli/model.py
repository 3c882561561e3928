"""The nouns of qt: months, regimes and their rules. Money is Decimal USD billions."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

KINDS = ("qe", "taper", "reinvest", "qt", "rmp")
BANKS = ("fed", "cbc")
CONFIDENCE = ("verified", "secondary", "derived", "uncertain")
# Where MBS principal that is not allowed to run off is put back to work.
REINVEST_TARGETS = ("mbs", "treasuries", "bills")
LANGS = ("en", "zh-TW")
# The years qt accepts anywhere (qtcli.bounds documents why): month arithmetic and dates stay
# far from datetime's year 9999.
YEARS = (1900, 2200)


class Month(NamedTuple):
    """A calendar month; the unit of time in every regime and simulation."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a month YYYY-MM")
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a real month")
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValueError(
                f"{text!r} is outside the supported months {YEARS[0]}-01 to {YEARS[1]}-12"
            )
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __add__(self, months: int) -> Month:  # type: ignore[override]  # month arithmetic
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, other: Month) -> int:
        return (self.year - other.year) * 12 + self.month - other.month

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


class TreasuryRule(NamedTuple):
    """Monthly Treasury rule: principal above ``cap`` is rolled over; ``purchases`` are added."""

    cap: Decimal
    purchases: Decimal = Decimal(0)


class MbsRule(NamedTuple):
    """Monthly MBS rule.

    ``cap`` limits how much principal may run off (None: all of it runs off, nothing is
    reinvested). Paydowns above the cap go to ``reinvest_to``; with ``reinvest_limit``, only
    that much a month goes there and the rest back into MBS.
    """

    cap: Decimal | None
    reinvest_to: str = "mbs"
    reinvest_limit: Decimal | None = None
    purchases: Decimal = Decimal(0)


class Regime(NamedTuple):
    """One balance-sheet policy in force from ``start`` to ``end`` (inclusive; None: still on)."""

    id: str
    bank: str
    kind: str
    name: dict[str, str]
    announced: dt.date
    start: Month
    end: Month | None
    treasuries: TreasuryRule
    mbs: MbsRule
    sources: tuple[str, ...]
    confidence: str
    note: dict[str, str] | None = None
    line: int = 0

    def covers(self, month: Month) -> bool:
        return self.start <= month and (self.end is None or month <= self.end)


class Assumption(NamedTuple):
    """A global modelling assumption, with the reason for its value."""

    value: Decimal
    why: str


class Assumptions(NamedTuple):
    """The engine's assumptions; the liability ones project reserves (see qtcli.liabilities).

    A policy file may leave the liability ones out: ``policies.load`` then takes them from
    the shipped policies.yaml, so after loading none of them is None.
    """

    mbs_cpr: Assumption
    mbs_amortization: Assumption
    other_liabilities_growth: Assumption | None = None  # a year, fraction (may be negative)
    gdp_growth: Assumption | None = None  # nominal, a year, beyond the GDP data
    ample_reserves: Assumption | None = None  # percent of nominal GDP
    scarce_reserves: Assumption | None = None  # percent of nominal GDP


class PolicyFile(NamedTuple):
    path: str
    assumptions: Assumptions
    regimes: tuple[Regime, ...]

    def regime(self, regime_id: str) -> Regime | None:
        return next((r for r in self.regimes if r.id == regime_id), None)

    def in_force(self, month: Month, bank: str = "fed") -> Regime | None:
        return next((r for r in self.regimes if r.bank == bank and r.covers(month)), None)

    def successor(self, regime: Regime) -> Regime | None:
        later = [r for r in self.regimes if r.bank == regime.bank and r.start > regime.start]
        return min(later, key=lambda r: r.start) if later else None


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")


# twist: Operation Twist, long Treasuries bought with the proceeds of short ones; not QE.
EVENT_KINDS = (
    "qe", "taper", "reinvest", "twist", "qt", "rmp", "rate", "reserve-requirement", "market",
)  # fmt: skip


class Event(NamedTuple):
    """One dated central-bank event on the `qt history` timeline.

    ``effective`` is a day, or only a month when the source gives no day; None when the
    event takes effect on its announcement date. ``amounts`` maps a vocabulary key (see
    ``events.AMOUNTS``) to its Decimal value, in the unit that key names.
    """

    id: str
    date: dt.date
    effective: dt.date | Month | None
    bank: str
    kind: str
    title: dict[str, str]
    amounts: dict[str, Decimal]
    sources: tuple[str, ...]
    confidence: str
    note: dict[str, str] | None = None
    line: int = 0
