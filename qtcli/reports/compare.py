"""`qt compare`: one row per scenario, monthly totals side by side, one chart of every path.

Each scenario's months are exactly what `qt simulate` gives for the same options.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .. import i18n
from ..compare import Compared
from ..model import Month
from ..output import Rendering
from . import simulate as sim_report
from .figure import Figure

LABEL_WIDTH = 16  # longer labels: the terminal table numbers its rows, as the header does
END_KEYS = ("treasuries", "mbs", "total", "reserves")  # reserves: once simulate projects them


def _scenario(c: Compared) -> dict[str, Any]:
    full = sim_report.json_obj(c.result)
    months = full["months"]
    last = months[-1] if months else {}
    summary = {"start": full["start"], "end": {k: last[k] for k in END_KEYS if k in last}}
    summary.update(full["summary"])
    return {"label": c.spec.label, "options": c.spec.options, "summary": summary, "months": months}


def json_obj(compared: Sequence[Compared], start: str | None) -> dict[str, Any]:
    return {
        "start": start,
        "data_as_of": data_as_of(compared),
        "units": "USD billions",
        "scenarios": [_scenario(c) for c in compared],
    }


def csv_table(compared: Sequence[Compared]) -> tuple[tuple[str, ...], list[list[Any]]]:
    header: tuple[str, ...] = ()
    rows: list[list[Any]] = []
    for c in compared:
        keys, body = sim_report.csv_table(c.result)
        header = ("scenario", *keys)
        rows += [[c.spec.label, *row] for row in body]
    return header, rows


def _b(value: Decimal) -> str:
    return sim_report._b(value)


def _end(c: Compared, key: str) -> Decimal:
    if key == "reserves":
        return c.result.liabilities[-1].reserves
    value: Decimal = getattr(c.result.rows[-1], key)
    return value


def _target(month: Month | None, target: Decimal | None, lang: str) -> str:
    if target is None:
        return "—"
    return str(month) if month is not None else i18n.msg("cmp.not_reached", lang)


def summary_table(
    compared: Sequence[Compared], lang: str, exact: bool
) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows of the one-row-per-scenario table (exact Decimals for HTML)."""
    m = i18n.msg
    show = (lambda v: v) if exact else _b
    keys = ["treasuries", "mbs", "total", "reserves"]
    columns = [m("cmp.col.scenario", lang)] + [m(f"cmp.col.{k}", lang) for k in keys]
    columns += [m("cmp.col.change", lang)]
    totals = any(c.result.scenario.until_total is not None for c in compared)
    reserves = any(c.result.scenario.until_reserves is not None for c in compared)
    columns += [m("cmp.col.reached", lang)] if totals else []
    columns += [m("cmp.col.reserves_reached", lang)] if reserves else []
    rows = []
    for c in compared:
        res, s = c.result, c.result.scenario
        change = res.rows[-1].total - s.start.holdings.total
        row = [c.spec.label] + [show(_end(c, k)) for k in keys] + [show(change)]
        row += [_target(res.reached, s.until_total, lang)] if totals else []
        row += [_target(res.reserves_reached, s.until_reserves, lang)] if reserves else []
        rows.append(row)
    return columns, rows


def monthly_table(compared: Sequence[Compared], exact: bool) -> tuple[list[str], list[list[Any]]]:
    """Month-by-month totals, a column per scenario; blank where a scenario has no such month."""
    by = [{r.month: r.total for r in c.result.rows} for c in compared]
    months: list[Month] = sorted({mo for totals in by for mo in totals})
    show = (lambda v: v) if exact else _b
    rows = [[mo] + [show(t[mo]) if mo in t else "" for t in by] for mo in months]
    return [""] + [c.spec.label for c in compared], rows


def _path(c: Compared) -> tuple[tuple[Month, Decimal], ...]:
    s = c.result.scenario
    return ((s.start.month + -1, s.start.holdings.total),) + tuple(
        (r.month, r.total) for r in c.result.rows
    )


def figure(compared: Sequence[Compared], lang: str) -> Figure:
    from .figure import Series
    from .figure import figure as make

    dates = [c.result.scenario.start.observed for c in compared if c.result.scenario.start.observed]
    return make(
        i18n.msg("plot.compare_title", lang, n=len(compared)),
        [Series(c.spec.label, _path(c)) for c in compared],
        lang,
        max(dates) if dates else None,
    )


def data_as_of(compared: Sequence[Compared]) -> Any:
    """The latest H.4.1 week in the data in use (the same for every scenario)."""
    return compared[0].result.data_as_of


def header_lines(compared: Sequence[Compared], lang: str) -> list[str]:
    lines = [i18n.msg("cmp.title", lang, n=len(compared))]
    for i, c in enumerate(compared, 1):
        options = c.spec.options or i18n.msg("cmp.defaults", lang)
        lines.append(f"  {i}. {c.spec.label}: {options}")
    lines.append(i18n.msg("data.line", lang, date=data_as_of(compared).isoformat()))
    return lines


def draw(compared: Sequence[Compared], lang: str, monthly: bool, chart: bool):  # type: ignore[no-untyped-def]
    def table(console: Any) -> None:
        from .. import render
        from .chart import paths

        m = i18n.msg
        console.print(render.header(header_lines(compared, lang), column=render.LABEL_COLUMN))
        columns, rows = summary_table(compared, lang, exact=False)
        if any(len(c.spec.label) > LABEL_WIDTH for c in compared):
            for i, row in enumerate(rows, 1):  # the header lists each number's scenario
                row[0] = str(i)
        spec = [(col, "left" if i == 0 else "right", True) for i, col in enumerate(columns)]
        console.print(render.table(spec, rows, compact=True))
        console.print(render.header([m("cmp.caption", lang)]))
        if monthly:
            columns, rows = monthly_table(compared, exact=False)
            columns[0] = m("sim.col.month", lang)
            spec = [(col, "left" if i == 0 else "right", True) for i, col in enumerate(columns)]
            cells = [[str(row[0]), *row[1:]] for row in rows]
            console.print(render.table(spec, cells, title=m("cmp.monthly", lang), compact=True))
        if chart:
            # Like the monthly table: each month's end (file charts also show the start).
            series = [(c.spec.label, [(str(r.month), r.total) for r in c.result.rows])
                      for c in compared]  # fmt: skip
            for line in paths(series, lang, width=max(20, console.width - 12)):
                console.print(render.text(line))

    return table


def html_page(compared: Sequence[Compared], lang: str) -> str:
    from . import svg
    from .page import H41_SOURCES, Table, model_notes, page

    m = i18n.msg
    columns, rows = summary_table(compared, lang, exact=True)
    month_cols, month_rows = monthly_table(compared, exact=True)
    month_cols[0] = m("sim.col.month", lang)
    sources: list[str] = list(H41_SOURCES)
    for c in compared:
        sources += [u for u in c.result.scenario.regime.sources if u not in sources]
    return page(
        lang=lang,
        title=m("plot.compare_title", lang, n=len(compared)),
        header=header_lines(compared, lang),
        svg=svg.render(figure(compared, lang)),
        tables=[
            Table(columns, rows, m("page.exact", lang)),
            Table(month_cols, month_rows, m("cmp.monthly", lang)),
        ],
        assumptions=model_notes(lang),
        sources=sources,
    )


def rendering(
    compared: Sequence[Compared], start: str | None, lang: str, monthly: bool, chart: bool
) -> Rendering:
    return Rendering(
        lambda: json_obj(compared, start),
        lambda: csv_table(compared),
        draw(compared, lang, monthly, chart),
        lambda: html_page(compared, lang),
        data_as_of(compared),
        lang,
    )
