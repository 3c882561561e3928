"""The figures `qt explain` quotes, computed from policies.yaml and the H.4.1 data in use.

A text in ``qtcli/explain/*.yaml`` writes ``{peak_assets}`` instead of "$8.965T", so its
numbers come from the same files the simulator uses and cannot drift from them. Each figure
is a Decimal in USD billions, a date or a Month, computed only when a topic asks for it, and
shown per language by :mod:`qtcli.i18n` ("$8.965T" / "8.965兆美元", "April 13, 2022" /
"2022年4月13日").

Conventions shared with :mod:`qtcli.actuals`: a month's holdings are those of its first
Wednesday, and a month's runoff is the decline from that first Wednesday to the next month's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from . import actuals, i18n
from .errors import DataError
from .model import Event, Month, PolicyFile, Regime

Value = Decimal | dt.date | Month

# How a figure is shown. "amount": to $0.1B, or $10B from $1T up ($17.5B, $40.9B, $4.16T);
# "level": a balance quoted to the $1B from $1T up ($8.965T, $905.3B); "approx": rounded
# to $10B first, for "about" figures ($700B); "date": a day or a month.
STYLES = ("amount", "level", "approx", "date")


@dataclass(frozen=True)
class Spec:
    style: str
    compute: Callable[[Figures], Value]


REGISTRY: dict[str, Spec] = {}


def _figure(style: str) -> Callable[[Callable[[Figures], Value]], Callable[[Figures], Value]]:
    assert style in STYLES, style

    def register(func: Callable[[Figures], Value]) -> Callable[[Figures], Value]:
        REGISTRY[func.__name__] = Spec(style, func)
        return func

    return register


def fmt(value: Value, style: str, lang: str) -> str:
    """A figure as the reader sees it in ``lang``."""
    if isinstance(value, Month):
        return i18n.month(value, lang)
    if isinstance(value, dt.date):
        return i18n.day(value, lang)
    if style == "level":
        return i18n.usd_billions(value, lang, places=3 if abs(value) >= 1000 else None)
    if style == "approx":
        return i18n.usd_billions(i18n.rounded(value, -1), lang)
    return i18n.usd_billions(value, lang)


def _shipped_events() -> tuple[Event, ...]:
    from . import events

    return events.load()  # the shipped events.yaml, or the one QT_EVENTS names


class Figures:
    """Every figure for one policy file and the H.4.1 data in use, each computed once, on demand.

    ``policy`` may be a loader, so a topic that quotes no policy figure never reads the file;
    ``events`` (the `qt history` timeline) is read only for the day bill purchases began.
    """

    def __init__(
        self,
        policy: PolicyFile | Callable[[], PolicyFile],
        events: Callable[[], tuple[Event, ...]] | None = None,
    ):
        self._policy = policy
        self._events = events or _shipped_events
        self._values: dict[str, Value] = {}

    def value(self, name: str) -> Value:
        if name not in self._values:
            self._values[name] = REGISTRY[name].compute(self)
        return self._values[name]

    def text(self, name: str, lang: str) -> str:
        return fmt(self.value(name), REGISTRY[name].style, lang)

    # ------------------------------------------------------------------ policies.yaml

    @cached_property
    def policy(self) -> PolicyFile:
        return self._policy if isinstance(self._policy, PolicyFile) else self._policy()

    @cached_property
    def qt_rounds(self) -> list[list[Regime]]:
        """The Fed's QT regimes, grouped into rounds of back-to-back regimes, oldest first."""
        rounds: list[list[Regime]] = []
        qt = sorted((r for r in self.policy.regimes if r.bank == "fed" and r.kind == "qt"),
                    key=lambda r: r.start)  # fmt: skip
        for regime in qt:
            last = rounds[-1][-1] if rounds else None
            if last is not None and last.end is not None and regime.start == last.end + 1:
                rounds[-1].append(regime)
            else:
                rounds.append([regime])
        return rounds

    def qt_round(self, number: int) -> list[Regime]:
        if len(self.qt_rounds) < number:
            raise DataError(
                f"qt explain needs QT round {number} (QT{number}) among the Fed's 'qt' regimes; "
                f"found {len(self.qt_rounds)}",
                path=self.policy.path,
            )
        regimes = self.qt_rounds[number - 1]
        if regimes[-1].end is None:
            raise DataError(f"QT{number} has no end month", path=self.policy.path)
        return regimes

    def qt_round_regime(self, number: int, year: int) -> Regime:
        """The one regime of QT round ``number`` that starts in ``year``."""
        hits = [r for r in self.qt_round(number) if r.start.year == year]
        if len(hits) != 1:
            raise DataError(
                f"qt explain needs exactly one QT{number} regime starting in {year}; "
                f"found {len(hits)}",
                path=self.policy.path,
            )
        return hits[0]

    def regime(self, regime_id: str) -> Regime:
        found = self.policy.regime(regime_id)
        if found is None:
            raise DataError(f"qt explain needs regime '{regime_id}'", path=self.policy.path)
        return found

    def after_round(self, number: int) -> Month:
        """The first month without runoff after QT round ``number``."""
        end = self.qt_round(number)[-1].end
        assert end is not None  # qt_round refuses an open-ended round
        return end + 1

    def max_regime(self, number: int) -> Regime:
        """The QT regime with the highest combined cap (the earliest, on a tie)."""
        return max(self.qt_round(number), key=total_cap)  # max() keeps the first of equals

    @cached_property
    def rmp_after_qt2(self) -> Regime:
        end = self.after_round(2)
        later = [r for r in self.policy.regimes
                 if r.bank == "fed" and r.kind == "rmp" and r.start >= end]  # fmt: skip
        if not later:
            raise DataError(f"no 'rmp' regime starts in or after {end}", path=self.policy.path)
        return min(later, key=lambda r: r.start)

    # ------------------------------------------------------------------ H.4.1 data

    def weekly(self, series: str) -> tuple[tuple[dt.date, Decimal], ...]:
        rows = actuals.weekly(series)
        if not rows:
            raise DataError(f"{series}: no observations")
        return rows

    def on(self, series: str, day: dt.date) -> Decimal:
        """The observation of a weekly series dated exactly ``day`` (a Wednesday)."""
        for date, value in self.weekly(series):
            if date == day:
                return value
        raise DataError(f"{series} has no observation dated {day}; qt explain quotes it")

    def extreme(
        self, series: str, first: dt.date, last: dt.date, pick: Callable[..., Decimal] = max
    ) -> tuple[dt.date, Decimal]:
        """The highest (or lowest) observation from ``first`` to ``last``; the earliest on a tie."""
        rows = [(d, v) for d, v in self.weekly(series) if first <= d <= last]
        if not rows:
            raise DataError(f"{series} has no observations from {first} to {last}")
        best = pick(v for _, v in rows)
        return next((d, v) for d, v in rows if v == best)

    def runoff(self, month: Month, part: str) -> Decimal:
        """How much of ``part`` (treasuries, mbs or total) ran off in ``month``."""
        start, end = actuals.holdings(month), actuals.holdings(month + 1)
        return getattr(start, part) - getattr(end, part)

    @cached_property
    def peak(self) -> tuple[dt.date, Decimal]:
        rows = self.weekly("WALCL")
        return self.extreme("WALCL", rows[0][0], rows[-1][0])

    @cached_property
    def trough(self) -> tuple[dt.date, Decimal]:
        """The low of total assets from the peak to the end of the first month after QT2."""
        last = (self.after_round(2) + 1).first_day() - dt.timedelta(days=1)
        return self.extreme("WALCL", self.peak[0], last, min)

    @cached_property
    def on_rrp(self) -> list[tuple[dt.date, Decimal]]:
        from .series import load_series

        rows = [(d, v) for d, v in load_series("RRPONTSYD") if v is not None]
        if not rows:
            raise DataError("RRPONTSYD: no observations")
        return rows

    # ------------------------------------------------------------------ events.yaml

    @cached_property
    def rmp_start_day(self) -> dt.date | None:
        """The day reserve management purchases began after QT2, from the events timeline.

        The regime only knows the month; the day (December 12, 2025) is when the Fed 'rmp'
        event announced with it took effect. None when the timeline has no such event.
        """
        regime = self.rmp_after_qt2
        days = []
        for event in self.events:
            began = event.effective or event.date
            if (event.bank, event.kind) == ("fed", "rmp") and event.date >= regime.announced:
                if isinstance(began, dt.date) and regime.covers(Month.of(began)):
                    days.append(began)
        return min(days, default=None)

    @cached_property
    def events(self) -> tuple[Event, ...]:
        return self._events()


def mbs_cap(regime: Regime) -> Decimal:
    if regime.mbs.cap is None:
        raise DataError(f"regime '{regime.id}' (line {regime.line}): a QT regime needs an MBS cap")
    return regime.mbs.cap


def total_cap(regime: Regime) -> Decimal:
    return regime.treasuries.cap + mbs_cap(regime)


# ---------------------------------------------------------------- caps and paces (policies.yaml)


# The QT caps quoted in the texts, by name: qt<round>_<first|max|year>_<treasury|mbs|total>_cap.
CAP_FIGURES = (
    "qt1_first_treasury_cap", "qt1_first_mbs_cap", "qt1_first_total_cap", "qt1_max_treasury_cap",
    "qt1_max_mbs_cap", "qt1_max_total_cap", "qt1_2019_treasury_cap", "qt1_2019_total_cap",
    "qt2_first_treasury_cap", "qt2_first_mbs_cap",
    "qt2_first_total_cap", "qt2_max_treasury_cap", "qt2_max_mbs_cap", "qt2_max_total_cap",
    "qt2_2024_treasury_cap", "qt2_2024_total_cap", "qt2_2025_treasury_cap", "qt2_2025_mbs_cap",
    "qt2_2025_total_cap",
)  # fmt: skip
_CAP_PART: dict[str, Callable[[Regime], Decimal]] = {
    "treasury": lambda r: r.treasuries.cap,
    "mbs": mbs_cap,
    "total": total_cap,
}


def _cap_figure(name: str) -> Callable[[Figures], Value]:
    """The figure ``name`` from CAP_FIGURES: one cap of one QT round's regimes."""
    qt_round, which, part, _ = name.split("_")
    number, cap = int(qt_round[2:]), _CAP_PART[part]

    def compute(f: Figures) -> Value:
        if which == "first":
            return cap(f.qt_round(number)[0])
        if which == "max":
            return max(cap(r) for r in f.qt_round(number))
        return cap(f.qt_round_regime(number, int(which)))

    return compute


for _name in CAP_FIGURES:
    REGISTRY[_name] = Spec("amount", _cap_figure(_name))


@_figure("amount")
def rmp_first_pace(f: Figures) -> Value:
    return f.rmp_after_qt2.treasuries.purchases


@_figure("amount")
def rmp_2019_pace(f: Figures) -> Value:
    return f.regime("bills-2019").treasuries.purchases


@_figure("amount")
def qe2_pace(f: Figures) -> Value:
    return f.regime("qe2").treasuries.purchases


@_figure("amount")
def qe3_mbs_pace(f: Figures) -> Value:
    return f.regime("mep-qe3-mbs").mbs.purchases


@_figure("amount")
def qe3_pace(f: Figures) -> Value:
    r = f.regime("qe3")
    return r.treasuries.purchases + r.mbs.purchases


@_figure("amount")
def covid_qe_pace(f: Figures) -> Value:
    r = f.regime("covid-qe-pace")
    return r.treasuries.purchases + r.mbs.purchases


# ---------------------------------------------------------- dates (policies.yaml, events.yaml)


@_figure("date")
def qt1_start(f: Figures) -> Value:
    return f.qt_round(1)[0].start


@_figure("date")
def qt1_max_start(f: Figures) -> Value:
    return f.max_regime(1).start


@_figure("date")
def qt1_max_end(f: Figures) -> Value:
    end = f.max_regime(1).end
    assert end is not None
    return end


@_figure("date")
def qt1_2019_effective(f: Figures) -> Value:
    return f.qt_round_regime(1, 2019).start


@_figure("date")
def qt1_end(f: Figures) -> Value:
    """The first month without runoff after QT1."""
    return f.after_round(1)


@_figure("date")
def qt2_start(f: Figures) -> Value:
    return f.qt_round(2)[0].start


@_figure("date")
def qt2_announced(f: Figures) -> Value:
    """The day the plan for QT2 was announced (its first regime's decision date)."""
    return f.qt_round(2)[0].announced


@_figure("date")
def qt2_max_start(f: Figures) -> Value:
    return f.max_regime(2).start


@_figure("date")
def qt2_max_end(f: Figures) -> Value:
    end = f.max_regime(2).end
    assert end is not None
    return end


@_figure("date")
def qt2_2024_effective(f: Figures) -> Value:
    return f.qt_round_regime(2, 2024).start


@_figure("date")
def qt2_2025_announced(f: Figures) -> Value:
    return f.qt_round_regime(2, 2025).announced


@_figure("date")
def qt2_2025_effective(f: Figures) -> Value:
    return f.qt_round_regime(2, 2025).start


@_figure("date")
def qt2_end(f: Figures) -> Value:
    """The first month without runoff after QT2."""
    return f.after_round(2)


@_figure("date")
def rmp_start(f: Figures) -> Value:
    """The day bill purchases began after QT2; only the month without an events timeline."""
    return f.rmp_start_day or f.rmp_after_qt2.start


# ---------------------------------------------------------------------- total assets (WALCL)

# Days the texts name. September 3, 2008 is the H.4.1 week the pre-crisis size is usually
# quoted from ("$905 billion in early September 2008"); Lehman Brothers failed on the 15th.
PRE_CRISIS = dt.date(2008, 9, 3)
MID_MARCH_2020 = dt.date(2020, 3, 18)
JUNE_2020 = dt.date(2020, 6, 10)
DEC_2020 = dt.date(2020, 12, 23)
MID_MARCH_2022 = dt.date(2022, 3, 16)
SVB_BEFORE = dt.date(2023, 3, 8)
SVB_AFTER = dt.date(2023, 3, 22)


@_figure("level")
def pre_crisis_assets(f: Figures) -> Value:
    return f.on("WALCL", PRE_CRISIS)


@_figure("date")
def pre_crisis_date(f: Figures) -> Value:
    f.on("WALCL", PRE_CRISIS)
    return PRE_CRISIS


@_figure("level")
def peak_2015_assets(f: Figures) -> Value:
    return f.extreme("WALCL", dt.date(2014, 1, 1), dt.date(2016, 12, 31))[1]


@_figure("date")
def peak_2015_date(f: Figures) -> Value:
    return f.extreme("WALCL", dt.date(2014, 1, 1), dt.date(2016, 12, 31))[0]


@_figure("amount")
def feb_2020_assets(f: Figures) -> Value:
    """The last week of February 2020, just before the pandemic purchases."""
    return [v for d, v in f.weekly("WALCL") if (d.year, d.month) == (2020, 2)][-1]


@_figure("amount")
def mid_march_2020_assets(f: Figures) -> Value:
    return f.on("WALCL", MID_MARCH_2020)


@_figure("amount")
def june_2020_assets(f: Figures) -> Value:
    return f.on("WALCL", JUNE_2020)


@_figure("amount")
def dec_2020_assets(f: Figures) -> Value:
    return f.on("WALCL", DEC_2020)


@_figure("level")
def mid_march_2022_assets(f: Figures) -> Value:
    return f.on("WALCL", MID_MARCH_2022)


@_figure("level")
def peak_assets(f: Figures) -> Value:
    return f.peak[1]


@_figure("date")
def peak_date(f: Figures) -> Value:
    return f.peak[0]


@_figure("level")
def svb_before_assets(f: Figures) -> Value:
    return f.on("WALCL", SVB_BEFORE)


@_figure("level")
def svb_after_assets(f: Figures) -> Value:
    return f.on("WALCL", SVB_AFTER)


@_figure("level")
def qt2_trough_assets(f: Figures) -> Value:
    return f.trough[1]


@_figure("date")
def qt2_trough_date(f: Figures) -> Value:
    return f.trough[0]


@_figure("level")
def latest_assets(f: Figures) -> Value:
    return f.weekly("WALCL")[-1][1]


@_figure("date")
def latest_date(f: Figures) -> Value:
    return f.weekly("WALCL")[-1][0]


@_figure("approx")
def qt1_decline(f: Figures) -> Value:
    """From the first week of QT1 to the last week of the first month without runoff."""
    first, after = f.qt_round(1)[0].start, f.after_round(1)
    rows = f.weekly("WALCL")
    start = next(v for d, v in rows if Month.of(d) == first)
    end = [v for d, v in rows if Month.of(d) == after][-1]
    return start - end


@_figure("approx")
def qt2_decline(f: Figures) -> Value:
    return f.peak[1] - f.trough[1]


# ---------------------------------------------------------------------- holdings and runoff


@_figure("level")
def tsy_qt2_high(f: Figures) -> Value:
    return f.extreme("TREAST", f.peak[0], f.trough[0])[1]


@_figure("level")
def tsy_qt2_low(f: Figures) -> Value:
    return f.extreme("TREAST", f.peak[0], f.trough[0], min)[1]


@_figure("level")
def mbs_qt2_high(f: Figures) -> Value:
    return f.extreme("WSHOMCB", f.peak[0], f.trough[0])[1]


@_figure("level")
def mbs_qt2_low(f: Figures) -> Value:
    return f.extreme("WSHOMCB", f.peak[0], f.trough[0], min)[1]


@_figure("amount")
def mbs_runoff_avg_2023_2025(f: Figures) -> Value:
    """Average monthly MBS decline from January 2023 to QT2's last month."""
    first, after = Month(2023, 1), f.after_round(2)
    drop = actuals.holdings(first).mbs - actuals.holdings(after).mbs
    months = after - first
    return i18n.rounded(drop / months, 3)


@_figure("amount")
def tsy_runoff_dec_2018(f: Figures) -> Value:
    return f.runoff(Month(2018, 12), "treasuries")


@_figure("amount")
def tsy_runoff_jan_2025(f: Figures) -> Value:
    return f.runoff(Month(2025, 1), "treasuries")


@_figure("amount")
def mbs_runoff_jan_2025(f: Figures) -> Value:
    return f.runoff(Month(2025, 1), "mbs")


@_figure("amount")
def actual_runoff_jan_2025(f: Figures) -> Value:
    return f.runoff(Month(2025, 1), "total")


@_figure("amount")
def tsy_runoff_may_2025(f: Figures) -> Value:
    return f.runoff(Month(2025, 5), "treasuries")


@_figure("amount")
def mbs_runoff_may_2025(f: Figures) -> Value:
    return f.runoff(Month(2025, 5), "mbs")


@_figure("amount")
def actual_runoff_may_2025(f: Figures) -> Value:
    return f.runoff(Month(2025, 5), "total")


def _qt2_peak_runoff(f: Figures) -> tuple[Month, Decimal]:
    """QT2's month with the largest actual runoff (Treasuries + MBS); the earliest on a tie."""
    first, after = f.qt_round(2)[0].start, f.after_round(2)
    months = [first + i for i in range(after - first)]
    runoff = [(m, f.runoff(m, "total")) for m in months]
    top = max(v for _, v in runoff)
    return next((m, v) for m, v in runoff if v == top)


@_figure("amount")
def qt2_peak_runoff(f: Figures) -> Value:
    return _qt2_peak_runoff(f)[1]


@_figure("date")
def qt2_peak_runoff_month(f: Figures) -> Value:
    return _qt2_peak_runoff(f)[0]


@_figure("amount")
def actual_runoff_jul_2024(f: Figures) -> Value:
    return f.runoff(Month(2024, 7), "total")


# ---------------------------------------------------------------------- reserves and ON RRP


@_figure("level")
def reserves_low_2019(f: Figures) -> Value:
    return f.extreme("WRESBAL", dt.date(2019, 1, 1), dt.date(2019, 12, 31), min)[1]


@_figure("date")
def reserves_low_2019_date(f: Figures) -> Value:
    """The Wednesday ending the week of that low (WRESBAL is a week average)."""
    return f.extreme("WRESBAL", dt.date(2019, 1, 1), dt.date(2019, 12, 31), min)[0]


@_figure("level")
def reserves_low_2025(f: Figures) -> Value:
    return f.extreme("WRESBAL", dt.date(2025, 1, 1), dt.date(2025, 12, 31), min)[1]


@_figure("date")
def reserves_low_2025_date(f: Figures) -> Value:
    return f.extreme("WRESBAL", dt.date(2025, 1, 1), dt.date(2025, 12, 31), min)[0]


def _qt2_reserves_low(f: Figures) -> tuple[dt.date, Decimal]:
    """The lowest week of reserves while QT2 ran (its first month to its last)."""
    first = f.qt_round(2)[0].start.first_day()
    last = f.after_round(2).first_day() - dt.timedelta(days=1)
    return f.extreme("WRESBAL", first, last, min)


@_figure("level")
def reserves_low_qt2(f: Figures) -> Value:
    return _qt2_reserves_low(f)[1]


@_figure("date")
def reserves_low_qt2_date(f: Figures) -> Value:
    return _qt2_reserves_low(f)[0]


@_figure("amount")
def on_rrp_peak(f: Figures) -> Value:
    return max(v for _, v in f.on_rrp)


@_figure("date")
def on_rrp_peak_date(f: Figures) -> Value:
    top = max(v for _, v in f.on_rrp)
    return next(d for d, v in f.on_rrp if v == top)


@_figure("amount")
def on_rrp_end_2024(f: Figures) -> Value:
    return [v for d, v in f.on_rrp if d.year == 2024][-1]


# Autumn 2025, as ON RRP ran dry: month-end values (lifted by the usual month-end inflow)
# and the lowest day in between.
AUTUMN_2025 = (dt.date(2025, 9, 1), dt.date(2025, 10, 31))


def _on_rrp_month_end(f: Figures, year: int, month: int) -> Decimal:
    days = [v for d, v in f.on_rrp if (d.year, d.month) == (year, month)]
    if not days:
        raise DataError(f"RRPONTSYD has no observations in {year}-{month:02d}; qt explain quotes it")
    return days[-1]


def _on_rrp_autumn_2025_low(f: Figures) -> tuple[dt.date, Decimal]:
    first, last = AUTUMN_2025
    days = [(d, v) for d, v in f.on_rrp if first <= d <= last]
    if not days:
        raise DataError(f"RRPONTSYD has no observations from {first} to {last}")
    low = min(v for _, v in days)
    return next((d, v) for d, v in days if v == low)


@_figure("amount")
def on_rrp_sep_2025_end(f: Figures) -> Value:
    return _on_rrp_month_end(f, 2025, 9)


@_figure("amount")
def on_rrp_oct_2025_end(f: Figures) -> Value:
    return _on_rrp_month_end(f, 2025, 10)


@_figure("amount")
def on_rrp_autumn_2025_low(f: Figures) -> Value:
    return _on_rrp_autumn_2025_low(f)[1]


@_figure("date")
def on_rrp_autumn_2025_low_date(f: Figures) -> Value:
    return _on_rrp_autumn_2025_low(f)[0]


@_figure("amount")
def on_rrp_latest(f: Figures) -> Value:
    return f.on_rrp[-1][1]


@_figure("date")
def on_rrp_latest_date(f: Figures) -> Value:
    return f.on_rrp[-1][0]


NAMES = frozenset(REGISTRY)
