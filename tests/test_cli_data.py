"""`qt data status` and `qt data update` through the real root app (exit codes, stdout, stderr).

The local FRED server, the fixtures and the fault list come from test_datastore.py; every
download goes to 127.0.0.1 only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import test_datastore as ds  # noqa: E402  (the local FRED server and its fixtures)

FAULTS, SERIES, FredServer, dir_state, closed_port, served = (
    ds.FAULTS, ds.SERIES, ds.FredServer, ds.dir_state, ds.closed_port, ds.served,
)  # fmt: skip
# pytest finds fixtures by module attribute: reuse test_datastore's.
no_internet, isolated, cache, server, primed = (
    ds.no_internet, ds.isolated, ds.cache, ds.server, ds.primed,
)  # fmt: skip

REPO = Path(__file__).resolve().parent.parent


def assert_one_error_line(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("qt: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# --------------------------------------------------------------------------- status


def test_status_json_before_any_update(cache, invoke):
    result = invoke(["data", "status", "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert data["cache_dir"] == str(cache)
    assert [s["series"] for s in data["series"]] == list(SERIES)
    walcl = data["series"][0]
    assert walcl["in_use"] == "snapshot" and walcl["snapshot"]["in_use"] is True
    assert walcl["snapshot"]["as_of"] == "2026-06-17" and walcl["snapshot"]["observations"] == 30
    assert walcl["cache"] == {
        "in_use": False, "present": False, "path": str(cache / "WALCL.csv"), "url": None,
        "fetched": None, "first": None, "as_of": None, "observations": None, "problem": None,
    }  # fmt: skip
    assert not cache.exists()  # status never creates the cache dir


def test_status_csv(cache, invoke):
    result = invoke(["data", "status", "-f", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 * len(SERIES)  # a snapshot and a cache row per series
    assert {(r["series"], r["source"], r["in_use"]) for r in rows} >= {
        ("WALCL", "snapshot", "yes"),
        ("WALCL", "cache", "no"),
    }
    units = {r["series"]: r["units"] for r in rows}
    assert units["RRPONTSYD"] == "USD billions" and units["WALCL"] == "USD millions"


def test_status_table(cache, invoke):
    result = invoke(["data", "status"])
    assert result.exit_code == 0 and result.stderr == ""
    for series in SERIES:
        assert series in result.stdout
    # content, not layout: the line may wrap anywhere after a long cache path
    assert "noneyet:run'qtdataupdate'" in "".join(result.stdout.split())


def test_status_to_file(cache, tmp_path, invoke):
    target = tmp_path / "status.json"
    result = invoke(["data", "status", "-f", "json", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["series"][4]["series"] == "RRPONTSYD"


def test_status_reports_corrupt_cache_and_uses_snapshot(cache, invoke):
    cache.mkdir()
    (cache / "TREAST.csv").write_bytes(b"observation_date,TREAST\n2026-07-08,[/x]oops\n")
    result = invoke(["data", "status", "-f", "json"])
    assert result.exit_code == 0
    treast = json.loads(result.stdout)["series"][1]
    assert treast["in_use"] == "snapshot"
    assert treast["cache"]["problem"].startswith(f"{cache / 'TREAST.csv'}:2: TREAST: value")
    table = invoke(["data", "status"])
    assert (
        table.exit_code == 0 and "Traceback" not in table.stderr
    )  # rich markup in the problem is escaped
    assert "TREAST cache unusable" in table.stdout


# --------------------------------------------------------------------------- update


def test_update_then_status(server, cache, invoke):
    result = invoke(["data", "update", "--base-url", server.base, "--timeout", "5", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    generation = ds.cache_files(cache)
    summary = json.loads(result.stdout)
    assert summary["cache_dir"] == str(cache)
    assert [u["series"] for u in summary["updated"]] == list(SERIES)
    assert summary["updated"][0] == {
        "series": "WALCL", "as_of": "2026-07-08", "observations": 33,
        "previous_as_of": "2026-06-17", "previous_source": "snapshot",
        "url": server.url("WALCL"), "path": str(generation / "WALCL.csv"),
    }  # fmt: skip
    data = json.loads(invoke(["data", "status", "-f", "json"]).stdout)
    for entry in data["series"]:
        assert entry["in_use"] == "cache"
        assert entry["cache"]["as_of"] == ("2026-07-01" if entry["series"] == "GDP" else "2026-07-08")
        assert entry["cache"]["url"] == server.url(entry["series"])
        assert entry["cache"]["path"] == str(generation / f"{entry['series']}.csv")
    table = " ".join(invoke(["data", "status"]).stdout.split())
    assert f"from {server.base}/graph/fredgraph.csv?id=<SERIES>" in table


def test_update_table_and_csv(server, cache, invoke):
    table = invoke(["data", "update", "--base-url", server.base])
    assert table.exit_code == 0 and table.stderr == ""
    assert "RRPONTSYD" in table.stdout and "2026-07-08" in table.stdout
    again = invoke(["data", "update", "--base-url", server.base, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(again.stdout)))
    assert [r["previous_source"] for r in rows] == ["cache"] * len(SERIES)


def test_update_reads_mirror_from_env(server, cache, monkeypatch, invoke):
    monkeypatch.setenv("QT_FRED_URL", server.base)
    result = invoke(["data", "update", "--timeout", "5"])
    assert result.exit_code == 0, result.stderr
    assert len(server.requests) == len(SERIES)


@pytest.mark.parametrize(
    ("series", "setup", "fragment", "timeout"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
def test_update_fault_one_line_exit_1_cache_untouched(
    primed, cache, invoke, series, setup, fragment, timeout
):
    before = dir_state(cache)
    setup(primed)
    result = invoke(["data", "update", "--base-url", primed.base, "--timeout", str(timeout)])
    assert_one_error_line(result, series, primed.url(series), fragment)
    assert dir_state(cache) == before


def test_update_connection_refused(primed, cache, invoke):
    before = dir_state(cache)
    base = f"http://127.0.0.1:{closed_port()}"
    result = invoke(["data", "update", "--base-url", base, "--timeout", "2"])
    assert_one_error_line(result, "WALCL", f"{base}/graph/fredgraph.csv?id=WALCL", "cannot connect")
    assert dir_state(cache) == before


@pytest.mark.parametrize(
    "args",
    [
        ["--base-url", "ftp://mirror.example"],
        ["--timeout", "0"],
        ["--timeout", "-3"],
        ["--timeout", "soon"],
        ["--timeout", "nan"],
        ["--timeout", "inf"],
    ],
)
def test_update_usage_errors_exit_2(cache, args, invoke):
    result = invoke(["data", "update", *args])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert dir_state(cache) is None


# --------------------------------------------------------------------------- a real process


def qt_process(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qtcli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_real_process_with_shipped_snapshot(tmp_path):
    """Shipped snapshot + three newer weeks, served locally; then a 500 keeps that copy."""
    srv = FredServer()
    try:
        shipped = REPO / "qtcli" / "data"
        for series in SERIES:
            base = (shipped / f"{series}.csv").read_bytes()
            last = base.rstrip(b"\n").rsplit(b"\n", 1)[1].split(b",")[0]
            newer = [
                line for line in served(series).splitlines(keepends=True)[1:] if line[:10] > last
            ]
            srv.bodies[series] = base + b"".join(newer)
        env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
        env.update(QT_DATA_DIR=str(tmp_path / "c"), PYTHONPATH=str(REPO), HOME=str(tmp_path))
        env["QT_FRED_URL"] = f"http://127.0.0.1:{closed_port()}"  # never the real FRED
        ok = qt_process(["data", "update", "--base-url", srv.base, "--timeout", "5"], env)
        assert ok.returncode == 0 and ok.stderr == "", ok.stderr
        status = json.loads(qt_process(["data", "status", "-f", "json"], env).stdout)
        assert {s["series"]: s["cache"]["as_of"] for s in status["series"]} == {
                s: "2026-07-01" if s == "GDP" else "2026-07-08" for s in SERIES
            }
        assert status["series"][0]["cache"]["observations"] == 1230
        before = dir_state(tmp_path / "c")

        srv.faults["WRESBAL"] = lambda handler, body, stop: handler.send_error(500)
        bad = qt_process(["data", "update", "--base-url", srv.base, "--timeout", "5"], env)
        assert bad.returncode == 1 and bad.stdout == ""
        assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
        assert (
            bad.stderr.startswith("qt: error: ")
            and "WRESBAL" in bad.stderr
            and "HTTP 500" in bad.stderr
        )
        assert dir_state(tmp_path / "c") == before
    finally:
        srv.close()


def test_status_speaks_traditional_chinese(cache, invoke):
    result = invoke(["data", "status", "--lang", "zh-TW"])
    assert result.exit_code == 0
    out = result.stdout
    assert "H.4.1 資料：各序列使用的版本" in out
    flat = "".join(out.split())  # content, not layout: a long cache path moves the breaks
    for word in ("序列", "使用中", "資料日期", "隨附快照", "快取", "請執行qtdataupdate"):
        assert word in flat, word
    assert not set("资数据库缓") & set(out)  # Simplified forms of 資 數 據 庫 緩
    assert "Snapshot" not in out and "Series" not in out
