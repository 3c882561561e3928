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

from .errors import DataError
from .model import Month
from .yamlload import Checker, YamlFile, money_problem


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
                except ValueError:
                    c.fail(item, f"'{key}' is not a month YYYY-MM")
                    continue
                amount = c.money(item, f"treasury_maturities {key}")
                if amount is not None:
                    out[month] = amount
    c.raise_if_failed()
    return out


def _csv(path: Path) -> dict[Month, Decimal]:
    from .yamlload import read_text

    text = read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
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
        except ValueError:
            raise DataError(f"'{row[0]}' is not a month YYYY-MM", path=path, line=number) from None
        try:
            amount = Decimal(row[1].strip())
        except InvalidOperation:
            raise DataError(f"'{row[1]}' is not a number", path=path, line=number) from None
        if not amount.is_finite() or amount < 0:
            raise DataError(f"amount must be a number >= 0, got {row[1]}", path=path, line=number)
        problem = money_problem(amount)
        if problem:
            raise DataError(f"amount {problem}, got {row[1]}", path=path, line=number)
        if month in out:
            raise DataError(f"{month} is listed twice", path=path, line=number)
        out[month] = amount
    if not out:
        raise DataError("no months listed", path=path, line=1)
    return out
