"""A user's schedule of Treasury principal maturing each month (USD billions).

YAML::

    treasury_maturities:
      2025-04: 41.5
      2025-05: 12.0

or CSV with the header ``month,amount``. Months the file does not list fall back to the
engine's default: the cap binds.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import bounds
from .checker import Checker, money_problem
from .errors import DataError
from .model import Month
from .yamlload import YamlFile, read_text


def load(path: Path) -> dict[Month, Decimal]:
    if path.suffix.lower() == ".csv":
        return _csv(path)
    file = YamlFile(path)
    c = Checker(file)
    top = c.mapping(file.root, "maturity file", ("treasury_maturities",))
    out: dict[Month, Decimal] = {}
    if top and "treasury_maturities" in top:
        body = top["treasury_maturities"]
        if not isinstance(body.value, dict):
            c.fail(body, "treasury_maturities must map YYYY-MM to USD billions")
        else:
            for key, item in body.value.items():
                try:
                    month = Month.parse(key)
                except ValueError as exc:
                    c.fail(item, str(exc))
                    continue
                amount = c.money(item, f"treasury_maturities {key}")
                if amount is not None:
                    out[month] = amount
    c.raise_if_failed()
    return out


def _csv(path: Path) -> dict[Month, Decimal]:
    text = read_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise DataError(f"not a CSV file: {exc}", path=path) from None
    if not rows or [h.strip().lower() for h in rows[0]] != ["month", "amount"]:
        raise DataError("expected the header 'month,amount'", path=path, line=1)
    out: dict[Month, Decimal] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise DataError(f"expected 2 fields, got {len(row)}", path=path, line=number)
        try:
            month = Month.parse(row[0])
        except ValueError as exc:
            raise DataError(_short(str(exc)), path=path, line=number) from None
        try:
            amount = Decimal(row[1].strip())
        except InvalidOperation:
            shown = _short(repr(row[1]))
            raise DataError(f"{shown} is not a number", path=path, line=number) from None
        if not amount.is_finite() or amount < 0:
            shown = _short(row[1])
            raise DataError(f"amount must be a number >= 0, got {shown}", path=path, line=number)
        problem = money_problem(amount)
        if problem:
            shown = bounds.show(amount)
            raise DataError(f"amount {problem}, got {shown}", path=path, line=number)
        if month in out:
            raise DataError(f"{month} is listed twice", path=path, line=number)
        out[month] = amount
    if not out:
        raise DataError("no months listed", path=path, line=1)
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
