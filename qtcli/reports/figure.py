"""A chart to share, described once: drawn as inline SVG (svg.py) or by matplotlib (plot.py).

Every file chart carries a title, the value axis in USD billions (億 or 兆 in zh-TW), a legend,
the data date and a source line; its axis follows the honest rule of chart.axis().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from .. import __version__, i18n
from ..model import Month
from .chart import Axis, axis

THOUSAND = Decimal(1000)


class Series(NamedTuple):
    name: str
    points: tuple[tuple[Month, Decimal], ...]  # (month, USD billions at its end)
    dashed: bool = False


class Figure(NamedTuple):
    title: str
    series: tuple[Series, ...]
    lang: str
    data_date: dt.date | None  # the last H.4.1 observation the chart rests on


class Unit(NamedTuple):
    label: str  # the value axis title
    per_billion: Decimal  # axis units per USD billion
    places: int  # decimals on the tick labels


def figure(
    title: str, series: Sequence[Series], lang: str, data_date: dt.date | None = None
) -> Figure:
    return Figure(title, tuple(s for s in series if s.points), lang, data_date)


def values(fig: Figure) -> list[Decimal]:
    return [v for s in fig.series for _, v in s.points]


def months(fig: Figure) -> list[Month]:
    return sorted({m for s in fig.series for m, _ in s.points})


def value_axis(fig: Figure) -> Axis:
    """chart.axis(), with a zoomed axis padded by 5% of its range each side for the eye."""
    ax = axis(values(fig))
    if ax.from_zero:
        return Axis(ax.low, ax.high * Decimal("1.05"), True)
    pad = (ax.high - ax.low) / 20 or ax.high / 200
    return Axis(ax.low - pad, ax.high + pad, False)


def unit(fig: Figure) -> Unit:
    """USD billions in English; 兆美元 (or 億美元 below $1T) in zh-TW."""
    top = max(abs(v) for v in values(fig)) if fig.series else Decimal(0)
    if fig.lang == "zh-TW":
        if top >= THOUSAND:
            return Unit(i18n.msg("plot.unit_zhao", fig.lang), Decimal("0.001"), 2)
        return Unit(i18n.msg("plot.unit_yi", fig.lang), Decimal(10), 0)
    return Unit(i18n.msg("plot.unit", fig.lang), Decimal(1), 0)


def ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Round values for about ``count`` axis ticks between low and high (in axis units)."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    power = Decimal(10) ** raw.adjusted()
    step = next(f * power for f in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
                if f * power >= raw)  # fmt: skip
    first = (low / step).to_integral_value(rounding="ROUND_CEILING") * step
    out = []
    value = first
    while value <= high:
        out.append(value)
        value += step
    return out


def tick_label(value: Decimal, u: Unit) -> str:
    shown = i18n.rounded(value, u.places)
    if u.places:
        text = f"{shown:,f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-") else "0"
    return f"{shown:,}"


def x_label(fig: Figure) -> str:
    return i18n.msg("plot.month", fig.lang)


def subtitle(fig: Figure) -> str:
    """The data date, and a warning when the value axis does not start at zero."""
    parts = []
    if fig.data_date is not None:
        parts.append(i18n.msg("plot.data_date", fig.lang, date=i18n.day(fig.data_date, fig.lang)))
    if fig.series and not value_axis(fig).from_zero:
        parts.append(i18n.msg("plot.zoomed", fig.lang))
    return i18n.msg("plot.join", fig.lang).join(parts)


def source_line(lang: str) -> str:
    return i18n.msg("plot.source", lang, version=__version__)


def month_date(month: Month) -> dt.date:
    return dt.date(month.year, month.month, 1)
