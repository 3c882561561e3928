"""The qt command line: regimes and validate, output plumbing, environment, exit codes.

Also checks that the shipped policies.yaml holds the regimes the issue asks for, with the caps
and purchase paces of the sources listed in SOURCES.md, written here by hand.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import os
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from qtcli.errors import DataError

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "policies"
VALID = FIXTURES / "valid.yaml"
BAD = FIXTURES / "wrong_type.yaml"  # one defect, on line 38
BAD_LINE = f"{BAD}:38: regime 'qt2-2022-09': treasuries.cap must be a number >= 0, got 'sixty'"
ANSI = "\x1b["


def assert_clean_exit(result, code: int) -> None:  # type: ignore[no-untyped-def]
    """The command ended through sys.exit with ``code``: no exception escaped, no traceback."""
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def regimes_json(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = invoke(["regimes", "--format", "json", *args])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    return json.loads(result.stdout)


# ------------------------------------------------------------------------------------- qt validate


def test_the_shipped_policies_validate(invoke):
    result = invoke(["validate"])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    line = result.stdout.strip()
    assert result.stdout == line + "\n"
    assert line.startswith(str(REPO / "qtcli" / "policies.yaml"))
    assert "OK" in line


def test_the_top_level_policies_yaml_validates(invoke):
    result = invoke(["validate", REPO / "policies.yaml"])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    assert "OK" in result.stdout


def test_validate_a_good_file_prints_ok_with_the_count(invoke):
    result = invoke(["validate", VALID])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    assert result.stdout.startswith(str(VALID))
    assert "OK" in result.stdout
    assert re.search(r"\b3 regimes\b", result.stdout)
    assert result.stdout.count("\n") == 1


def test_validate_reports_every_problem_one_per_line(invoke):
    path = FIXTURES / "three_problems.yaml"
    result = invoke(["validate", path])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    numbers = [int(re.search(rf"{re.escape(str(path))}:(\d+): ", ln).group(1)) for ln in lines]
    assert numbers == [23, 35, 56]
    assert "got -30" in lines[0]
    assert "2022-02-30 is not a real date" in lines[1]
    assert "did you mean 'purchases'" in lines[2]


def test_other_commands_report_the_first_problem_and_point_to_validate(invoke):
    path = FIXTURES / "three_problems.yaml"
    result = invoke(["regimes", "--policies", path])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == (
        f"qt: error: {path}:23: regime 'qt2-2022-06': treasuries.cap must be a number >= 0, "
        "got -30 (and 2 more problems; run 'qt validate')\n"
    )


def test_validate_speaks_chinese(invoke):
    result = invoke(["validate", VALID, "--lang", "zh-TW"])
    assert_clean_exit(result, 0)
    assert "通過" in result.stdout
    assert "OK" not in result.stdout


# ------------------------------------------------------------------------ qt regimes: JSON and CSV

VALID_JSON = {
    "policies": str(VALID),
    "units": "USD billions per month",
    "regimes": [
        {
            "id": "qt2-2022-06",
            "bank": "fed",
            "kind": "qt",
            "name": {
                "en": "QT2 begins: caps $30B Treasuries + $17.5B MBS",
                "zh-TW": "QT2開始：上限公債300億+MBS 175億美元",
            },
            "announced": "2022-05-04",
            "start": "2022-06",
            "end": "2022-08",
            "treasuries": {"cap": "30", "purchases": "0"},
            "mbs": {"cap": "17.5", "reinvest_to": "mbs", "reinvest_limit": None, "purchases": "0"},
            "sources": [
                "https://econoday.com/articles/recap-of-changes-in-feds-program-to-reduce-reserve-holdings"
            ],
            "confidence": "verified",
            "note": None,
        },
        {
            "id": "qt2-2022-09",
            "bank": "fed",
            "kind": "qt",
            "name": {
                "en": "QT2 full pace: caps $60B Treasuries + $35B MBS",
                "zh-TW": "QT2全速：上限公債600億+MBS 350億美元",
            },
            "announced": "2022-05-04",
            "start": "2022-09",
            "end": "2024-05",
            "treasuries": {"cap": "60", "purchases": "0"},
            "mbs": {"cap": "35", "reinvest_to": "mbs", "reinvest_limit": None, "purchases": "0"},
            "sources": [
                "https://econoday.com/articles/recap-of-changes-in-feds-program-to-reduce-reserve-holdings"
            ],
            "confidence": "verified",
            "note": {
                "en": "The combined cap of $95B a month was the maximum pace.",
                "zh-TW": "合計每月950億美元是最高速度。",
            },
        },
        {
            "id": "qt2-2024-06",
            "bank": "fed",
            "kind": "qt",
            "name": {
                "en": "QT2 slowed: Treasury cap $25B",
                "zh-TW": "QT2放慢：公債上限降至250億美元",
            },
            "announced": "2024-05-01",
            "start": "2024-06",
            "end": None,
            "treasuries": {"cap": "25", "purchases": "0"},
            "mbs": {
                "cap": "35",
                "reinvest_to": "treasuries",
                "reinvest_limit": "20",
                "purchases": "0",
            },
            "sources": ["https://finadium.com/federal-reserve-to-slow-quantitative-tightening"],
            "confidence": "uncertain",
            "note": None,
        },
    ],
}

REGIME_KEYS = [
    "id", "bank", "kind", "name", "announced", "start", "end", "treasuries", "mbs", "sources",
    "confidence", "note",
]  # fmt: skip

CSV_HEADER = (
    "id,bank,kind,announced,start,end,treasury_cap,treasury_purchases,mbs_cap,mbs_reinvest_to,"
    "mbs_reinvest_limit,mbs_purchases,confidence,name_en,name_zh_tw"
)

VALID_CSV = (
    CSV_HEADER + "\n"
    "qt2-2022-06,fed,qt,2022-05-04,2022-06,2022-08,30,0,17.5,mbs,,0,verified,"
    "QT2 begins: caps $30B Treasuries + $17.5B MBS,QT2開始：上限公債300億+MBS 175億美元\n"
    "qt2-2022-09,fed,qt,2022-05-04,2022-09,2024-05,60,0,35,mbs,,0,verified,"
    "QT2 full pace: caps $60B Treasuries + $35B MBS,QT2全速：上限公債600億+MBS 350億美元\n"
    "qt2-2024-06,fed,qt,2024-05-01,2024-06,,25,0,35,treasuries,20,0,uncertain,"
    "QT2 slowed: Treasury cap $25B,QT2放慢：公債上限降至250億美元\n"
)


def no_numbers(text: str) -> None:
    raise AssertionError(f"JSON carries a bare number: {text}")


def test_regimes_json_of_the_valid_fixture(invoke):
    assert regimes_json(invoke, "--policies", str(VALID)) == VALID_JSON


def test_regimes_json_key_order_is_stable(invoke):
    data = regimes_json(invoke, "--policies", str(VALID))
    assert list(data) == ["policies", "units", "regimes"]
    for regime in data["regimes"]:
        assert list(regime) == REGIME_KEYS
        assert list(regime["treasuries"]) == ["cap", "purchases"]
        assert list(regime["mbs"]) == ["cap", "reinvest_to", "reinvest_limit", "purchases"]


def test_shipped_regimes_json_has_stable_keys_and_no_json_numbers(invoke):
    result = invoke(["regimes", "--format", "json"])
    assert_clean_exit(result, 0)
    # Every amount is a string such as "17.5": a float or int anywhere fails the parse.
    data = json.loads(result.stdout, parse_float=no_numbers, parse_int=no_numbers)
    assert set(data) == {"policies", "units", "regimes"}
    assert len(data["regimes"]) >= 30
    for regime in data["regimes"]:
        assert list(regime) == REGIME_KEYS
        assert set(regime["treasuries"]) == {"cap", "purchases"}
        assert set(regime["mbs"]) == {"cap", "reinvest_to", "reinvest_limit", "purchases"}
        for amount in (
            *regime["treasuries"].values(),
            regime["mbs"]["cap"],
            regime["mbs"]["purchases"],
        ):
            assert isinstance(amount, str)
            assert re.fullmatch(r"none|0|[1-9]\d*(\.\d*[1-9])?|0\.\d*[1-9]", amount), amount


def test_regimes_csv_of_the_valid_fixture(invoke):
    result = invoke(["regimes", "--format", "csv", "--policies", VALID])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    assert result.stdout == VALID_CSV


def test_shipped_regimes_csv_parses(invoke):
    result = invoke(["regimes", "-f", "csv"])
    assert_clean_exit(result, 0)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert ",".join(rows[0]) == CSV_HEADER
    assert len(rows) >= 31
    assert all(len(row) == 15 for row in rows)
    ids = [row[0] for row in rows[1:]]
    assert len(ids) == len(set(ids))
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    qt2_start = next(r for r in by_id.values() if r["start"] == "2022-06")
    assert (qt2_start["treasury_cap"], qt2_start["mbs_cap"]) == ("30", "17.5")


# --------------------------------------------------------------------------- qt regimes: the table


def test_regimes_table_in_english(invoke):
    result = invoke(["regimes", "--policies", VALID])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    out = result.stdout
    for word in ("id", "kind", "months", "Treasuries", "MBS", "qt2-2022-06", "qt2-2022-09"):
        assert word in out
    assert "qt2-2024-06*" in out  # uncertain regimes are starred
    assert "代號" not in out
    assert ANSI not in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_regimes_table_is_as_wide_as_COLUMNS_says(invoke):
    wide = invoke(["regimes", "--policies", VALID], env={"COLUMNS": "150"})
    assert_clean_exit(wide, 0)
    assert "QT2 full pace" in wide.stdout  # the name column only fits a wide terminal
    narrow = invoke(["regimes", "--policies", VALID], env={"COLUMNS": "80"})
    assert_clean_exit(narrow, 0)
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "env", "chinese"),
    [
        ([], {}, False),
        ([], {"LANG": "zh_TW.UTF-8"}, True),
        ([], {"LANG": "C.UTF-8"}, False),
        ([], {"LANG": "fr_FR.UTF-8"}, False),
        ([], {"LANG": "zh_TW.UTF-8", "LC_ALL": "en_US.UTF-8"}, False),
        (["--lang", "zh-TW"], {}, True),
        (["--lang", "zh-TW"], {"LANG": "en_US.UTF-8"}, True),
        (["--lang", "en"], {"LANG": "zh_TW.UTF-8"}, False),
    ],
    ids=[
        "no-LANG",
        "LANG-zh_TW",
        "LANG-C",
        "LANG-fr",
        "LC_ALL-wins",
        "--lang-zh",
        "--lang-beats-LANG",
        "--lang-en",
    ],
)
def test_language_comes_from_lang_then_LANG(invoke, args, env, chinese):
    result = invoke(["regimes", "--policies", VALID, *args], env=env)
    assert_clean_exit(result, 0)
    assert ("代號" in result.stdout) is chinese
    assert ("公債" in result.stdout) is chinese
    assert ("Treasuries" in result.stdout) is not chinese


# ---------------------------------------------------------------------- --policies and QT_POLICIES


def test_QT_POLICIES_is_used_by_regimes(invoke):
    result = invoke(["regimes", "-f", "json"], env={"QT_POLICIES": str(VALID)})
    assert_clean_exit(result, 0)
    data = json.loads(result.stdout)
    assert data["policies"] == str(VALID)
    assert [r["id"] for r in data["regimes"]] == ["qt2-2022-06", "qt2-2022-09", "qt2-2024-06"]


def test_QT_POLICIES_is_used_by_validate(invoke):
    result = invoke(["validate"], env={"QT_POLICIES": str(VALID)})
    assert_clean_exit(result, 0)
    assert result.stdout.startswith(str(VALID))
    assert re.search(r"\b3 regimes\b", result.stdout)
    bad = invoke(["validate"], env={"QT_POLICIES": str(BAD)})
    assert_clean_exit(bad, 1)
    assert BAD_LINE in bad.stderr


def test_policies_option_is_used_by_validate(invoke):
    result = invoke(["validate", "--policies", BAD])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert BAD_LINE in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["regimes"],
        ["validate"],
        ["simulate", "--months", "2", "--treasuries", "1000", "--mbs", "500"],
        ["backtest"],
    ],
    ids=lambda c: c[0],
)
def test_every_command_reads_QT_POLICIES(invoke, command):
    result = invoke(command, env={"QT_POLICIES": str(BAD)})
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert BAD_LINE in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["regimes"],
        ["simulate", "--months", "2", "--treasuries", "1000", "--mbs", "500"],
        ["backtest"],
    ],
    ids=lambda c: c[0],
)
def test_every_command_reads_the_policies_option(invoke, command):
    result = invoke([*command, "--policies", BAD])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == f"qt: error: {BAD_LINE}\n"


def test_the_policies_option_beats_QT_POLICIES(invoke):
    result = invoke(["regimes", "-f", "json", "--policies", VALID], env={"QT_POLICIES": str(BAD)})
    assert_clean_exit(result, 0)
    assert json.loads(result.stdout)["policies"] == str(VALID)


def test_simulate_uses_the_other_file(invoke):
    args = ["simulate", "--months", "2", "--treasuries", "1000", "--mbs", "500", "-f", "json"]
    result = invoke(args, env={"QT_POLICIES": str(VALID)})
    assert_clean_exit(result, 0)
    # the latest QT regime of valid.yaml, which the shipped file does not have as its latest
    assert json.loads(result.stdout)["regime"]["id"] == "qt2-2024-06"


def test_a_missing_policies_file_is_bad_data(invoke, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = invoke(["regimes", "--policies", missing])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == f"qt: error: {missing}: no such file\n"


# ---------------------------------------------------------------------------------------- --output


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_failed_run_leaves_the_output_file_alone(invoke, tmp_path, fmt):
    out = tmp_path / "out.txt"
    before = b"precious earlier result\n\x00\xff"
    out.write_bytes(before)
    result = invoke(["regimes", "--policies", BAD, "-f", fmt, "-o", out])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == f"qt: error: {BAD_LINE}\n"
    assert out.read_bytes() == before
    assert listing(tmp_path) == ["out.txt"]


def test_failed_run_creates_no_output_file(invoke, tmp_path):
    result = invoke(["regimes", "--policies", BAD, "-f", "json", "-o", tmp_path / "new.json"])
    assert_clean_exit(result, 1)
    assert listing(tmp_path) == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_successful_run_replaces_the_output_file(invoke, tmp_path, fmt):
    out = tmp_path / "out.txt"
    out.write_text("old contents that are longer than nothing\n" * 200)
    to_stdout = invoke(["regimes", "--policies", VALID, "-f", fmt])
    result = invoke(["regimes", "--policies", VALID, "-f", fmt, "--output", out])
    assert_clean_exit(result, 0)
    assert result.stdout == ""
    assert result.stderr == ""
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    assert listing(tmp_path) == ["out.txt"]


def test_output_json_is_the_full_document(invoke, tmp_path):
    out = tmp_path / "regimes.json"
    result = invoke(["regimes", "--policies", VALID, "-f", "json", "-o", out])
    assert_clean_exit(result, 0)
    assert json.loads(out.read_text(encoding="utf-8")) == VALID_JSON


def test_output_table_is_plain_text(invoke, tmp_path):
    out = tmp_path / "regimes.txt"
    result = invoke(["regimes", "--policies", VALID, "-o", out])
    assert_clean_exit(result, 0)
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "qt2-2022-09" in text
    assert "Treasuries" in text
    assert ANSI not in text
    assert listing(tmp_path) == ["regimes.txt"]


def test_output_into_a_missing_directory_is_one_line(invoke, tmp_path):
    target = tmp_path / "no" / "such" / "out.json"
    result = invoke(["regimes", "--policies", VALID, "-f", "json", "-o", target])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr.startswith(f"qt: error: {target}: cannot write")
    assert result.stderr.count("\n") == 1
    assert listing(tmp_path) == []


def test_output_onto_a_directory_fails_and_cleans_up(invoke, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("keep")
    result = invoke(["regimes", "--policies", VALID, "-f", "json", "-o", target])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr.startswith(f"qt: error: {target}: ")
    assert result.stderr.count("\n") == 1
    assert listing(tmp_path) == ["taken"]  # no temporary file left beside it
    assert listing(target) == ["keep.txt"]


# ---------------------------------------------------------------------------- colour and terminals


def test_no_escapes_when_stdout_is_not_a_terminal(invoke):
    result = invoke(["regimes"])
    assert_clean_exit(result, 0)
    assert ANSI not in result.stdout
    assert "\x1b" not in result.stdout


def test_no_escapes_through_a_pipe(run_qt):
    proc = run_qt(["regimes"], env={"TERM": "xterm-256color"})
    assert proc.returncode == 0, proc.stderr
    assert "qe1" in proc.stdout
    assert "\x1b" not in proc.stdout


def on_a_terminal(environ: dict[str, str], args: list[str]) -> bytes:
    """Run ``python -m qtcli args`` with its output on a pseudo-terminal; return what it wrote."""
    import pty
    import subprocess

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qtcli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environ,
        cwd=REPO,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks)


needs_pty = pytest.mark.skipif(
    not sys.platform.startswith(("linux", "darwin")), reason="needs a pty"
)


@needs_pty
def test_a_terminal_gets_styles(qt_env):
    """The control for the NO_COLOR test: on a terminal, without NO_COLOR, qt styles the table."""
    assert ANSI.encode() in on_a_terminal(qt_env({"TERM": "xterm-256color"}), ["regimes"])


@needs_pty
def test_NO_COLOR_means_no_escapes_on_a_terminal(qt_env):
    out = on_a_terminal(qt_env({"TERM": "xterm-256color", "NO_COLOR": "1"}), ["regimes"])
    assert b"qe1" in out
    assert b"\x1b" not in out


# ----------------------------------------------------------------------- version, completion, help


def test_version(invoke):
    result = invoke(["--version"])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    assert result.stdout == f"qt {importlib.metadata.version('qtcli')}\n"
    assert re.fullmatch(r"qt \d+\.\d+\.\d+\S*\n", result.stdout)


def test_version_from_a_real_process(run_qt):
    proc = run_qt(["--version"])
    assert proc.returncode == 0
    assert proc.stdout == f"qt {importlib.metadata.version('qtcli')}\n"
    assert proc.stderr == ""


def test_show_completion_for_bash(invoke):
    result = invoke(["--show-completion", "bash"])
    assert_clean_exit(result, 0)
    assert "_QT_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _qt_completion qt" in result.stdout


QT_SCRIPT = Path(sys.executable).with_name("qt.exe" if sys.platform == "win32" else "qt")


@pytest.mark.skipif(not QT_SCRIPT.exists(), reason="the qt script is not installed next to python")
@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [("qt reg", "1", ["regimes"]), ("qt regimes --format ", "3", ["table", "json", "csv"])],
    ids=["command", "format"],
)
def test_bash_completion_completes(qt_env, words, cword, expected):
    """What the script --show-completion prints asks the installed qt script for words."""
    import subprocess

    env = qt_env({"_QT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    proc = subprocess.run([QT_SCRIPT], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == expected


def test_every_command_has_help(invoke):
    for command in ("regimes", "validate", "simulate"):
        result = invoke([command, "--help"])
        assert_clean_exit(result, 0)
        assert "--help" in result.stdout
    assert "--policies" in invoke(["regimes", "--help"]).stdout


# -------------------------------------------------------------------------- exit codes and --debug


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["regimes", "--format", "xml"], "xml"),
        (["regimes", "--lang", "fr"], "fr"),
        (["no-such-command"], "no-such-command"),
        (["regimes", "--no-such-option"], "--no-such-option"),
        (["simulate", "--months", "0"], "--months"),
    ],
    ids=["format", "lang", "command", "option", "months"],
)
def test_bad_usage_exits_2_with_one_line(invoke, args, fragment):
    result = invoke(args)
    assert_clean_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr.startswith("qt: error: ")
    assert result.stderr.count("\n") == 1
    assert fragment in result.stderr


def test_bad_usage_from_a_real_process(run_qt):
    proc = run_qt(["regimes", "--format", "xml"])
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("qt: error: ")
    assert proc.stderr.count("\n") == 1


def test_bad_data_from_a_real_process(run_qt):
    proc = run_qt(["regimes", "--policies", BAD])
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == f"qt: error: {BAD_LINE}\n"


def test_debug_re_raises(invoke):
    result = invoke(["--debug", "regimes", "--policies", BAD])
    assert isinstance(result.exception, DataError)
    assert result.exit_code == 1
    assert result.stdout == ""


def test_debug_shows_the_traceback_in_a_real_process(run_qt):
    proc = run_qt(["--debug", "regimes", "--policies", BAD])
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback (most recent call last)" in proc.stderr
    assert "treasuries.cap must be a number >= 0, got 'sixty'" in proc.stderr


def test_without_debug_the_next_run_is_quiet_again(invoke):
    invoke(["--debug", "regimes", "--policies", BAD])
    result = invoke(["regimes", "--policies", BAD])
    assert_clean_exit(result, 1)
    assert result.stderr == f"qt: error: {BAD_LINE}\n"


def test_a_path_with_brackets_is_shown_verbatim(invoke, tmp_path, monkeypatch):
    folder = tmp_path / "a[" / "x]"  # the relative path "a[/x]/p.yaml" holds the tag "[/x]"
    folder.mkdir(parents=True)
    shutil.copy(VALID, folder / "p.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke(["regimes", "--policies", "a[/x]/p.yaml"])
    assert_clean_exit(result, 0)
    assert "a[/x]/p.yaml" in result.stdout


# ----------------------------------------------------------------------------- the shipped regimes


def month_index(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def months(first: str, last: str) -> list[str]:
    return [
        f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(month_index(first), month_index(last) + 1)
    ]


@pytest.fixture(scope="module")
def shipped(invoke) -> list[dict]:  # type: ignore[no-untyped-def]
    """The regimes of the shipped policies.yaml, as `qt regimes --format json` gives them."""
    return regimes_json(invoke)["regimes"]


def in_force(regimes: list[dict], month: str) -> dict:
    hits = [
        r
        for r in regimes
        if r["bank"] == "fed"
        and month_index(r["start"]) <= month_index(month)
        and (r["end"] is None or month_index(month) <= month_index(r["end"]))
    ]
    assert len(hits) == 1, (month, [r["id"] for r in hits])
    return hits[0]


def starting(regimes: list[dict], month: str) -> dict:
    hits = [r for r in regimes if r["bank"] == "fed" and r["start"] == month]
    assert len(hits) == 1, (month, [r["id"] for r in hits])
    return hits[0]


def test_regimes_never_overlap(shipped):
    for bank in {r["bank"] for r in shipped}:
        mine = sorted(
            (r for r in shipped if r["bank"] == bank), key=lambda r: month_index(r["start"])
        )
        for earlier, later in zip(mine, mine[1:], strict=False):
            assert earlier["end"] is not None, (earlier["id"], later["id"])
            assert month_index(earlier["end"]) < month_index(later["start"]), (
                earlier["id"],
                later["id"],
            )
        for r in mine:
            assert r["end"] is None or month_index(r["start"]) <= month_index(r["end"]), r["id"]


def test_fed_regimes_cover_every_month_from_qe1_to_2026(shipped):
    for month in months("2009-01", "2026-06"):
        in_force(shipped, month)  # exactly one


def test_qe1_and_the_march_2009_expansion(shipped):
    qe1 = starting(shipped, "2009-01")
    assert qe1["kind"] == "qe"
    assert Decimal(qe1["mbs"]["purchases"]) > 0
    expansion = starting(shipped, "2009-03")
    assert expansion["kind"] == "qe"
    assert Decimal(expansion["mbs"]["purchases"]) > 0
    # FACTS §A #2-3: $300B of Treasuries, bought from late March to the end of October 2009
    bought = sum(
        Decimal(in_force(shipped, m)["treasuries"]["purchases"])
        for m in months("2009-03", "2009-10")
    )
    assert bought == Decimal(300)
    assert in_force(shipped, "2009-11")["treasuries"]["purchases"] == "0"


def test_qe2(shipped):
    # FACTS §A #6: $600B of Treasuries, Nov 2010 to end of June 2011, about $75B a month
    qe2 = starting(shipped, "2010-11")
    assert qe2["kind"] == "qe"
    assert (qe2["end"], qe2["treasuries"]["purchases"]) == ("2011-06", "75")
    bought = sum(
        Decimal(in_force(shipped, m)["treasuries"]["purchases"])
        for m in months("2010-11", "2011-06")
    )
    assert bought == Decimal(600)
    assert in_force(shipped, "2011-07")["treasuries"]["purchases"] == "0"


def test_maturity_extension_program(shipped):
    mep = starting(shipped, "2011-10")
    assert "Maturity Extension" in mep["name"]["en"] or "Twist" in mep["name"]["en"]
    # FACTS §A #7-8: Oct 2011 - Dec 2012, holdings unchanged in size; MBS paydowns back into MBS
    for month in months("2011-10", "2012-12"):
        r = in_force(shipped, month)
        assert r["treasuries"] == {"cap": "0", "purchases": "0"}, month
        assert (r["mbs"]["cap"], r["mbs"]["reinvest_to"]) == ("0", "mbs"), month


def test_qe3_mbs_first_then_treasuries(shipped):
    # FACTS §A #9: $40B/month MBS from September 2012
    mbs_only = starting(shipped, "2012-09")
    assert mbs_only["kind"] == "qe"
    assert (mbs_only["treasuries"]["purchases"], mbs_only["mbs"]["purchases"]) == ("0", "40")
    # FACTS §A #10: from January 2013, $45B Treasuries + $40B MBS
    qe3 = starting(shipped, "2013-01")
    assert (qe3["treasuries"]["purchases"], qe3["mbs"]["purchases"]) == ("45", "40")
    assert qe3["end"] == "2013-12"


# FACTS §A #12, #12a: the monthly total falls $10B a meeting; Apr and May 2014 are inferred.
TAPER_2014_TOTAL = {
    "2014-01": 75, "2014-02": 65, "2014-03": 65, "2014-04": 55, "2014-05": 45,
    "2014-06": 45, "2014-07": 35, "2014-08": 25, "2014-09": 25, "2014-10": 15,
}  # fmt: skip
# The splits FACTS gives: (Treasuries, MBS)
TAPER_2014_SPLIT = {"2014-01": ("40", "35"), "2014-02": ("35", "30"), "2014-07": ("20", "15")}


def test_2014_taper_steps(shipped):
    for month, total in TAPER_2014_TOTAL.items():
        r = in_force(shipped, month)
        assert r["kind"] == "taper", month
        tsy, mbs = r["treasuries"]["purchases"], r["mbs"]["purchases"]
        assert Decimal(tsy) + Decimal(mbs) == total, month
        if month in TAPER_2014_SPLIT:
            assert (tsy, mbs) == TAPER_2014_SPLIT[month], month
    assert starting(shipped, "2014-01")["announced"] == "2013-12-18"


def test_inferred_2014_taper_steps_are_uncertain(shipped):
    # FACTS §A #12a: the Mar-2014 ($55B, from April) and Apr-2014 ($45B, from May) steps
    # are inferred
    assert in_force(shipped, "2014-04")["confidence"] == "uncertain"
    assert in_force(shipped, "2014-05")["confidence"] == "uncertain"
    assert in_force(shipped, "2014-01")["confidence"] != "uncertain"


def test_2014_to_2017_reinvestment(shipped):
    # FACTS §A #13-14: Nov 2014 - Sep 2017, Treasuries rolled over, MBS paydowns into MBS
    assert starting(shipped, "2014-11")["kind"] == "reinvest"
    assert in_force(shipped, "2017-09")["end"] == "2017-09"
    for month in months("2014-11", "2017-09"):
        r = in_force(shipped, month)
        assert r["treasuries"] == {"cap": "0", "purchases": "0"}, month
        assert r["mbs"] == {
            "cap": "0",
            "reinvest_to": "mbs",
            "reinvest_limit": None,
            "purchases": "0",
        }, month


# FACTS §A.1: QT1 steps (first month, last month, Treasury cap, agency MBS cap)
QT1 = [
    ("2017-10", "2017-12", "6", "4"),
    ("2018-01", "2018-03", "12", "8"),
    ("2018-04", "2018-06", "18", "12"),
    ("2018-07", "2018-09", "24", "16"),
    ("2018-10", "2019-04", "30", "20"),
    ("2019-05", "2019-07", "15", "20"),
]
# FACTS §A.1 and §A #30: QT2 steps; from June 2024 MBS paydowns above the cap go to Treasuries
QT2 = [
    ("2022-06", "2022-08", "30", "17.5", "mbs"),
    ("2022-09", "2024-05", "60", "35", "mbs"),
    ("2024-06", "2025-03", "25", "35", "treasuries"),
    ("2025-04", "2025-11", "5", "35", "treasuries"),
]


@pytest.mark.parametrize(("first", "last", "tsy_cap", "mbs_cap"), QT1, ids=[s[0] for s in QT1])
def test_qt1_step(shipped, first, last, tsy_cap, mbs_cap):
    regime = starting(shipped, first)
    assert regime["end"] == last
    for month in months(first, last):
        r = in_force(shipped, month)
        assert r["kind"] == "qt", month
        assert r["treasuries"] == {"cap": tsy_cap, "purchases": "0"}, month
        assert r["mbs"] == {
            "cap": mbs_cap,
            "reinvest_to": "mbs",
            "reinvest_limit": None,
            "purchases": "0",
        }, month
    assert regime["confidence"] == "verified"


def test_qt1_ends_august_2019(shipped):
    # FACTS §A #19: from 2019-08-01 all Treasuries rolled over; MBS paydowns up to $20B
    # a month into Treasuries
    end = starting(shipped, "2019-08")
    assert end["announced"] == "2019-07-31"
    for month in ("2019-08", "2019-09"):
        r = in_force(shipped, month)
        assert r["kind"] != "qt"
        assert r["treasuries"] == {"cap": "0", "purchases": "0"}
        assert r["mbs"] == {
            "cap": "0",
            "reinvest_to": "treasuries",
            "reinvest_limit": "20",
            "purchases": "0",
        }


def test_october_2019_bill_purchases(shipped):
    # FACTS §A #21: T-bill reserve-management purchases, about $60B a month, from 2019-10-15
    bills = starting(shipped, "2019-10")
    assert bills["kind"] == "rmp"
    assert bills["treasuries"]["purchases"] == "60"
    assert bills["announced"] == "2019-10-11"


def test_march_2020_purchases(shipped):
    # FACTS §A #22-23: at least $500B Treasuries and $200B MBS from March 2020, then open-ended
    covid = starting(shipped, "2020-03")
    assert covid["kind"] == "qe"
    assert covid["announced"] == "2020-03-15"
    span = months(covid["start"], covid["end"])
    assert Decimal(covid["treasuries"]["purchases"]) * len(span) >= 500
    assert Decimal(covid["mbs"]["purchases"]) * len(span) >= 200


def test_june_2020_purchases(shipped):
    # FACTS §A #24: about $80B Treasuries + $40B MBS a month, until the taper of November 2021
    pace = starting(shipped, "2020-06")
    assert (pace["treasuries"]["purchases"], pace["mbs"]["purchases"]) == ("80", "40")
    assert pace["end"] == "2021-10"


def test_2021_22_taper(shipped):
    # FACTS §A #25-27: (Treasuries, MBS) bought each month, then no net purchases until QT2
    expected = {
        "2021-11": ("70", "35"), "2021-12": ("60", "30"), "2022-01": ("40", "20"),
        "2022-02": ("20", "10"), "2022-03": ("0", "0"), "2022-04": ("0", "0"),
        "2022-05": ("0", "0"),
    }  # fmt: skip
    for month, (tsy, mbs) in expected.items():
        r = in_force(shipped, month)
        assert (r["treasuries"]["purchases"], r["mbs"]["purchases"]) == (tsy, mbs), month
        assert (r["treasuries"]["cap"], r["mbs"]["cap"]) == ("0", "0"), month


@pytest.mark.parametrize(
    ("first", "last", "tsy_cap", "mbs_cap", "above_cap"), QT2, ids=[s[0] for s in QT2]
)
def test_qt2_step(shipped, first, last, tsy_cap, mbs_cap, above_cap):
    regime = starting(shipped, first)
    assert regime["end"] == last
    for month in months(first, last):
        r = in_force(shipped, month)
        assert r["kind"] == "qt", month
        assert r["treasuries"] == {"cap": tsy_cap, "purchases": "0"}, month
        assert (r["mbs"]["cap"], r["mbs"]["reinvest_to"], r["mbs"]["purchases"]) == (
            mbs_cap,
            above_cap,
            "0",
        )
    assert regime["confidence"] == "verified"


def test_qt2_ends_december_2025_with_mbs_into_bills_and_rmps(shipped):
    # FACTS §A #32-33: from Dec 2025 all Treasuries rolled over, all MBS principal into T-bills;
    # reserve management purchases of about $40B in the first month
    end = starting(shipped, "2025-12")
    assert end["kind"] == "rmp"
    assert end["treasuries"] == {"cap": "0", "purchases": "40"}
    assert (end["mbs"]["cap"], end["mbs"]["reinvest_to"]) == ("0", "bills")
    # FACTS §A #36 [?]: about $25B from April 2026 and $10B from June 2026, single source
    april = starting(shipped, "2026-04")
    june = starting(shipped, "2026-06")
    assert april["treasuries"]["purchases"] == "25"
    assert june["treasuries"]["purchases"] == "10"
    for later in (april, june):
        assert later["kind"] == "rmp"
        assert later["confidence"] == "uncertain"
        assert (later["mbs"]["cap"], later["mbs"]["reinvest_to"]) == ("0", "bills")
    assert june["end"] is None


COMMANDS = [
    ["explain"], ["history"], ["simulate"], ["backtest"], ["regimes"], ["validate"],
    ["data", "status"], ["data", "update"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_a_place_in_the_readme(command):
    from typer.testing import CliRunner

    from qtcli.cli import app

    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Usage: qt " + " ".join(command) in result.stdout
    # the first line of the docstring, i.e. a real description, follows the usage line
    assert len(result.stdout.strip().splitlines()) > 3
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"qt {' '.join(command)}" in readme
