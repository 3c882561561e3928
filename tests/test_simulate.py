"""`qt simulate`: scenario planning, the report, and the command line.

CLI tests run ``qtcli.cli.app`` through typer's CliRunner with stdout and stderr kept apart and
``COLUMNS=100`` so rich lays tables out the same on every terminal. Holdings come from the
H.4.1 snapshot shipped in ``qtcli/data`` (an empty ``QT_DATA_DIR`` keeps any user cache out).

Expected numbers are worked out by hand in comments. Actual holdings used:
  H.4.1 2025-04-02: TREAST 4,219,049 and WSHOMCB 2,188,999 (USD millions) -> 4219.049 / 2188.999
  H.4.1 2025-10-01: TREAST 4,196,385 and WSHOMCB 2,085,983 -> 4196.385 / 2085.983
Default paydown model (policies.yaml): CPR 5.4%, scheduled amortization 0.25% a month, so
  monthly rate = 0.0025 + 0.9975 * (1 - 0.946^(1/12)) ≈ 0.0071038, recomputed below with math.pow.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import qtcli
from qtcli import actuals, engine
from qtcli import policies as policy_file
from qtcli import series as store
from qtcli import simulate as sim
from qtcli.cli import app
from qtcli.errors import UsageError
from qtcli.model import Month
from qtcli.reports import simulate as report

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures" / "simulate"
SHIPPED_DATA = Path(qtcli.__file__).parent / "data"

# monthly MBS paydown rate of the default assumptions, computed independently of qtcli
RATE = 0.0025 + 0.9975 * (1 - math.pow(1 - 0.054, 1 / 12))

MONTH_KEYS = [
    "month", "regime", "treasuries", "mbs", "total", "treasury_runoff", "mbs_runoff",
    "mbs_paydown", "reinvested", "purchases",
]  # fmt: skip
LIABILITY_KEYS = ["total_assets", "onrrp", "other_liabilities", "reserves", "reserves_pct_gdp"]
ASSET_KEYS = MONTH_KEYS
MONTH_KEYS = ASSET_KEYS + LIABILITY_KEYS
AMOUNT_KEYS = [k for k in MONTH_KEYS if k not in ("month", "regime")]
ACTUAL_KEYS = ["date", "treasuries", "mbs", "total", "reserves"]
JSON_MONTH_KEYS = MONTH_KEYS + ["actual"]  # H.4.1 beside the model: tests/test_versus.py
CSV_KEYS = MONTH_KEYS + [f"actual_{k}" for k in ACTUAL_KEYS]
# a decimal string as qt writes it: no exponent, no trailing zeros, zero as "0"
DECIMAL_TEXT = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")

GIVEN = ["--treasuries", "1000", "--mbs", "0", "--treasury-cap", "100"]  # round-number start


@pytest.fixture(autouse=True)
def shipped_data(tmp_path, monkeypatch):
    """Read the shipped H.4.1 snapshot and policies.yaml, whatever else ran before."""
    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.delenv("QT_POLICIES", raising=False)
    monkeypatch.setattr(store.cache, "SNAPSHOT_DIR", SHIPPED_DATA)
    actuals.weekly.cache_clear()
    actuals._first_of_month.cache_clear()
    yield
    actuals.weekly.cache_clear()
    actuals._first_of_month.cache_clear()


def run_sim(*args: str, env: dict[str, str | None] | None = None):
    """Run `qt simulate ARGS`; an expected outcome never leaves an exception or traceback."""
    base = {
        "COLUMNS": "100", "LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8",
        "NO_COLOR": None, "FORCE_COLOR": None, "QT_POLICIES": None,
    }  # fmt: skip
    result = CliRunner().invoke(app, ["simulate", *args], env={**base, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result


def ok(*args: str, **kw):
    result = run_sim(*args, **kw)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def as_json(*args: str) -> dict:
    return json.loads(ok(*args, "--format", "json").stdout)


def one_error_line(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.endswith("\n")
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("qt: error: ")
    return result.stderr


def column(data: dict, key: str) -> list:
    return [m[key] for m in data["months"]]


def months_of(data: dict) -> list[str]:
    return column(data, "month")


def table_rows(stdout: str) -> list[list[str]]:
    return [line.split() for line in stdout.splitlines() if re.match(r"\d{4}-\d{2}\s", line)]


# --------------------------------------------------------------------------- plan / run


def test_latest_runoff_is_qt2_2025_04():
    # kind: qt regimes in policies.yaml start 2017-10 ... 2024-06, 2025-04: the latest is 2025-04
    assert sim.latest_runoff(policy_file.load()).id == "qt2-2025-04"


def test_plan_defaults_to_the_latest_runoff_and_its_start_holdings():
    s = sim.plan(policy_file.load(), months=12)
    assert s.regime.id == "qt2-2025-04"
    assert s.start.month == Month(2025, 4)
    assert s.start.observed == dt.date(2025, 4, 2)
    assert s.start.holdings == engine.Holdings(D("4219.049"), D("2188.999"))
    assert s.paydown == engine.Paydown(D("0.054"), D("0.0025"))
    assert s.maturities is None and not s.follow


@pytest.mark.parametrize("months", [0, -1, 601, 99999999999])
def test_plan_rejects_months_out_of_range(months):
    with pytest.raises(UsageError, match="--months"):
        sim.plan(policy_file.load(), months=months)


def test_in_force_depends_on_the_day_it_is_run():
    policy = policy_file.load()
    s = sim.plan(policy, months=1, treasuries="1000", mbs="0")
    during = sim.run(policy, s, today=dt.date(2025, 11, 30))  # last month of qt2-2025-04
    assert during.in_force and during.replaced_by is None
    assert "Still in force." in report.header_lines(during, "en")[1]
    after = sim.run(policy, s, today=dt.date(2025, 12, 1))
    assert not after.in_force and after.replaced_by.id == "rmp-2025-12"
    assert "replaced by rmp-2025-12 from 2025-12" in report.header_lines(after, "en")[1]


# --------------------------------------------------------------------------- default run


def test_default_run_header_names_regime_start_holdings_and_assumptions():
    out = ok("--months", "12").stdout
    lines = out.splitlines()
    assert lines[0].startswith("Regime")
    assert "qt2-2025-04" in lines[0] and "(2025-04–2025-11)" in lines[0]
    # qt2-2025-04 ended in November 2025; RMPs took over in December (FACTS §A.1)
    assert "Ended 2025-11; replaced by rmp-2025-12 from 2025-12" in lines[1]
    # 4219.049 + 2188.999 = 6408.048 -> $4.22T + $2.19T = $6.41T
    assert "H.4.1 of 2025-04-02: Treasuries $4.22T + MBS $2.19T = $6.41T" in out
    assert "Treasuries $5B, MBS $35B" in out
    assert "excess → Treasuries" in out
    assert "CPR 5.4%/yr" in out and "0.25%/month scheduled" in out
    assert "0.71% a month" in out  # RATE ≈ 0.0071038
    assert "Treasury cap assumed to bind" in out
    assert "Still in force" not in out


def test_default_run_table_rows_and_first_month():
    out = ok("--months", "12").stdout
    rows = table_rows(out)
    # 12 months from April 2025: 2025-04 ... 2026-03
    assert [r[0] for r in rows] == [str(Month(2025, 4) + i) for i in range(12)]
    # April: Treasuries 4219.049 - 5 = 4214.049 -> 4,214.0
    #        MBS paydown 2188.999 * 0.0071038 ≈ 15.550 < $35B cap -> all runs off
    #        MBS 2188.999 - 15.550 = 2173.449 -> 2,173.4; total 6387.498 -> 6,387.5
    #        change -5 - 15.55 = -20.55 -> -20.6 (ties to even)
    assert round(2188.999 * RATE, 3) == 15.55
    # nothing is reinvested (paydown < cap) and nothing bought in a QT regime: 0.0 and 0.0
    # (at 100 columns the actual and model − actual follow: tests/test_versus.py)
    assert rows[0][:9] == [
        "2025-04",
        "4,214.0",
        "2,173.4",
        "6,387.5",
        "5.0",
        "15.6",
        "0.0",
        "0.0",
        "-20.6",
    ]
    # Treasuries fall by the $5B cap each month: 4219.049 - 60 = 4159.049 after 12 months
    assert rows[-1][1] == "4,159.0"
    assert "Change over 12 months: -$" in out
    assert "Treasuries -$60B" in out


def test_default_table_has_all_nine_columns_and_the_actual_beside_them_at_100_columns():
    out = ok("--months", "12").stdout
    header = next(line for line in out.splitlines() if line.startswith("month"))
    assert header.split() == [
        "month", "Treas.", "MBS", "total", "T", "off", "MBS", "off", "reinv.", "bought", "cum.",
        "chg", "actual", "mdl−act",
    ]  # fmt: skip


def test_default_equals_explicit_regime_and_start():
    assert as_json("--months", "6") == as_json(
        "--months", "6", "--regime", "qt2-2025-04", "--start", "2025-04"
    )


def test_default_json_start_regime_and_assumptions():
    data = as_json("--months", "12")
    assert data["regime"]["id"] == "qt2-2025-04"
    assert data["regime"]["kind"] == "qt"
    assert (data["regime"]["start"], data["regime"]["end"]) == ("2025-04", "2025-11")
    assert data["regime"]["in_force"] is False
    assert data["regime"]["replaced_by"] == "rmp-2025-12"
    assert data["start"] == {
        "month": "2025-04",
        "observed": "2025-04-02",
        "source": "H.4.1",
        "treasuries": "4219.049",
        "mbs": "2188.999",
        "total": "6408.048",
    }
    a = data["assumptions"]
    assert (a["mbs_cpr"], a["mbs_amortization_monthly"]) == ("0.054", "0.0025")
    assert abs(float(a["mbs_paydown_rate_monthly"]) - RATE) < 1e-8
    assert a["treasury_maturities"] == "cap binds"
    assert data["units"] == "USD billions"
    assert months_of(data)[0] == "2025-04" and len(data["months"]) == 12


def test_realistic_mbs_runoff_in_2025():
    # FACTS §B.2: actual MBS declines Apr-Nov 2025 were 16.1, 16.8, 17.7, 17.8, 17.8, 16.9,
    # 16.0, 16.3 (sum 135.4), about half the $35B cap. The model must stay well below the cap.
    data = as_json("--start", "2025-04", "--months", "8")
    runoff = [D(x) for x in column(data, "mbs_runoff")]
    assert len(runoff) == 8
    for value in runoff:
        assert value < 35
        assert D(10) <= value <= D(25)
    assert column(data, "reinvested") == ["0"] * 8  # never above the cap, nothing reinvested
    assert abs(sum(runoff) - D("135.4")) <= D("135.4") * D("0.15")
    # paydowns follow the balance: April's is 2188.999 * 0.0071038 ≈ 15.550
    assert abs(float(runoff[0]) - 2188.999 * RATE) < 0.001
    assert column(data, "treasury_runoff") == ["5"] * 8  # the $5B cap binds


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize("value", ["0", "-1", "601", "abc", "99999999999", "1.5", ""])
def test_months_out_of_range_is_a_usage_error(value):
    err = one_error_line(run_sim("--months", value), 2)
    assert "--months" in err


@pytest.mark.parametrize("value", ["1", "600"])
def test_months_bounds_are_accepted(value):
    data = as_json("--months", value)
    assert len(data["months"]) == int(value)


def test_six_hundred_months_end_in_march_2075():
    # 2025-04 + 599 months = 2075-03; Treasuries 4219.049 - 600 * 5 = 1219.049
    data = as_json("--months", "600")
    last = data["months"][-1]
    assert last["month"] == "2075-03"
    assert last["treasuries"] == "1219.049"


def test_unknown_regime_is_a_usage_error():
    err = one_error_line(run_sim("--regime", "qt9-2099-01"), 2)
    assert "qt9-2099-01" in err
    assert "qt2-2025-04" in err  # names the known ones


def test_start_without_data_is_a_usage_error_with_a_hint():
    err = one_error_line(run_sim("--start", "2030-01"), 2)
    assert "2030-01" in err
    assert "--treasuries" in err and "--mbs" in err  # how to get past it


def test_start_without_data_works_with_given_holdings():
    out = ok("--start", "2030-01", "--treasuries", "100", "--mbs", "50", "--months", "1").stdout
    assert "2030-01, as given: Treasuries $100B + MBS $50B = $150B" in out
    assert "rmp-2026-06" in out  # the regime in force in 2030 (end: null)


@pytest.mark.parametrize("value", ["2025-13", "2025-00", "2025-4", "April", "25-04"])
def test_bad_start_month_is_a_usage_error(value):
    err = one_error_line(run_sim("--start", value), 2)
    assert "--start" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--cpr", "1"],
        ["--cpr", "abc"],
        ["--cpr", "-0.1"],
        ["--treasury-cap", "-5"],
        ["--mbs-cap", "nan"],
        ["--treasuries", "inf", "--mbs", "1"],
        ["--until-total", "lots"],
    ],
)
def test_bad_amounts_are_usage_errors(args):
    err = one_error_line(run_sim(*args), 2)
    assert args[0] in err


@pytest.mark.parametrize(
    "args",
    [
        ["--treasuries", "1", "--mbs", "1e30"],  # InvalidOperation in Paydown.of
        ["--treasuries", "1e999999999", "--mbs", "1"],  # decimal.Overflow in step
        ["--treasuries", "1e30", "--mbs", "1"],  # 1e30 - 5 rounds back to 1e30
        ["--mbs-cap", "1e-400"],  # runoff of 1e-400 lost in the total
    ],
)
def test_extreme_amounts_are_rejected_or_exact(args):
    result = CliRunner().invoke(
        app, ["simulate", "--months", "2", "--format", "json", *args], env={"COLUMNS": "100"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        one_error_line(result, 2)
        return
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    with decimal.localcontext() as ctx:  # exact arithmetic for the check
        ctx.prec, ctx.Emax, ctx.Emin = 100_000, decimal.MAX_EMAX, decimal.MIN_EMIN
        total = D(data["start"]["total"])
        for m in data["months"]:
            change = D(m["purchases"]) - D(m["treasury_runoff"]) - D(m["mbs_runoff"])
            assert total + change == D(m["total"]), m
            total = D(m["total"])


# --------------------------------------------------------------------------- JSON and CSV


def test_json_with_given_holdings_by_hand():
    # T 1000, MBS 0, Treasury cap 100 (cap binds): 900, 800, 700. MBS 0 pays nothing down.
    data = as_json(*GIVEN, "--months", "3")
    assert list(data) == [
        "regime", "start", "assumptions", "liabilities_start", "data_as_of", "units", "months",
        "summary",
    ]  # fmt: skip
    assert all(m["actual"] is None for m in data["months"])  # given holdings: no actual path
    assert data["start"] == {
        "month": "2025-04",
        "observed": None,
        "source": "given",
        "treasuries": "1000",
        "mbs": "0",
        "total": "1000",
    }
    assert data["assumptions"]["treasury_cap_override"] == "100"
    assert data["assumptions"]["mbs_cap_override"] is None
    assert [{k: m[k] for k in ASSET_KEYS} for m in data["months"]] == [
        {
            "month": month,
            "regime": "qt2-2025-04",
            "treasuries": t,
            "mbs": "0",
            "total": t,
            "treasury_runoff": "100",
            "mbs_runoff": "0",
            "mbs_paydown": "0",
            "reinvested": "0",
            "purchases": "0",
        }
        for month, t in [("2025-04", "900"), ("2025-05", "800"), ("2025-06", "700")]
    ]
    # 700 - 1000 = -300, -30% of the start
    assert data["summary"]["total_change"] == "-300"
    assert D(data["summary"]["total_change_pct"]) == D(-30)


def test_json_amounts_are_plain_decimal_strings():
    data = as_json("--months", "24", "--follow")
    for m in data["months"]:
        assert list(m) == JSON_MONTH_KEYS
        for key in AMOUNT_KEYS:
            assert isinstance(m[key], str), (key, m[key])
            assert DECIMAL_TEXT.fullmatch(m[key]), (key, m[key])
    for key in ("treasuries", "mbs", "total"):
        assert DECIMAL_TEXT.fullmatch(data["start"][key])


def test_json_totals_add_up_month_to_month():
    data = as_json("--months", "24", "--follow")
    total = D(data["start"]["total"])
    for m in data["months"]:
        assert D(m["treasuries"]) + D(m["mbs"]) == D(m["total"])
        assert total + D(m["purchases"]) - D(m["treasury_runoff"]) - D(m["mbs_runoff"]) == D(
            m["total"]
        )
        total = D(m["total"])


def test_csv_has_the_json_month_columns_and_values():
    args = ("--months", "4", "--follow", "--start", "2025-10")
    data = as_json(*args)
    text = ok(*args, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_KEYS and list(data["months"][0]) == JSON_MONTH_KEYS
    assert rows[1:] == [
        [m[k] for k in MONTH_KEYS] + [m["actual"][k] for k in ACTUAL_KEYS] for m in data["months"]
    ]
    assert all(cell != "" for row in rows for cell in row)  # zero is "0", never empty


def test_csv_zero_is_printed_as_0():
    text = ok(*GIVEN, "--months", "2", "--format", "csv").stdout
    lines = text.splitlines()
    assert lines[0] == ",".join(CSV_KEYS)
    assert all(line.endswith(",,,,,") for line in lines[1:])  # given holdings: no actual
    assert [",".join(line.split(",")[: len(ASSET_KEYS)]) for line in lines[1:]] == [
        "2025-04,qt2-2025-04,900,0,900,100,0,0,0,0",
        "2025-05,qt2-2025-04,800,0,800,100,0,0,0,0",
    ]


# --------------------------------------------------------------------------- table


def test_table_with_given_holdings_by_hand():
    out = ok(*GIVEN, "--months", "3").stdout
    assert "Start    2025-04, as given: Treasuries $1T + MBS $0B = $1T" in out
    assert "Treasuries $100B, MBS $35B" in out  # the override shows in the rules
    assert table_rows(out) == [
        ["2025-04", "900.0", "0.0", "900.0", "100.0", "0.0", "0.0", "0.0", "-100.0"],
        ["2025-05", "800.0", "0.0", "800.0", "100.0", "0.0", "0.0", "0.0", "-200.0"],
        ["2025-06", "700.0", "0.0", "700.0", "100.0", "0.0", "0.0", "0.0", "-300.0"],
    ]
    # 700 - 1000 = -300 = -30.00% of 1000
    assert "Change over 3 months: -$300B (-30.00% of the start)" in out
    assert "Treasuries -$300B" in out


def test_still_in_force_regime_with_purchases():
    # rmp-2026-06 (end: null): caps 0, buys $10B of Treasuries, MBS paydowns into bills.
    # MBS 100: paydown 100 * 0.0071038 = 0.710 -> T = 1000 + 10 + 0.710 = 1010.71, MBS 99.29.
    args = ("--regime", "rmp-2026-06", "--treasuries", "1000", "--mbs", "100", "--months", "2")
    out = ok(*args).stdout
    assert "Still in force." in out
    assert "replaced" not in out
    assert "buys $10B" in out and "excess → T-bills" in out
    data = as_json(*args)
    assert data["regime"]["in_force"] is True and data["regime"]["replaced_by"] is None
    first = data["months"][0]
    assert (first["treasuries"], first["mbs"], first["total"]) == ("1010.71", "99.29", "1110")
    assert (first["purchases"], first["reinvested"], first["mbs_runoff"]) == ("10", "0.71", "0")
    assert first["treasury_runoff"] == "0"
    # month, Treasuries, MBS, total, T off, MBS off, reinvested 0.71, bought 10, change +10
    assert table_rows(out)[0] == ["2026-06", "1,010.7", "99.3", "1,110.0", "0.0", "0.0", "0.7",
                                  "10.0", "10.0"]  # fmt: skip


def _paydown(balance: float, cpr: float) -> Decimal:
    rate = 0.0025 + 0.9975 * (1 - math.pow(1 - cpr, 1 / 12))
    return D(str(round(balance * rate, 3)))


def test_qt1_reinvests_paydowns_above_the_cap_in_mbs():
    # CPR 50%: rate = 0.0025 + 0.9975 * (1 - 0.5^(1/12)) ≈ 0.058485; on 1000 -> 58.485.
    # qt1-2018-10 caps: Treasuries 30, MBS 20 -> 20 runs off, 38.485 goes back into MBS.
    # T = 1000 - 30 = 970; MBS = 1000 - 20 = 980.
    paid = _paydown(1000, 0.5)
    assert paid == D("58.485")
    args = ("--regime", "qt1-2018-10", "--treasuries", "1000", "--mbs", "1000", "--cpr", "0.5")
    m = as_json(*args, "--months", "1")["months"][0]
    assert (m["treasuries"], m["mbs"]) == ("970", "980")
    assert (m["mbs_paydown"], m["mbs_runoff"], m["reinvested"]) == ("58.485", "20", "38.485")
    out = ok(*args, "--months", "1").stdout
    assert "reinv." in out  # reinvestment shows in the table
    assert table_rows(out)[0] == ["2018-10", "970.0", "980.0", "1,950.0", "30.0", "20.0",
                                  "38.5", "0.0", "-50.0"]  # fmt: skip


def test_june_2024_regime_reinvests_the_excess_in_treasuries():
    # qt2-2024-06: Treasury cap 25, MBS cap 35, excess to Treasuries.
    # Paydown 58.485 -> 35 runs off, 23.485 to Treasuries: T = 1000 - 25 + 23.485 = 998.485,
    # MBS = 1000 - 58.485 = 941.515.
    args = ("--regime", "qt2-2024-06", "--treasuries", "1000", "--mbs", "1000", "--cpr", "0.5")
    m = as_json(*args, "--months", "1")["months"][0]
    assert (m["treasuries"], m["mbs"]) == ("998.485", "941.515")
    assert (m["mbs_runoff"], m["reinvested"]) == ("35", "23.485")


def test_mbs_cap_and_cpr_overrides():
    # --mbs-cap 10, --cpr 0: paydown = 0.25% of 1000 = 2.5 < 10 -> runoff 2.5.
    # --mbs-cap 1: runoff 1, 1.5 to Treasuries (qt2-2025-04): T = 1000 - 5 + 1.5 = 996.5.
    base = ("--treasuries", "1000", "--mbs", "1000", "--cpr", "0", "--months", "1")
    m = as_json(*base, "--mbs-cap", "10")["months"][0]
    assert (m["mbs_paydown"], m["mbs_runoff"], m["mbs"]) == ("2.5", "2.5", "997.5")
    m = as_json(*base, "--mbs-cap", "1")["months"][0]
    assert (m["mbs_runoff"], m["reinvested"], m["treasuries"]) == ("1", "1.5", "996.5")


# --------------------------------------------------------------------------- --follow


def test_follow_switches_from_qt2_to_rmp_in_december_2025():
    # From 2025-10 (H.4.1 2025-10-01: T 4196.385, MBS 2085.983), 4 months:
    #   Oct, Nov: qt2-2025-04, Treasury runoff 5 -> T 4191.385, 4186.385.
    #   Dec, Jan: rmp-2025-12, no runoff, +40 bills + the MBS paydown into bills.
    data = as_json("--follow", "--start", "2025-10", "--months", "4")
    assert data["regime"]["follow"] is True
    assert data["start"]["observed"] == "2025-10-01"
    assert (data["start"]["treasuries"], data["start"]["mbs"]) == ("4196.385", "2085.983")
    assert months_of(data) == ["2025-10", "2025-11", "2025-12", "2026-01"]
    assert column(data, "regime") == ["qt2-2025-04", "qt2-2025-04", "rmp-2025-12", "rmp-2025-12"]
    assert column(data, "treasury_runoff") == ["5", "5", "0", "0"]
    assert column(data, "purchases") == ["0", "0", "40", "40"]
    assert column(data, "mbs_runoff")[2:] == ["0", "0"]
    assert column(data, "treasuries")[:2] == ["4191.385", "4186.385"]
    # every month the MBS balance falls by its paydown (all below the cap, or into bills)
    mbs = 2085.983
    for m in data["months"]:
        assert abs(float(m["mbs_paydown"]) - mbs * RATE) < 0.0011
        mbs -= float(m["mbs_paydown"])
        assert abs(float(m["mbs"]) - mbs) < 1e-6
    t = [D(x) for x in column(data, "treasuries")]
    dec, jan = data["months"][2], data["months"][3]
    # Treasuries grow once RMPs start: +40 purchases + the paydown reinvested in bills
    assert t[2] - t[1] == D(40) + D(dec["mbs_paydown"])
    assert t[3] - t[2] == D(40) + D(jan["mbs_paydown"])
    assert t[2] > t[1] and t[3] > t[2]
    assert dec["reinvested"] == dec["mbs_paydown"]
    # total: -5 - paydown in Oct/Nov, then +40 a month
    assert D(jan["total"]) - D(dec["total"]) == D(40)


def test_follow_header_says_regimes_switch():
    out = ok("--follow", "--start", "2025-10", "--months", "4").stdout
    assert "--follow" in out
    assert [r[0] for r in table_rows(out)] == ["2025-10", "2025-11", "2025-12", "2026-01"]
    assert "bought" in out  # purchases column once RMPs buy


def test_without_follow_the_regime_stays_fixed():
    data = as_json("--start", "2025-10", "--months", "4")
    assert column(data, "regime") == ["qt2-2025-04"] * 4
    assert column(data, "purchases") == ["0"] * 4


# --------------------------------------------------------------------------- --until-total


def test_until_total_reports_the_month_falling():
    # 1000 -> 900 (Apr), 800 (May), 700 (Jun): first at or below 750 is June 2025
    args = (*GIVEN, "--months", "5", "--until-total", "750")
    out = ok(*args).stdout
    assert "Holdings reach $750B in June 2025." in out
    summary = as_json(*args)["summary"]
    assert (summary["until_total"], summary["reached"]) == ("750", "2025-06")


def test_until_total_reports_the_month_rising():
    # rmp-2025-12 from 2025-12, T 1000, +40 a month: 1040, 1080, 1120 -> February 2026
    args = ("--regime", "rmp-2025-12", "--treasuries", "1000", "--mbs", "0", "--months", "5",
            "--until-total", "1100")  # fmt: skip
    assert "Holdings reach $1.1T in February 2026." in ok(*args).stdout
    assert as_json(*args)["summary"]["reached"] == "2026-02"


def test_until_total_not_reached():
    args = (*GIVEN, "--months", "5", "--until-total", "100")  # 500 after 5 months
    assert "Holdings do not reach $100B within 5 months." in ok(*args).stdout
    assert as_json(*args)["summary"]["reached"] is None


# --------------------------------------------------------------------------- --maturities


def test_maturities_yaml_sets_treasury_runoff():
    # cap 60; schedule Apr 41.5, May 12, Jun 75 (> cap), Jul not listed (cap binds)
    # runoff 41.5, 12, 60, 60 -> T 958.5, 946.5, 886.5, 826.5
    path = FIXTURES / "maturities.yaml"
    args = ("--treasuries", "1000", "--mbs", "0", "--treasury-cap", "60", "--months", "4")
    data = as_json(*args, "--maturities", str(path))
    assert column(data, "treasury_runoff") == ["41.5", "12", "60", "60"]
    assert column(data, "treasuries") == ["958.5", "946.5", "886.5", "826.5"]
    assert data["assumptions"]["treasury_maturities"] == str(path)
    # without the schedule the cap binds every month
    assert column(as_json(*args), "treasury_runoff") == ["60"] * 4
    out = ok(*args, "--maturities", str(path)).stdout
    # content, not layout: the header may wrap a long clone path anywhere
    flat = "".join(out.split())
    assert "Treasurymaturitiesfrom" in flat and "maturities.yaml" in flat
    assert "assumedtobind" not in flat


def test_maturities_csv_sets_treasury_runoff():
    # Apr 0, May 7.25, Jun not listed: runoff 0, 7.25, 60 -> T 1000, 992.75, 932.75
    args = ("--treasuries", "1000", "--mbs", "0", "--treasury-cap", "60", "--months", "3",
            "--maturities", str(FIXTURES / "maturities.csv"))  # fmt: skip
    data = as_json(*args)
    assert column(data, "treasury_runoff") == ["0", "7.25", "60"]
    assert column(data, "treasuries") == ["1000", "992.75", "932.75"]


def test_maturities_below_the_default_cap():
    # default cap 5: Apr 0 (CSV) -> no Treasury runoff; May 7.25 > 5 -> 5
    args = ("--treasuries", "1000", "--mbs", "0", "--months", "2",
            "--maturities", str(FIXTURES / "maturities.csv"))  # fmt: skip
    assert column(as_json(*args), "treasury_runoff") == ["0", "5"]


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("bad-month.yaml", 3, "2025-13"),
        ("negative.yaml", 3, "-3"),
        ("bad-amount.csv", 3, "abc"),
    ],
)
def test_broken_maturities_file_is_a_data_error_with_file_and_line(name, line, words):
    path = FIXTURES / name
    err = one_error_line(run_sim("--months", "3", "--maturities", str(path)), 1)
    assert f"{path}:{line}:" in err
    assert words in err


# --------------------------------------------------------------------------- chart, lang, output


def test_chart_draws_one_bar_per_month_end():
    # points: the start (1000), then each month's end, labelled like the table rows:
    # 2025-04 ends at 900, 2025-05 at 800, 2025-06 at 700
    out = ok(*GIVEN, "--months", "3", "--chart").stdout
    bars = [line for line in out.splitlines() if "█" in line]
    assert [b.split()[0] for b in bars] == ["start", "2025-04", "2025-05", "2025-06"]
    assert [b.split()[-1] for b in bars] == ["$1T", "$900B", "$800B", "$700B"]
    lengths = [b.count("█") for b in bars]
    assert lengths == sorted(lengths, reverse=True) and len(set(lengths)) == 4
    assert all(len(b) <= 100 for b in bars)
    assert "█" not in ok(*GIVEN, "--months", "3").stdout


def test_chart_is_not_in_json():
    data = as_json(*GIVEN, "--months", "3", "--chart")
    assert len(data["months"]) == 3


def test_zh_tw_header_uses_yi_and_zhao_in_traditional_characters():
    out = ok("--months", "3", "--lang", "zh-TW").stdout
    header = "\n".join(out.splitlines()[:6])
    assert "政策區間 qt2-2025-04" in header
    assert "rmp-2025-12 接替" in header
    # 4219.049 -> 4.22兆美元; cap 5 -> 50億美元; cap 35 -> 350億美元
    assert "公債 4.22兆美元 + MBS 2.19兆美元 = 6.41兆美元" in header
    assert "公債 50億美元" in header and "MBS 350億美元" in header
    assert "起點" in header
    for simplified in ("区间", "亿", "起点", "债", "设", "无", "还"):
        assert simplified not in out, simplified
    # summary: -61.3 billion = -613億美元
    assert "-613億美元" in out


def test_lang_comes_from_the_locale_when_not_given():
    out = ok("--months", "1", env={"LANG": "zh_TW.UTF-8"}).stdout
    assert out.startswith("政策區間")


def test_output_writes_the_file_and_nothing_on_stdout(tmp_path):
    target = tmp_path / "run.json"
    result = ok("--months", "3", "--format", "json", "--output", str(target))
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == as_json("--months", "3")


def test_output_table_and_csv(tmp_path):
    table = tmp_path / "run.txt"
    assert ok(*GIVEN, "--months", "2", "--output", str(table)).stdout == ""
    text = table.read_text(encoding="utf-8")
    assert "qt2-2025-04" in text and "2025-05" in text and "-200.0" in text
    sheet = tmp_path / "run.csv"
    assert ok(*GIVEN, "--months", "2", "-f", "csv", "-o", str(sheet)).stdout == ""
    assert sheet.read_text(encoding="utf-8").splitlines()[2].startswith(
        "2025-05,qt2-2025-04,800,0,800,100,0,0,0,0,"
    )
