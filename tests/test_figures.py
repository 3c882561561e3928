"""The figure table of qtcli.figures against the explain texts: nothing cited is missing, nothing
in the table goes unused, and every row names a known operation and display style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qtcli import figures

TEXTS = Path(__file__).resolve().parent.parent / "qtcli" / "explain"


def cited(lang: str) -> set[str]:
    text = (TEXTS / f"{lang}.yaml").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return set(re.findall(r"\{(\w+)\}", body))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_every_cited_figure_is_in_the_table(lang):
    names = cited(lang)
    assert len(names) > 50  # the pattern found the figures at all
    assert names - figures.NAMES == set()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_every_figure_in_the_table_is_cited(lang):
    assert figures.NAMES - cited(lang) == set()


def test_the_table_is_well_formed():
    names = [f.name for f in figures.TABLE]
    assert len(names) == len(set(names)), "a name appears twice"
    for f in figures.TABLE:
        assert f.style in figures.STYLES, f.name
        assert f.op in figures.OPS, f.name


def test_a_range_end_that_names_a_figure_names_a_date_figure():
    dates = {f.name for f in figures.TABLE if f.style == "date"}
    for f in figures.TABLE:
        if f.op in {"last", "max", "min", "decline", "runoff_avg", "max_runoff"}:
            for end in f.at:
                name = end.name if isinstance(end, figures.Before) else end
                assert not isinstance(name, str) or name in dates, (f.name, end)
