"""Honest charts: bars from zero, or a zoomed line that says so and prints its axis range."""

from __future__ import annotations

from decimal import Decimal as D

from qtcli.reports import chart


def test_small_change_is_a_zoomed_line_with_its_range_printed():
    # a 1.9% fall over six months: 6600 -> 6474.6
    points = [("start", D("6600"))] + [
        (f"2025-0{i}", D("6600") - D("20.9") * i) for i in range(1, 7)
    ]
    lines = chart.bars(points, "en", width=40)
    assert lines[0].startswith("scale: $6.47T to $6.6T (zoomed in: not from zero)")
    rows = lines[1:]
    assert len(rows) == 7 and not any("█" in r for r in rows)  # no bars from a false baseline
    dots = [r.split("│", 1)[1].index("●") for r in rows]
    assert dots[0] == 40 and dots[-1] == 0  # max at the right edge, min at the left
    assert dots == sorted(dots, reverse=True)


def test_large_change_is_bars_from_zero():
    points = [("a", D("1000")), ("b", D("500")), ("c", D("250"))]
    lines = chart.bars(points, "en", width=40)
    assert lines[0] == "scale: 0 to $1T"
    lengths = [r.count("█") for r in lines[1:]]
    assert lengths == [40, 20, 10]  # proportional to the value: the bars start at zero


def test_axis_rule_at_the_threshold():
    assert chart.axis([D("80"), D("100")]).from_zero  # range 20% of the top
    assert not chart.axis([D("80.1"), D("100")]).from_zero
    assert chart.axis([D("0"), D("5")]) == chart.Axis(D("0"), D("5"), True)


def test_paths_share_one_axis_and_a_legend():
    a = [("2025-01", D("100")), ("2025-02", D("90"))]
    b = [("2025-01", D("100")), ("2025-02", D("95")), ("2025-03", D("92"))]
    lines = chart.paths([("caps", a), ("no caps", b)], "en", width=20)
    assert lines[0] == "scale: $90B to $100B (zoomed in: not from zero)"
    assert lines[1] == "● caps  ○ no caps"
    rows = {r.split()[0]: r.split("│", 1)[1] for r in lines[2:]}
    assert rows["2025-01"].index("◉") == 20  # both at 100: one overlap mark at the top
    assert rows["2025-02"].index("●") == 0 and rows["2025-02"].index("○") == 10
    assert "●" not in rows["2025-03"] and rows["2025-03"].index("○") == 4


def test_zh_tw_axis_note():
    lines = chart.bars([("a", D("6600")), ("b", D("6500"))], "zh-TW", width=10)
    assert lines[0].startswith("刻度：6.5兆美元 至 6.6兆美元（放大顯示：非從零起算）")
