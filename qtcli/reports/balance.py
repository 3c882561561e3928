"""`qt balance`: two balance sheets side by side, and their change, as table, JSON, CSV or HTML."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from .. import balance, i18n
from ..balance import AMOUNTS, Change, Sheet
from ..output import Rendering, decimal_text

ROWS = ("treasuries", "mbs", "other_assets", "total_assets", "reserves", "onrrp",
        "other_liabilities", "reserves_pct_gdp")  # fmt: skip
TEN = Decimal(10)
EXACT, EXACT_ZH = Decimal("0.001"), Decimal("0.01")  # $1 million in billions, in 億
SOURCES = tuple(
    f"https://fred.stlouisfed.org/series/{s}" for s in ("WALCL", "WRESBAL", "RRPONTSYD", "GDP")
)


class View(NamedTuple):
    """What `qt balance` shows: two sheets (earlier first) and how they are named."""

    change: Change
    names: tuple[str, str]  # JSON keys: ("year_earlier", "at") or ("from", "to")


def snapshot(s: Sheet) -> dict[str, Any]:
    out: dict[str, Any] = {"date": s.date}
    out.update({k: getattr(s, k) for k in AMOUNTS})
    out["reserves_pct_gdp"] = s.reserves_pct_gdp
    out["gdp"] = {"quarter": s.gdp_quarter, "saar": s.gdp}
    return out


def change_obj(c: Change) -> dict[str, Any]:
    out: dict[str, Any] = {k: c.amount(k) for k in AMOUNTS}
    out["reserves_pct_gdp"] = c.reserves_pct_gdp
    return out


def json_obj(v: View) -> dict[str, Any]:
    first, second = v.names
    out: dict[str, Any] = {}
    if first == "from":
        out = {"from": snapshot(v.change.start), "to": snapshot(v.change.end)}
        out["change"] = change_obj(v.change)
    else:  # the later sheet first, as asked: {"at": ..., "year_earlier": ...}
        out = {"at": snapshot(v.change.end), "year_earlier": snapshot(v.change.start)}
        out["change"] = change_obj(v.change)
    out["data_as_of"] = balance.latest()
    out["units"] = {
        "amounts": "USD billions",
        "reserves_pct_gdp": "percent of nominal GDP (SAAR) of the quarter, rounded half-up",
    }
    out["notes"] = {
        "other_liabilities": "total assets - reserves - ON RRP: currency, the Treasury General "
        "Account, the foreign official repo pool, capital and the rest",
        "reserves": "WRESBAL, the average of the week ending the Wednesday; other series are "
        "Wednesday levels",
        "onrrp": "RRPONTSYD, last daily value in the H.4.1 week; none that week = 0",
    }
    return out


def csv_table(v: View) -> tuple[list[str], list[list[Any]]]:
    header = ["row", "date", *AMOUNTS, "reserves_pct_gdp"]
    rows: list[list[Any]] = []
    for name, s in zip(v.names, (v.change.start, v.change.end), strict=True):
        rows.append([name, s.date, *(getattr(s, k) for k in AMOUNTS), s.reserves_pct_gdp])
    c = v.change
    rows.append(["change", "", *(c.amount(k) for k in AMOUNTS), c.reserves_pct_gdp])
    return header, rows


def number(value: Decimal, lang: str, *, signed: bool = False) -> str:
    """Exact to the $1 million of the data, with separators: 2,234.567 (USD billions), or
    22,345.67 (億, in zh-TW). Never rounded: the data holds no finer digits."""
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    size = abs(value) * TEN if lang == "zh-TW" else abs(value)
    places = EXACT_ZH if lang == "zh-TW" else EXACT
    if size != size.quantize(places):  # finer than the data: show it all rather than round
        return f"{sign}{decimal_text(size)}"
    return f"{sign}{size.quantize(places):,}"


def amount(value: Decimal, lang: str, *, signed: bool = False) -> str:
    """An exact amount in words: $2,234.567B, or 22,345.67億美元 in zh-TW."""
    digits = number(value, lang, signed=signed)
    sign, digits = (digits[0], digits[1:]) if digits[0] in "+-" else ("", digits)
    return f"{sign}{digits}億美元" if lang == "zh-TW" else f"{sign}${digits}B"


def identity_line(c: Change, lang: str) -> str:
    """assets −$X = reserves … + ON RRP … + other …, exact, so it adds up to the dollar."""
    return i18n.msg(
        "bal.identity",
        lang,
        assets=amount(c.amount("total_assets"), lang, signed=True),
        reserves=amount(c.amount("reserves"), lang, signed=True),
        onrrp=amount(c.amount("onrrp"), lang, signed=True),
        other=amount(c.amount("other_liabilities"), lang, signed=True),
    )


def header_lines(v: View, lang: str) -> list[str]:
    a, b = v.change.start, v.change.end
    m = i18n.msg
    lines = [m("bal.title", lang, first=a.date, second=b.date)]
    lines.append(m("bal.gdp", lang, first=a.gdp_quarter, second=b.gdp_quarter))
    lines.append(m("data.line", lang, date=balance.latest().isoformat()))
    return lines


def _cells(v: View, lang: str) -> list[list[str]]:
    a, b, c = v.change.start, v.change.end, v.change
    rows = []
    for key in ROWS:
        if key == "reserves_pct_gdp":
            cells = [f"{a.reserves_pct_gdp}%", f"{b.reserves_pct_gdp}%",
                     f"{c.reserves_pct_gdp:+}"]  # fmt: skip
        else:
            cells = [number(getattr(a, key), lang), number(getattr(b, key), lang),
                     number(c.amount(key), lang, signed=True)]  # fmt: skip
        rows.append([i18n.msg(f"bal.row.{key}", lang), *cells])
    return rows


def draw(v: View, lang: str):  # type: ignore[no-untyped-def]
    def table(console: Any) -> None:
        from .. import render

        console.print(render.header(header_lines(v, lang), column=render.LABEL_COLUMN))
        a, b = v.change.start, v.change.end
        columns = [
            ("", "left", True),
            (str(a.date), "right", True),
            (str(b.date), "right", True),
            (i18n.msg("bal.col.change", lang), "right", True),
        ]
        console.print(render.table(columns, _cells(v, lang), caption=i18n.msg("bal.caption", lang)))
        console.print(render.header([identity_line(v.change, lang)]))
        console.print(render.header([i18n.msg("bal.other_note", lang)]))

    return table


def html_page(v: View, lang: str) -> str:
    from .page import H41_SOURCES, Table, page

    a, b = v.change.start, v.change.end
    columns = ["", str(a.date), str(b.date), i18n.msg("bal.col.change", lang)]
    return page(
        lang=lang,
        title=i18n.msg("bal.page_title", lang),
        header=header_lines(v, lang),
        notes=[identity_line(v.change, lang)],
        svg=None,
        tables=[Table(columns, _cells(v, lang), i18n.msg("bal.caption", lang))],
        assumptions=[i18n.msg("bal.other_note", lang)],
        sources=(*H41_SOURCES, *SOURCES),
    )


PLOTTED = ("total_assets", "reserves", "onrrp", "other_liabilities")


def figure(v: View, lang: str) -> Any:
    """Total assets and the three liability lines, at each month's first Wednesday from the
    earlier sheet to the later one (a first Wednesday's level is the previous month's end)."""
    from ..balance import monthly
    from ..model import Month
    from .figure import Series
    from .figure import figure as make

    sheets = monthly(v.change.start.date, v.change.end.date)
    series = [
        Series(i18n.msg(f"bal.row.{key}", lang),
               tuple((Month.of(s.date) + -1, getattr(s, key)) for s in sheets),
               dashed=key != "total_assets")  # fmt: skip
        for key in PLOTTED
    ]
    return make(i18n.msg("plot.bal_title", lang), series, lang, v.change.end.date)


def rendering(v: View, lang: str) -> Rendering:
    return Rendering(
        lambda: json_obj(v),
        lambda: csv_table(v),
        draw(v, lang),
        lambda: html_page(v, lang),
        balance.latest(),
        lang,
    )
