"""`qt simulate`: header, month table, summary and chart; or JSON / CSV with stable keys."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..engine import MonthRow
from ..liabilities import Liabilities
from ..output import Rendering
from ..simulate import Actual, Result
from . import reserves, versus

if TYPE_CHECKING:
    from .figure import Figure

MONTH_KEYS = (
    "month", "regime", "treasuries", "mbs", "total", "treasury_runoff", "mbs_runoff",
    "mbs_paydown", "reinvested", "purchases",
    "total_assets", "onrrp", "other_liabilities", "reserves", "reserves_pct_gdp",
)  # fmt: skip
CSV_KEYS = MONTH_KEYS + versus.CSV_KEYS
PERCENT = Decimal(100)


def _row(r: MonthRow, liab: Liabilities, actual: Actual | None) -> dict[str, Any]:
    return {
        "month": r.month,
        "regime": r.regime,
        "treasuries": r.treasuries,
        "mbs": r.mbs,
        "total": r.total,
        "treasury_runoff": r.treasury_runoff,
        "mbs_runoff": r.mbs_runoff,
        "mbs_paydown": r.mbs_paydown,
        "reinvested": r.reinvested,
        "purchases": r.purchases,
        **{k: getattr(liab, k) for k in reserves.MONTH_KEYS},
        "actual": versus.obj(actual),
    }


def _rows(res: Result) -> list[dict[str, Any]]:
    return [
        _row(r, liab, a) for r, liab, a in zip(res.rows, res.liabilities, res.actual, strict=True)
    ]


def _pct(part: Decimal, whole: Decimal, places: int = 2) -> Decimal:
    if whole == 0:
        return Decimal(0)
    return i18n.rounded(part / whole * PERCENT, places)


def json_obj(res: Result) -> dict[str, Any]:
    s = res.scenario
    start = s.start
    end_total = res.rows[-1].total if res.rows else start.holdings.total
    change = end_total - start.holdings.total
    return {
        "regime": {
            "id": s.regime.id,
            "name": s.regime.name,
            "kind": s.regime.kind,
            "start": s.regime.start,
            "end": s.regime.end,
            "in_force": res.in_force,
            "replaced_by": res.replaced_by.id if res.replaced_by else None,
            "follow": s.follow,
            "confidence": s.regime.confidence,
        },
        "start": {
            "month": start.month,
            "observed": start.observed,
            "source": "H.4.1" if start.observed else "given",
            "treasuries": start.holdings.treasuries,
            "mbs": start.holdings.mbs,
            "total": start.holdings.total,
        },
        "assumptions": {
            "mbs_cpr": s.paydown.cpr,
            "mbs_amortization_monthly": s.paydown.amortization,
            "mbs_paydown_rate_monthly": s.paydown.monthly_rate.quantize(Decimal("1e-8")),
            "treasury_maturities": s.maturities_file or "cap binds",
            "treasury_cap_override": s.treasury_cap,
            "mbs_cap_override": s.mbs_cap,
            **reserves.assumptions(res),
        },
        "liabilities_start": reserves.start_obj(res.base),
        "data_as_of": res.data_as_of,
        "units": "USD billions",
        "months": _rows(res),
        "summary": {
            "total_change": change,
            "total_change_pct": _pct(change, start.holdings.total),
            "until_total": s.until_total,
            "reached": res.reached,
            "reserves_end": res.liabilities[-1].reserves,
            "reserves_pct_gdp_end": res.liabilities[-1].reserves_pct_gdp,
            "reserves_below_ample": res.below_ample,
            "reserves_below_scarce": reserves.scarce(res),
            "until_reserves": s.until_reserves,
            "reserves_reached": res.reserves_reached,
            "model_vs_actual": versus.summary(res),
        },
    }


def csv_table(res: Result) -> tuple[tuple[str, ...], list[list[Any]]]:
    out = []
    for row in _rows(res):
        out.append([row[k] for k in MONTH_KEYS])
    for cells, actual in zip(out, res.actual, strict=True):
        cells += versus.csv_cells(actual)
    return CSV_KEYS, out


def _b(value: Decimal) -> str:
    return f"{i18n.rounded(value, 1):,}"


def header_lines(res: Result, lang: str) -> list[str]:
    s, m, usd = res.scenario, i18n.msg, i18n.usd_billions
    r = s.regime
    span = f"{r.start}–{r.end or m('now', lang)}"
    lines = [m("sim.regime", lang, id=r.id, name=i18n.text(r.name, lang), span=span)]
    if s.follow:
        lines.append(m("sim.follow", lang))
    elif res.in_force:
        lines.append(m("sim.in_force", lang))
    elif res.replaced_by is not None:
        nxt = res.replaced_by
        lines.append(m("sim.replaced", lang, end=r.end, next=nxt.id, next_start=nxt.start))
    else:
        lines.append(m("sim.ended", lang, end=r.end))
    h = s.start.holdings
    amounts = {"t": usd(h.treasuries, lang), "m": usd(h.mbs, lang), "total": usd(h.total, lang)}
    if s.start.observed and s.start.latest:
        day = s.start.observed.isoformat()
        lines.append(m("sim.start_latest", lang, date=day, month=s.start.month, **amounts))
    elif s.start.observed:
        lines.append(m("sim.start_actual", lang, date=s.start.observed.isoformat(), **amounts))
    else:
        lines.append(m("sim.start_given", lang, month=s.start.month, **amounts))
    if not s.follow:
        lines.append(_rules_line(res, lang))
    paydown = s.paydown
    tsy = (
        m("sim.tsy_file", lang, file=s.maturities_file)
        if s.maturities_file
        else m("sim.tsy_binds", lang)
    )
    lines.append(
        m(
            "sim.model",
            lang,
            rate=_trim(paydown.monthly_rate * PERCENT, 3),
            cpr=_trim(paydown.cpr * PERCENT, 2),
            amort=_trim(paydown.amortization * PERCENT, 3),
            tsy=tsy,
        )
    )
    lines += reserves.header_lines(res, lang)
    lines.append(m("data.line", lang, date=res.data_as_of.isoformat()))
    if res.default_ended:
        command = f"qt simulate --start latest --follow --months {s.months}"
        lines.append(m("sim.default_ended", lang, id=r.id, command=command))
    return lines


def _rules_line(res: Result, lang: str) -> str:
    s, m, usd = res.scenario, i18n.msg, i18n.usd_billions
    tcap = s.treasury_cap if s.treasury_cap is not None else s.regime.treasuries.cap
    mcap = s.mbs_cap if s.mbs_cap is not None else s.regime.mbs.cap
    extra = ""
    if mcap is not None and s.regime.mbs.reinvest_to != "mbs":
        extra += m("sim.reinvest", lang, target=m(f"target.{s.regime.mbs.reinvest_to}", lang))
    buys = s.regime.treasuries.purchases + s.regime.mbs.purchases
    if buys:
        extra += m("sim.purchases", lang, amount=usd(buys, lang))
    return m(
        "sim.rules",
        lang,
        tcap=usd(tcap, lang),
        mcap=m("sim.no_cap", lang) if mcap is None else usd(mcap, lang),
        extra=extra,
    )


def _trim(value: Decimal, places: int) -> str:
    text = format(i18n.rounded(value, places), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def summary_lines(res: Result, lang: str) -> list[str]:
    s, m, usd = res.scenario, i18n.msg, i18n.usd_billions
    start = s.start.holdings
    last = res.rows[-1]
    change = last.total - start.total
    signed = lambda v: ("+" if v > 0 else "") + usd(v, lang)  # noqa: E731
    lines = [
        m(
            "sim.summary",
            lang,
            n=len(res.rows),
            change=signed(change),
            pct=_pct(change, start.total),
            dt=signed(last.treasuries - start.treasuries),
            dm=signed(last.mbs - start.mbs),
        )
    ]
    if s.until_total is not None:
        target = usd(s.until_total, lang)
        if res.reached is not None:
            lines.append(m("sim.reached", lang, target=target, month=i18n.month(res.reached, lang)))
        else:
            lines.append(m("sim.not_reached", lang, target=target, n=len(res.rows)))
    return lines + versus.summary_lines(res, lang) + reserves.summary_lines(res, lang)


ASSET_COLUMNS = ("month", "treasuries", "mbs", "total", "tsy_runoff", "mbs_runoff",
                 "reinvested", "purchases", "change")  # fmt: skip
VERSUS_COLUMNS = ("actual", "vs_actual")
# The asset table at narrower widths: flows give way to stocks (JSON and CSV keep them all).
NARROWER: tuple[tuple[str, ...], ...] = (
    ASSET_COLUMNS,
    ("month", "treasuries", "mbs", "total", "tsy_runoff", "mbs_runoff", "change"),
    ("month", "treasuries", "mbs", "total", "change"),
)


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _b(value)


def _asset_cells(res: Result, cols: tuple[str, ...]) -> list[list[str]]:
    start_total = res.scenario.start.holdings.total
    cells = {
        "month": lambda r, a: str(r.month),
        "treasuries": lambda r, a: _b(r.treasuries),
        "mbs": lambda r, a: _b(r.mbs),
        "total": lambda r, a: _b(r.total),
        "tsy_runoff": lambda r, a: _b(r.treasury_runoff),
        "mbs_runoff": lambda r, a: _b(r.mbs_runoff),
        "reinvested": lambda r, a: _b(r.reinvested),
        "purchases": lambda r, a: _b(r.purchases),
        "change": lambda r, a: _b(r.total - start_total),
        "actual": lambda r, a: "–" if a is None else _b(a.total),
        "vs_actual": lambda r, a: "" if a is None else _signed(r.total - a.total),
        "pct": lambda r, a: "" if a is None else versus.error_pct(r.total, a),
    }
    return [[cells[c](r, a) for c in cols] for r, a in zip(res.rows, res.actual, strict=True)]


def _columns(cols: tuple[str, ...], lang: str) -> list[tuple[str, str, bool]]:
    return [
        (i18n.msg(f"sim.col.{c}", lang), "left" if c == "month" else "right", True) for c in cols
    ]


def draw(res: Result, lang: str, chart: bool, liabilities: bool = False):  # type: ignore[no-untyped-def]
    def table(console: Any) -> None:
        from .. import render
        from .chart import bars

        m = i18n.msg
        paths = [res.scenario.maturities_file]
        console.print(render.header(header_lines(res, lang), paths, render.LABEL_COLUMN))
        versus = res.last_actual is not None
        block = versus
        if liabilities:
            rows, caption = reserves.cells(res), m("sim.res.caption", lang)
            columns = _columns(reserves.COLUMNS, lang)
            drawn = render.table(columns, rows, caption=caption, compact=True)
        else:
            caption = m("sim.caption", lang)
            drawn = None
            if versus:  # model beside actual in the table itself, when the width allows
                cols: tuple[str, ...] = ASSET_COLUMNS + VERSUS_COLUMNS
                wide = render.table(
                    _columns(cols, lang), _asset_cells(res, cols), caption=caption, compact=True
                )
                if render.fits(console, wide):
                    drawn, block = wide, False
            for cols in NARROWER if drawn is None else ():  # never a number cut short
                cells = _asset_cells(res, cols)
                drawn = render.table(_columns(cols, lang), cells, caption=caption, compact=True)
                if render.fits(console, drawn, tight=True):
                    break
        console.print(drawn)
        if block:  # else a short block of its own under the table
            block_cols = ("month", "total", "actual", "vs_actual", "pct")
            cells = _asset_cells(res, block_cols)
            rows = [row for row, a in zip(cells, res.actual, strict=True) if a]
            console.print(render.header([m("sim.versus_title", lang)]))
            console.print(render.table(_columns(block_cols, lang), rows, compact=True))
        console.print(render.header(summary_lines(res, lang)))
        if chart:
            # Like the table: the start, then each month's total (or reserves) at its end.
            if liabilities:
                points = [(m("sim.chart_start", lang), res.base.reserves)]
                points += [(str(x.month), x.reserves) for x in res.liabilities]
            else:
                start_total = res.scenario.start.holdings.total
                points = [(m("sim.chart_start", lang), start_total)]
                points += [(str(r.month), r.total) for r in res.rows]
            for line in bars(points, lang, width=max(20, console.width - 30)):
                console.print(render.text(line))

    return table


def rendering(res: Result, lang: str, chart: bool, liabilities: bool = False) -> Rendering:
    return Rendering(
        lambda: json_obj(res),
        lambda: csv_table(res),
        draw(res, lang, chart, liabilities),
        lambda: html_page(res, lang),
        res.data_as_of,
        lang,
    )


def data_date(res: Result) -> Any:
    """The H.4.1 observation the projection starts from (None when the start was given)."""
    return res.scenario.start.observed


def title(res: Result, lang: str) -> str:
    if res.scenario.follow:
        return i18n.msg("plot.sim_title_follow", lang)
    return i18n.msg("plot.sim_title", lang, regime=res.scenario.regime.id)


def figure(res: Result, lang: str) -> Figure:
    """Total holdings and projected reserves, from the start, and the actual total where the
    data hold it, for --plot and the HTML page."""
    from .figure import Series
    from .figure import figure as make

    s, before = res.scenario, res.scenario.start.month + -1
    total = ((before, s.start.holdings.total),) + tuple((r.month, r.total) for r in res.rows)
    reserves = ((before, res.base.reserves),) + tuple(
        (x.month, x.reserves) for x in res.liabilities
    )
    seen = tuple((r.month, a.total) for r, a in zip(res.rows, res.actual, strict=True) if a)
    series = [
        Series(i18n.msg("chart.total", lang), total),
        Series(i18n.msg("chart.reserves", lang), reserves),
    ]
    if seen:  # the model beside what happened, from the same start
        start = ((before, s.start.holdings.total),)
        series.append(Series(i18n.msg("chart.actual_total", lang), start + seen, dashed=True))
    return make(title(res, lang), series, lang, data_date(res))


PAGE_COLUMNS = ASSET_COLUMNS + reserves.COLUMNS[1:] + VERSUS_COLUMNS


def page_table(res: Result, lang: str) -> Any:
    from .page import Table

    start_total = res.scenario.start.holdings.total
    start_reserves = res.base.reserves
    rows = [
        [r.month, r.treasuries, r.mbs, r.total, r.treasury_runoff, r.mbs_runoff, r.reinvested,
         r.purchases, r.total - start_total, x.total_assets, x.onrrp, x.other_liabilities,
         x.reserves, x.reserves_pct_gdp, x.reserves - start_reserves,
         "–" if a is None else a.total, "" if a is None else r.total - a.total]
        for r, x, a in zip(res.rows, res.liabilities, res.actual, strict=True)
    ]  # fmt: skip
    columns = [i18n.msg(f"sim.col.{c}", lang) for c in PAGE_COLUMNS]
    return Table(columns, rows, i18n.msg("page.exact", lang))


def html_page(res: Result, lang: str) -> str:
    from . import svg
    from .page import H41_SOURCES, model_notes, page

    return page(
        lang=lang,
        title=title(res, lang),
        header=header_lines(res, lang),
        notes=summary_lines(res, lang),
        svg=svg.render(figure(res, lang)),
        tables=[page_table(res, lang)],
        assumptions=model_notes(lang),
        sources=H41_SOURCES + res.scenario.regime.sources,
    )
