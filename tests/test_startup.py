"""Startup: what a command imports, and option values converted without pydantic.

qtcli.coerce converts plain option values itself so that Typer does not import pydantic;
these tests hold it to Typer's own conversion (value for value, message for message) and
check in a fresh process that the fast paths stay free of pydantic, rich and PyYAML.
"""

from __future__ import annotations

import json
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import typer.main

from qtcli.coerce import speed_up

REPO = Path(__file__).resolve().parent.parent


class Color(str, Enum):
    red = "red"
    dark_blue = "dark-blue"


def _app(seen: list[dict[str, Any]]) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def go(
        name: Annotated[str | None, typer.Argument()] = None,
        months: Annotated[int, typer.Option()] = 12,
        text: Annotated[str | None, typer.Option()] = None,
        color: Annotated[Color, typer.Option("--color", "-c")] = Color.red,
        loose: Annotated[Color | None, typer.Option(case_sensitive=False)] = None,
        where: Annotated[Path | None, typer.Option()] = None,
        must: Annotated[Path | None, typer.Option(exists=True, dir_okay=False)] = None,
        kind: Annotated[list[str] | None, typer.Option()] = None,
        small: Annotated[int | None, typer.Option(min=1, max=5)] = None,
        flag: Annotated[bool, typer.Option()] = False,
    ) -> None:
        seen.append(
            dict(name=name, months=months, text=text, color=color, loose=loose, where=where,
                 must=must, kind=kind, small=small, flag=flag)
        )  # fmt: skip

    @app.command()
    def other() -> None:
        pass

    return app


def _run(args: list[str], fast: bool) -> tuple[Any, str]:
    """What the command received, or the error Typer reported for ``args``."""
    seen: list[dict[str, Any]] = []
    command = typer.main.get_command(_app(seen))
    if fast:
        speed_up(command)
    try:
        command.main(["go", *args], prog_name="t", standalone_mode=False)
    except typer.TyperException as exc:
        return None, f"{type(exc).__name__}: {exc.format_message()}"
    return seen[0], ""


CASES = [
    [],
    ["alpha", "--months", "7", "--text", "hello"],
    ["--months", "-3"],
    ["--months", "0"],
    ["--months", "007"],
    ["--months", "+4"],
    ["--months", "abc"],
    ["--months", "1.5"],
    ["--months", ""],
    ["--text", ""],
    ["--color", "dark-blue"],
    ["-c", "red"],
    ["--color", "RED"],
    ["--color", "green"],
    ["--loose", "DARK-BLUE"],
    ["--where", "no/such/file.yaml"],
    ["--where", "."],
    ["--must", "no/such/file.yaml"],
    ["--must", "."],
    ["--must", "pyproject.toml"],
    ["--kind", "qe", "--kind", "qt"],
    ["--small", "3"],
    ["--small", "9"],
    ["--flag"],
    ["--no-flag"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a) or "(none)" for a in CASES])
def test_fast_conversion_is_typers_conversion(args: list[str], monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    assert _run(args, fast=True) == _run(args, fast=False)


def test_fast_conversion_keeps_the_types() -> None:
    seen, error = _run(["x", "--months", "5", "--color", "dark-blue", "--where", "a.yaml"], True)
    assert error == ""
    assert seen["months"] == 5 and type(seen["months"]) is int
    assert seen["color"] is Color.dark_blue
    assert seen["where"] == Path("a.yaml") and isinstance(seen["where"], Path)


IMPORTS = (
    "import sys, runpy\n"
    "sys.argv = ['qt', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('qtcli', run_name='__main__')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "heavy = ('pydantic', 'rich', 'yaml')\n"
    "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & set(heavy))))\n"
)


def _heavy_imports(args: list[str], qt_env) -> list[str]:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS, *args],
        capture_output=True,
        text=True,
        env=qt_env(),
        cwd=REPO,
        timeout=60,
    )
    return json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["simulate", "--months", "12", "--format", "json"],
        ["simulate", "--months", "12"],  # tables are drawn by qtcli.render, not rich
        ["history", "--lang", "zh-TW"],
    ],
)
def test_fast_paths_import_no_pydantic_rich_or_yaml(args: list[str], qt_env) -> None:  # type: ignore[no-untyped-def]
    _heavy_imports(args, qt_env)  # the first run fills the parse cache (a private test dir)
    assert _heavy_imports(args, qt_env) == []  # warm: none of pydantic, rich or yaml


def test_a_cold_cache_parses_yaml_but_still_imports_no_rich(qt_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"QT_CACHE_DIR": str(tmp_path / "cold")}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS, "simulate", "--format", "json"],
        capture_output=True, text=True, env=qt_env(env), cwd=REPO, timeout=60,
    )  # fmt: skip
    heavy = json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"'))
    assert heavy == ["yaml"]  # policies.yaml parsed; the test would fail if the cache hid it


def test_a_bad_value_still_gets_typers_message(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke(["simulate", "--months", "twelve"])
    assert result.exit_code == 2
    assert "--months" in result.output
    assert "integer" in result.output


def test_main_builds_only_the_command_it_runs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from qtcli import cli

    monkeypatch.delenv("_QT_COMPLETE", raising=False)
    assert cli._command_named(["--debug", "simulate", "--months", "3"]) == "simulate"
    assert cli._command_named(["data", "status"]) == "data"
    for argv in ([], ["--help"], ["--version"], ["nosuch"], ["--debug"]):
        assert cli._command_named(argv) is None, argv
    monkeypatch.setenv("_QT_COMPLETE", "complete_bash")
    assert cli._command_named(["simulate"]) is None  # completion sees every command
    before = (list(cli.app.registered_commands), list(cli.app.registered_groups))
    with cli._only("regimes"):
        assert [c.callback.__name__ for c in cli.app.registered_commands] == ["regimes"]
        assert cli.app.registered_groups == []
    with cli._only("compare"):  # compare parses its scenarios with the simulate command
        assert {c.callback.__name__ for c in cli.app.registered_commands} == {"compare", "simulate"}
    assert (cli.app.registered_commands, cli.app.registered_groups) == before


def test_help_from_a_real_process_lists_every_command(run_qt) -> None:  # type: ignore[no-untyped-def]
    proc = run_qt(["--help"], env={"COLUMNS": "100"})
    assert proc.returncode == 0, proc.stderr
    names = ["explain", "history", "simulate", "compare", "balance", "backtest", "regimes"]
    for name in [*names, "validate", "data"]:
        assert f"│ {name} " in proc.stdout, name
