"""qt simulate projects reserves: total assets − ON RRP − other liabilities, exactly.

Start levels are checked against the shipped CSVs read here with the csv module; the
assumptions in policies.yaml are re-derived from the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_balance import billions, column, onrrp_week

from qtcli import balance, liabilities, policies
from qtcli.engine import MonthRow
from qtcli.model import Month

D = Decimal
GIVEN = ["--treasuries", "1000", "--mbs", "0", "--treasury-cap", "100"]
QT2_AGAIN = ["--start", "2026-06", "--regime", "qt2-2022-09", "--months", "60"]


@pytest.fixture(autouse=True)
def snapshot_only(monkeypatch, tmp_path):
    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "no-cache"))  # the shipped data only


def sim_json(invoke, *args: str) -> dict:
    result = invoke(["simulate", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


# ------------------------------------------------------------------------ the identity


@pytest.mark.parametrize(
    "args",
    [
        ["--months", "24"],
        ["--months", "36", "--follow", "--start", "2022-06"],
        QT2_AGAIN,
        ["--months", "12", "--onrrp-end", "0", "--other-growth", "-0.03"],
    ],
)
def test_identity_holds_exactly_every_month(invoke, args):
    data = sim_json(invoke, *args)
    other_assets = D(data["liabilities_start"]["other_assets"])
    for m in data["months"]:
        assets, onrrp, other = D(m["total_assets"]), D(m["onrrp"]), D(m["other_liabilities"])
        assert assets - onrrp - other == D(m["reserves"]), m
        assert assets == D(m["total"]) + other_assets  # other assets held at the start level
        assert onrrp >= 0


def test_start_is_the_h41_week_the_holdings_come_from(invoke):
    data = sim_json(invoke, "--months", "3", "--start", "2022-06")
    day = dt.date(2022, 6, 1)
    start = data["liabilities_start"]
    assert start["date"] == data["start"]["observed"] == str(day)
    assert D(start["reserves"]) == billions("WRESBAL", day)
    assert D(start["onrrp"]) == onrrp_week(day)
    other = billions("WALCL", day) - billions("WRESBAL", day) - onrrp_week(day)
    assert D(start["other_liabilities"]) == other
    assert D(start["other_assets"]) == (
        billions("WALCL", day) - billions("TREAST", day) - billions("WSHOMCB", day)
    )


def test_by_hand_with_flat_other_liabilities_and_a_glide_to_zero(invoke):
    data = sim_json(invoke, *GIVEN, "--months", "3", "--other-growth", "0", "--onrrp-end", "0")
    start = data["liabilities_start"]
    rrp0, other0 = D(start["onrrp"]), D(start["other_liabilities"])
    other_assets = D(start["other_assets"])
    # ON RRP: two thirds, one third, nothing; rounded to $1 million half to even
    glide = [(rrp0 * 2 / 3).quantize(D("0.001")), (rrp0 / 3).quantize(D("0.001")), D(0)]
    for m, total, rrp in zip(data["months"], (900, 800, 700), glide, strict=True):
        assert D(m["total_assets"]) == total + other_assets
        assert D(m["onrrp"]) == rrp
        assert D(m["other_liabilities"]) == other0
        assert D(m["reserves"]) == total + other_assets - rrp - other0
    assert data["assumptions"]["onrrp_end"] == "0"
    assert data["assumptions"]["other_liabilities_growth"] == "0"
    assert data["assumptions"]["other_liabilities_growth_source"] == "--other-growth"


def test_other_liabilities_compound_monthly_at_the_policy_rate(invoke):
    data = sim_json(invoke, "--months", "12")
    other0 = float(data["liabilities_start"]["other_liabilities"])
    rate = float(policies.load().assumptions.other_liabilities_growth.value)
    for i, m in enumerate(data["months"], start=1):
        assert float(m["other_liabilities"]) == pytest.approx(other0 * (1 + rate) ** (i / 12))
    assert float(data["months"][-1]["other_liabilities"]) == pytest.approx(other0 * (1 + rate))


@settings(max_examples=200, deadline=None)
@given(
    months=st.integers(1, 60),
    runoff=st.decimals(0, 200, places=3),
    growth=st.decimals("-0.5", "0.5", places=6),
    rrp_end=st.none() | st.decimals(0, 3000, places=3),
    gdp_growth=st.decimals(0, "0.2", places=4),
)
def test_identity_property(months, runoff, growth, rrp_end, gdp_growth):
    start = balance.sheet(dt.date(2022, 6, 1))
    assumed = liabilities.Assumed(growth, True, rrp_end, gdp_growth, D("9.33"), D("6.42"))
    rows, t = [], start.treasuries
    for i in range(months):
        t = max(D(0), t - runoff)
        rows.append(MonthRow(Month(2022, 6) + i, "x", t, start.mbs, runoff, D(0), D(0), D(0), D(0)))
    path = liabilities.project(start, rows, assumed)
    for row, x in zip(rows, path, strict=True):
        assert x.total_assets - x.onrrp - x.other_liabilities == x.reserves
        assert x.total_assets == row.total + start.other_assets
        assert x.onrrp >= 0
    target = start.onrrp if rrp_end is None else rrp_end
    assert path[-1].onrrp == max(D(0), target)


# ------------------------------------------------------------------ the ample level


def test_restarting_qt2_caps_names_the_month_reserves_leave_ample(invoke):
    data = sim_json(invoke, *QT2_AGAIN)
    ample = D(data["assumptions"]["ample_reserves_pct_gdp"])
    below = [m["month"] for m in data["months"] if D(m["reserves_pct_gdp"]) < ample]
    assert below, "QT2's caps for five years must take reserves below the ample level"
    assert data["summary"]["reserves_below_ample"] == below[0]
    table = invoke(["simulate", *QT2_AGAIN])
    assert table.exit_code == 0, table.stderr
    year, month = below[0].split("-")
    name = dt.date(int(year), int(month), 1).strftime("%B")  # English month name, C locale
    assert f"first below the ample level in {name} {year}" in table.stdout


def test_never_below_ample_says_so(invoke):
    args = ["--regime", "qt2-2022-09", "--treasury-cap", "0", "--mbs-cap", "0", "--months", "6",
            "--other-growth", "0", "--start", "2024-01"]  # fmt: skip
    data = sim_json(invoke, *args)
    assert len({m["total"] for m in data["months"]}) == 1  # nothing runs off
    assert all(D(m["reserves_pct_gdp"]) >= D("9.33") for m in data["months"])
    assert data["summary"]["reserves_below_ample"] is None
    assert "never below the ample level within 6 months" in invoke(["simulate", *args]).stdout


def test_until_reserves_reports_the_first_month_at_or_below(invoke):
    data = sim_json(invoke, *QT2_AGAIN, "--until-reserves", "2500")
    first = next(m["month"] for m in data["months"] if D(m["reserves"]) <= 2500)
    assert data["summary"]["reserves_reached"] == first
    assert data["summary"]["until_reserves"] == "2500"


# ---------------------------------------------------------- the assumptions, from data


def test_assumptions_are_the_fits_their_reasons_describe():
    a = policies.load().assumptions
    walcl, wresbal, rrp = column("WALCL"), column("WRESBAL"), column("RRPONTSYD")

    def other(day: dt.date) -> float:
        week = [d for d in rrp if day - dt.timedelta(days=7) < d <= day]
        return float((walcl[day] - wresbal[day]) / 1000 - (rrp[max(week)] if week else 0))

    days = [d for d in walcl if dt.date(2017, 1, 4) <= d <= dt.date(2026, 6, 17) and d in wresbal]
    xs = [d.toordinal() / 365.25 for d in days]
    ys = [math.log(other(d)) for d in days]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    assert float(a.other_liabilities_growth.value) == pytest.approx(math.exp(slope) - 1, abs=5e-4)

    gdp = column("GDP")
    cagr = (float(gdp[dt.date(2026, 1, 1)]) / float(gdp[dt.date(2017, 1, 1)])) ** (1 / 9) - 1
    assert float(a.gdp_growth.value) == pytest.approx(cagr, abs=5e-4)

    def ratio(day: dt.date, quarter: dt.date) -> Decimal:
        return (wresbal[day] / 1000 / gdp[quarter] * 100).quantize(D("0.01"))

    assert a.ample_reserves.value == ratio(dt.date(2025, 12, 10), dt.date(2025, 10, 1))
    assert a.scarce_reserves.value == ratio(dt.date(2019, 9, 18), dt.date(2019, 7, 1))


def test_a_policy_file_without_liability_assumptions_takes_the_shipped_ones(invoke):
    fixture = "tests/fixtures/policies/valid.yaml"
    assert "ample_reserves" not in open(fixture, encoding="utf-8").read()
    own = sim_json(invoke, *GIVEN, "--months", "2", "--policies", fixture)["assumptions"]
    shipped = policies.load().assumptions
    assert own["ample_reserves_pct_gdp"] == str(shipped.ample_reserves.value)
    assert own["other_liabilities_growth"] == str(shipped.other_liabilities_growth.value)


def test_a_bad_liability_assumption_names_its_line(invoke, tmp_path):
    text = open(policies.default_path(), encoding="utf-8").read()
    bad = text.replace("    value: 9.33\n", "    value: -9.33\n")
    assert bad != text
    path = tmp_path / "p.yaml"
    path.write_text(bad, encoding="utf-8")
    line = bad[: bad.index("value: -9.33")].count("\n") + 1
    result = invoke(["simulate", "--policies", str(path)])
    assert result.exit_code == 1
    assert f"p.yaml:{line}:" in result.stderr and "ample_reserves" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--other-growth", "fast"),
        ("--other-growth", "0.9"),
        ("--other-growth", "nan"),
        ("--onrrp-end", "-5"),
        ("--until-reserves", "lots"),
    ],
)
def test_bad_options_are_one_line_usage_errors(invoke, option, value):
    result = invoke(["simulate", option, value])
    assert result.exit_code == 2
    assert option in result.stderr and len(result.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------------ the table


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_liabilities_table_fits_80_columns(invoke, lang):
    result = invoke(["simulate", *QT2_AGAIN, "--liabilities", "--lang", lang],
                    env={"COLUMNS": "80"})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(width(line) for line in lines) <= 80
    assert ("reserves" if lang == "en" else "準備金") in result.stdout


def test_zh_tw_reserves_in_yi_and_zhao(invoke):
    out = invoke(["simulate", *QT2_AGAIN, "--lang", "zh-TW"]).stdout
    assert "準備金" in out and "兆美元" in out and "億美元" in out
    assert "充足水準" in out


def test_compare_shows_each_scenarios_reserves_and_target_month(invoke):
    args = ["--months", "24", "--start", "2025-04", "--until-reserves", "2800"]
    result = invoke(["compare", "--regime qt2-2022-09 --label fast", "--label slow", *args,
                     "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    fast, slow = json.loads(result.stdout)["scenarios"]
    alone = sim_json(invoke, "--regime", "qt2-2022-09", *args)
    assert fast["summary"]["end"]["reserves"] == alone["months"][-1]["reserves"]
    assert fast["summary"]["reserves_reached"] == alone["summary"]["reserves_reached"]
    table = invoke(["compare", "--regime qt2-2022-09 --label fast", "--label slow", *args],
                   env={"COLUMNS": "80"}).stdout  # fmt: skip
    row = next(line for line in table.splitlines() if line.startswith("fast"))
    assert alone["summary"]["reserves_reached"] in row
    end = D(alone["months"][-1]["reserves"]).quantize(D("0.1"))
    assert f"{end:,}" in row
    assert slow["summary"]["reserves_reached"] in next(
        line for line in table.splitlines() if line.startswith("slow")
    )


def test_backtest_qt2_reserves_error_against_wresbal(invoke):
    result = invoke(["backtest", "qt2", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    r = doc["reserves"]
    end = dt.date.fromisoformat(r["observed"])
    start = dt.date(2022, 6, 1)
    assert D(r["actual"]) == billions("WRESBAL", end)
    other_assets0 = (
        billions("WALCL", start) - billions("TREAST", start) - billions("WSHOMCB", start)
    )
    assets = D(doc["months"][-1]["predicted"]["total"]) + other_assets0
    other_end = billions("WALCL", end) - billions("WRESBAL", end) - onrrp_week(end)
    assert D(r["predicted"]) == assets - onrrp_week(end) - other_end
    assert D(r["error"]) == D(r["predicted"]) - D(r["actual"])
    assert D(r["error"]) == D(r["securities_error"]) + D(r["other_assets_drift"])
    table = invoke(["backtest", "qt2"]).stdout
    assert f"Reserves {end}" in table
