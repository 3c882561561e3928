"""The shape of the package (issue #17): every module says its one job in a docstring of one
or two lines, and none but the data catalogues grows past about 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qtcli"
MODULES = sorted(PACKAGE.rglob("*.py"))
CATALOGUES = {"i18n.py", "figures.py"}  # the message table, the figure table
MAX_LINES = 400


def test_the_package_was_found():
    assert len(MODULES) > 30


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_opens_with_a_short_docstring(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, "no module docstring"
    summary = doc.strip().split("\n\n")[0]
    assert len(summary.splitlines()) <= 2, "the first paragraph names the job in 1-2 lines"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_but_a_catalogue_is_over_400_lines(path):
    if path.parent == PACKAGE and path.name in CATALOGUES:
        pytest.skip("a data catalogue")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by job"
