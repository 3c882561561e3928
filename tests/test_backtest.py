"""`qt backtest`: replay QT1/QT2 through the engine and compare with actual H.4.1 holdings.

Expected values never come from qtcli. They come from:

* tests/fixtures/h41/derived_monthly_change_firstwed.csv (the independent record of actual holdings:
  ``TREAST_end_busd`` / ``WSHOMCB_end_busd`` of row m are the holdings on the first Wednesday of
  m+1, rounded to $0.1B, so they agree with qt's exact figures to within 0.05);
* the caps and regimes of the sources listed in SOURCES.md (the published cap schedules), written
  here by hand in REGIMES, and a small re-implementation of the runoff rule (``replay``);
* the README's "How good is it?" table, copied here by hand (README_END_ERRORS).

Every run reads the H.4.1 snapshot shipped in qtcli/data (an empty QT_DATA_DIR keeps any user
cache out) and COLUMNS=100 (conftest's CLEAN_ENV), so output does not depend on the machine.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

import qtcli
from qtcli import actuals
from qtcli import series as store

D = Decimal
REPO = Path(__file__).resolve().parent.parent
SHIPPED_DATA = Path(qtcli.__file__).parent / "data"
SHIPPED_POLICIES = [REPO / "policies.yaml", REPO / "qtcli" / "policies.yaml"]
# Monthly changes derived outside qt (see fixtures/h41/README.md), kept in the repo so the tests
# run from any clone.
FIRSTWED_CSV = REPO / "tests" / "fixtures" / "h41" / "derived_monthly_change_firstwed.csv"

FIELDS = ("treasuries", "mbs", "total")
MONTH_TEXT = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# a decimal string as qt writes amounts: no exponent, no trailing zeros, zero as "0"
DECIMAL_TEXT = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")
# Simplified characters that must never appear in Traditional Chinese (Taiwan) text.
SIMPLIFIED = set(
    "联资亿国债购买卖计银货币经济发实际调缩减额时间这为对与会进从机构证总关长贷测误设单数据显变个"
)

# The shipped assumptions of policies.yaml (assumptions block).
CPR = 0.054
AMORTIZATION = 0.0025

# Regimes from the published cap schedules (sources in SOURCES.md), by hand:
# (first, last, Treasury cap, Treasury purchases, MBS cap, MBS above the cap goes to, limit)
REGIMES = [
    ("2017-10", "2017-12", 6, 0, 4, "mbs", None),
    ("2018-01", "2018-03", 12, 0, 8, "mbs", None),
    ("2018-04", "2018-06", 18, 0, 12, "mbs", None),
    ("2018-07", "2018-09", 24, 0, 16, "mbs", None),
    ("2018-10", "2019-04", 30, 0, 20, "mbs", None),
    ("2019-05", "2019-07", 15, 0, 20, "mbs", None),
    ("2019-08", "2019-09", 0, 0, 0, "treasuries", 20),  # runoff ended; MBS <= $20B into Treasuries
    ("2019-10", "2020-02", 0, 60, 0, "treasuries", 20),  # plus $60B/month of bill purchases
    ("2022-06", "2022-08", 30, 0, 17.5, "mbs", None),
    ("2022-09", "2024-05", 60, 0, 35, "mbs", None),
    ("2024-06", "2025-03", 25, 0, 35, "treasuries", None),
    ("2025-04", "2025-11", 5, 0, 35, "treasuries", None),
]

# README "How good is it?": end-of-period errors in percent (T, MBS, total, naive MBS).
README_END_ERRORS = {
    "qt2": (D("-1.38"), D("-2.10"), D("-1.62"), D("-37.2")),
    "qt1": (D("-2.41"), D("2.27"), D("-0.45"), D("-4.2")),
}


# ------------------------------------------------------------------------------- helpers


def month_index(text: str) -> int:
    year, month = map(int, text.split("-"))
    return year * 12 + month - 1


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    return [month_text(i) for i in range(month_index(first), month_index(last) + 1)]


def load_firstwed() -> dict[str, dict[str, str]]:
    with FIRSTWED_CSV.open(encoding="utf-8") as f:
        return {row["month"]: row for row in csv.DictReader(f)}


FIRSTWED = load_firstwed()


def csv_end(month: str) -> tuple[Decimal, Decimal]:
    """Holdings (T, MBS) on the first Wednesday of the month after ``month``, per the CSV."""
    row = FIRSTWED[month]
    return D(row["TREAST_end_busd"]), D(row["WSHOMCB_end_busd"])


def csv_start(month: str) -> tuple[Decimal, Decimal]:
    """Holdings (T, MBS) on the first Wednesday of ``month`` itself."""
    return csv_end(month_text(month_index(month) - 1))


def regime_for(month: str) -> tuple:
    for regime in REGIMES:
        if regime[0] <= month <= regime[1]:
            return regime
    raise AssertionError(f"no hand-written regime for {month}")


def monthly_rate(cpr: float) -> float:
    return AMORTIZATION + (1 - AMORTIZATION) * (1 - math.pow(1 - cpr, 1 / 12))


def replay(
    first: str, last: str, cpr: float = CPR, naive: bool = False
) -> list[tuple[str, float, float]]:
    """Independent runoff from the CSV holdings through REGIMES: (month, T, MBS) at each end."""
    t, m = (float(v) for v in csv_start(first))
    rate = monthly_rate(cpr)
    out = []
    for month in months_between(first, last):
        _, _, t_cap, t_buy, m_cap, target, limit = regime_for(month)
        t = t - min(t_cap, t) + t_buy
        paid = min(m_cap, m) if naive else m * rate
        runs_off = min(m_cap, paid)
        excess = paid - runs_off
        if target == "mbs":
            to_treasuries = 0.0
        else:
            to_treasuries = excess if limit is None else min(excess, limit)
        m = m - paid + (excess - to_treasuries)
        t += to_treasuries
        out.append((month, t, m))
    return out


def pct(predicted: Decimal, actual: Decimal) -> Decimal:
    return (predicted - actual) / actual * 100


def assert_clean_exit(result, code: int) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def run_ok(invoke, *args: str):  # type: ignore[no-untyped-def]
    result = invoke(["backtest", *args])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    return result


def bt_json(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(run_ok(invoke, *args, "--format", "json").stdout)


def table_rows(text: str) -> dict[str, list[str]]:
    """Month rows of the per-month table (not the chart), split into cells."""
    return {
        line.split()[0]: line.split()
        for line in text.splitlines()
        if MONTH_TEXT.match(line) and "│" not in line
    }


def chart_rows(text: str) -> dict[str, str]:
    """Chart rows: month -> the plot area after the axis."""
    return {
        line.split()[0]: line.split("│", 1)[1]
        for line in text.splitlines()
        if MONTH_TEXT.match(line) and "│" in line
    }


def policies_without(regime_id: str) -> str:
    """The shipped policies.yaml text with one regime's block cut out."""
    text = SHIPPED_POLICIES[0].read_text(encoding="utf-8")
    start = text.index(f"  - id: {regime_id}\n")
    end = text.index("  - id: ", start + 1)
    return text[:start] + text[end:]


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", autouse=True)
def shipped_data(tmp_path_factory):
    """The shipped H.4.1 snapshot and policies, whatever else ran before in this process."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QT_DATA_DIR", str(tmp_path_factory.mktemp("empty-cache")))
        mp.delenv("QT_POLICIES", raising=False)
        mp.setattr(store.cache, "SNAPSHOT_DIR", SHIPPED_DATA)
        actuals.weekly.cache_clear()
        actuals._first_of_month.cache_clear()
        yield
        actuals.weekly.cache_clear()
        actuals._first_of_month.cache_clear()


@pytest.fixture(scope="module")
def qt1(shipped_data, invoke) -> dict:  # type: ignore[no-untyped-def]
    return bt_json(invoke, "qt1")


@pytest.fixture(scope="module")
def qt2(shipped_data, invoke) -> dict:  # type: ignore[no-untyped-def]
    return bt_json(invoke, "qt2")


@pytest.fixture(scope="module")
def results(qt1, qt2) -> dict[str, dict]:
    return {"qt1": qt1, "qt2": qt2}


@pytest.fixture(scope="module")
def qt1_table(shipped_data, invoke) -> str:  # type: ignore[no-untyped-def]
    return run_ok(invoke, "qt1", "--chart").stdout


@pytest.fixture(scope="module")
def qt2_table(shipped_data, invoke) -> str:  # type: ignore[no-untyped-def]
    return run_ok(invoke, "qt2").stdout


# ------------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("name", "first", "last", "count"),
    [("qt1", "2017-10", "2019-07", 22), ("qt2", "2022-06", "2025-11", 42)],
)
def test_named_periods_cover_the_issue_months(results, name, first, last, count):
    doc = results[name]
    assert doc["period"]["from"] == first
    assert doc["period"]["to"] == last
    assert doc["period"]["name"] == name
    months = [m["month"] for m in doc["months"]]
    assert months == months_between(first, last)
    assert len(months) == count


def test_the_default_period_is_qt2(invoke, qt2):
    assert bt_json(invoke) == qt2


def test_from_and_to_select_any_range(invoke):
    doc = bt_json(invoke, "--from", "2023-01", "--to", "2023-06")
    assert (doc["period"]["from"], doc["period"]["to"]) == ("2023-01", "2023-06")
    assert [m["month"] for m in doc["months"]] == months_between("2023-01", "2023-06")
    # it starts from the holdings of 2023-01 itself, not from QT2's start
    for row, (month, t, m) in zip(doc["months"], replay("2023-01", "2023-06"), strict=True):
        assert row["month"] == month
        assert abs(float(row["predicted"]["treasuries"]) - t) < 0.1, month
        assert abs(float(row["predicted"]["mbs"]) - m) < 0.1, month


def test_a_single_month_range(invoke):
    doc = bt_json(invoke, "--from", "2024-06", "--to", "2024-06")
    assert [m["month"] for m in doc["months"]] == ["2024-06"]


def test_from_overrides_the_start_of_a_named_period(invoke, qt1):
    doc = bt_json(invoke, "qt1", "--from", "2018-10")
    assert [m["month"] for m in doc["months"]] == months_between("2018-10", "2019-07")
    # a fresh start from actual holdings: the first month is nearly exact, unlike the full run's
    first = doc["months"][0]
    start_t, _ = csv_start("2018-10")
    assert abs(D(first["predicted"]["treasuries"]) - (start_t - 30)) <= D("0.05")
    assert first["predicted"] != qt1["months"][12]["predicted"]


# ------------------------------------------------------------------------------- JSON shape


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_json_has_the_documented_shape(results, name):
    doc = results[name]
    assert {"period", "assumptions", "months", "summary"} <= set(doc)
    for entry in doc["months"]:
        assert {"month", "predicted", "actual", "error"} <= set(entry)
        assert MONTH_TEXT.fullmatch(entry["month"])
        for kind in ("predicted", "actual", "error"):
            assert list(entry[kind]) == list(FIELDS), (entry["month"], kind)
            for value in entry[kind].values():
                assert isinstance(value, str) and DECIMAL_TEXT.fullmatch(value), value
    assert list(doc["summary"]) == ["model", "naive"]
    for which in ("model", "naive"):
        assert set(doc["summary"][which]) == {"mean_abs_error", "end_error"}
        for stat in ("mean_abs_error", "end_error"):
            triple = doc["summary"][which][stat]
            assert list(triple) == list(FIELDS)
            assert all(isinstance(v, str) and DECIMAL_TEXT.fullmatch(v) for v in triple.values())


def test_json_assumptions_are_the_shipped_defaults(qt2):
    a = qt2["assumptions"]
    assert D(a["mbs_cpr"]) == D("0.054")
    assert D(a["mbs_amortization_monthly"]) == D("0.0025")


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_totals_are_treasuries_plus_mbs(results, name):
    for entry in results[name]["months"]:
        for kind in ("predicted", "actual"):
            t = entry[kind]
            assert D(t["total"]) == D(t["treasuries"]) + D(t["mbs"]), (entry["month"], kind)


# ------------------------------------------------------------------------------- actual holdings


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_actual_is_the_first_wednesday_of_the_next_month(results, name):
    for entry in results[name]["months"]:
        month = entry["month"]
        t, m = csv_end(month)
        assert abs(D(entry["actual"]["treasuries"]) - t) <= D("0.05"), month
        assert abs(D(entry["actual"]["mbs"]) - m) <= D("0.05"), month
        assert entry["observed"] == FIRSTWED[month]["end_obs"], month


@pytest.mark.parametrize(
    ("month", "treasuries", "mbs"),
    [  # the fixture CSV: holdings on the first Wednesday of the next month
        ("2022-06", "5744.3", "2709.3"),
        ("2022-07", "5719.1", "2717.6"),
        ("2025-10", "4192.7", "2070.0"),
        ("2025-11", "4188.7", "2053.7"),
    ],
)
def test_a_few_actual_months_by_hand(qt2, month, treasuries, mbs):
    entry = next(e for e in qt2["months"] if e["month"] == month)
    assert abs(D(entry["actual"]["treasuries"]) - D(treasuries)) <= D("0.05")
    assert abs(D(entry["actual"]["mbs"]) - D(mbs)) <= D("0.05")


@pytest.mark.parametrize(
    ("name", "first", "t_cap", "m_cap"),
    # In the first month of both periods MBS paydowns (~0.71% of $1.77T / $2.71T) exceed the cap.
    [("qt1", "2017-10", 6, 4), ("qt2", "2022-06", 30, D("17.5"))],
)
def test_the_first_prediction_starts_from_the_first_wednesday_holdings(
    results, name, first, t_cap, m_cap
):
    start_t, start_m = csv_start(first)  # CSV row of the month before: its *_end_busd
    predicted = results[name]["months"][0]["predicted"]
    assert abs(D(predicted["treasuries"]) + t_cap - start_t) <= D("0.05")
    assert abs(D(predicted["mbs"]) + m_cap - start_m) <= D("0.05")


# ------------------------------------------------------------------------------- the engine path


@pytest.mark.parametrize(
    ("args", "first", "last"),
    [
        (["qt1"], "2017-10", "2019-07"),
        (["qt2"], "2022-06", "2025-11"),
        # across the end of QT1 into reinvestment (MBS <= $20B into Treasuries) and bill buying
        (["--from", "2019-05", "--to", "2020-01"], "2019-05", "2020-01"),
    ],
    ids=["qt1", "qt2", "2019-05..2020-01"],
)
def test_predictions_follow_the_regimes(invoke, results, args, first, last):
    doc = results[args[0]] if args[0] in results else bt_json(invoke, *args)
    expected = replay(first, last)
    assert len(doc["months"]) == len(expected)
    for entry, (month, t, m) in zip(doc["months"], expected, strict=True):
        assert entry["month"] == month
        assert abs(float(entry["predicted"]["treasuries"]) - t) < 0.1, (month, entry, t)
        assert abs(float(entry["predicted"]["mbs"]) - m) < 0.1, (month, entry, m)


def test_cpr_option_changes_the_mbs_path_only(invoke, qt2):
    doc = bt_json(invoke, "qt2", "--cpr", "0.08")
    assert D(doc["assumptions"]["mbs_cpr"]) == D("0.08")
    expected = replay("2022-06", "2025-11", 0.08)
    for entry, base, (month, _, m) in zip(doc["months"], qt2["months"], expected, strict=True):
        assert entry["predicted"]["treasuries"] == base["predicted"]["treasuries"], month
        assert abs(float(entry["predicted"]["mbs"]) - m) < 0.1, month
    assert D(doc["months"][-1]["predicted"]["mbs"]) < D(qt2["months"][-1]["predicted"]["mbs"]) - 100


def test_the_policies_option_supplies_the_assumptions(invoke, tmp_path):
    copy = tmp_path / "p.yaml"
    text = SHIPPED_POLICIES[0].read_text(encoding="utf-8")
    assert "    value: 0.054\n" in text
    copy.write_text(text.replace("    value: 0.054\n", "    value: 0.03\n"), encoding="utf-8")
    doc = bt_json(invoke, "qt2", "--policies", str(copy))
    assert D(doc["assumptions"]["mbs_cpr"]) == D("0.03")
    for entry, (month, _, m) in zip(doc["months"], replay("2022-06", "2025-11", 0.03), strict=True):
        assert abs(float(entry["predicted"]["mbs"]) - m) < 0.1, month


# ------------------------------------------------------------------------------- errors and summary


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_error_is_percent_of_actual(results, name):
    months = results[name]["months"]
    for entry in [months[0], months[1], months[len(months) // 2], months[-2], months[-1]]:
        for f in FIELDS:
            expected = pct(D(entry["predicted"][f]), D(entry["actual"][f]))
            assert abs(D(entry["error"][f]) - expected) <= D("0.001"), (entry["month"], f)


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_model_summary_is_mean_abs_and_last_month(results, name):
    doc = results[name]
    months = doc["months"]
    model = doc["summary"]["model"]
    for f in FIELDS:
        exact = [pct(D(e["predicted"][f]), D(e["actual"][f])) for e in months]
        mae = sum(abs(x) for x in exact) / len(exact)
        assert abs(D(model["mean_abs_error"][f]) - mae) <= D("0.001"), f
        assert abs(D(model["end_error"][f]) - exact[-1]) <= D("0.001"), f


@pytest.mark.parametrize(
    ("name", "first", "last"), [("qt1", "2017-10", "2019-07"), ("qt2", "2022-06", "2025-11")]
)
def test_naive_summary_is_every_cap_hit(results, name, first, last):
    """Naive: MBS falls by the full cap every month; Treasuries as in the model (the cap binds)."""
    doc = results[name]
    naive = doc["summary"]["naive"]
    errors = []
    for month, _, m in replay(first, last, naive=True):
        actual = float(csv_end(month)[1])
        errors.append((m - actual) / actual * 100)
    assert abs(float(naive["end_error"]["mbs"]) - errors[-1]) < 0.01
    assert abs(float(naive["mean_abs_error"]["mbs"]) - sum(map(abs, errors)) / len(errors)) < 0.01
    model = doc["summary"]["model"]
    assert naive["mean_abs_error"]["treasuries"] == model["mean_abs_error"]["treasuries"]
    assert naive["end_error"]["treasuries"] == model["end_error"]["treasuries"]


def test_qt2_naive_end_mbs_by_hand(qt2):
    # start 2707.4 (2022-06-01), caps 3 x 17.5 + 39 x 35 = 1417.5 -> 1289.9; actual 2053.7
    assert abs(D(qt2["summary"]["naive"]["end_error"]["mbs"]) - D("-37.19")) < D("0.01")


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_naive_mbs_error_is_larger_than_the_models(results, name):
    summary = results[name]["summary"]
    model, naive = summary["model"], summary["naive"]
    assert D(naive["mean_abs_error"]["mbs"]) > D(model["mean_abs_error"]["mbs"])
    assert abs(D(naive["end_error"]["mbs"])) > abs(D(model["end_error"]["mbs"]))
    assert D(naive["mean_abs_error"]["total"]) > D(model["mean_abs_error"]["total"])


# ------------------------------------------------------------------------------- accuracy targets


def test_qt2_end_targets_from_the_summary(qt2):
    end = qt2["summary"]["model"]["end_error"]
    assert abs(D(end["treasuries"])) < 2
    assert abs(D(end["mbs"])) < 3
    assert abs(D(end["total"])) < 2


def test_qt2_end_targets_against_the_csv(qt2):
    last = qt2["months"][-1]
    assert last["month"] == "2025-11"
    t, m = D(FIRSTWED["2025-11"]["TREAST_end_busd"]), D(FIRSTWED["2025-11"]["WSHOMCB_end_busd"])
    assert (t, m) == (D("4188.7"), D("2053.7"))  # FACTS.md §B.2 / CSV, first Wednesday 2025-12-03
    p_t, p_m = D(last["predicted"]["treasuries"]), D(last["predicted"]["mbs"])
    assert abs(pct(p_t, t)) < 2
    assert abs(pct(p_m, m)) < 3
    assert abs(pct(p_t + p_m, t + m)) < 2


@pytest.mark.parametrize("name", ["qt1", "qt2"])
def test_the_readme_table_matches_the_json(results, name):
    t, m, total, naive_m = README_END_ERRORS[name]
    summary = results[name]["summary"]
    end = summary["model"]["end_error"]

    def agrees(value: str, shown: Decimal) -> bool:  # within half a unit of the README's last digit
        half = D(1).scaleb(shown.as_tuple().exponent) / 2
        return abs(D(value) - shown) <= half

    assert agrees(end["treasuries"], t), (end["treasuries"], t)
    assert agrees(end["mbs"], m), (end["mbs"], m)
    assert agrees(end["total"], total), (end["total"], total)
    assert agrees(summary["naive"]["end_error"]["mbs"], naive_m)


# ------------------------------------------------------------------------------- table and chart


def test_english_table_shows_every_month_and_the_summary(qt1, qt1_table):
    out = qt1_table
    assert "qt1" in out and "2017-10" in out and "2019-07" in out
    for head in ("T mdl", "T act", "MBS mdl", "MBS act", "tot err%", "avg MBS", "end tot"):
        assert head in out, head
    rows = table_rows(out)
    assert list(rows) == [e["month"] for e in qt1["months"]]
    first = rows["2017-10"]
    entry = qt1["months"][0]
    assert D(first[1].replace(",", "")) == D(entry["predicted"]["treasuries"]).quantize(D(1))
    assert D(first[2].replace(",", "")) == D(entry["actual"]["treasuries"]).quantize(D(1))
    summary = {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line.split()[:1] in (["model"], ["naive"])
    }
    for which in ("model", "naive"):
        s = qt1["summary"][which]
        shown = [D(v) for v in summary[which]]
        json_values = [D(s[stat][f]) for stat in ("mean_abs_error", "end_error") for f in FIELDS]
        assert len(shown) == 6
        for a, b in zip(shown, json_values, strict=True):
            assert abs(a - b) <= D("0.0051"), (which, shown, json_values)
    assert all(len(line) <= 100 for line in out.splitlines())


def test_table_errors_are_the_exact_errors_rounded_once(qt1, qt2, qt1_table, qt2_table):
    wrong = []
    for doc, text in ((qt1, qt1_table), (qt2, qt2_table)):
        rows = table_rows(text)
        for entry in doc["months"]:
            cells = rows[entry["month"]]
            for f, column in (("treasuries", 3), ("mbs", 6), ("total", 7)):
                exact = pct(D(entry["predicted"][f]), D(entry["actual"][f]))
                if D(cells[column]) != exact.quantize(D("0.01"), ROUND_HALF_UP):
                    wrong.append((entry["month"], f, cells[column], exact))
    assert wrong == []


def test_chart_draws_predicted_against_actual(qt1, qt1_table):
    chart = chart_rows(qt1_table)
    assert list(chart) == [e["month"] for e in qt1["months"]]
    assert "● actual" in qt1_table and "○ model" in qt1_table
    totals = [D(e[k]["total"]) for e in qt1["months"] for k in ("predicted", "actual")]
    assert "$3.58T" in qt1_table and "$4.23T" in qt1_table  # min 3576.5 and max 4230.5 (JSON)
    assert min(totals) == D(qt1["months"][-1]["predicted"]["total"])
    assert max(totals) == D(qt1["months"][0]["actual"]["total"])
    spots = {}
    for entry in qt1["months"]:
        plot = chart[entry["month"]]
        if "◉" in plot:
            spots[entry["month"]] = (plot.index("◉"), plot.index("◉"))
            continue
        model, actual = plot.index("○"), plot.index("●")
        spots[entry["month"]] = (model, actual)
        # every QT1 prediction is below the actual total: the model mark is left of the actual
        assert D(entry["predicted"]["total"]) < D(entry["actual"]["total"])
        assert model < actual, entry["month"]
    # the smallest value (the last prediction) sits at the left edge, the largest at the right
    assert spots["2019-07"][0] == 0
    assert max(a for _, a in spots.values()) == spots["2017-10"][1]
    assert max(m for m, _ in spots.values()) < spots["2017-10"][1]


def test_no_chart_without_the_option(qt2_table):
    assert chart_rows(qt2_table) == {}
    assert "● actual" not in qt2_table


def test_traditional_chinese_table(invoke, qt1):
    out = run_ok(invoke, "qt1", "--lang", "zh-TW", "--chart").stdout
    for word in ("回測", "模型", "天真模型", "公債模型", "公債實際", "誤差", "期末合計", "● 實際"):
        assert word in out, word
    for english in ("Backtest", "T mdl", "naive", "avg MBS", "● actual"):
        assert english not in out, english
    assert not SIMPLIFIED & set(out), sorted(SIMPLIFIED & set(out))
    assert list(table_rows(out)) == [e["month"] for e in qt1["months"]]


def test_traditional_chinese_calibration(invoke):
    args = ["--calibrate", "--from", "2023-01", "--to", "2025-11", "--lang", "zh-TW"]
    out = run_ok(invoke, *args).stdout
    assert "校準" in out and "5.44%" in out
    assert not SIMPLIFIED & set(out), sorted(SIMPLIFIED & set(out))


# ------------------------------------------------------------------------------- CSV and --output


def test_csv_output(invoke, qt2):
    out = run_ok(invoke, "qt2", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "month", "observed",
        "predicted_treasuries", "predicted_mbs", "predicted_total",
        "actual_treasuries", "actual_mbs", "actual_total",
        "error_treasuries", "error_mbs", "error_total",
    ]  # fmt: skip
    assert len(rows) == 1 + 42
    for row, entry in zip(rows[1:], qt2["months"], strict=True):
        assert row[0] == entry["month"]
        assert row[1] == entry["observed"]
        values = [entry[k][f] for k in ("predicted", "actual", "error") for f in FIELDS]
        assert [D(v) for v in row[2:]] == [D(v) for v in values]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_output_file_holds_what_stdout_would(invoke, tmp_path, fmt):
    target = tmp_path / f"bt.{fmt}"
    shown = run_ok(invoke, "qt1", "--format", fmt).stdout
    written = run_ok(invoke, "qt1", "--format", fmt, "--output", str(target))
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == shown
    if fmt == "json":
        assert json.loads(target.read_text(encoding="utf-8"))["period"]["name"] == "qt1"


# ------------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["qt3"], "qt3"),
        (["--from", "2025-13"], "2025-13"),
        (["--from", "2024-01", "--to", "2023-01"], "2023-01"),
        (["--from", "2001-01"], "2001-01"),
        (["--to", "2030-01"], "2030-01"),
        (["--from", "2001-01", "--to", "2001-06"], "2001-01"),
        (["--cpr", "abc"], "abc"),
        (["--cpr", "1.5"], "1.5"),
        (["--cpr", "-0.1"], "-0.1"),
        (["--calibrate", "--from", "2025-13"], "2025-13"),
        (["--calibrate", "qt9"], "qt9"),
    ],
    ids=[
        "period",
        "month-13",
        "to-before-from",
        "before-data",
        "after-data",
        "all-before-data",
        "cpr-text",
        "cpr-too-big",
        "cpr-negative",
        "calibrate-month",
        "calibrate-period",
    ],  # fmt: skip
)
def test_usage_errors_exit_2_with_one_line(invoke, args, fragment):
    result = invoke(["backtest", *args])
    assert_clean_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr.startswith("qt: error: ")
    assert result.stderr.count("\n") == 1
    assert fragment in result.stderr


def test_usage_error_from_a_real_process(run_qt, tmp_path):
    proc = run_qt(["backtest", "--to", "2030-01"], env={"QT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("qt: error: ")
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_a_month_without_a_regime_is_a_usage_error(invoke, tmp_path):
    gappy = tmp_path / "gap.yaml"
    # no regime covers 2024-06..2025-03
    gappy.write_text(policies_without("qt2-2024-06"), encoding="utf-8")
    result = invoke(["backtest", "qt2", "--policies", str(gappy)])
    assert_clean_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "2024-06" in result.stderr
    # the same file is fine for a period it does cover
    assert_clean_exit(invoke(["backtest", "qt1", "--policies", str(gappy)]), 0)


# ------------------------------------------------------------------------------- --calibrate


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "args", [[], ["--format", "json"], ["qt1"], ["--from", "2023-01", "--to", "2025-11"]]
)
def test_calibrate_never_rewrites_the_shipped_policies(invoke, args):
    before = {p: digest(p) for p in SHIPPED_POLICIES}
    run_ok(invoke, "--calibrate", *args)
    assert {p: digest(p) for p in SHIPPED_POLICIES} == before


def test_calibrate_never_rewrites_the_policies_option_file(invoke, tmp_path):
    copy = tmp_path / "mine.yaml"
    text = SHIPPED_POLICIES[0].read_text(encoding="utf-8")
    text = text.replace("    value: 0.054\n", "    value: 0.08\n")
    copy.write_text(text, encoding="utf-8")
    before = copy.read_bytes()
    args = ["--calibrate", "--policies", str(copy), "--format", "json"]
    doc = json.loads(run_ok(invoke, *args).stdout)
    assert D(doc["policies_mbs_cpr"]) == D("0.08")  # it did read the copy
    table = run_ok(invoke, "--calibrate", "--policies", str(copy)).stdout
    assert "CPR 8%" in table
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]


def test_calibrate_reproduces_the_policies_cpr(invoke):
    """policies.yaml: 'Reproduce with qt backtest --calibrate --from 2023-01 --to 2025-11'."""
    args = ["--calibrate", "--from", "2023-01", "--to", "2025-11"]
    doc = json.loads(run_ok(invoke, *args, "--format", "json").stdout)
    # independent fit from the CSV: MBS decline / MBS at the start of the month, all 35 months
    # below the $35B cap
    months = months_between("2023-01", "2025-11")
    runoff = sum(-float(FIRSTWED[m]["dWSHOMCB_busd"]) for m in months)
    balance = sum(float(csv_start(m)[1]) for m in months)
    rate = runoff / balance
    cpr = 1 - (1 - (rate - AMORTIZATION) / (1 - AMORTIZATION)) ** 12
    assert doc["months_used"] == 35
    assert doc["months_skipped_capped"] == 0
    assert abs(float(doc["fit"]["mbs_paydown_rate_monthly"]) - rate) < 5e-5
    assert abs(float(doc["fit"]["mbs_cpr"]) - cpr) < 5e-4
    assert D(doc["fit"]["mbs_amortization_monthly"]) == D("0.0025")
    assert round(float(doc["fit"]["mbs_cpr"]), 3) == CPR  # the 5.4% shipped in policies.yaml
    assert D(doc["policies_mbs_cpr"]) == D("0.054")
    table = run_ok(invoke, *args).stdout
    assert "5.44%" in table and "35" in table


def test_calibrate_csv(invoke):
    out = run_ok(invoke, "--calibrate", "qt1", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["from", "to", "months_used"]
    assert "mbs_cpr" in rows[0]
    assert rows[1][:2] == ["2017-10", "2019-07"]
    assert len(rows) == 2


def test_calibrate_qt1_uses_only_months_with_runoff(invoke):
    doc = json.loads(run_ok(invoke, "--calibrate", "qt1", "--format", "json").stdout)
    months = months_between("2017-10", "2019-07")
    falling = [m for m in months if D(FIRSTWED[m]["dWSHOMCB_busd"]) < 0]
    assert doc["months_used"] + doc["months_skipped_capped"] == len(falling) == 21
    assert doc["months_skipped_capped"] > 0  # QT1 paydowns often reached the cap (README)


def test_calibrate_fits_a_period_where_paydowns_went_into_treasuries(invoke):
    args = ["backtest", "--calibrate", "--from", "2010-08", "--to", "2011-09", "--format", "json"]
    result = invoke(args)
    assert_clean_exit(result, 0)
    doc = json.loads(result.stdout)
    months = months_between("2010-08", "2011-09")
    runoff = sum(-float(FIRSTWED[m]["dWSHOMCB_busd"]) for m in months)
    rate = runoff / sum(float(csv_start(m)[1]) for m in months)
    assert doc["months_used"] == len(months)
    assert abs(float(doc["fit"]["mbs_paydown_rate_monthly"]) - rate) < 1e-4
