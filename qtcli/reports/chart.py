"""Honest charts of holdings paths: the axis rule, and the terminal drawing (plain text).

The rule, shared by the terminal and the file charts (svg.py, plot.py): bars and axes start at
zero, unless the change is small against the level (the range is under ZOOM_BELOW of the top
value); then the chart is a line on a zoomed axis, and it says so and prints the axis range.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from .. import i18n

MAX_ROWS = 40
ZOOM_BELOW = Decimal("0.2")  # range under 20% of the top value: zoom in, and say so
MARKS = "●○◆▲■▼"  # one per path, in legend order
OVERLAP = "◉"


class Axis(NamedTuple):
    """The value axis: from ``low`` to ``high``; ``from_zero`` when low is 0 by the rule."""

    low: Decimal
    high: Decimal
    from_zero: bool


def axis(values: Sequence[Decimal]) -> Axis:
    """The axis for these values by the rule above; a zoomed axis runs from min to max."""
    low, high = min(values), max(values)
    span = high - low
    if low <= 0 or high <= 0 or span >= ZOOM_BELOW * high:
        top = high if high > 0 else Decimal(1)
        return Axis(min(low, Decimal(0)), top, True)
    return Axis(low, high, False)


def axis_note(ax: Axis, lang: str) -> str:
    """The line that prints the axis range, and says when it does not start at zero."""
    low, high = i18n.usd_billions(ax.low, lang), i18n.usd_billions(ax.high, lang)
    key = "chart.axis_zero" if ax.from_zero else "chart.axis_zoom"
    return i18n.msg(key, lang, low=low, high=high)


def _sample(n: int) -> list[int]:
    """Indexes of at most MAX_ROWS rows, always keeping the first and the last."""
    step = max(1, -(-n // MAX_ROWS))
    shown = list(range(0, n, step))
    if shown[-1] != n - 1:
        shown.append(n - 1)
    return shown


def _position(value: Decimal, ax: Axis, width: int) -> int:
    span = ax.high - ax.low
    return max(0, min(width, int((value - ax.low) / span * width))) if span else width


def bars(points: list[tuple[str, Decimal]], lang: str, width: int = 50) -> list[str]:
    """One path: bars from zero, or a zoomed line (a dot per row) with its axis printed."""
    if not points:
        return []
    ax = axis([v for _, v in points])
    rows = [points[i] for i in _sample(len(points))]
    out = [axis_note(ax, lang)]
    for label, value in rows:
        at = _position(value, ax, width)
        if ax.from_zero:
            drawn = "█" * at if at else "▏"
        else:
            drawn = " " * at + "●"
        out.append(f"{label} │{drawn.ljust(width + 1)} {i18n.usd_billions(value, lang)}")
    return out


def paths(
    series: list[tuple[str, list[tuple[str, Decimal]]]], lang: str, width: int = 50
) -> list[str]:
    """Several paths on one axis: a row per label, a mark per path, and a legend.

    ``series`` is [(name, [(label, value), ...]), ...]; labels missing from a path leave its
    mark out of that row. Marks that fall on the same cell show as OVERLAP.
    """
    labels: list[str] = []
    for _, points in series:
        for label, _value in points:
            if label not in labels:
                labels.append(label)
    labels.sort()
    values = [v for _, points in series for _, v in points]
    if not values:
        return []
    ax = axis(values)
    legend = "  ".join(f"{MARKS[i % len(MARKS)]} {name}" for i, (name, _) in enumerate(series))
    out = [axis_note(ax, lang), legend]
    by_label = [dict(points) for _, points in series]
    pad = max(len(label) for label in labels)
    for index in _sample(len(labels)):
        label = labels[index]
        line = [" "] * (width + 1)
        for i, values_at in enumerate(by_label):
            if label in values_at:
                at = _position(values_at[label], ax, width)
                line[at] = OVERLAP if line[at] != " " else MARKS[i % len(MARKS)]
        out.append(f"{label.ljust(pad)} │{''.join(line)}")
    return out
