"""A Figure as a self-contained SVG, written by hand so HTML pages need no plotting library.

No external references: system fonts only, every text escaped.
"""

from __future__ import annotations

from decimal import Decimal

from ..sanitize import html_escape as escape
from .figure import (
    Figure,
    month_date,
    months,
    subtitle,
    tick_label,
    ticks,
    unit,
    value_axis,
    x_label,
)
from .figure import source_line as source_text

WIDTH, HEIGHT = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 78, 20, 64, 112
COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#7d3c98", "#d35400", "#5d6d7e")
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif"


def _n(value: float) -> str:
    return f"{value:.1f}"


def _text(x: float, y: float, body: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(body)}</text>'


def _width(text: str) -> int:
    """About how wide ``text`` is at 12px: CJK characters are twice as wide as Latin ones."""
    return sum(12 if ord(ch) >= 0x2E80 else 7 for ch in text)


def render(fig: Figure) -> str:
    """The SVG document (an <svg> element, no XML declaration: it also goes inline in HTML)."""
    u = unit(fig)
    ax = value_axis(fig)
    low, high = ax.low * u.per_billion, ax.high * u.per_billion
    span = (high - low) or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    all_months = months(fig)
    first = month_date(all_months[0]).toordinal() if all_months else 0
    last = month_date(all_months[-1]).toordinal() if all_months else 1
    days = (last - first) or 1

    def x_of(month: object) -> float:
        return LEFT + (month_date(month).toordinal() - first) / days * plot_w  # type: ignore[arg-type]

    def y_of(value: Decimal) -> float:
        return TOP + plot_h - float((value * u.per_billion - low) / span) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{escape(FONT)}" font-size="12">',
        f"<title>{escape(fig.title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(LEFT, 26, fig.title, font_size="16", font_weight="bold"),
        _text(LEFT, 46, subtitle(fig), fill="#444444"),
    ]
    for tick in ticks(low, high):
        y = TOP + plot_h - float((tick - low) / span) * plot_h
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{_n(y)}" y2="{_n(y)}" '
                   'stroke="#dddddd"/>')  # fmt: skip
        out.append(_text(LEFT - 6, y + 4, tick_label(tick, u), text_anchor="end"))
    step = max(1, len(all_months) // 6)
    for month in all_months[::step]:
        x = x_of(month)
        out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{TOP + plot_h}" '
                   f'y2="{TOP + plot_h + 5}" stroke="#333333"/>')  # fmt: skip
        out.append(_text(x, TOP + plot_h + 18, str(month), text_anchor="middle"))
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
               'stroke="#333333"/>')  # fmt: skip
    for i, s in enumerate(fig.series):
        colour = COLOURS[i % len(COLOURS)]
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        coords = " ".join(f"{_n(x_of(m))},{_n(y_of(v))}" for m, v in s.points)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} '
                   f'points="{coords}"/>')  # fmt: skip
    out.append(_text(LEFT + plot_w / 2, TOP + plot_h + 38, x_label(fig), text_anchor="middle"))
    mid = TOP + plot_h / 2
    out.append(_text(18, mid, u.label, text_anchor="middle", transform=f"rotate(-90 18 {_n(mid)})"))
    x, y = LEFT, TOP + plot_h + 60
    for i, s in enumerate(fig.series):
        colour = COLOURS[i % len(COLOURS)]
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        out.append(f'<line x1="{x}" x2="{x + 22}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')  # fmt: skip
        out.append(_text(x + 28, y, s.name))
        x += 40 + _width(s.name)
        if x > WIDTH - 160:
            x, y = LEFT, y + 18
    out.append(_text(WIDTH - RIGHT, HEIGHT - 10, source_text(fig.lang), text_anchor="end",
                     fill="#666666", font_size="11"))  # fmt: skip
    out.append("</svg>")
    return "\n".join(out) + "\n"
