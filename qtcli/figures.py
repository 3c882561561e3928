"""The figures `qt explain` quotes: a table of named figures, computed from policies.yaml and H.4.1.

A text in ``qtcli/explain/*.yaml`` writes ``{peak_assets}`` instead of "$8.965T", so its
numbers come from the same files the simulator uses and cannot drift from them. Each figure
is one row of :data:`TABLE` (name, display style, operation, what it reads, when), computed
only when a topic asks for it, and shown per language by :mod:`qtcli.i18n` ("$8.965T" /
"8.965兆美元", "April 13, 2022" / "2022年4月13日").

Conventions shared with :mod:`qtcli.actuals`: a month's holdings are those of its first
Wednesday, and a month's runoff is the decline from that first Wednesday to the next month's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from . import actuals, i18n
from .errors import DataError
from .model import Event, Month, PolicyFile, Regime

Value = Decimal | dt.date | Month
Observation = tuple[dt.date, Decimal]

# How a figure is shown. "amount": to $0.1B, or $10B from $1T up ($17.5B, $40.9B, $4.16T);
# "level": a balance quoted to the $1B from $1T up ($8.965T, $905.3B); "approx": rounded
# to $10B first, for "about" figures ($700B); "date": a day or a month; "pct": a percentage
# to two places (9.33%). A series operation that finds one observation (on, last, max, min)
# gives its date in style "date", else its value.
STYLES = ("amount", "level", "approx", "date", "pct")


class Figure(NamedTuple):
    """One named figure: ``op`` (see :data:`OPS`) applied to ``of`` at ``at``, shown in ``style``.

    ``of`` is a series (WALCL), a part of the holdings (treasuries, mbs, total), a cap
    (treasury, mbs, total) or a regime field (start, end, announced). ``at`` is a day, a
    month, a range ``(first, last)``, a QT round ``(number, first|max|year)`` or a regime id.
    A range end is a day, a month (its first or last day), None (open), another figure's
    name (its day or month), or :class:`Before` such a name.
    """

    name: str
    style: str
    op: str
    of: str = ""
    at: Any = None


class Before(NamedTuple):
    """A range end: the day before the day (or first day of the month) figure ``name`` gives."""

    name: str


def year(y: int) -> tuple[dt.date, dt.date]:
    return (dt.date(y, 1, 1), dt.date(y, 12, 31))


ALL = (None, None)
RMP_AFTER_QT2 = "<the first rmp regime after QT2>"  # not a valid regime id
# Days the texts name. September 3, 2008 is the H.4.1 week the pre-crisis size is usually
# quoted from ("$905 billion in early September 2008"); Lehman Brothers failed on the 15th.
PRE_CRISIS = dt.date(2008, 9, 3)
QT2_SPAN = ("peak_date", "qt2_trough_date")  # from the peak of total assets to its QT2 low
QT2_MONTHS = ("qt2_start", Before("qt2_end"))  # QT2's first month to its last
# Autumn 2025, as ON RRP ran dry: month-end values (lifted by the usual month-end inflow)
# and the lowest day in between.
AUTUMN_2025 = (dt.date(2025, 9, 1), dt.date(2025, 10, 31))

TABLE: tuple[Figure, ...] = (
    # ------------------------------------------------------------ caps and paces (policies.yaml)
    Figure("qt1_first_treasury_cap", "amount", "cap", "treasury", (1, "first")),
    Figure("qt1_first_mbs_cap", "amount", "cap", "mbs", (1, "first")),
    Figure("qt1_first_total_cap", "amount", "cap", "total", (1, "first")),
    Figure("qt1_max_treasury_cap", "amount", "cap", "treasury", (1, "max")),
    Figure("qt1_max_mbs_cap", "amount", "cap", "mbs", (1, "max")),
    Figure("qt1_max_total_cap", "amount", "cap", "total", (1, "max")),
    Figure("qt1_2019_treasury_cap", "amount", "cap", "treasury", (1, 2019)),
    Figure("qt1_2019_total_cap", "amount", "cap", "total", (1, 2019)),
    Figure("qt2_first_treasury_cap", "amount", "cap", "treasury", (2, "first")),
    Figure("qt2_first_mbs_cap", "amount", "cap", "mbs", (2, "first")),
    Figure("qt2_first_total_cap", "amount", "cap", "total", (2, "first")),
    Figure("qt2_max_treasury_cap", "amount", "cap", "treasury", (2, "max")),
    Figure("qt2_max_mbs_cap", "amount", "cap", "mbs", (2, "max")),
    Figure("qt2_max_total_cap", "amount", "cap", "total", (2, "max")),
    Figure("qt2_2024_treasury_cap", "amount", "cap", "treasury", (2, 2024)),
    Figure("qt2_2024_total_cap", "amount", "cap", "total", (2, 2024)),
    Figure("qt2_2025_treasury_cap", "amount", "cap", "treasury", (2, 2025)),
    Figure("qt2_2025_mbs_cap", "amount", "cap", "mbs", (2, 2025)),
    Figure("qt2_2025_total_cap", "amount", "cap", "total", (2, 2025)),
    Figure("rmp_first_pace", "amount", "purchases", "treasuries", RMP_AFTER_QT2),
    Figure("rmp_2019_pace", "amount", "purchases", "treasuries", "bills-2019"),
    Figure("qe2_pace", "amount", "purchases", "treasuries", "qe2"),
    Figure("qe3_mbs_pace", "amount", "purchases", "mbs", "mep-qe3-mbs"),
    Figure("qe3_pace", "amount", "purchases", "total", "qe3"),
    Figure("covid_qe_pace", "amount", "purchases", "total", "covid-qe-pace"),
    # ---------------------------------------------------- dates (policies.yaml, events.yaml)
    Figure("qt1_start", "date", "regime", "start", (1, "first")),
    Figure("qt1_max_start", "date", "regime", "start", (1, "max")),  # the highest total cap
    Figure("qt1_max_end", "date", "regime", "end", (1, "max")),
    Figure("qt1_2019_effective", "date", "regime", "start", (1, 2019)),
    Figure("qt1_end", "date", "after", at=1),  # the first month without runoff after QT1
    Figure("qt2_start", "date", "regime", "start", (2, "first")),
    Figure("qt2_announced", "date", "regime", "announced", (2, "first")),  # the plan for QT2
    Figure("qt2_max_start", "date", "regime", "start", (2, "max")),
    Figure("qt2_max_end", "date", "regime", "end", (2, "max")),
    Figure("qt2_2024_effective", "date", "regime", "start", (2, 2024)),
    Figure("qt2_2025_announced", "date", "regime", "announced", (2, 2025)),
    Figure("qt2_2025_effective", "date", "regime", "start", (2, 2025)),
    Figure("qt2_end", "date", "after", at=2),
    Figure("rmp_start", "date", "rmp_start"),  # the day bill purchases began after QT2
    # ----------------------------------------------------------------- total assets (WALCL)
    Figure("pre_crisis_assets", "level", "on", "WALCL", PRE_CRISIS),
    Figure("pre_crisis_date", "date", "on", "WALCL", PRE_CRISIS),
    Figure("peak_2015_assets", "level", "max", "WALCL", (dt.date(2014, 1, 1), year(2016)[1])),
    Figure("peak_2015_date", "date", "max", "WALCL", (dt.date(2014, 1, 1), year(2016)[1])),
    Figure("feb_2020_assets", "amount", "last", "WALCL", (Month(2020, 2), Month(2020, 2))),
    Figure("mid_march_2020_assets", "amount", "on", "WALCL", dt.date(2020, 3, 18)),
    Figure("june_2020_assets", "amount", "on", "WALCL", dt.date(2020, 6, 10)),
    Figure("dec_2020_assets", "amount", "on", "WALCL", dt.date(2020, 12, 23)),
    Figure("mid_march_2022_assets", "level", "on", "WALCL", dt.date(2022, 3, 16)),
    Figure("peak_assets", "level", "max", "WALCL", ALL),
    Figure("peak_date", "date", "max", "WALCL", ALL),
    Figure("svb_before_assets", "level", "on", "WALCL", dt.date(2023, 3, 8)),
    Figure("svb_after_assets", "level", "on", "WALCL", dt.date(2023, 3, 22)),
    Figure("qt2_trough_assets", "level", "min", "WALCL", ("peak_date", "qt2_end")),
    Figure("qt2_trough_date", "date", "min", "WALCL", ("peak_date", "qt2_end")),
    Figure("latest_assets", "level", "last", "WALCL", ALL),
    Figure("latest_date", "date", "last", "WALCL", ALL),
    # from the first week of QT1 to the last week of the first month without runoff
    Figure("qt1_decline", "approx", "decline", "WALCL", ("qt1_start", "qt1_end")),
    Figure("qt2_decline", "approx", "decline", "WALCL", QT2_SPAN),
    # ------------------------------------------------------------------- holdings and runoff
    Figure("tsy_qt2_high", "level", "max", "TREAST", QT2_SPAN),
    Figure("tsy_qt2_low", "level", "min", "TREAST", QT2_SPAN),
    Figure("mbs_qt2_high", "level", "max", "WSHOMCB", QT2_SPAN),
    Figure("mbs_qt2_low", "level", "min", "WSHOMCB", QT2_SPAN),
    # the average monthly MBS decline from January 2023 to QT2's last month
    Figure("mbs_runoff_avg_2023_2025", "amount", "runoff_avg", "mbs", (Month(2023, 1), "qt2_end")),
    Figure("tsy_runoff_dec_2018", "amount", "runoff", "treasuries", Month(2018, 12)),
    Figure("tsy_runoff_jan_2025", "amount", "runoff", "treasuries", Month(2025, 1)),
    Figure("mbs_runoff_jan_2025", "amount", "runoff", "mbs", Month(2025, 1)),
    Figure("actual_runoff_jan_2025", "amount", "runoff", "total", Month(2025, 1)),
    Figure("tsy_runoff_may_2025", "amount", "runoff", "treasuries", Month(2025, 5)),
    Figure("mbs_runoff_may_2025", "amount", "runoff", "mbs", Month(2025, 5)),
    Figure("actual_runoff_may_2025", "amount", "runoff", "total", Month(2025, 5)),
    Figure("actual_runoff_jul_2024", "amount", "runoff", "total", Month(2024, 7)),
    # QT2's month with the largest actual runoff; the earliest on a tie
    Figure("qt2_peak_runoff", "amount", "max_runoff", "total", QT2_MONTHS),
    Figure("qt2_peak_runoff_month", "date", "max_runoff", "total", QT2_MONTHS),
    # ------------------------------------ reserves (WRESBAL, a week average) and ON RRP (daily)
    Figure("reserves_low_2019", "level", "min", "WRESBAL", year(2019)),
    Figure("reserves_low_2019_date", "date", "min", "WRESBAL", year(2019)),
    Figure("reserves_low_2025", "level", "min", "WRESBAL", year(2025)),
    Figure("reserves_low_2025_date", "date", "min", "WRESBAL", year(2025)),
    Figure("reserves_low_qt2", "level", "min", "WRESBAL", QT2_MONTHS),
    Figure("reserves_low_qt2_date", "date", "min", "WRESBAL", QT2_MONTHS),
    Figure("on_rrp_peak", "amount", "max", "RRPONTSYD", ALL),
    Figure("on_rrp_peak_date", "date", "max", "RRPONTSYD", ALL),
    Figure("on_rrp_end_2024", "amount", "last", "RRPONTSYD", year(2024)),
    Figure("on_rrp_sep_2025_end", "amount", "last", "RRPONTSYD", (Month(2025, 9),) * 2),
    Figure("on_rrp_oct_2025_end", "amount", "last", "RRPONTSYD", (Month(2025, 10),) * 2),
    Figure("on_rrp_autumn_2025_low", "amount", "min", "RRPONTSYD", AUTUMN_2025),
    Figure("on_rrp_autumn_2025_low_date", "date", "min", "RRPONTSYD", AUTUMN_2025),
    Figure("on_rrp_latest", "amount", "last", "RRPONTSYD", ALL),
    Figure("on_rrp_latest_date", "date", "last", "RRPONTSYD", ALL),
    # ------------- both sides at one H.4.1 week (qtcli.balance: ON RRP on that Wednesday, the
    # GDP of its quarter): the last week on or before the day ``at`` names
    Figure("qt2_first_week", "date", "sheet", "date", "qt2_start"),
    Figure("reserves_qt2_start", "level", "sheet", "reserves", "qt2_start"),
    Figure("on_rrp_qt2_start", "level", "sheet", "onrrp", "qt2_start"),
    Figure("assets_qt2_start", "level", "sheet", "total_assets", "qt2_start"),
    Figure("qt2_last_week", "date", "sheet", "date", Before("qt2_end")),
    Figure("reserves_qt2_end", "level", "sheet", "reserves", Before("qt2_end")),
    Figure("on_rrp_qt2_end", "amount", "sheet", "onrrp", Before("qt2_end")),
    Figure("assets_qt2_end", "level", "sheet", "total_assets", Before("qt2_end")),
    Figure("reserves_pct_gdp_qt2_start", "pct", "sheet", "reserves_pct_gdp", "qt2_start"),
    # the week of the 2019 repo spike, and the week the FOMC judged reserves ample (Dec 2025)
    Figure("reserves_pct_gdp_2019", "pct", "sheet", "reserves_pct_gdp", "reserves_low_2019_date"),
    Figure("reserves_pct_gdp_2025", "pct", "sheet", "reserves_pct_gdp", "rmp_start"),
)

REGISTRY: dict[str, Figure] = {f.name: f for f in TABLE}
NAMES = frozenset(REGISTRY)


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
    if style == "pct":
        return f"{i18n.rounded(value, 2):.2f}%"
    return i18n.usd_billions(value, lang)


# ---------------------------------------------------------------------- the operations


def _observation(f: Figures, fig: Figure) -> Value:
    """on, last, max, min: one observation of a series; its date or its value, by style."""
    if fig.op == "on":
        found = f.on(fig.of, fig.at)
    else:
        rows = f.between(fig.of, fig.at)
        found = rows[-1] if fig.op == "last" else f.extreme(rows, max if fig.op == "max" else min)
    return found[0] if fig.style == "date" else found[1]


def _decline(f: Figures, fig: Figure) -> Value:
    """From the first observation in the range to the last."""
    rows = f.between(fig.of, fig.at)
    return rows[0][1] - rows[-1][1]


def _runoff(f: Figures, fig: Figure) -> Value:
    """How much of ``of`` (treasuries, mbs or total) ran off in the month ``at``."""
    start, end = actuals.holdings(fig.at), actuals.holdings(fig.at + 1)
    return getattr(start, fig.of) - getattr(end, fig.of)


def _runoff_avg(f: Figures, fig: Figure) -> Value:
    """The average monthly decline of ``of`` from the first month of ``at`` to its last."""
    first, after = (f.month(end) for end in fig.at)
    drop = getattr(actuals.holdings(first), fig.of) - getattr(actuals.holdings(after), fig.of)
    return i18n.rounded(drop / (after - first), 3)


def _max_runoff(f: Figures, fig: Figure) -> Value:
    """The month of the range with the largest runoff of ``of``; its month or its amount."""
    first, last = (Month.of(f.day(end, last=False)) for end in fig.at)
    runoff = [
        (m, _runoff(f, fig._replace(at=m))) for m in (first + i for i in range(last - first + 1))
    ]
    best = f.extreme(runoff, max)  # type: ignore[arg-type]
    return best[0] if fig.style == "date" else best[1]


def _cap(f: Figures, fig: Figure) -> Value:
    number, which = fig.at
    cap = CAPS[fig.of]
    if which == "max":  # the highest cap of that kind, whichever regime had it
        return max(cap(r) for r in f.qt_round(number))
    return cap(f.qt_regime(number, which))


def _purchases(f: Figures, fig: Figure) -> Value:
    r = f.rmp_after_qt2 if fig.at == RMP_AFTER_QT2 else f.regime(fig.at)
    if fig.of == "total":
        return r.treasuries.purchases + r.mbs.purchases
    return r.treasuries.purchases if fig.of == "treasuries" else r.mbs.purchases


def _regime_date(f: Figures, fig: Figure) -> Value:
    value = getattr(f.qt_regime(*fig.at), fig.of)
    assert value is not None  # qt_round refuses an open-ended round
    return value  # type: ignore[no-any-return]


def _sheet(f: Figures, fig: Figure) -> Value:
    """A line of the balance sheet (see :class:`qtcli.balance.Sheet`) at the week ``at`` names."""
    from . import balance

    sheet = balance.sheet(balance.on_or_before(f.day(fig.at, last=False)))
    value = getattr(sheet, fig.of)
    assert isinstance(value, (Decimal, dt.date)), fig.name
    return value


OPS: dict[str, Callable[[Figures, Figure], Value]] = {
    "on": _observation,
    "last": _observation,
    "max": _observation,
    "min": _observation,
    "decline": _decline,
    "runoff": _runoff,
    "runoff_avg": _runoff_avg,
    "max_runoff": _max_runoff,
    "cap": _cap,
    "purchases": _purchases,
    "regime": _regime_date,
    "after": lambda f, fig: f.after_round(fig.at),
    "rmp_start": lambda f, fig: f.rmp_start_day or f.rmp_after_qt2.start,
    "sheet": _sheet,
}


def mbs_cap(regime: Regime) -> Decimal:
    if regime.mbs.cap is None:
        raise DataError(f"regime '{regime.id}' (line {regime.line}): a QT regime needs an MBS cap")
    return regime.mbs.cap


def total_cap(regime: Regime) -> Decimal:
    return regime.treasuries.cap + mbs_cap(regime)


CAPS: dict[str, Callable[[Regime], Decimal]] = {
    "treasury": lambda r: r.treasuries.cap,
    "mbs": mbs_cap,
    "total": total_cap,
}


def _shipped_events() -> tuple[Event, ...]:
    from . import events

    return events.load()  # the shipped events.yaml, or the one QT_EVENTS names


# ---------------------------------------------------------------------- the inputs


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
            figure = REGISTRY[name]
            self._values[name] = OPS[figure.op](self, figure)
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

    def qt_regime(self, number: int, which: str | int) -> Regime:
        """One regime of QT round ``number``: the first, the one with the highest combined
        cap (the earliest, on a tie), or the one that starts in the year ``which``."""
        if which == "first":
            return self.qt_round(number)[0]
        if which == "max":
            return max(self.qt_round(number), key=total_cap)  # max() keeps the first of equals
        hits = [r for r in self.qt_round(number) if r.start.year == which]
        if len(hits) != 1:
            raise DataError(
                f"qt explain needs exactly one QT{number} regime starting in {which}; "
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

    @cached_property
    def rmp_after_qt2(self) -> Regime:
        end = self.after_round(2)
        later = [r for r in self.policy.regimes
                 if r.bank == "fed" and r.kind == "rmp" and r.start >= end]  # fmt: skip
        if not later:
            raise DataError(f"no 'rmp' regime starts in or after {end}", path=self.policy.path)
        return min(later, key=lambda r: r.start)

    # ------------------------------------------------------------------ H.4.1 data

    def rows(self, series: str) -> tuple[Observation, ...]:
        """A series in USD billions, missing values dropped (ON RRP: daily, already billions)."""
        rows = self.on_rrp if series == "RRPONTSYD" else actuals.weekly(series)
        if not rows:
            raise DataError(f"{series}: no observations")
        return rows

    def on(self, series: str, day: dt.date) -> Observation:
        """The observation of a series dated exactly ``day``."""
        for date, value in self.rows(series):
            if date == day:
                return date, value
        raise DataError(f"{series} has no observation dated {day}; qt explain quotes it")

    def between(self, series: str, span: tuple[Any, Any]) -> list[Observation]:
        """The observations of ``series`` in a range (see :class:`Figure`), oldest first."""
        rows = self.rows(series)
        first = rows[0][0] if span[0] is None else self.day(span[0], last=False)
        last = rows[-1][0] if span[1] is None else self.day(span[1], last=True)
        found = [(d, v) for d, v in rows if first <= d <= last]
        if not found:
            raise DataError(f"{series} has no observations from {first} to {last}")
        return found

    @staticmethod
    def extreme(rows: list[Observation], pick: Callable[..., Decimal]) -> Observation:
        """The highest (or lowest) observation; the earliest on a tie."""
        best = pick(v for _, v in rows)
        return next((d, v) for d, v in rows if v == best)

    def day(self, end: dt.date | Month | str | Before, last: bool) -> dt.date:
        """A range end as a day: a month is its first or ``last`` day; a name, that figure."""
        if isinstance(end, Before):
            return self.day(end.name, last=False) - dt.timedelta(days=1)
        value = self.value(end) if isinstance(end, str) else end
        if isinstance(value, Month):
            return (value + 1).first_day() - dt.timedelta(days=1) if last else value.first_day()
        assert isinstance(value, dt.date), end
        return value

    def month(self, end: Month | str) -> Month:
        value = self.value(end) if isinstance(end, str) else end
        assert isinstance(value, Month), end
        return value

    @cached_property
    def on_rrp(self) -> tuple[Observation, ...]:
        from .series import load_series

        return tuple((d, v) for d, v in load_series("RRPONTSYD") if v is not None)

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
