"""qt balance: the liability side, checked against the shipped CSVs read here with the csv module."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qtcli
from qtcli import balance as bal

DATA = Path(qtcli.__file__).parent / "data"
AMOUNT_KEYS = ("treasuries", "mbs", "other_assets", "total_assets", "reserves", "onrrp",
               "other_liabilities")  # fmt: skip
SNAPSHOT_KEYS = {"date", *AMOUNT_KEYS, "reserves_pct_gdp", "gdp"}


def column(series: str) -> dict[dt.date, Decimal]:
    with open(DATA / f"{series}.csv", newline="") as f:
        rows = list(csv.reader(f))[1:]
    return {dt.date.fromisoformat(d): Decimal(v) for d, v in rows if v not in {".", ""}}


def billions(series: str, day: dt.date) -> Decimal:
    return column(series)[day] / 1000


def onrrp_week(day: dt.date) -> Decimal:
    """The last daily ON RRP value in the H.4.1 week ending Wednesday ``day`` (else 0)."""
    daily = column("RRPONTSYD")
    week = [d for d in daily if day - dt.timedelta(days=7) < d <= day]
    return daily[max(week)] if week else Decimal(0)


@pytest.fixture
def snapshot_only(monkeypatch, tmp_path):
    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "no-cache"))


def run_json(invoke, *args: str) -> dict:
    result = invoke(["balance", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_qt2_decomposition_matches_the_data(invoke, snapshot_only):
    out = run_json(invoke, "--from", "2022-06", "--to", "2025-11")
    assert set(out) >= {"from", "to", "change"}
    assert set(out["from"]) == SNAPSHOT_KEYS and set(out["to"]) == SNAPSHOT_KEYS
    start, end = dt.date(2022, 6, 1), dt.date(2025, 11, 5)  # the months' first Wednesdays
    assert out["from"]["date"] == str(start) and out["to"]["date"] == str(end)
    for side, day in (("from", start), ("to", end)):
        snap = out[side]
        assert Decimal(snap["treasuries"]) == billions("TREAST", day)
        assert Decimal(snap["mbs"]) == billions("WSHOMCB", day)
        assert Decimal(snap["total_assets"]) == billions("WALCL", day)
        assert Decimal(snap["reserves"]) == billions("WRESBAL", day)
        assert Decimal(snap["onrrp"]) == onrrp_week(day)
        other = billions("WALCL", day) - billions("WRESBAL", day) - onrrp_week(day)
        assert Decimal(snap["other_liabilities"]) == other
    change = {k: Decimal(v) for k, v in out["change"].items()}
    assert (
        change["total_assets"] == change["reserves"] + change["onrrp"] + change["other_liabilities"]
    )
    assert change["onrrp"] < Decimal(-1500)  # ON RRP drained by more than $1.5T in QT2
    assert change["total_assets"] == billions("WALCL", end) - billions("WALCL", start)
    assert change["reserves"] == billions("WRESBAL", end) - billions("WRESBAL", start)


def test_default_is_latest_beside_a_year_earlier(invoke, snapshot_only):
    out = run_json(invoke)
    last = max(column("WALCL"))
    assert out["at"]["date"] == str(last)
    assert out["year_earlier"]["date"] == str(last - dt.timedelta(weeks=52))
    gdp = column("GDP")
    quarter = max(q for q in gdp if q <= last)
    expected = (billions("WRESBAL", last) / gdp[quarter] * 100).quantize(Decimal("0.01"))
    assert Decimal(out["at"]["reserves_pct_gdp"]) == expected


def test_at_a_day_takes_the_wednesday_on_or_before(invoke, snapshot_only):
    out = run_json(invoke, "--at", "2019-09-20")  # a Friday
    assert out["at"]["date"] == "2019-09-18"
    assert Decimal(out["at"]["reserves"]) == billions("WRESBAL", dt.date(2019, 9, 18))


@pytest.mark.parametrize(
    "args",
    [["--at", "1999-01"], ["--at", "2030-01-01"], ["--from", "2022-06", "--to", "2040-01"]],
)
def test_dates_outside_the_data_are_usage_errors_naming_the_range(invoke, snapshot_only, args):
    result = invoke(["balance", *args])
    assert result.exit_code == 2
    assert "covers the weeks of 2002-12-18 to" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--at", "2025-13"], ["--at", "2025-02-30"], ["--at", "soon"], ["--to", "2025-01"],
     ["--at", "2025-01", "--from", "2024-01"], ["--from", "2025-01", "--to", "2024-01"]],
)  # fmt: skip
def test_bad_dates_are_one_line_usage_errors(invoke, snapshot_only, args):
    result = invoke(["balance", *args])
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("qt: error: ") and result.stderr.count("\n") == 1


def test_csv_rows_reconcile_exactly(invoke, snapshot_only):
    result = invoke(["balance", "--from", "2017-10", "--to", "2019-08", "--format", "csv"])
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["row"] for r in rows] == ["from", "to", "change"]
    for r in rows:
        total = Decimal(r["total_assets"])
        assert total == Decimal(r["reserves"]) + Decimal(r["onrrp"]) + Decimal(
            r["other_liabilities"]
        )
        assert total == Decimal(r["treasuries"]) + Decimal(r["mbs"]) + Decimal(r["other_assets"])


def test_table_states_the_identity_exactly(invoke, snapshot_only):
    result = invoke(["balance", "--from", "2022-06", "--to", "2025-11"], env={"COLUMNS": "80"})
    text = " ".join(result.stdout.split())
    change = run_json(invoke, "--from", "2022-06", "--to", "2025-11")["change"]

    def words(key: str) -> str:
        value = Decimal(change[key])
        return f"{'-' if value < 0 else '+'}${abs(value).quantize(Decimal('0.001')):,}B"

    assert (
        f"assets {words('total_assets')} = reserves {words('reserves')} + "
        f"ON RRP {words('onrrp')} + other {words('other_liabilities')}"
    ) in text
    assert "Treasury General Account" in text  # says what 'other' holds


def test_zh_tw_in_yi(invoke, snapshot_only):
    result = invoke(["balance", "--from", "2022-06", "--to", "2025-11", "--lang", "zh-TW"])
    assert result.exit_code == 0
    assert "準備金" in result.stdout and "億美元" in result.stdout
    onrrp = Decimal(run_json(invoke, "--from", "2022-06", "--to", "2025-11")["change"]["onrrp"])
    assert f"隔夜逆回購 -{abs(onrrp) * 10:,.2f}億美元" in " ".join(result.stdout.split())


def test_html_page(invoke, snapshot_only):
    result = invoke(["balance", "--format", "html"])
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert "fred.stlouisfed.org/series/WRESBAL" in result.stdout


def test_identity_holds_every_week_of_the_data(snapshot_only):
    first, last = bal.span()
    weeks = bal._weeks()[0]
    assert weeks[0] == first and weeks[-1] == last
    for day in weeks:
        s = bal.sheet(day)
        assert s.total_assets == s.reserves + s.onrrp + s.other_liabilities
        assert s.total_assets == s.treasuries + s.mbs + s.other_assets


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_change_identity_property(data):
    weeks = bal._weeks()[0]
    a = data.draw(st.sampled_from(weeks))
    b = data.draw(st.sampled_from(weeks))
    c = bal.Change(bal.sheet(a), bal.sheet(b))
    assert c.amount("total_assets") == (
        c.amount("reserves") + c.amount("onrrp") + c.amount("other_liabilities")
    )
