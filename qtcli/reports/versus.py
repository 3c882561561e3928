"""`qt simulate`'s model beside actual H.4.1: the JSON and CSV fields, the summary line and
the table block. Month m's actual is the first Wednesday of m+1, as in the backtest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import i18n
from ..simulate import Actual, Result

KEYS = ("date", "treasuries", "mbs", "total", "reserves")
CSV_KEYS = tuple(f"actual_{k}" for k in KEYS)
HUNDRED = Decimal(100)


def obj(a: Actual | None) -> dict[str, Any] | None:
    """A month entry's ``actual``: null where the data hold no such week."""
    if a is None:
        return None
    return {"date": a.date, "treasuries": a.treasuries, "mbs": a.mbs, "total": a.total,
            "reserves": a.reserves}  # fmt: skip


def csv_cells(a: Actual | None) -> list[Any]:
    found = obj(a) or {}
    return [found.get(k) for k in KEYS]


def pct(error: Decimal, actual: Decimal) -> Decimal:
    return i18n.rounded(error / actual * HUNDRED, 2) if actual else Decimal(0)


def signed_pct(value: Decimal) -> str:
    return "0.00" if value == 0 else format(value, "+.2f")


def error_pct(model_total: Decimal, a: Actual) -> str:
    """A table cell: the model's error in percent of the actual total, signed."""
    return signed_pct(pct(model_total - a.total, a.total))


def summary(res: Result) -> dict[str, Any] | None:
    """The model's error at the last simulated month with H.4.1 data, or None."""
    found = res.last_actual
    if found is None:
        return None
    row, actual = found
    error = row.total - actual.total
    return {
        "month": row.month,
        "observed": actual.date,
        "model_total": row.total,
        "actual_total": actual.total,
        "error": error,
        "error_pct": pct(error, actual.total),
    }


def summary_lines(res: Result, lang: str) -> list[str]:
    v = summary(res)
    if v is None:
        return []
    err = ("+" if v["error"] > 0 else "") + i18n.usd_billions(v["error"], lang)
    line = i18n.msg(
        "sim.versus",
        lang,
        month=i18n.month(v["month"], lang),
        date=v["observed"].isoformat(),
        err=err,
        pct=signed_pct(v["error_pct"]),
    )
    return [line]
