"""A terminal bar chart of a holdings path, in plain text (no rich needed)."""

from __future__ import annotations

from decimal import Decimal

from .. import i18n

MAX_ROWS = 40


def bars(points: list[tuple[str, Decimal]], lang: str, width: int = 50) -> list[str]:
    """One bar per point (sampled to at most MAX_ROWS), scaled between the min and max."""
    if not points:
        return []
    step = max(1, -(-len(points) // MAX_ROWS))
    shown = points[::step]
    if shown[-1] is not points[-1]:
        shown.append(points[-1])
    values = [v for _, v in shown]
    low, high = min(values), max(values)
    span = high - low
    base = low - span * Decimal("0.1") if span else low - abs(low) * Decimal("0.01") - 1
    top = high - base
    out = []
    for label, value in shown:
        length = int((value - base) / top * width) if top else width
        out.append(f"{label} {'█' * max(1, length)} {i18n.usd_billions(value, lang)}")
    return out


def pairs(points: list[tuple[str, Decimal, Decimal]], lang: str, width: int = 50) -> list[str]:
    """Actual (●) and predicted (○) on one scale per row; ◉ where they coincide."""
    if not points:
        return []
    values = [v for _, a, p in points for v in (a, p)]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    legend = "● actual  ○ model" if lang == "en" else "● 實際  ○ 模型"
    out = [f"{'':7} {i18n.usd_billions(low, lang)} … {i18n.usd_billions(high, lang)}   {legend}"]
    for label, actual, predicted in points:
        line = [" "] * (width + 1)
        a = int((actual - low) / span * width)
        p = int((predicted - low) / span * width)
        line[p] = "○"
        line[a] = "◉" if a == p else "●"
        out.append(f"{label} │{''.join(line)}")
    return out
