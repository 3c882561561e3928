"""The shape of the package: which module may import what, and how big a module may grow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qtcli"
MODULES = sorted(PACKAGE.rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module name ``path`` imports, at any depth (lazy imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_modules_are_found():
    assert PACKAGE / "series" / "download.py" in MODULES and len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_download_module_touches_the_network(path):
    network = {n for n in imported(path) if n.split(".")[0] in {"urllib", "http", "socket"}}
    if path == PACKAGE / "series" / "download.py":
        assert network  # the check below would pass vacuously if the name changed
    else:
        assert not network
