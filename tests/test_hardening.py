"""Hostile input: bounds on every number, special files, terminal injection, Ctrl-C, closed pipes.

Each ``test_defect_*`` reproduces one defect of the hardening issue and failed on the code
before the fix. Files are built here from the shipped fixtures, with one hostile change each.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qtcli import events, maturities, policies, safe_read, sanitize
from qtcli.errors import DataError
from qtcli.yamlload import YamlFile

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))  # test_cli's terminal helper
VALID_POLICIES = Path(__file__).parent / "fixtures" / "policies" / "valid.yaml"
ESC = "\x1b"
# What an attacker would put in a title: clear the screen, retitle the window, plant a link.
ATTACK = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
ATTACK_YAML = r"\e[2J\e]0;pwned\a\e]8;;http://evil\e\\link\e]8;;\e\\"  # the same, YAML-escaped
CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e")


def event_doc(
    *,
    title: str = "QE1 begins",
    amounts: str = "mbs_purchases: 500",
    date: str = "2008-11-25",
    url: str = "https://www.federalreserve.gov/x",
    extra: str = "",
) -> str:
    return f"""version: 1
events:
  - id: fed-qe1
    date: {date}
    bank: fed
    kind: qe
    title:
      en: "{title}"
      zh-TW: "QE1啟動 {title}"
    amounts: {{{amounts}}}
    sources:
      - "{url}"
    confidence: verified
{extra}"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def policy_variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = VALID_POLICIES.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    return write(tmp_path, "policies.yaml", text.replace(old, new, count))


def one_line_error(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("qt: error: ") and result.stderr.count("\n") == 1
    return result.stderr


def assert_no_controls(text: str) -> None:
    for char in CONTROLS:
        assert char not in text, (char, text[:400])


# ------------------------------------------------------------------- regressions, one per defect


def test_defect_overflow_traceback(tmp_path, invoke):
    """amounts: {reserves: 1.0e+99999999} died with decimal.Overflow in i18n.usd_billions."""
    path = write(tmp_path, "events.yaml", event_doc(amounts="reserves: 1.0e+99999999"))
    err = one_line_error(invoke(["history", "--events", path]))
    assert f"{path}:10:" in err
    assert "-100,000 and 100,000 (USD billions)" in err


def test_defect_unbounded_output(tmp_path, invoke):
    """An amount of 1.0e+999999 passed validation and --format json printed a 100 MB number."""
    path = write(tmp_path, "events.yaml", event_doc(amounts="mbs_purchases: 1.0e+999999"))
    result = invoke(["history", "--events", path, "--format", "json"])
    err = one_line_error(result)
    assert result.stdout == ""
    assert "amounts.mbs_purchases must be between -100,000 and 100,000" in err
    assert len(err) < 300


def test_defect_year_10000(tmp_path):
    """A regime starting 9999-12 passed the field checks, then (start + 1) hit year 10000."""
    path = policy_variant(tmp_path, "start: 2022-06", "start: 9999-12")
    with pytest.raises(DataError) as info:
        policies.check(YamlFile(path))
    assert info.value.line == 21
    assert "9999-12 is outside the supported months 1900-01 to 2200-12" in info.value.message


def test_defect_fifo_hangs(tmp_path, run_qt):
    """`qt regimes --policies FIFO` blocked forever on the named pipe."""
    fifo = tmp_path / "policies.yaml"
    os.mkfifo(fifo)
    result = run_qt(["regimes", "--policies", fifo])
    assert result.returncode == 1
    assert result.stderr == f"qt: error: {fifo}: is a named pipe (FIFO), not a regular file\n"


def test_defect_terminal_injection(tmp_path, invoke):
    """An event title's escape sequences reached the terminal raw in `qt history`."""
    path = write(tmp_path, "events.yaml", event_doc(title=ATTACK_YAML))
    for args in ([], ["--sources"]):
        for width in ("80", "140"):
            result = invoke(["history", "--events", path, *args], env={"COLUMNS": width})
            assert result.exit_code == 0, result.stderr
            assert_no_controls(result.stdout)
            assert "link" in result.stdout and sanitize.MARK in result.stdout
            assert "pwned" not in result.stdout  # the window title is cut with its sequence


# ------------------------------------------------------------------- plausible bounds


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        (
            "treasuries: {cap: 30}",
            "treasuries: {cap: 100000.001}",
            23,
            "between -100,000 and 100,000",
        ),
        ("mbs: {cap: 17.5,", "mbs: {cap: 1.0e+999999,", 24, "between -100,000 and 100,000"),
        ("value: 0.0025", "value: 1.5", 10, "between 0 and 1 (a fraction"),
        ("value: 0.054", "value: 1.0e-999999999", None, None),  # tiny but in range: fine
        ("start: 2022-06", "start: 1899-12", 21, "outside the supported months 1900-01 to 2200-12"),
        ("end: 2022-08", "end: 2201-01", 22, "outside the supported months"),
        ("announced: 2022-05-04", "announced: 9999-12-31", 20, "outside the supported months"),
    ],
)
def test_policy_bounds(tmp_path, old, new, line, fragment):
    path = policy_variant(tmp_path, old, new)
    if fragment is None:
        policies.check(YamlFile(path))
        return
    with pytest.raises(DataError) as info:
        policies.check(YamlFile(path))
    problems = getattr(info.value, "errors", [info.value])
    assert any(p.line == line and fragment in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("amounts", "fragment"),
    [
        ("policy_rate: 101", "between 0 and 100 (percent)"),
        ("rate_change_bp: -10001", "between -10,000 and 10,000 (basis points)"),
        ("rrr_change_pp: 100.5", "between -100 and 100 (percentage points)"),
        ("ntd_billion: 1000001", "between -1,000,000 and 1,000,000 (NT$ billions)"),
        ("change_busd: -100001", "between -100,000 and 100,000 (USD billions)"),
        (
            "mbs_cap: 0x" + "f" * 400,
            "(USD billions), got 4.446242e+481",
        ),  # a short number in the error
    ],
)
def test_event_amount_bounds(tmp_path, amounts, fragment):
    path = write(tmp_path, "events.yaml", event_doc(amounts=amounts))
    with pytest.raises(DataError) as info:
        events.check(YamlFile(path))
    assert info.value.line == 10
    assert fragment in info.value.message
    assert len(str(info.value)) < 300


@pytest.mark.parametrize(
    ("date", "extra", "line"),
    [("2201-01-01", "", 4), ("1899-12-31", "", 4), ("2008-11-25", "    effective: 2201-01\n", 14)],
)
def test_event_dates_bounds(tmp_path, date, extra, line):
    path = write(tmp_path, "events.yaml", event_doc(date=date, extra=extra))
    with pytest.raises(DataError) as info:
        events.check(YamlFile(path))
    assert info.value.line == line
    assert "outside the supported months 1900-01 to 2200-12" in info.value.message


@pytest.mark.parametrize(
    ("name", "text", "line", "fragment"),
    [
        (
            "m.yaml",
            "treasuries: 1\ntreasury_maturities:\n  9999-01: 5\n",
            3,
            "outside the supported",
        ),
        (
            "m.yaml",
            "treasury_maturities:\n  2025-01: 1.0e+999999\n",
            2,
            "between -100,000 and 100,000",
        ),
        ("m.csv", "month,amount\n2025-01,5\n2201-01,5\n", 3, "outside the supported months"),
        ("m.csv", "month,amount\n2025-01,1e999999\n", 2, "between -100,000 and 100,000"),
        ("m.csv", "month,amount\n2025-01," + "9" * 200_000 + "\n", None, "not a CSV file"),
    ],
)
def test_maturity_bounds(tmp_path, name, text, line, fragment):
    path = write(tmp_path, name, text)
    with pytest.raises(DataError) as info:
        maturities.load(path)
    problems = getattr(info.value, "errors", [info.value])
    assert any(p.line == line and fragment in p.message for p in problems), problems
    assert all(len(str(p)) < 400 for p in problems)


def test_downloaded_series_dates_are_bounded():
    from qtcli.series import parse_csv

    with pytest.raises(DataError) as info:
        parse_csv("observation_date,RRPONTSYD\n2026-01-02,5\n2201-01-01,5\n", "RRPONTSYD", "u")
    assert info.value.line == 3
    assert "outside the supported months 1900-01 to 2200-12" in info.value.message


# ------------------------------------------------------------------- regular files only


def within_a_second(func) -> DataError:  # type: ignore[no-untyped-def]
    """Run ``func`` in a thread; it must raise DataError within one second."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            func()
            outcome.append(None)
        except BaseException as exc:  # noqa: B036 - handed back to the test
            outcome.append(exc)

    start = time.monotonic()
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(1.0)
    assert not worker.is_alive(), "still blocked after a second"
    assert time.monotonic() - start < 1.0
    assert isinstance(outcome[0], DataError), outcome
    return outcome[0]


def test_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    try:
        err = within_a_second(lambda: events.load(fifo))
    finally:  # should the read have blocked, a writer lets the thread go
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert err.message == "is a named pipe (FIFO), not a regular file"
    assert err.path == str(fifo)


def test_directory_is_refused(tmp_path):
    err = within_a_second(lambda: policies.load(tmp_path))
    assert err.message == "is a directory, not a file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused():
    err = within_a_second(lambda: maturities.load(Path("/dev/zero")))
    assert err.message == "is a device, not a regular file"


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(safe_read.MAX_BYTES + 1)  # sparse: nothing is written, nothing need be read
    err = within_a_second(lambda: policies.load(big))
    assert err.message.startswith("is larger than the limit of 10 MiB")


def test_a_file_swapped_for_a_fifo_after_stat_is_refused(tmp_path, monkeypatch):
    """The type is checked again on the open descriptor, which was opened non-blocking."""
    regular = write(tmp_path, "regular.yaml", "version: 1\n")
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(
        safe_read.os, "stat", lambda p, *a, **k: real_stat(regular if p == fifo else p)
    )
    err = within_a_second(lambda: safe_read.read_bytes(fifo))
    assert err.message == "is a named pipe (FIFO), not a regular file"


def test_a_fifo_in_the_cache_dir_is_skipped_at_once(tmp_path, monkeypatch):
    from qtcli import series

    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path))
    os.mkfifo(tmp_path / "WALCL.csv")
    os.mkfifo(tmp_path / "manifest.json")
    found: list[object] = []
    worker = threading.Thread(
        target=lambda: found.append((series.series_path("WALCL"), series.status(["WALCL"]))),
        daemon=True,
    )
    worker.start()
    worker.join(1.0)
    assert found, "blocked on the FIFO"
    path, (status,) = found[0]  # type: ignore[misc]
    assert path.parent.name == "data"  # the shipped snapshot
    assert status.in_use == "snapshot"
    assert "named pipe" in status.cache.problem


# ------------------------------------------------------------------- untrusted text


def test_clean_removes_every_kind_of_control():
    assert sanitize.clean(ATTACK) == "\ufffd\ufffd\ufffdlink\ufffd"
    assert sanitize.clean("a\x9b31mb\x9d0;title\x9cc") == "a\ufffdb\ufffdc"  # 8-bit CSI, OSC
    assert sanitize.clean("x\u202eevil\u2066y") == "x\ufffdevil\ufffdy"  # bidi overrides
    assert sanitize.clean("tab\there\x00\x7f") == "tab\ufffdhere\ufffd"
    assert sanitize.clean("line one\r\nline two\n") == "line one\nline two\n"
    assert sanitize.one_line("two\nlines") == "two\ufffdlines"
    plain = "QT2 全速：上限 $60B, (2022) [x] 100%"
    assert sanitize.clean(plain) is plain


def hostile_policies(tmp_path: Path) -> Path:
    return policy_variant(
        tmp_path, 'en: "QT2 full pace: caps $60B Treasuries + $35B MBS"', f'en: "{ATTACK_YAML}"'
    )


def test_every_table_and_chart_path_is_clean(tmp_path, invoke):
    pol = hostile_policies(tmp_path)
    sim = ["simulate", "--policies", pol, "--regime", "qt2-2022-09", "--start", "2022-09"]
    out = tmp_path / "out.txt"
    for args, shows_name in (
        (["regimes", "--policies", pol], False),  # the table has no name column
        ([*sim, "--chart"], True),
        ([*sim, "--output", out], True),
    ):
        result = invoke(args)
        assert result.exit_code == 0, result.stderr
        shown = result.stdout + (out.read_text() if out.exists() else "")
        assert_no_controls(shown)
        assert ("link" in shown) is shows_name


def test_errors_quoting_a_file_are_clean(tmp_path, invoke):
    bad = write(tmp_path, "events.yaml", event_doc(extra=f'    "{ATTACK_YAML}\\n2nd line": 1\n'))
    err = one_line_error(invoke(["history", "--events", bad]))
    assert_no_controls(err)
    assert "unknown key" in err and "link" in err
    validated = invoke(["validate", bad])  # qt validate lists problems its own way
    assert validated.exit_code == 1 and validated.stderr.count("\n") == 1
    assert_no_controls(validated.stderr)


def test_json_and_csv_keep_the_text(tmp_path, invoke):
    path = write(tmp_path, "events.yaml", event_doc(title=ATTACK_YAML + r"\x85"))
    result = invoke(["history", "--events", path, "--format", "json"])
    assert result.exit_code == 0
    assert_no_controls(result.stdout)
    assert "\\u001b[2J" in result.stdout and "\\u0085" in result.stdout
    assert json.loads(result.stdout)["events"][0]["title"] == ATTACK + "\x85"
    result = invoke(["history", "--events", path, "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["title"] == ATTACK + "\x85"  # a pipe or file gets the text as it is


def test_html_pages_are_clean(tmp_path, invoke):
    path = write(tmp_path, "events.yaml", event_doc(title=ATTACK_YAML + "<b>"))
    result = invoke(["history", "--events", path, "--format", "html"])
    assert result.exit_code == 0, result.stderr
    assert_no_controls(result.stdout)
    assert "link" in result.stdout and "&lt;b&gt;" in result.stdout and "<b>" not in result.stdout


def test_csv_on_a_terminal_is_clean(tmp_path, qt_env):
    """On a terminal even CSV, which cannot escape an ESC, is cleaned (and JSON is escaped)."""
    from test_cli import on_a_terminal

    path = write(tmp_path, "events.yaml", event_doc(title=ATTACK_YAML))
    for fmt in ("csv", "table"):
        # no styling: any ESC would be the file's
        shown = on_a_terminal(
            qt_env({"NO_COLOR": "1"}), ["history", "--events", str(path), "-f", fmt]
        )
        text = shown.decode("utf-8")
        assert_no_controls(text)
        assert "link" in text


# ------------------------------------------------------------------- Ctrl-C and closed pipes


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGINT, 130, "qt: error: interrupted\n"),
        (signal.SIGTERM, 143, "qt: error: terminated\n"),
    ],
)
def test_ctrl_c_prints_one_line_exits_130_and_leaves_no_file(tmp_path, qt_env, signum, code, line):
    """Ctrl-C (or SIGTERM) while `qt data update` waits on a server: one line, nothing written."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    cache, out = tmp_path / "cache", tmp_path / "out.json"
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    args = ["data", "update", "--base-url", base, "--timeout", "60", "-f", "json", "-o", str(out)]
    with subprocess.Popen(
        [sys.executable, "-m", "qtcli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=qt_env({"QT_DATA_DIR": str(cache)}),
    ) as proc:
        try:
            conn, _ = listener.accept()  # qt is now waiting for the first series
            conn.recv(4096)
            proc.send_signal(signum)
            stdout, stderr = proc.communicate(timeout=30)
        finally:
            listener.close()
    conn.close()
    assert proc.returncode == code
    assert stderr == line
    assert stdout == ""
    assert not out.exists()
    assert not cache.exists()  # the staging dir, the lock and the cache dir made for them: gone
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == []


CLOSED_PIPE_SCRIPT = r"""
import json, os, sys
from qtcli.cli import main
import qtcli.render, qtcli.simulate, qtcli.backtest, qtcli.history, qtcli.explain, qtcli.compare  # fork: load once

commands, logs = json.loads(sys.argv[1]), sys.argv[2]
codes = []
for index, argv in enumerate(commands):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before qt writes a byte: `qt ... | head -0`
    pid = os.fork()
    if pid == 0:
        os.dup2(write_end, 1)
        err = os.open(os.path.join(logs, f"{index}.err"), os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(err, 2)
        sys.argv = ["qt", *argv]
        main()  # leaves by SystemExit: the interpreter then shuts down as a real qt does
        sys.exit(0)
    os.close(write_end)
    codes.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
print(json.dumps(codes))
"""

PIPED_COMMANDS = [  # every command, and each format on some of them
    ["--version"],
    ["--help"],
    ["explain", "--plain"],
    ["explain", "--list", "--format", "json"],
    ["validate"],
    ["data", "status", "--format", "csv"],
    ["history", "--sources"],
    ["history", "--format", "json"],
    ["regimes", "--format", "csv"],
    ["simulate", "--chart"],
    ["backtest", "qt1", "--format", "csv"],
    ["compare", "--cpr 0.054", "--cpr 0.2", "--format", "html"],
]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_closed_stdout_exits_quietly_on_every_command_and_format(tmp_path, qt_env):
    logs = tmp_path / "logs"
    logs.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CLOSED_PIPE_SCRIPT, json.dumps(PIPED_COMMANDS), str(logs)],
        capture_output=True,
        text=True,
        env=qt_env({"QT_DATA_DIR": str(tmp_path / "cache")}),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    codes = json.loads(result.stdout)
    for index, (argv, code) in enumerate(zip(PIPED_COMMANDS, codes, strict=True)):
        err = (logs / f"{index}.err").read_text()
        assert err == "", (argv, err)
        assert code == 1, (argv, code)  # output was lost: not a success, but not an error line
