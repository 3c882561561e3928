"""Shared test helpers: run qt in-process (CliRunner) or as a real process, in a clean environment.

Both helpers remove the variables that change qt's behaviour (policy/events file, language,
colour) and pin the terminal width, so a test sees the same output on every machine. Pass
``env={...}`` to set or (with ``None``) remove more variables for one call.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

REPO = Path(__file__).resolve().parent.parent

# What every qt invocation in the tests starts from; None removes the variable.
CLEAN_ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "LINES": "50",
    "QT_POLICIES": None,
    "QT_EVENTS": None,
    "LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    # The date qt takes for today, never the real one: days after the shipped data end, so
    # no test sees the note on old data unless it sets a later day.
    "QT_TODAY": "2026-06-20",
}


@pytest.fixture(scope="session", autouse=True)
def _parse_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every qt run in the tests keeps its parse cache in a temporary dir, never the user's."""
    os.environ["QT_CACHE_DIR"] = str(tmp_path_factory.mktemp("parse-cache"))
    os.environ.pop("QT_NO_CACHE", None)
    os.environ["QT_TODAY"] = str(CLEAN_ENV["QT_TODAY"])  # also for calls into qtcli itself


@pytest.fixture(scope="session")
def qt_env() -> Callable[..., dict[str, str]]:
    """``qt_env(env=None)``: this process's environment, cleaned, with ``env`` applied."""

    def make(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
        full = dict(os.environ)
        for key, value in {**CLEAN_ENV, **(env or {})}.items():
            if value is None:
                full.pop(key, None)
            else:
                full[key] = value
        return full

    return make


@pytest.fixture(scope="session")
def invoke() -> Callable[..., Result]:
    """``invoke(args, env=None)``: run ``qt args`` in-process with typer's CliRunner."""
    from qtcli.cli import app

    def run(args: Sequence[str], env: Mapping[str, str | None] | None = None) -> Result:
        return CliRunner().invoke(app, [str(a) for a in args], env={**CLEAN_ENV, **(env or {})})

    return run


@pytest.fixture(scope="session")
def run_qt(qt_env) -> Callable[..., subprocess.CompletedProcess[str]]:  # type: ignore[no-untyped-def]
    """``run_qt(args, env=None, cwd=None)``: run ``python -m qtcli args`` as a real process."""

    def run(
        args: Sequence[str],
        env: Mapping[str, str | None] | None = None,
        cwd: str | Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "qtcli", *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=qt_env(env),
            cwd=cwd or REPO,
            timeout=120,
        )

    return run


@pytest.fixture
def shipped_snapshot(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Read the H.4.1 snapshot shipped in qtcli/data (an empty cache), whatever ran before."""
    import qtcli
    from qtcli import actuals
    from qtcli import series as store

    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setattr(store.cache, "SNAPSHOT_DIR", Path(qtcli.__file__).parent / "data")
    actuals.weekly.cache_clear()
    actuals._first_of_month.cache_clear()
    yield
    actuals.weekly.cache_clear()
    actuals._first_of_month.cache_clear()
