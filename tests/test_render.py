"""The plain renderer (qtcli.render): widths, wrapping, boxes, styles, and what it never does."""

from __future__ import annotations

import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from qtcli import render


def lines_of(drawable, width: int, styled: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    render.Console(file=out, width=width, styled=styled).print(drawable)
    return out.getvalue().split("\n")[:-1]


def width_of(line: str) -> int:  # counted here, not with the code under test
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


NUMBERS = [["2025-04", "4,214.0", "2,173.4", "-20.6"], ["2025-05", "4,209.0", "2,158.0", "-41.0"]]
HEADS = [("month", "left", True), ("Treasury holdings", "right", True)]
HEADS += [("MBS holdings", "right", True), ("cumulative change", "right", True)]


def test_a_table_that_fits_keeps_every_cell_on_one_line():
    lines = lines_of(render.table(HEADS, NUMBERS, compact=True), 80)
    assert lines[0].split() == "month Treasury holdings MBS holdings cumulative change".split()
    assert set(lines[1]) == {"─"}
    assert lines[2].split() == NUMBERS[0] and lines[3].split() == NUMBERS[1]


def test_a_narrow_console_wraps_headers_at_their_spaces_and_never_cuts_a_number():
    drawn = render.table(HEADS, NUMBERS, compact=True)
    console = render.Console(file=io.StringIO(), width=40)
    assert render.fits(console, drawn, tight=True) and not render.fits(console, drawn)
    lines = lines_of(drawn, 40)
    assert all(width_of(line) <= 40 for line in lines)
    rule = next(i for i, line in enumerate(lines) if set(line) == {"─"})
    assert rule == 2  # two header lines above the rule, bottom-aligned
    assert lines[0].split() == ["Treasury", "MBS", "cumulative"]
    assert lines[1].split() == ["month", "holdings", "holdings", "change"]
    assert [line.split() for line in lines[rule + 1 :]] == NUMBERS
    assert "…" not in "".join(lines)


def test_a_cell_that_cannot_fit_is_cut_with_an_ellipsis_or_folded():
    row = [["qt2-2025-04-with-a-very-long-name", "x"]]
    cut = lines_of(render.table([("id", "left", True), ("v", "left")], row, compact=True), 20)
    assert cut[2].startswith("qt2-2025") and "…" in cut[2] and width_of(cut[2]) <= 20
    folded = render.table([("id", "left", True), ("v", "left")], row, compact=True, overflow="fold")
    body = lines_of(folded, 20)[2:]
    assert len(body) > 1 and all(width_of(line) <= 20 for line in body)
    assert "".join(line.split()[0] for line in body) == "qt2-2025-04-with-a-very-long-name"
    assert "…" not in "".join(body)


def test_a_box_that_cannot_fit_is_drawn_compact():
    rows = [["roll over", "buy 34.5"]]
    heads = [("Treasuries", "left"), ("MBS", "left")]
    boxed = lines_of(render.table(heads, rows), 40)
    assert boxed[0].startswith("┏") and boxed[-1].startswith("└")
    assert lines_of(render.table(heads, rows), 21)[0].startswith("┏")  # 10 + 4 + 7 rules
    narrow = lines_of(render.table(heads, rows), 20)
    assert not any(ch in "".join(narrow) for ch in "┏┃│└")
    assert all(width_of(line) <= 20 for line in narrow)


def test_title_and_caption_wrap_at_the_tables_width_not_the_consoles():
    rows = [["a", "b"]]
    caption = "one two three four five six seven eight nine ten"
    lines = lines_of(render.table([("x", "left"), ("y", "left")], rows, caption=caption), 80)
    table_width = width_of(lines[0])
    assert table_width == 9
    assert all(width_of(line) <= table_width for line in lines)
    assert " ".join(" ".join(lines[5:]).split()) == caption


def test_chinese_cells_count_two_cells_a_character():
    heads = [("月份", "left", True), ("合計", "right", True)]
    lines = lines_of(render.table(heads, [["2025年4月", "6,387.5億美元"]], compact=True), 80)
    assert width_of(lines[0]) == width_of(lines[1]) == width_of(lines[2])
    assert lines[2].endswith("6,387.5億美元")


def test_styles_only_on_a_styled_console():
    drawn = render.table([("x", "left")], [["1"]], title="T", compact=True)
    assert not any("\x1b" in line for line in lines_of(drawn, 40))
    styled = lines_of(drawn, 40, styled=True)
    assert styled[0] == "\x1b[3mT\x1b[0m"  # the title in italics
    assert styled[1] == "\x1b[1mx\x1b[0m"  # the header bold
    assert styled[3] == "1"  # a cell plain


def test_the_console_follows_no_color_term_and_force_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    assert render.console().styled
    monkeypatch.setenv("NO_COLOR", "1")
    assert not render.console().styled
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not render.console().styled


def test_columns_sets_the_width_and_nonsense_falls_back(monkeypatch):
    monkeypatch.setenv("COLUMNS", "66")
    assert render.Console(file=io.StringIO()).width == 66
    monkeypatch.setenv("COLUMNS", "5")
    assert render.Console(file=io.StringIO()).width == 20  # never narrower than 20
    monkeypatch.setenv("COLUMNS", "wide")
    assert render.Console(file=io.StringIO()).width >= 20


def test_control_characters_never_reach_the_output():
    evil = "a\x1b[31mred\x07\rb"
    drawn = [
        render.table([(evil, "left")], [[evil]], title=evil, caption=evil),
        render.panel(evil, title=evil),
        render.text(evil),
        render.bullets([evil], numbered=False),
    ]
    for item in drawn:
        out = "\n".join(lines_of(item, 40))
        assert not any(unicodedata.category(ch) == "Cc" for ch in out.replace("\n", ""))
        assert "red" in out


CELL = st.text(alphabet="ab 12,.%$億美元聯準會（）、:-", max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda n: st.tuples(
            st.lists(st.tuples(CELL, st.booleans()), min_size=n, max_size=n),
            st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=4),
        )
    ),
    st.booleans(),
    st.integers(min_value=20, max_value=100),
)
def test_no_line_is_ever_wider_than_the_console(spec, compact, width):
    heads, rows = spec
    columns = [(head, "left", no_wrap) for head, no_wrap in heads]
    lines = lines_of(render.table(columns, rows, compact=compact, overflow="fold"), width)
    assert all(width_of(line) <= width for line in lines)
    shown = "".join(lines)
    for row in rows:  # folded, never cut: every character of every cell is drawn
        for cell in row:
            assert all(ch in shown for ch in cell if not ch.isspace())
