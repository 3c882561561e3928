"""`qt simulate`'s liability side: reserves, ON RRP and other liabilities in JSON, header,
summary and the --liabilities table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .. import i18n
from ..balance import Sheet
from ..simulate import Result


def _b(value: Any) -> str:
    return f"{i18n.rounded(value, 1):,}"


def _percent(rate: Decimal) -> str:
    """0.062 -> "6.2": a rate as a percent, two decimals at most, no trailing zeros."""
    text = format(i18n.rounded(rate * 100, 2), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


MONTH_KEYS = ("total_assets", "onrrp", "other_liabilities", "reserves", "reserves_pct_gdp")


def assumptions(res: Result) -> dict[str, Any]:
    a = res.scenario.liability_path
    return {
        "other_liabilities_growth": a.other_growth,
        "other_liabilities_growth_source": "--other-growth" if a.other_growth_given else "policy",
        "onrrp_end": a.onrrp_end,  # null: ON RRP holds at its start level
        "other_assets": "held at the start level",
        "gdp_growth": a.gdp_growth,
        "ample_reserves_pct_gdp": a.ample,
        "scarce_reserves_pct_gdp": a.scarce,
    }


def start_obj(sheet: Sheet) -> dict[str, Any]:
    from .balance import snapshot

    return snapshot(sheet)


def scarce(res: Result) -> Any:
    from ..liabilities import first_below

    return first_below(res.liabilities, res.scenario.liability_path.scarce)


def exhausted(res: Result) -> Any:
    return next((m.month for m in res.liabilities if m.reserves < 0), None)


def header_lines(res: Result, lang: str) -> list[str]:
    m, usd, b, a = i18n.msg, i18n.usd_billions, res.base, res.scenario.liability_path
    from ..balance import gdp_on

    quarter = gdp_on(dt.date.max)[0]
    q = f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"
    rrp = (
        m("sim.res.hold", lang)
        if a.onrrp_end is None
        else m("sim.res.glide", lang, end=usd(a.onrrp_end, lang))
    )
    return [
        m(
            "sim.res.start",
            lang,
            date=b.date.isoformat(),
            res=usd(b.reserves, lang),
            pct=b.reserves_pct_gdp,
            rrp=usd(b.onrrp, lang),
        ),
        m(
            "sim.res.assume",
            lang,
            g=_percent(a.other_growth),
            rrp=rrp,
            gg=_percent(a.gdp_growth),
            q=q,
        ),
    ]


def summary_lines(res: Result, lang: str) -> list[str]:
    m, usd, s = i18n.msg, i18n.usd_billions, res.scenario
    end, a, n = res.liabilities[-1], s.liability_path, len(res.rows)
    lines = [m("sim.res.end", lang, res=usd(end.reserves, lang), pct=end.reserves_pct_gdp,
               ample=a.ample)]  # fmt: skip
    if res.below_ample is not None:
        lines.append(m("sim.res.below", lang, month=i18n.month(res.below_ample, lang)))
    else:
        lines.append(m("sim.res.never", lang, n=n))
    low = scarce(res)
    if low is not None:
        lines.append(m("sim.res.scarce", lang, scarce=a.scarce, month=i18n.month(low, lang)))
    gone = exhausted(res)
    if gone is not None:
        lines.append(m("sim.res.exhausted", lang, month=i18n.month(gone, lang)))
    if s.until_reserves is not None:
        target = usd(s.until_reserves, lang)
        if res.reserves_reached is not None:
            month = i18n.month(res.reserves_reached, lang)
            lines.append(m("sim.res.reached", lang, target=target, month=month))
        else:
            lines.append(m("sim.res.not_reached", lang, target=target, n=n))
    return lines


COLUMNS = ("month", "total_assets", "onrrp", "other_liabilities", "reserves",
                     "reserves_pct_gdp", "reserves_change")  # fmt: skip


def cells(res: Result) -> list[list[str]]:
    start = res.base.reserves
    return [
        [str(x.month), _b(x.total_assets), _b(x.onrrp), _b(x.other_liabilities), _b(x.reserves),
         f"{x.reserves_pct_gdp}", _b(x.reserves - start)]
        for x in res.liabilities
    ]  # fmt: skip
