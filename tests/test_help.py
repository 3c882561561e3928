"""`--help`: every option shows the form of its value (N, USD_B, YYYY-MM, FILE), not a type name."""

from __future__ import annotations

import re

import pytest


def all_commands() -> list[list[str]]:
    """Every command path of the app, the root and the groups included."""
    import typer

    from qtcli.cli import app

    found: list[list[str]] = []

    def walk(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = all_commands()
TYPE_NAMES = re.compile(r"<(str|int|float|bool|path|list\[str\])>|\b(TEXT|INTEGER|FLOAT|PATH)\b")


def test_every_command_is_listed():
    names = {" ".join(c) for c in COMMANDS}
    assert {"simulate", "compare", "backtest", "balance", "history", "data status"} <= names


@pytest.mark.parametrize("columns", ["80", "200"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "qt")
def test_no_help_shows_a_type_name(invoke, command, columns):
    result = invoke([*command, "--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    assert "Usage: qt" in result.stdout
    assert not TYPE_NAMES.search(result.stdout), TYPE_NAMES.search(result.stdout)


def option_row(text: str, option: str) -> str:
    """The help line that starts with ``option``, its box and padding taken off."""
    for line in text.splitlines():
        words = line.strip("│ ").split()
        if words and words[0] == option:
            return " ".join(words)
    raise AssertionError(f"{option} not in the help")


@pytest.mark.parametrize(
    ("command", "option", "metavar"),
    [
        ("simulate", "--months", "N"),
        ("simulate", "--start", "YYYY-MM|latest"),
        ("simulate", "--treasury-cap", "USD_B"),
        ("simulate", "--mbs-cap", "USD_B"),
        ("simulate", "--cpr", "RATE"),
        ("simulate", "--maturities", "FILE"),
        ("simulate", "--lang", "en|zh-TW"),
        ("compare", "--start", "YYYY-MM|latest"),
        ("compare", "--until-total", "USD_B"),
        ("backtest", "--from", "YYYY-MM"),
        ("balance", "--at", "DATE"),
        ("history", "--since", "DATE"),
        ("data update", "--timeout", "SECONDS"),
    ],
)
def test_an_option_shows_its_form(invoke, command, option, metavar):
    text = invoke([*command.split(), "--help"], env={"COLUMNS": "200"}).stdout
    assert option_row(text, option).split()[1] == metavar


def test_simulate_help_names_the_forms_and_reads_at_80_columns(invoke):
    text = invoke(["simulate", "--help"], env={"COLUMNS": "80"}).stdout
    assert "YYYY-MM|latest" in text and "USD_B" in text
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    # the description column keeps a readable width: at least 30 of the 80 columns
    row = next(line for line in lines if "--months" in line)
    assert len(row) - row.index("Months to project") >= 30
