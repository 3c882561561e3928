"""How old the H.4.1 data are: `data_as_of`, the header line, the note on stderr, QT_TODAY.

The conftest pins QT_TODAY a few days after the shipped data end; these tests set other days.
The expected last week is read from the shipped CSV files, not through qtcli.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest

import qtcli

DATA = Path(qtcli.__file__).parent / "data"


def _dates(name: str) -> set[str]:
    with open(DATA / f"{name}.csv", encoding="utf-8") as f:
        return {row[0] for row in list(csv.reader(f))[1:] if row[1] not in ("", ".")}


LAST = max(_dates("WALCL") & _dates("TREAST") & _dates("WSHOMCB") & _dates("WRESBAL"))
LAST_DAY = dt.date.fromisoformat(LAST)
COMMANDS = [
    ["simulate", "--months", "3"],
    ["compare", "--regime qt2-2025-04", "--regime rmp-2026-06", "--months", "3"],
    ["backtest", "qt2"],
    ["balance"],
]


@pytest.fixture(autouse=True)
def _snapshot(shipped_snapshot):  # type: ignore[no-untyped-def]
    yield


def day_after(days: int) -> str:
    return (LAST_DAY + dt.timedelta(days=days)).isoformat()


def note(days: int) -> str:
    return f"qt: note: H.4.1 data end {LAST} ({days} days ago); run 'qt data update' to refresh.\n"


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_json_gives_data_as_of_and_the_table_header_the_date(invoke, args):
    result = invoke([*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["data_as_of"] == LAST
    table = invoke(args)
    assert f"H.4.1 to {LAST}" in table.stdout
    assert table.stderr == ""  # QT_TODAY of the conftest: the data are fresh


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_old_data_get_one_note_on_stderr_and_the_same_exit_code(invoke, args):
    result = invoke(args, env={"QT_TODAY": day_after(172)})
    assert result.exit_code == 0
    assert result.stderr == note(172)
    assert f"H.4.1 to {LAST}" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_stay_silent_when_stderr_is_not_a_terminal(invoke, fmt):
    result = invoke(["simulate", "--format", fmt], env={"QT_TODAY": day_after(172)})
    assert result.exit_code == 0
    assert result.stderr == ""


def test_the_note_comes_after_45_days_not_on_the_45th(invoke):
    assert invoke(["simulate"], env={"QT_TODAY": day_after(45)}).stderr == ""
    assert invoke(["simulate"], env={"QT_TODAY": day_after(46)}).stderr == note(46)


def test_the_note_in_zh_tw(invoke):
    result = invoke(["simulate", "--lang", "zh-TW"], env={"QT_TODAY": day_after(100)})
    assert result.stderr == f"qt: note: H.4.1 資料截至 {LAST}（100 天前）；執行 'qt data update' 以更新。\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_json_on_a_terminal_stderr_gets_the_note(qt_env, tmp_path):
    import pty
    import subprocess

    leader, follower = pty.openpty()
    env = qt_env({"QT_TODAY": day_after(172), "QT_DATA_DIR": str(tmp_path / "empty")})
    proc = subprocess.run(
        [sys.executable, "-m", "qtcli", "simulate", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        timeout=120,
    )
    os.close(follower)
    err = os.read(leader, 4096).decode()
    os.close(leader)
    assert proc.returncode == 0
    json.loads(proc.stdout)  # stdout is still clean JSON
    assert err.replace("\r\n", "\n") == note(172)


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "2026-6-1", "2026-06-01x"])
def test_a_bad_qt_today_is_a_one_line_usage_error(invoke, bad):
    result = invoke(["simulate"], env={"QT_TODAY": bad})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("qt: error: QT_TODAY must be a real date YYYY-MM-DD")
    assert result.stderr.count("\n") == 1


def test_qt_today_decides_whether_a_regime_is_still_in_force(invoke):
    # qt2-2025-04 ran 2025-04 to 2025-11
    during = invoke(["simulate", "--regime", "qt2-2025-04"], env={"QT_TODAY": "2025-11-15"})
    after = invoke(["simulate", "--regime", "qt2-2025-04"], env={"QT_TODAY": "2025-12-01"})
    assert "Still in force." in during.stdout and "Still in force." not in after.stdout
    assert "replaced by rmp-2025-12" in after.stdout


@pytest.mark.parametrize("args", [["balance"], ["backtest", "qt2"], ["history"]])
def test_a_bad_qt_today_stops_every_command_before_it_prints(invoke, args):
    result = invoke(args, env={"QT_TODAY": "2026-13-01"})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "QT_TODAY" in result.stderr
