"""The runoff engine: month-by-month Treasury and MBS holdings under a policy rule.

Pure functions on Decimal USD billions; no I/O, no printing. Per month:

* Treasury runoff = min(cap, principal maturing, holdings). With no maturity profile the cap
  is assumed to bind (in QT2, bills filled any shortfall of coupon maturities).
* MBS paydown = scheduled amortization + prepayment, where the monthly prepayment rate is
  SMM = 1 - (1 - CPR)^(1/12) applied to the balance left after scheduled principal.
  MBS runoff = min(cap, paydown); the rest is reinvested where the rule says.
* Purchases are added. Holdings never go below zero.

Paydowns are rounded to $1 million (0.001) when computed; every other amount is an exact
sum of such numbers, so each month's change equals purchases - runoff to the last digit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cached_property
from typing import NamedTuple

from .model import Month, Regime

CENT = Decimal("0.001")  # USD billions: $1 million, the unit of the H.4.1 tables
ZERO = Decimal(0)
ONE = Decimal(1)
TWELFTH = ONE / Decimal(12)


class Holdings(NamedTuple):
    treasuries: Decimal
    mbs: Decimal

    @property
    def total(self) -> Decimal:
        return self.treasuries + self.mbs


class Rule(NamedTuple):
    """The policy in force for one month, after any command-line overrides."""

    regime: str
    treasury_cap: Decimal
    treasury_purchases: Decimal
    mbs_cap: Decimal | None  # None: every paydown runs off
    reinvest_to: str  # mbs | treasuries | bills
    reinvest_limit: Decimal | None
    mbs_purchases: Decimal

    @classmethod
    def of(
        cls,
        regime: Regime,
        treasury_cap: Decimal | None = None,
        mbs_cap: Decimal | None = None,
    ) -> Rule:
        return cls(
            regime=regime.id,
            treasury_cap=regime.treasuries.cap if treasury_cap is None else treasury_cap,
            treasury_purchases=regime.treasuries.purchases,
            mbs_cap=regime.mbs.cap if mbs_cap is None else mbs_cap,
            reinvest_to=regime.mbs.reinvest_to,
            reinvest_limit=regime.mbs.reinvest_limit,
            mbs_purchases=regime.mbs.purchases,
        )


@dataclass(frozen=True)
class Paydown:
    """MBS principal paydown model: annual CPR and monthly scheduled amortization."""

    cpr: Decimal
    amortization: Decimal
    at_cap: bool = False  # the naive model: MBS paydowns always exactly fill the cap

    @cached_property
    def smm(self) -> Decimal:
        """Single monthly mortality: the monthly prepayment rate equivalent to the CPR."""
        return ONE - (ONE - self.cpr) ** TWELFTH

    @cached_property  # a fractional Decimal power: worth computing once, not every month
    def monthly_rate(self) -> Decimal:
        """Share of the MBS balance repaid in a month: scheduled principal plus prepayments."""
        return self.amortization + (ONE - self.amortization) * self.smm

    def of(self, balance: Decimal) -> Decimal:
        return to_cent(balance * self.monthly_rate)


def to_cent(value: Decimal) -> Decimal:
    """``value`` rounded to $1 million (0.001), half to even: the one rounding of a flow."""
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


class MonthRow(NamedTuple):
    """One simulated month: flows during the month and holdings at its end."""

    month: Month
    regime: str
    treasuries: Decimal
    mbs: Decimal
    treasury_runoff: Decimal
    mbs_runoff: Decimal
    mbs_paydown: Decimal
    reinvested: Decimal
    purchases: Decimal

    @property
    def total(self) -> Decimal:
        return self.treasuries + self.mbs

    @property
    def change(self) -> Decimal:
        return self.purchases - self.treasury_runoff - self.mbs_runoff


def step(
    h: Holdings, month: Month, rule: Rule, paydown: Paydown, maturing: Decimal | None = None
) -> tuple[Holdings, MonthRow]:
    """Advance one month. ``maturing`` is Treasury principal due (None: the cap binds)."""
    due = h.treasuries if maturing is None else min(maturing, h.treasuries)
    tsy_runoff = min(rule.treasury_cap, due)

    if paydown.at_cap and rule.mbs_cap is not None:
        paid = min(rule.mbs_cap, h.mbs)
    else:
        paid = min(paydown.of(h.mbs), h.mbs)
    mbs_runoff = paid if rule.mbs_cap is None else min(rule.mbs_cap, paid)
    excess = paid - mbs_runoff
    if rule.reinvest_to == "mbs":
        to_treasuries = ZERO
    elif rule.reinvest_limit is None:
        to_treasuries = excess
    else:
        to_treasuries = min(excess, rule.reinvest_limit)
    to_mbs = excess - to_treasuries

    treasuries = h.treasuries - tsy_runoff + rule.treasury_purchases + to_treasuries
    mbs = h.mbs - paid + to_mbs + rule.mbs_purchases
    row = MonthRow(
        month=month,
        regime=rule.regime,
        treasuries=treasuries,
        mbs=mbs,
        treasury_runoff=tsy_runoff,
        mbs_runoff=mbs_runoff,
        mbs_paydown=paid,
        reinvested=excess,
        purchases=rule.treasury_purchases + rule.mbs_purchases,
    )
    return Holdings(treasuries, mbs), row


def run(
    start: Holdings,
    first: Month,
    months: int,
    rule_for: Callable[[Month], Rule],
    paydown: Paydown,
    maturities: Mapping[Month, Decimal] | None = None,
) -> list[MonthRow]:
    """Simulate ``months`` months from ``first``; ``rule_for`` gives each month's rule."""
    rows: list[MonthRow] = []
    h = start
    for i in range(months):
        month = first + i
        h, row = step(h, month, rule_for(month), paydown, (maturities or {}).get(month))
        rows.append(row)
    return rows
