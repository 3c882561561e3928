"""`qt backtest`: replay a historical period through the engine and compare with H.4.1.

The engine starts from actual holdings on the first Wednesday of the period's first month
and follows the regimes in the policy file. Month m's prediction is the holdings at the end
of m, compared with the actual holdings on the first Wednesday of m+1. The naive model is
the same engine with every cap always hit, so the two differ only in the MBS paydown model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from . import actuals, engine, i18n
from .errors import UsageError
from .model import Month, PolicyFile

PERIODS = {
    "qt1": (Month(2017, 10), Month(2019, 7)),
    "qt2": (Month(2022, 6), Month(2025, 11)),
}
HUNDRED = Decimal(100)
PCT_PLACES = 3  # errors are reported in percent to three decimals
CAP_SLACK = Decimal("0.5")  # a monthly MBS decline this close to the cap counts as capped


@dataclass(frozen=True)
class Triple:
    treasuries: Decimal
    mbs: Decimal
    total: Decimal

    @classmethod
    def of(cls, t: Decimal, m: Decimal) -> Triple:
        return cls(t, m, t + m)


@dataclass(frozen=True)
class Compared:
    month: Month
    observed: object  # datetime.date of the actual H.4.1 observation
    predicted: Triple
    actual: Triple
    error: Triple  # percent of actual


@dataclass(frozen=True)
class Summary:
    mean_abs_error: Triple
    end_error: Triple


@dataclass(frozen=True)
class Backtest:
    name: str
    first: Month
    last: Month
    paydown: engine.Paydown
    model: list[Compared]
    naive: list[Compared]

    @property
    def model_summary(self) -> Summary:
        return summarize(self.model)

    @property
    def naive_summary(self) -> Summary:
        return summarize(self.naive)

    @property
    def reserves(self) -> Reserves:
        return reserves_at_end(self.model)


@dataclass(frozen=True)
class Reserves:
    """Reserves at the period's end: the model's assets less the actual ON RRP and other
    liabilities, beside the actual WRESBAL. Other assets are held at the start level, as
    `qt simulate` holds them, so the error is the securities' error plus their drift."""

    start: Any  # balance.Sheet of the first month's observation
    end: Any  # balance.Sheet of the last month's observation
    assets: Decimal  # modeled securities at the end + other assets at the start
    predicted: Decimal

    @property
    def error(self) -> Decimal:
        result: Decimal = self.predicted - self.end.reserves
        return result

    @property
    def error_pct(self) -> Decimal:
        return _pct(self.predicted, self.end.reserves)

    @property
    def securities_error(self) -> Decimal:
        result: Decimal = self.assets - self.start.other_assets - (
            self.end.treasuries + self.end.mbs
        )
        return result

    @property
    def other_assets_drift(self) -> Decimal:
        result: Decimal = self.start.other_assets - self.end.other_assets
        return result


def reserves_at_end(rows: list[Compared]) -> Reserves:
    from . import balance

    first = actuals.holdings(rows[0].month)
    start = balance.sheet(balance.on_or_before(first.date))
    end = balance.sheet(balance.on_or_before(rows[-1].observed))  # type: ignore[arg-type]
    assets = rows[-1].predicted.total + start.other_assets
    return Reserves(start, end, assets, assets - end.onrrp - end.other_liabilities)


def period(name: str | None, first: str | None, last: str | None) -> tuple[str, Month, Month]:
    """Resolve `qt1`/`qt2` or --from/--to into a checked month range."""
    if name is not None and name not in PERIODS:
        raise UsageError(f"unknown period '{name}'; choose {', '.join(PERIODS)} or use --from/--to")
    if name is None and bool(first) != bool(last):
        # Only one end given: take the other from the named period that contains it.
        try:
            given = Month.parse(first or last or "")
        except ValueError as exc:
            raise UsageError(f"--from/--to: {exc}") from None
        name = next((n for n, (a, b) in PERIODS.items() if a <= given <= b), None)
        if name is None:
            raise UsageError(f"{given} is in neither qt1 nor qt2: give both --from and --to")
    default = PERIODS[name or "qt2"]
    try:
        a = Month.parse(first) if first else default[0]
        b = Month.parse(last) if last else default[1]
    except ValueError as exc:
        raise UsageError(f"--from/--to: {exc}") from None
    if b < a:
        raise UsageError(f"--to {b} is before --from {a}")
    lo, hi = actuals.data_span()
    if a < lo or b + 1 > hi:
        raise UsageError(
            f"the H.4.1 data covers {lo} to {hi}; a backtest of {a}..{b} needs {a} to {b + 1}"
        )
    label = (name or "qt2") if not first and not last else f"{a}..{b}"
    return label, a, b


def run(
    policy: PolicyFile, name: str, first: Month, last: Month, cpr_option: str | None = None
) -> Backtest:
    """Model and naive runs over first..last; ``cpr_option`` is --cpr as typed, if given."""
    from .simulate import option_amount

    cpr = option_amount(cpr_option, "--cpr", rate=True)
    for i in range(last - first + 1):
        if policy.in_force(first + i) is None:
            raise UsageError(f"no regime in {policy.path} covers {first + i}")
    paydown = engine.Paydown(
        policy.assumptions.mbs_cpr.value if cpr is None else cpr,
        policy.assumptions.mbs_amortization.value,
    )
    return Backtest(
        name,
        first,
        last,
        paydown,
        _compare(policy, first, last, paydown),
        _compare(policy, first, last, replace(paydown, at_cap=True)),
    )


def _compare(
    policy: PolicyFile, first: Month, last: Month, paydown: engine.Paydown
) -> list[Compared]:
    seen = actuals.holdings(first)
    rows = engine.run(
        engine.Holdings(seen.treasuries, seen.mbs),
        first,
        last - first + 1,
        lambda m: engine.Rule.of(policy.in_force(m)),  # type: ignore[arg-type]
        paydown,
    )
    out = []
    for row in rows:
        actual = actuals.holdings(row.month + 1)
        p = Triple.of(row.treasuries, row.mbs)
        a = Triple.of(actual.treasuries, actual.mbs)
        out.append(Compared(row.month, actual.date, p, a, _error(p, a)))
    return out


def _pct(p: Decimal, a: Decimal) -> Decimal:
    """The error in percent of actual, unrounded: output rounds it once, for display."""
    return (p - a) / a * HUNDRED if a else Decimal(0)


def _error(p: Triple, a: Triple) -> Triple:
    return Triple(_pct(p.treasuries, a.treasuries), _pct(p.mbs, a.mbs), _pct(p.total, a.total))


def summarize(rows: list[Compared]) -> Summary:
    n = Decimal(len(rows))

    def mae(field: str) -> Decimal:
        return sum((abs(getattr(r.error, field)) for r in rows), Decimal(0)) / n

    return Summary(Triple(mae("treasuries"), mae("mbs"), mae("total")), rows[-1].error)


@dataclass(frozen=True)
class Calibration:
    first: Month
    last: Month
    months_used: int
    months_capped: int
    monthly_rate: Decimal
    amortization: Decimal
    cpr: Decimal
    mean_abs_error: Decimal  # USD billions a month, one-month-ahead MBS runoff
    current_cpr: Decimal


def calibrate(policy: PolicyFile, first: Month, last: Month) -> Calibration:
    """Fit the monthly MBS paydown rate on months where the cap did not bind; derive the CPR.

    Scheduled amortization and prepayment both scale with the balance, so one period pins down
    their sum, not each part: the amortization is kept from the policy file and the CPR is
    what makes up the rest. Months with a rising MBS balance (purchases settling) are skipped.
    """
    used: list[tuple[Decimal, Decimal]] = []
    capped = 0
    for i in range(last - first + 1):
        month = first + i
        regime = policy.in_force(month)
        a, b = actuals.holdings(month), actuals.holdings(month + 1)
        runoff = a.mbs - b.mbs
        if regime is None or regime.mbs.purchases or runoff <= 0:
            continue
        # Where the excess goes back into MBS, the fall in holdings is the runoff, capped;
        # where it goes to Treasuries (or nothing is reinvested), it is the whole paydown.
        cap = regime.mbs.cap
        if regime.mbs.reinvest_to == "mbs" and cap is not None and runoff >= cap - CAP_SLACK:
            capped += 1
            continue
        used.append((a.mbs, runoff))
    if not used:
        raise UsageError(f"no month in {first}..{last} shows MBS paydowns below the cap to fit")
    rate = sum((r for _, r in used), Decimal(0)) / sum((b for b, _ in used), Decimal(0))
    amort = policy.assumptions.mbs_amortization.value
    if rate <= amort:
        raise UsageError(
            f"the fitted paydown rate {rate:.5f} is below the scheduled amortization {amort}"
        )
    smm = (rate - amort) / (1 - amort)
    cpr: Decimal = 1 - (1 - smm) ** 12
    fitted = engine.Paydown(cpr, amort)
    mae = sum(abs(fitted.of(b) - r) for b, r in used) / Decimal(len(used))
    return Calibration(
        first,
        last,
        len(used),
        capped,
        i18n.rounded(rate, 6),
        amort,
        i18n.rounded(cpr, 4),
        i18n.rounded(mae, 2),
        policy.assumptions.mbs_cpr.value,
    )
