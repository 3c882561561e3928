"""Width: what qt prints as a table fits the terminal, header lines wrap under their label,
and long paths are shortened (issue 12, "Width").

Content, not layout: each test pins COLUMNS and checks that lines fit and that nothing is
lost, not where a line breaks.
"""

from __future__ import annotations

import os

import pytest

from qtcli import render

QT_TODAY = {"QT_TODAY": "2026-06-20"}  # no stale-data note, whatever today is
LONG = ("a-rather-long-folder-name-" * 3, "and-another-one-just-as-long-" * 2)


def cells(text: str) -> int:
    return render.cells(text)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def long_maturities(tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path.joinpath(*LONG)
    folder.mkdir(parents=True)
    path = folder / "maturities.yaml"
    path.write_text("treasury_maturities:\n  2025-04: 41.5\n  2025-05: 12\n", encoding="utf-8")
    return path


@pytest.fixture
def long_cache(tmp_path):  # type: ignore[no-untyped-def]
    return tmp_path.joinpath(*LONG, "cache")


def commands(maturities, cache):  # type: ignore[no-untyped-def]
    return {
        "simulate": (["simulate", "--months", "12"], {}),
        "simulate-zh": (["simulate", "--months", "12", "--lang", "zh-TW"], {}),
        "simulate-liabilities": (["simulate", "--months", "12", "--liabilities"], {}),
        "simulate-maturities": (["simulate", "--months", "3", "--maturities", maturities], {}),
        "compare": (["compare", "--regime qt2-2022-09", "--regime qt2-2025-04"], {}),
        "backtest": (["backtest", "qt2"], {}),
        "backtest-zh": (["backtest", "qt2", "--lang", "zh-TW"], {}),
        "balance": (["balance"], {}),
        "data-status": (["data", "status"], {"QT_DATA_DIR": str(cache)}),
        "data-status-zh": (["data", "status", "--lang", "zh-TW"], {"QT_DATA_DIR": str(cache)}),
        "regimes": (["regimes"], {}),
    }


NAMES = list(commands("m", "c"))


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("name", NAMES)
def test_every_line_fits_the_width(invoke, long_maturities, long_cache, name, columns):
    args, env = commands(str(long_maturities), str(long_cache))[name]
    result = invoke(args, env={**QT_TODAY, **env, "COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    too_long = [line for line in result.stdout.splitlines() if cells(line) > columns]
    assert not too_long


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("columns", [80, 60])
def test_a_wrapped_header_keeps_its_words_and_hangs_under_its_label(invoke, lang, columns):
    args = ["simulate", "--months", "12", "--lang", lang]
    wide = invoke(args, env={**QT_TODAY, "COLUMNS": "300"}).stdout.splitlines()
    narrow = invoke(args, env={**QT_TODAY, "COLUMNS": str(columns)}).stdout.splitlines()

    def header(lines: list[str]) -> list[str]:  # the lines above the table's column heads
        heads = ("month", "月份")
        return lines[: next(i for i, line in enumerate(lines) if line.startswith(heads))]

    assert flat("".join(header(narrow))) == flat("".join(header(wide)))
    if columns == 60:
        assert len(header(narrow)) > len(header(wide))  # something did wrap
    labelled = [line for line in header(wide) if not line.startswith(" ")]
    starts = [line for line in header(narrow) if not line.startswith(" ")]
    assert len(starts) == len(labelled)
    assert all(whole.startswith(start) for whole, start in zip(labelled, starts, strict=True))
    for line in header(narrow):
        # a line starts with a label, or continues under the text after it (9 cells in)
        assert not line.startswith(" ") or line.startswith(" " * render.LABEL_COLUMN), line


def test_a_long_maturities_path_is_shortened_to_its_start_and_file_name(invoke, long_maturities):
    out = invoke(
        ["simulate", "--months", "3", "--maturities", str(long_maturities)],
        env={**QT_TODAY, "COLUMNS": "80"},
    ).stdout
    line = next(line for line in out.splitlines() if "Treasury maturities from" in line)
    shown = line.split("Treasury maturities from", 1)[1].strip()
    assert shown.endswith(os.sep + "maturities.yaml") and "…" in shown
    assert str(long_maturities).startswith(shown.split("…")[0])
    assert cells(line) <= 80


def test_a_long_cache_path_is_shortened_and_still_names_the_files(invoke, long_cache):
    out = invoke(["data", "status"], env={"QT_DATA_DIR": str(long_cache), "COLUMNS": "60"}).stdout
    line = next(line for line in out.splitlines() if line.startswith("Cache:"))
    assert "…" in line and "<SERIES>.csv" in line
    assert str(long_cache).startswith(line.split()[1].split("…")[0])


# --------------------------------------------------------------------------- render.header


def test_header_hangs_under_a_colon_label_and_keeps_every_word():
    text = "GDP: " + " ".join(f"word{i}" for i in range(30))
    lines = render.header([text]).wrapped(40)
    assert len(lines) > 1 and all(cells(line) <= 40 for line in lines)
    assert all(line.startswith(" " * 5) and line[5] != " " for line in lines[1:])
    assert flat("".join(lines)) == flat(text)


def test_header_hangs_under_the_label_column_in_both_languages():
    for label in ("Regime   ", "政策區間 ", "Reserves "):
        text = label + "一二三四五六七八九十" * 6
        lines = render.header([text], column=render.LABEL_COLUMN).wrapped(40)
        assert lines[0].startswith(label) and len(lines) > 1
        assert all(line.startswith(" " * 9) and line[9] != " " for line in lines[1:])
        assert all(cells(line) <= 40 for line in lines)


def test_header_lines_that_fit_are_left_alone():
    lines = ["Regime   short", "         continued   with  spaces"]
    assert render.header(lines, column=render.LABEL_COLUMN).wrapped(80) == lines


def test_header_shortens_only_a_path_that_does_not_fit():
    path = "/srv/" + "/".join(["folder" * 4] * 6) + "/maturities.yaml"
    line = f"         Treasury maturities from {path}"
    (shown,) = render.header([line], paths=[path]).wrapped(70)
    assert cells(shown) <= 70 and shown.endswith("/maturities.yaml") and "…" in shown
    assert render.header([line], paths=[path]).wrapped(400) == [line]


@pytest.mark.parametrize("room", [20, 30, 45, 60])
def test_short_path_keeps_the_start_and_the_file_name(room):
    path = os.sep + os.sep.join(["srv", "x" * 30, "y" * 30, "maturities.yaml"])
    shown = render.short_path(path, room)
    assert cells(shown) <= room
    assert shown.endswith("maturities.yaml") and "…" in shown
    assert path.startswith(shown.split("…")[0])


def test_short_path_is_relative_to_the_working_directory_when_inside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = str(tmp_path / "data" / "maturities.yaml")
    assert render.short_path(path, 40) == os.path.join("data", "maturities.yaml")
    assert render.short_path(path, 1000) == path  # a path that fits is shown as given
