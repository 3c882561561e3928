"""`qt simulate`: choose the regime, start and assumptions, then run the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from . import actuals, engine, liabilities
from .balance import Sheet
from .checker import money_problem
from .errors import UsageError
from .model import Month, PolicyFile, Regime

MAX_MONTHS = 600


class Start(NamedTuple):
    month: Month
    holdings: engine.Holdings
    observed: dt.date | None  # H.4.1 date the holdings come from; None when given by the user
    latest: bool = False  # --start latest: the data's last week stands for the month's start
    given: bool = False  # --treasuries or --mbs: no actual path to set the model beside


class Actual(NamedTuple):
    """H.4.1 at a simulated month's end (the first Wednesday of the next month), USD billions."""

    date: dt.date
    treasuries: Decimal
    mbs: Decimal
    reserves: Decimal | None

    @property
    def total(self) -> Decimal:
        return self.treasuries + self.mbs


class Scenario(NamedTuple):
    regime: Regime
    start: Start
    months: int
    follow: bool
    paydown: engine.Paydown
    treasury_cap: Decimal | None
    mbs_cap: Decimal | None
    maturities: dict[Month, Decimal] | None
    maturities_file: str | None
    until_total: Decimal | None
    liability_path: liabilities.Assumed
    until_reserves: Decimal | None
    default: bool = False  # neither --regime nor --start: the latest runoff regime from its start


class Result(NamedTuple):
    scenario: Scenario
    rows: list[engine.MonthRow]
    in_force: bool
    replaced_by: Regime | None
    reached: Month | None  # first month whose end total reaches --until-total
    base: Sheet  # the H.4.1 week the liability side starts from
    liabilities: list[liabilities.Liabilities]
    below_ample: Month | None  # first month reserves fall below the ample share of GDP
    reserves_reached: Month | None  # first month reserves reach --until-reserves
    actual: list[Actual | None]  # per row: H.4.1 at the month's end, where the data hold it
    data_as_of: dt.date  # the latest H.4.1 week in the data in use
    default_ended: bool  # no --regime or --start, and that regime ended before the data do

    @property
    def last_actual(self) -> tuple[engine.MonthRow, Actual] | None:
        """The last simulated month with actual data beside it."""
        pairs = [(r, a) for r, a in zip(self.rows, self.actual, strict=True) if a is not None]
        return pairs[-1] if pairs else None


def latest_runoff(policy: PolicyFile) -> Regime:
    """The most recent regime of kind 'qt' (the default for a bare `qt simulate`)."""
    qt = [r for r in policy.regimes if r.kind == "qt" and r.bank == "fed"]
    if not qt:
        raise UsageError("the policy file has no runoff (kind: qt) regime; give --regime")
    return max(qt, key=lambda r: r.start)


def plan(
    policy: PolicyFile,
    *,
    months: int,
    regime_id: str | None = None,
    start: str | None = None,
    treasuries: str | None = None,
    mbs: str | None = None,
    treasury_cap: str | None = None,
    mbs_cap: str | None = None,
    cpr: str | None = None,
    follow: bool = False,
    until_total: str | None = None,
    maturities: Path | None = None,
    onrrp_end: str | None = None,
    other_growth: str | None = None,
    until_reserves: str | None = None,
) -> Scenario:
    """Check the options against the policy file and data; raise UsageError on anything odd."""
    if not 1 <= months <= MAX_MONTHS:
        raise UsageError(f"--months must be between 1 and {MAX_MONTHS}, got {months}")
    latest = start is not None and start.strip() == "latest"
    start_month: Month | None = None
    if latest:
        from . import balance

        last_week = balance.latest()
        # The last week stands for the start of its month when it is the month's first
        # Wednesday, else for the start of the next month.
        start_month = Month.of(last_week) + (0 if last_week.day <= 7 else 1)
    elif start:
        start_month = _month(start, "--start", "YYYY-MM or 'latest'")
    if regime_id:
        regime = policy.regime(regime_id)
        if regime is None:
            known = ", ".join(r.id for r in policy.regimes)
            raise UsageError(f"unknown regime '{regime_id}'; known: {known}")
    elif start_month is not None:
        found = policy.in_force(start_month)
        if found is None:
            raise UsageError(f"no regime in {policy.path} covers {start_month}; give --regime")
        regime = found
    else:
        regime = latest_runoff(policy)
    first = start_month or regime.start

    given_t = option_amount(treasuries, "--treasuries")
    given_m = option_amount(mbs, "--mbs")
    if given_t is not None and given_m is not None:
        holdings, observed = engine.Holdings(given_t, given_m), None
    else:
        seen = _latest_holdings() if latest else actuals.holdings(first)
        holdings = engine.Holdings(
            seen.treasuries if given_t is None else given_t,
            seen.mbs if given_m is None else given_m,
        )
        observed = seen.date

    cpr_value = option_amount(cpr, "--cpr", rate=True)
    paydown = engine.Paydown(
        policy.assumptions.mbs_cpr.value if cpr_value is None else cpr_value,
        policy.assumptions.mbs_amortization.value,
    )
    if follow:
        for i in range(months):
            if policy.in_force(first + i) is None:
                raise UsageError(f"--follow: no regime in {policy.path} covers {first + i}")
    schedule = None
    if maturities is not None:
        from .maturities import load as load_maturities

        schedule = load_maturities(maturities)
    return Scenario(
        regime=regime,
        start=Start(first, holdings, observed, latest, given_t is not None or given_m is not None),
        months=months,
        follow=follow,
        paydown=paydown,
        treasury_cap=option_amount(treasury_cap, "--treasury-cap"),
        mbs_cap=option_amount(mbs_cap, "--mbs-cap"),
        maturities=schedule,
        maturities_file=str(maturities) if maturities is not None else None,
        until_total=option_amount(until_total, "--until-total"),
        liability_path=liabilities.Assumed.of(
            policy.assumptions,
            option_growth(other_growth, "--other-growth"),
            option_amount(onrrp_end, "--onrrp-end"),
        ),
        until_reserves=option_amount(until_reserves, "--until-reserves"),
        default=regime_id is None and start is None,
    )


def _latest_holdings() -> actuals.Observed:
    from . import balance

    sheet = balance.sheet(balance.latest())
    return actuals.Observed(sheet.date, sheet.treasuries, sheet.mbs)


def run(policy: PolicyFile, s: Scenario, today: dt.date | None = None) -> Result:
    from . import balance, clock

    rule_for = _rules(policy, s)
    rows = engine.run(s.start.holdings, s.start.month, s.months, rule_for, s.paydown, s.maturities)
    now = Month.of(today or clock.today())
    in_force = s.regime.end is None or now <= s.regime.end
    replaced_by = None if in_force else policy.successor(s.regime)
    base = liabilities.at_start(liabilities.base(s.start.observed, s.start.month), s.liability_path)
    path = liabilities.project(base, rows, s.liability_path)
    return Result(
        s,
        rows,
        in_force,
        replaced_by,
        _reached(s, rows),
        base,
        path,
        liabilities.first_below(path, s.liability_path.ample),
        liabilities.reached(path, base.reserves, s.until_reserves),
        [None if s.start.given else _actual(row.month) for row in rows],
        balance.latest(),
        s.default
        and s.regime.end is not None
        and s.regime.end < Month.of(balance.latest()),
    )


def _actual(month: Month) -> Actual | None:
    seen = actuals.month_end(month)
    if seen is None:
        return None
    return Actual(seen.date, seen.treasuries, seen.mbs, actuals.reserves_on(seen.date))


def _rules(policy: PolicyFile, s: Scenario) -> Callable[[Month], engine.Rule]:
    fixed = engine.Rule.of(s.regime, s.treasury_cap, s.mbs_cap)
    if not s.follow:
        return lambda month: fixed
    cache: dict[str, engine.Rule] = {}

    def rule_for(month: Month) -> engine.Rule:
        regime = policy.in_force(month)
        assert regime is not None  # plan() checked every month
        if regime.id not in cache:
            cache[regime.id] = engine.Rule.of(regime, s.treasury_cap, s.mbs_cap)
        return cache[regime.id]

    return rule_for


def _reached(s: Scenario, rows: list[engine.MonthRow]) -> Month | None:
    target = s.until_total
    if target is None:
        return None
    falling = target <= s.start.holdings.total
    for row in rows:
        if (row.total <= target) if falling else (row.total >= target):
            return row.month
    return None


def _month(text: str, option: str, form: str = "YYYY-MM") -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise UsageError(f"{option} must be a real month {form}, got '{text}'") from None


def option_growth(text: str | None, option: str) -> Decimal | None:
    """An annual growth rate of either sign from the command line (0.062 = 6.2%)."""
    if text is None:
        return None
    from decimal import InvalidOperation

    from .bounds import GROWTH

    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(f"{option} must be a number, got '{text}'") from None
    problem = GROWTH.problem(value)
    if problem is None and value != value.quantize(Decimal("1e-6")):
        problem = "must have at most 6 decimals"
    if problem:
        raise UsageError(f"{option} {problem} (0.062 = 6.2% a year), got '{text}'")
    return value


def option_amount(text: str | None, option: str, *, rate: bool = False) -> Decimal | None:
    """A USD-billions amount (or, with ``rate``, an annual rate) from the command line."""
    if text is None:
        return None
    from decimal import InvalidOperation

    try:
        value = Decimal(text.strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise UsageError(f"{option} must be a number, got '{text}'") from None
    if not value.is_finite() or value < 0:
        raise UsageError(f"{option} must be a finite number >= 0, got '{text}'")
    if rate:
        if value >= 1 or value != value.quantize(Decimal("1e-6")):
            raise UsageError(
                f"{option} is an annual rate below 1 with at most 6 decimals "
                f"(0.054 = 5.4%), got '{text}'"
            )
        return value
    problem = money_problem(value)
    if problem:
        raise UsageError(f"{option} {problem}, got '{text}'")
    return value
