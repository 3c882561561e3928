"""`qt simulate` beside the real H.4.1 data, and `--start latest`.

Expected values are read straight from the shipped CSV files here (USD millions / 1000), never
through qtcli: month m's actual is the first Wednesday of month m+1, as in the backtest.
"""

from __future__ import annotations

import csv
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

import qtcli
from qtcli.model import Month

D = Decimal
DATA = Path(qtcli.__file__).parent / "data"
RATE = 0.0025 + 0.9975 * (1 - math.pow(1 - 0.054, 1 / 12))  # the default MBS paydown a month


def series(name: str) -> dict[str, Decimal]:
    with open(DATA / f"{name}.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    return {d: D(v) / 1000 for d, v in rows if v not in ("", ".")}


TSY, MBS, RES = series("TREAST"), series("WSHOMCB"), series("WRESBAL")
LAST_WEEK = max(set(TSY) & set(MBS) & set(RES) & set(series("WALCL")))


def first_wednesday(month: Month) -> str | None:
    days = sorted(d for d in TSY if d.startswith(f"{month}-"))
    return days[0] if days else None


@pytest.fixture(autouse=True)
def _snapshot(shipped_snapshot):  # type: ignore[no-untyped-def]
    yield


def run(invoke, *args: str, env=None):  # type: ignore[no-untyped-def]
    result = invoke(["simulate", *args], env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def as_json(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(run(invoke, *args, "--format", "json").stdout)


def test_each_month_carries_the_actual_of_the_next_first_wednesday(invoke):
    data = as_json(invoke, "--months", "12")
    for m in data["months"]:
        day = first_wednesday(Month.parse(m["month"]) + 1)
        assert day is not None  # April 2025 + 12 months all lie inside the shipped data
        assert m["actual"] == {
            "date": day,
            "treasuries": str(TSY[day].normalize()),
            "mbs": str(MBS[day].normalize()),
            "total": str((TSY[day] + MBS[day]).normalize()),
            "reserves": str(RES[day].normalize()),
        }


def test_months_past_the_data_have_no_actual_in_json_and_empty_csv_cells(invoke):
    args = ("--start", "2026-03", "--months", "6", "--follow")
    data = as_json(invoke, *args)
    have = [m["month"] for m in data["months"] if m["actual"] is not None]
    # 2026-03, -04, -05 end on 2026-04-01, -05-06, -06-03; June's end is past 2026-06-17
    assert have == ["2026-03", "2026-04", "2026-05"]
    rows = list(csv.DictReader(run(invoke, *args, "--format", "csv").stdout.splitlines()))
    assert [r["month"] for r in rows if r["actual_total"]] == have
    for r in rows[3:]:
        assert [r[f"actual_{k}"] for k in ("date", "treasuries", "mbs", "total", "reserves")] == [
            ""
        ] * 5


def test_summary_gives_the_error_at_the_last_month_with_data(invoke):
    data = as_json(invoke, "--months", "12")
    v = data["summary"]["model_vs_actual"]
    assert (v["month"], v["observed"]) == ("2026-03", "2026-04-01")
    # By hand: Treasuries fall by the $5B cap 12 times; MBS repay RATE a month (below the cap).
    start = "2025-04-02"
    model = float(TSY[start]) - 60 + float(MBS[start]) * (1 - RATE) ** 12
    actual = TSY["2026-04-01"] + MBS["2026-04-01"]
    assert D(v["actual_total"]) == actual
    assert abs(float(D(v["model_total"])) - model) < 0.01  # the engine rounds each month
    assert D(v["error"]) == D(v["model_total"]) - actual
    expected = model - float(actual)
    assert abs(float(D(v["error_pct"])) - expected / float(actual) * 100) < 0.006
    out = run(invoke, "--months", "12").stdout
    assert f"Model − actual at the end of March 2026: -${-expected:.1f}B" in out


def test_table_puts_actual_beside_the_model_when_wide_and_under_it_when_not(invoke):
    wide = run(invoke, "--months", "12", env={"COLUMNS": "100"}).stdout
    narrow = run(invoke, "--months", "12", env={"COLUMNS": "80"}).stdout
    assert "mdl−act" in wide and "Model beside actual" not in wide
    assert "Model beside actual" in narrow
    assert all(len(line) <= 80 for line in narrow.splitlines())
    block = narrow[narrow.index("Model beside actual") :].splitlines()
    rows = [line.split() for line in block if line[:4].isdigit()]
    assert [r[0] for r in rows] == [str(Month(2025, 4) + i) for i in range(12)]
    day = "2026-04-01"
    assert rows[-1][2] == f"{TSY[day] + MBS[day]:,.1f}"  # the actual total of March's end


def test_given_holdings_have_nothing_beside_them(invoke):
    args = ("--treasuries", "1000", "--mbs", "0", "--months", "3")
    data = as_json(invoke, *args)
    assert all(m["actual"] is None for m in data["months"])
    assert data["summary"]["model_vs_actual"] is None
    assert "Model − actual" not in run(invoke, *args).stdout


def test_zh_tw_summary_in_yi(invoke):
    out = run(invoke, "--months", "12", "--lang", "zh-TW").stdout
    assert "2026年3月底模型減實際：-" in out and "億美元" in out
    assert "模型與實際對照" in out or "實際" in out


# ------------------------------------------------------------------ --start latest


def test_start_latest_starts_from_the_last_week_in_the_data(invoke):
    data = as_json(invoke, "--start", "latest", "--months", "3", "--follow")
    assert data["start"]["observed"] == LAST_WEEK == data["data_as_of"]
    assert D(data["start"]["treasuries"]) == TSY[LAST_WEEK]
    assert D(data["start"]["mbs"]) == MBS[LAST_WEEK]
    assert D(data["liabilities_start"]["reserves"]) == RES[LAST_WEEK]
    day = int(LAST_WEEK[8:])
    week_month = Month.parse(LAST_WEEK[:7])
    # a week after the month's first Wednesday stands for the start of the next month
    assert data["start"]["month"] == str(week_month + (0 if day <= 7 else 1))
    # the regime is the one in force then, and every month is past the data
    assert data["regime"]["end"] is None
    assert all(m["actual"] is None for m in data["months"])


def test_restarting_qt2_caps_from_the_latest_data_names_the_month_below_ample(invoke):
    args = ("--start", "latest", "--regime", "qt2-2022-09", "--months", "60")
    data = as_json(invoke, *args)
    below = data["summary"]["reserves_below_ample"]
    assert below is not None
    ample = D(data["assumptions"]["ample_reserves_pct_gdp"])
    first = next(m for m in data["months"] if D(m["reserves_pct_gdp"]) < ample)
    assert first["month"] == below
    out = run(invoke, *args).stdout
    assert "first below the ample level in " in out


def test_default_run_points_at_the_command_that_projects_from_the_latest_data(invoke):
    out = run(invoke, "--months", "12").stdout
    assert "qt2-2025-04 (the default) ended before the data do" in out
    assert "qt simulate --start latest --follow --months 12" in out
    # what it points at runs, and needs no such note
    latest = run(invoke, "--start", "latest", "--follow", "--months", "12").stdout
    assert "ended before the data do" not in latest
    # an explicit regime is a choice: no note
    assert "ended before" not in run(invoke, "--regime", "qt2-2025-04", "--months", "3").stdout


def test_start_latest_in_compare(invoke):
    result = invoke(["compare", "--start", "latest", "--months", "6", "--format", "json",
                     "--regime rmp-2026-06", "--regime qt2-2022-09"])  # fmt: skip
    if result.exit_code != 0:
        pytest.fail(result.stderr)
    data = json.loads(result.stdout)
    assert data["data_as_of"] == LAST_WEEK
    assert {s["months"][0]["month"] for s in data["scenarios"]} == {
        json.loads(run(invoke, "--start", "latest", "--format", "json").stdout)["months"][0]["month"]
    }


def test_a_bad_start_names_latest_as_the_other_form(invoke):
    result = invoke(["simulate", "--start", "lastest"])
    assert result.exit_code == 2
    assert "YYYY-MM or 'latest'" in result.stderr


def test_the_page_and_its_chart_show_the_actual_beside_the_model(invoke):
    page = run(invoke, "--months", "3", "--format", "html").stdout
    assert "total holdings, actual H.4.1" in page  # the chart's legend (a dashed line)
    assert "stroke-dasharray" in page
    day = first_wednesday(Month(2025, 5))
    assert day is not None
    assert f"{TSY[day] + MBS[day]:,}" in page  # April's actual, exact, in the table
