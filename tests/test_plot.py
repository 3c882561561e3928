"""`--plot FILE`: PNG and SVG charts by matplotlib (the optional `plot` extra).

Tests that draw need matplotlib (`uv run --extra plot pytest`); the others check what happens
without it and that no other path imports it.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from qtcli import __version__

SVG = "{http://www.w3.org/2000/svg}"


pytestmark = pytest.mark.usefixtures("shipped_snapshot")


def run(invoke, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = invoke(list(args))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's signature and IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # raises if it is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def test_simulate_png_decodes_with_the_right_size(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "sim.png"
    out = run(invoke, "simulate", "--months", "6", "--start", "2025-04", "--plot", str(path))
    assert "2025-09" in out.stdout  # the table still goes to stdout
    assert png_size(path.read_bytes()) == (960, 540)
    from matplotlib import image

    pixels = image.imread(path)
    assert pixels.shape[:2] == (540, 960)
    assert [p.name for p in tmp_path.iterdir()] == ["sim.png"]  # no temporary file left


def test_simulate_svg_holds_title_axis_labels_and_source(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "sim.svg"
    run(invoke, "simulate", "--months", "6", "--start", "2025-04", "--plot", str(path))
    texts = svg_texts(path)
    assert "Fed Treasury + MBS holdings under qt2-2025-04, projected" in texts
    assert "USD billions" in texts
    assert "month (holdings at its end)" in texts
    assert f"source: qt {__version__}, Federal Reserve H.4.1" in texts
    assert "total holdings" in texts and "reserves (projected)" in texts  # the legend
    # the reserves line (about $3.2T) sits far below the holdings: the axis starts at zero
    assert "0" in texts and "from H.4.1 data of April 2, 2025" in texts
    assert not any("axis does not start at zero" in t for t in texts)


def test_zh_tw_svg_uses_zhao(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "sim.svg"
    run(invoke, "simulate", "--months", "6", "--lang", "zh-TW", "--plot", str(path))
    texts = svg_texts(path)
    assert "兆美元" in texts
    assert f"資料來源：qt {__version__}，聯準會 H.4.1" in texts


def test_backtest_chart_shows_model_naive_and_actual(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "bt.svg"
    run(invoke, "backtest", "qt1", "--plot", str(path))
    texts = svg_texts(path)
    for name in ("actual", "model", "naive model (every cap hit)"):
        assert name in texts, name
    assert png_size(_png(invoke, tmp_path, "backtest", "qt1")) == (960, 540)


def _png(invoke, tmp_path: Path, *args: str) -> bytes:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.png"
    run(invoke, *args, "--plot", str(path))
    return path.read_bytes()


def test_compare_chart_has_every_scenario_in_its_legend(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "cmp.svg"
    run(invoke, "compare", "--label caps", "--regime qt2-2022-09 --label wide",
        "--months", "6", "--start", "2025-04", "--plot", str(path))  # fmt: skip
    texts = svg_texts(path)
    assert "caps" in texts and "wide" in texts
    assert "Fed Treasury + MBS holdings: 2 scenarios" in texts
    # totals alone fall about 1% in 6 months: the axis is zoomed, and the chart says so
    assert any(t.endswith("· axis does not start at zero") for t in texts)


def test_a_failed_plot_keeps_the_old_file(invoke, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from qtcli import atomic

    path = tmp_path / "sim.png"
    path.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    result = run(invoke, "simulate", "--months", "2", "--plot", str(path), code=1)
    assert "cannot write" in result.stderr
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["sim.png"]


def test_without_matplotlib_plot_says_how_to_install(invoke, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "matplotlib" else real(name, *a),
    )
    result = run(invoke, "simulate", "--months", "2", "--plot", str(tmp_path / "a.png"), code=1)
    assert result.stderr.count("\n") == 1
    assert "pip install 'qtcli[plot]'" in result.stderr and "uv run --extra plot" in result.stderr
    assert result.stdout == ""  # nothing printed before the error
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command", [["simulate"], ["backtest", "qt1"], ["compare", "", "--cpr 0.1"]]
)
def test_a_bad_suffix_is_a_usage_error(invoke, tmp_path, command):
    result = run(invoke, *command, "--plot", str(tmp_path / "chart.pdf"), code=2)
    assert "must end in .png or .svg" in result.stderr


def test_only_the_plot_path_imports_matplotlib(qt_env, tmp_path):
    script = (
        "import sys\n"
        "from qtcli.cli import main\n"
        "sys.argv = ['qt'] + sys.argv[1:]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write('MPL=%s\\n' % ('matplotlib' in sys.modules))\n"
    )
    for args in (["simulate", "--months", "2"], ["simulate", "--months", "2", "-f", "html"],
                 ["compare", "", "--cpr 0.1", "--chart"], ["backtest", "qt1", "-f", "html"]):  # fmt: skip
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                              env=qt_env({"QT_DATA_DIR": str(tmp_path)}), timeout=120)  # fmt: skip
        assert "MPL=False" in done.stderr, (args, done.stderr)


def test_zh_tw_png_without_a_cjk_font_falls_back_to_english(invoke, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from qtcli import plot

    monkeypatch.setattr(plot, "CJK_FONTS", ())  # as on a machine with no CJK font
    path = tmp_path / "sim.png"
    result = run(invoke, "simulate", "--months", "2", "--lang", "zh-TW", "--plot", str(path))
    assert "qt: note: no CJK font installed: the chart's text is in English" in result.stderr
    assert png_size(path.read_bytes()) == (960, 540)


def test_balance_chart_holds_assets_and_the_three_liability_lines(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "bal.svg"
    run(invoke, "balance", "--from", "2022-06", "--to", "2025-11", "--plot", str(path))
    texts = svg_texts(path)
    assert "Fed balance sheet: total assets, reserves, ON RRP and other liabilities" in texts
    for legend in ("total assets", "reserves (week average)", "ON RRP",
                   "other liabilities and capital"):  # fmt: skip
        assert legend in texts, legend
    assert "from H.4.1 data of November 5, 2025" in texts  # the later week of the change
    assert "2022-07" in texts and "2025-07" in texts  # the x axis spans the change


def test_balance_plot_with_a_bad_suffix_writes_nothing(invoke, tmp_path):
    result = run(invoke, "balance", "--plot", str(tmp_path / "bal.pdf"), code=2)
    assert ".png or .svg" in result.stderr or ".png" in result.stderr
    assert list(tmp_path.iterdir()) == []
