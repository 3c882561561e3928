"""`qt compare`: scenarios parsed by simulate itself, side by side, in every format.

Holdings come from the H.4.1 snapshot shipped in qtcli/data; expected values come from plain
`qt simulate` runs (a different command path) or are worked out by hand in comments.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

pytestmark = pytest.mark.usefixtures("shipped_snapshot")


def run(invoke, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = invoke(list(args))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def as_json(invoke, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(run(invoke, *args, "--format", "json").stdout)


def one_error(invoke, *args: str, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    result = run(invoke, *args, code=code)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qt: error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


def test_each_scenario_gives_exactly_simulates_months(invoke):
    data = as_json(
        invoke, "compare", "--regime qt2-2022-09 --mbs-cap 60", "--cpr 0.1 --label fast",
        "--months", "8", "--start", "2025-04",
    )  # fmt: skip
    plain = as_json(
        invoke, "simulate", "--regime", "qt2-2022-09", "--mbs-cap", "60", "--months", "8",
        "--start", "2025-04",
    )  # fmt: skip
    fast = as_json(invoke, "simulate", "--cpr", "0.1", "--months", "8", "--start", "2025-04")
    first, second = data["scenarios"]
    assert first["months"] == plain["months"]
    assert second["months"] == fast["months"]
    assert first["months"] != second["months"]
    assert data["start"] == "2025-04"
    assert first["label"] == "--regime qt2-2022-09 --mbs-cap 60" and second["label"] == "fast"
    assert second["options"] == "--cpr 0.1"  # --label is not a simulate option
    assert first["summary"]["end"] == {
        k: plain["months"][-1][k] for k in ("treasuries", "mbs", "total", "reserves")
    }
    assert first["summary"]["total_change"] == plain["summary"]["total_change"]


def test_shared_options_apply_to_all_and_a_scenario_may_override(invoke):
    data = as_json(invoke, "compare", "", "--start 2025-10", "--months", "3", "--start", "2025-04")
    a, b = data["scenarios"]
    assert [m["month"] for m in a["months"]] == ["2025-04", "2025-05", "2025-06"]
    assert [m["month"] for m in b["months"]] == ["2025-10", "2025-11", "2025-12"]
    # H.4.1 of 2025-10-01: 4196.385 + 2085.983
    assert b["summary"]["start"]["total"] == "6282.368"
    assert a["label"] != b["label"]


def test_same_labels_are_numbered(invoke):
    data = as_json(invoke, "compare", "--label x", "--label x --cpr 0.2", "--months", "1")
    assert [s["label"] for s in data["scenarios"]] == ["x #1", "x #2"]


def test_table_has_a_row_per_scenario_and_the_target_month(invoke):
    # 6408.048 at 2025-04 start: with the QT2 caps of Sept 2022 (60/35) the total falls by
    # more than 60 a month, so 6300 is crossed within 2 months; the 5-a-month cap takes longer
    out = run(
        invoke, "compare", "--regime qt2-2022-09 --until-total 6300 --label fast",
        "--until-total 6300 --label slow", "--months", "4", "--start", "2025-04", "--monthly",
    ).stdout  # fmt: skip
    data = as_json(
        invoke, "compare", "--regime qt2-2022-09 --until-total 6300 --label fast",
        "--until-total 6300 --label slow", "--months", "4", "--start", "2025-04",
    )  # fmt: skip
    fast, slow = data["scenarios"]
    assert fast["summary"]["reached"] == "2025-05" and slow["summary"]["reached"] is None
    rows = {
        line.split()[0]: line.split()
        for line in out.splitlines()
        if line.startswith(("fast", "slow"))
    }
    end = D(fast["summary"]["end"]["total"]).quantize(D("0.1"))
    assert f"{end:,}" in rows["fast"] and "2025-05" in rows["fast"]
    assert "not" in " ".join(rows["slow"])
    monthly = [line.split() for line in out.splitlines() if line.startswith("2025-0")]
    assert [r[0] for r in monthly] == ["2025-04", "2025-05", "2025-06", "2025-07"]
    for row, a, b in zip(monthly, fast["months"], slow["months"], strict=True):
        assert row[1:] == [
            f"{D(a['total']).quantize(D('0.1')):,}",
            f"{D(b['total']).quantize(D('0.1')):,}",
        ]


def test_chart_draws_every_path_with_a_legend(invoke):
    out = run(invoke, "compare", "--label a", "--regime qt2-2022-09 --label b", "--months", "3",
              "--start", "2025-04", "--chart").stdout  # fmt: skip
    assert "● a  ○ b" in out
    assert "scale: " in out
    rows = [line for line in out.splitlines() if "│" in line and line.startswith("2025-")]
    assert len(rows) == 3 and all("●" in r or "◉" in r for r in rows)


def test_csv_has_a_scenario_column(invoke):
    out = run(
        invoke, "compare", "--label a", "--label b", "--months", "2", "--format", "csv"
    ).stdout
    lines = out.splitlines()
    assert lines[0].startswith("scenario,month,regime,treasuries,mbs,total")
    assert [line.split(",")[0] for line in lines[1:]] == ["a", "a", "b", "b"]


def test_zh_tw(invoke):
    out = run(invoke, "compare", "--label 甲", "--label 乙 --cpr 0.2", "--months", "2",
              "--lang", "zh-TW", "--monthly").stdout  # fmt: skip
    for word in ("比較 2 種情境", "公債", "合計", "準備金", "變動", "推估期末"):
        assert word in out, word


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("count", [1, 7])
def test_two_to_six_scenarios(invoke, count):
    err = one_error(invoke, "compare", *["--cpr 0.1"] * count)
    assert f"2 to 6 scenarios, got {count}" in err


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("--mbs-cap x", "scenario 2 ('--mbs-cap x'): --mbs-cap must be a number, got 'x'"),
        ("--months x", "scenario 2 ('--months x'): Invalid value for '--months'"),
        ("--bogus 1", "scenario 2 ('--bogus 1'): No such option: --bogus"),
        ("--regime nope", "scenario 2 ('--regime nope'): unknown regime 'nope'"),
        ("--format json", "scenario 2 ('--format json'): --format is not a scenario option"),
        ("--output x.json", "--output is not a scenario option"),
        ("--label", "scenario 2 ('--label'): --label needs a name"),
        ("--cpr '0.1", "scenario 2 ('--cpr '0.1'): cannot split the options"),
        ("caps", "scenario 2: no scenario named 'caps'"),
    ],
)
def test_a_bad_scenario_is_a_usage_error_naming_it(invoke, scenario, words):
    err = one_error(invoke, "compare", "--cpr 0.1", scenario, "--months", "2")
    assert words in err


def test_bad_plot_suffix_is_a_usage_error_before_any_work(invoke, tmp_path):
    err = one_error(invoke, "compare", "", "", "--plot", str(tmp_path / "chart.jpg"))
    assert "must end in .png or .svg" in err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------- scenario files


def test_named_scenarios_from_a_file(invoke, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "version: 1\n"
        "scenarios:\n"
        "  caps-60-35:\n"
        "    label: caps $60B/$35B\n"
        "    options: --regime qt2-2022-09\n"
        "  fast:\n"
        "    options: --cpr 0.2\n",
        encoding="utf-8",
    )
    data = as_json(invoke, "compare", "caps-60-35", "fast", "--label inline",
                   "--scenarios", str(path), "--months", "2", "--start", "2025-04")  # fmt: skip
    assert [s["label"] for s in data["scenarios"]] == ["caps $60B/$35B", "fast", "inline"]
    assert data["scenarios"][0]["months"][0]["regime"] == "qt2-2022-09"
    assert data["scenarios"][1]["options"] == "--cpr 0.2"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("scenarios:\n  a:\n    option: --cpr 0.1\n", 4, "unknown key 'option'"),
        (
            "scenarios:\n  a:\n    options: --cpr 0.1\n  b:\n    options: ''\n",
            6,
            "must be non-empty text",
        ),
        ("scenarios: [1, 2]\n", 2, "scenarios must be a mapping"),
    ],
)
def test_a_bad_scenarios_file_names_file_and_line(invoke, tmp_path, body, line, words):
    path = tmp_path / "s.yaml"
    path.write_text("version: 1\n" + body, encoding="utf-8")
    err = one_error(invoke, "compare", "a", "b", "--scenarios", str(path), code=1)
    assert f"{path}:{line}:" in err and words in err


def test_a_bad_option_in_a_file_names_its_line(invoke, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("version: 1\nscenarios:\n  a:\n    options: --cpr 0.1\n"
                    "  b:\n    options: --mbs-cap x\n", encoding="utf-8")  # fmt: skip
    err = one_error(invoke, "compare", "a", "b", "--scenarios", str(path), code=1)
    assert f"{path}:5: scenario 'b': --mbs-cap must be a number, got 'x'" in err
