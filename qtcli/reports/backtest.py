"""`qt backtest`: predicted vs actual per month, the error summary, and calibration."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import balance, i18n
from ..backtest import PCT_PLACES, Backtest, Calibration, Summary, Triple
from ..output import Rendering

if TYPE_CHECKING:
    from .figure import Figure

FIELDS = ("treasuries", "mbs", "total")


def _triple(t: Triple) -> dict[str, Decimal]:
    return {"treasuries": t.treasuries, "mbs": t.mbs, "total": t.total}


def _percent(t: Triple) -> dict[str, Decimal]:
    """Errors in percent of actual, rounded once, to 0.001."""
    return {k: i18n.rounded(v, PCT_PLACES) for k, v in _triple(t).items()}


def _summary(s: Summary) -> dict[str, Any]:
    return {"mean_abs_error": _percent(s.mean_abs_error), "end_error": _percent(s.end_error)}


def _assumptions(bt: Backtest) -> dict[str, Any]:
    return {
        "mbs_cpr": bt.paydown.cpr,
        "mbs_amortization_monthly": bt.paydown.amortization,
        "treasury_maturities": "cap binds",
        "month_observation": "first Wednesday of the following month (end of the month's runoff)",
    }


def json_obj(bt: Backtest) -> dict[str, Any]:
    return {
        "period": {"name": bt.name, "from": bt.first, "to": bt.last},
        "data_as_of": balance.latest(),
        "assumptions": _assumptions(bt),
        "units": {"amounts": "USD billions", "errors": "percent of actual"},
        "months": [
            {
                "month": c.month,
                "observed": c.observed,
                "predicted": _triple(c.predicted),
                "actual": _triple(c.actual),
                "error": _percent(c.error),
            }
            for c in bt.model
        ],
        "summary": {"model": _summary(bt.model_summary), "naive": _summary(bt.naive_summary)},
        "reserves": _reserves(bt),
    }


def _reserves(bt: Backtest) -> dict[str, Any]:
    r = bt.reserves
    return {
        "observed": r.end.date,
        "method": "modeled securities + other assets at the start level - actual ON RRP - "
        "actual other liabilities, against WRESBAL",
        "predicted": r.predicted,
        "actual": r.end.reserves,
        "error": r.error,
        "error_pct": i18n.rounded(r.error_pct, PCT_PLACES),
        "securities_error": r.securities_error,
        "other_assets_drift": r.other_assets_drift,
    }


def reserves_line(bt: Backtest, lang: str) -> str:
    r, usd = bt.reserves, i18n.usd_billions
    return i18n.msg(
        "bt.reserves",
        lang,
        date=r.end.date.isoformat(),
        pred=usd(r.predicted, lang),
        act=usd(r.end.reserves, lang),
        err=("+" if r.error > 0 else "") + usd(r.error, lang),
        pct=_p(r.error_pct),
        sec=("+" if r.securities_error > 0 else "") + usd(r.securities_error, lang),
        drift=("+" if r.other_assets_drift > 0 else "") + usd(r.other_assets_drift, lang),
    )


def csv_table(bt: Backtest) -> tuple[list[str], list[list[Any]]]:
    header = ["month", "observed"]
    for kind in ("predicted", "actual", "error"):
        header += [f"{kind}_{f}" for f in FIELDS]
    rows = []
    for c in bt.model:
        row: list[Any] = [c.month, c.observed]
        for values in (_triple(c.predicted), _triple(c.actual), _percent(c.error)):
            row += [values[f] for f in FIELDS]
        rows.append(row)
    return header, rows


def _n(v: Decimal) -> str:
    return f"{i18n.rounded(v, 0):,}"


def _p(v: Decimal) -> str:
    return f"{i18n.rounded(v, 2):+}"


def draw(bt: Backtest, lang: str, chart: bool):  # type: ignore[no-untyped-def]
    def table(console: Any) -> None:
        from .. import render
        from .chart import paths

        m = i18n.msg
        cpr = (bt.paydown.cpr * 100).normalize()
        amort = (bt.paydown.amortization * 100).normalize()
        head = [
            m("bt.title", lang, name=bt.name, first=bt.first, last=bt.last),
            m("bt.model", lang, cpr=f"{cpr:f}", amort=f"{amort:f}"),
            m("data.line", lang, date=balance.latest().isoformat()),
        ]
        console.print(render.header(head, column=render.LABEL_COLUMN))
        cols = ["month", "t_pred", "t_act", "t_err", "m_pred", "m_act", "m_err", "total_err"]
        columns = [
            (m(f"bt.col.{c}", lang), "left" if c == "month" else "right", True) for c in cols
        ]
        rows = [
            [str(c.month),
             _n(c.predicted.treasuries), _n(c.actual.treasuries), _p(c.error.treasuries),
             _n(c.predicted.mbs), _n(c.actual.mbs), _p(c.error.mbs), _p(c.error.total)]
            for c in bt.model
        ]  # fmt: skip
        console.print(render.table(columns, rows, caption=m("bt.caption", lang), compact=True))
        summary_rows = []
        for label, s in (("bt.row.model", bt.model_summary), ("bt.row.naive", bt.naive_summary)):
            summary_rows.append(
                [m(label, lang)]
                + [_p(getattr(s.mean_abs_error, f)).lstrip("+") for f in FIELDS]
                + [_p(getattr(s.end_error, f)) for f in FIELDS]
            )
        heads = ["bt.col.which", "bt.col.mae_t", "bt.col.mae_m", "bt.col.mae_total",
                 "bt.col.end_t", "bt.col.end_m", "bt.col.end_total"]  # fmt: skip
        sum_cols = [(m(h, lang), "left" if h == "bt.col.which" else "right", True) for h in heads]
        console.print(
            render.table(sum_cols, summary_rows, title=m("bt.summary", lang), compact=True)
        )
        console.print(render.header([reserves_line(bt, lang)]))
        if chart:
            series = [
                (m("chart.actual", lang), [(str(c.month), c.actual.total) for c in bt.model]),
                (m("chart.model", lang), [(str(c.month), c.predicted.total) for c in bt.model]),
            ]
            for line in paths(series, lang, width=max(20, console.width - 12)):
                console.print(render.text(line))

    return table


def calibration_json(c: Calibration) -> dict[str, Any]:
    return {
        "period": {"from": c.first, "to": c.last},
        "months_used": c.months_used,
        "months_skipped_capped": c.months_capped,
        "fit": {
            "mbs_paydown_rate_monthly": c.monthly_rate,
            "mbs_amortization_monthly": c.amortization,
            "mbs_cpr": c.cpr,
            "mean_abs_error_busd": c.mean_abs_error,
        },
        "policies_mbs_cpr": c.current_cpr,
    }


def calibration_csv(c: Calibration) -> tuple[list[str], list[list[Any]]]:
    header = ["from", "to", "months_used", "mbs_paydown_rate_monthly", "mbs_amortization_monthly",
              "mbs_cpr", "mean_abs_error_busd", "policies_mbs_cpr"]  # fmt: skip
    return header, [[c.first, c.last, c.months_used, c.monthly_rate, c.amortization, c.cpr,
                     c.mean_abs_error, c.current_cpr]]  # fmt: skip


def calibration_draw(c: Calibration, lang: str):  # type: ignore[no-untyped-def]
    def table(console: Any) -> None:
        from .. import render

        pct = lambda v: f"{(v * 100).normalize():f}"  # noqa: E731
        for key in ("cal.fit", "cal.result", "cal.keep"):
            line = i18n.msg(
                key,
                lang,
                first=c.first,
                last=c.last,
                used=c.months_used,
                capped=c.months_capped,
                rate=pct(c.monthly_rate),
                amort=pct(c.amortization),
                cpr=pct(c.cpr),
                mae=c.mean_abs_error,
                current=pct(c.current_cpr),
                cpr_value=f"{c.cpr.normalize():f}",
            )
            console.print(render.header([line]))

    return table


def rendering(bt: Backtest, lang: str, chart: bool) -> Rendering:
    return Rendering(
        lambda: json_obj(bt),
        lambda: csv_table(bt),
        draw(bt, lang, chart),
        lambda: html_page(bt, lang),
        balance.latest(),
        lang,
    )


def calibration_rendering(c: Calibration, lang: str) -> Rendering:
    return Rendering(
        lambda: calibration_json(c), lambda: calibration_csv(c), calibration_draw(c, lang)
    )


def figure(bt: Backtest, lang: str) -> Figure:
    """Actual, model and naive-model total holdings, for --plot and the HTML page."""
    from .figure import Series
    from .figure import figure as make

    m = i18n.msg
    return make(
        m("plot.bt_title", lang, name=bt.name),
        [
            Series(m("chart.actual", lang), tuple((c.month, c.actual.total) for c in bt.model)),
            Series(m("chart.model", lang), tuple((c.month, c.predicted.total) for c in bt.model)),
            Series(
                m("chart.naive", lang),
                tuple((c.month, c.predicted.total) for c in bt.naive),
                dashed=True,
            ),
        ],
        lang,
        bt.model[-1].observed if bt.model else None,  # type: ignore[arg-type]
    )


def html_page(bt: Backtest, lang: str) -> str:
    from . import svg
    from .page import H41_SOURCES, Table, model_notes, page

    m = i18n.msg
    cpr = (bt.paydown.cpr * 100).normalize()
    amort = (bt.paydown.amortization * 100).normalize()
    cols = ["month", "t_pred", "t_act", "t_err", "m_pred", "m_act", "m_err", "total_err"]
    rows = [
        [c.month, c.predicted.treasuries, c.actual.treasuries, _percent(c.error)["treasuries"],
         c.predicted.mbs, c.actual.mbs, _percent(c.error)["mbs"], _percent(c.error)["total"]]
        for c in bt.model
    ]  # fmt: skip
    summary_rows = [
        [m(label, lang)]
        + [_percent(s.mean_abs_error)[f] for f in FIELDS]
        + [_percent(s.end_error)[f] for f in FIELDS]
        for label, s in (("bt.row.model", bt.model_summary), ("bt.row.naive", bt.naive_summary))
    ]
    heads = ["bt.col.which", "bt.col.mae_t", "bt.col.mae_m", "bt.col.mae_total",
             "bt.col.end_t", "bt.col.end_m", "bt.col.end_total"]  # fmt: skip
    return page(
        lang=lang,
        title=m("bt.title", lang, name=bt.name, first=bt.first, last=bt.last),
        header=[m("bt.model", lang, cpr=f"{cpr:f}", amort=f"{amort:f}")],
        svg=svg.render(figure(bt, lang)),
        tables=[
            Table([m(f"bt.col.{c}", lang) for c in cols], rows, m("bt.caption", lang)),
            Table([m(h, lang) for h in heads], summary_rows, m("bt.summary", lang)),
        ],
        assumptions=model_notes(lang),
        sources=H41_SOURCES,
    )
