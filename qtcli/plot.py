"""`--plot FILE`: a Figure drawn by matplotlib (the optional `plot` extra) as PNG or SVG.

matplotlib is imported here only, and only when a chart is written: no other path pays for it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .errors import QtError, UsageError
from .reports.figure import (
    Figure,
    month_date,
    source_line,
    subtitle,
    tick_label,
    ticks,
    unit,
    value_axis,
    x_label,
)

FORMATS = {".png": "png", ".svg": "svg"}
INSTALL = (
    "--plot needs matplotlib: pip install 'qtcli[plot]' (from a clone: uv run --extra plot qt ...)"
)
SIZE = (9.6, 5.4)  # inches
DPI = 100  # a PNG of 960 x 540 pixels
CJK_FONTS = (
    "Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK JP", "Noto Sans CJK SC",
    "Source Han Sans TC", "PingFang TC", "Heiti TC", "Microsoft JhengHei", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "AR PL UMing TW", "Droid Sans Fallback",
)  # fmt: skip


def check(path: Path) -> str:
    """The file format for ``path`` (by suffix); checked, with the extra, before any work."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"--plot: '{path.name}' must end in .png or .svg")
    from importlib.util import find_spec

    if find_spec("matplotlib") is None:
        raise QtError(INSTALL)
    return kind


def write(make: Callable[[str], Figure], lang: str, path: Path) -> None:
    """Draw ``make(lang)`` into ``path`` atomically (a note on stderr if the text is English).

    zh-TW needs a font with Chinese glyphs; without one a PNG would show empty boxes, so it
    is drawn in English instead (an SVG keeps its text as text, for the viewer's fonts).
    """
    kind = check(path)
    try:
        import matplotlib
    except ImportError:
        raise QtError(INSTALL) from None
    matplotlib.use("Agg")  # files only, never a display
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    from matplotlib.ticker import FixedLocator, FuncFormatter

    note = None
    rc: Any = {"svg.fonttype": "none", "svg.hashsalt": "qt", "font.size": 10}
    if lang == "zh-TW":
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = [name for name in CJK_FONTS if name in installed]
        if found:
            rc["font.family"] = "sans-serif"
            rc["font.sans-serif"] = [found[0], "DejaVu Sans"]
        elif kind == "png":
            lang, note = "en", "no CJK font installed: the chart's text is in English"
    fig = make(lang)
    u = unit(fig)
    ax_range = value_axis(fig)
    import warnings

    with plt.rc_context(rc), warnings.catch_warnings():
        # An SVG keeps its text as text; missing glyphs only matter to the layout estimate.
        warnings.simplefilter("ignore", UserWarning)
        figure, ax = plt.subplots(figsize=SIZE, dpi=DPI)
        try:
            for s in fig.series:
                xs: Any = [month_date(m) for m, _ in s.points]
                ys = [float(v * u.per_billion) for _, v in s.points]
                ax.plot(xs, ys, label=s.name, linewidth=2, linestyle="--" if s.dashed else "-")
            ax.set_ylim(float(ax_range.low * u.per_billion), float(ax_range.high * u.per_billion))
            tick_values = ticks(ax_range.low * u.per_billion, ax_range.high * u.per_billion)
            ax.yaxis.set_major_locator(FixedLocator([float(t) for t in tick_values]))
            labels = {float(t): tick_label(t, u) for t in tick_values}
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: labels.get(v, "")))
            ax.set_ylabel(u.label)
            ax.set_xlabel(x_label(fig))
            ax.grid(True, axis="y", color="#dddddd")
            figure.suptitle(fig.title, fontweight="bold", x=0.02, ha="left")
            ax.set_title(subtitle(fig), loc="left", fontsize=9, color="#444444")
            if fig.series:
                ax.legend(loc="best")
            figure.text(0.99, 0.01, source_line(fig.lang), ha="right", fontsize=8, color="#666666")
            figure.tight_layout(rect=(0, 0.03, 1, 1))
            buffer = io.BytesIO()
            meta = {"Software": None} if kind == "png" else {"Date": None, "Creator": None}
            figure.savefig(buffer, format=kind, dpi=DPI, metadata=meta)
        finally:
            plt.close(figure)
    write_atomic(path, buffer.getvalue())
    if note:
        sys.stderr.write(f"qt: note: {note}\n")
