"""The qt command line: the root app, its one-line error handling, and the list of commands.

Each command lives in its own module here (parse, call the core, hand the result to a report).
Exit codes: 0 success, 1 bad data (a policy/event/data file, a download), 2 bad usage.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, NoReturn

import typer

from .. import __version__
from ..coerce import speed_up
from ..errors import Interrupted, QtError
from ..options import Command, Group

_state = {"debug": False}


def fail(error: QtError | str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit; the single exit path for every expected error."""
    say(f"qt: error: {error}")
    sys.exit(error.exit_code if isinstance(error, QtError) else code)


MESSAGE_LIMIT = 2000  # characters: an error quoting a hostile file stays one bounded line


def say(message: str) -> None:
    """One line on stderr, cleaned of terminal controls: messages quote users' files."""
    from ..sanitize import one_line

    text = one_line(message)
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 1] + "…"
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class QtGroup(Group):
    """Turns every expected error, ours or the parser's, into one line and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        speed_up(self)
        previous = _trap_interrupt()
        try:
            result = super().main(*args, **kwargs)
        except Interrupted as stop:
            fail(stop.message, stop.exit_code)
        except QtError as exc:
            if _state["debug"]:
                raise
            fail(exc)
        except typer.TyperException as exc:  # what Typer raises for bad usage
            if type(exc).__name__ == "NoArgsIsHelpError":
                sys.stdout.write(exc.format_message() + "\n")
                sys.exit(0)
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            fail(f"{exc.format_message()}{hint}", exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            fail("interrupted", 130)
        except BrokenPipeError:  # stdout closed (qt ... | head -1): stop quietly
            _quiet_stdout()
            sys.exit(1)
        finally:
            _restore_interrupt(previous)
        sys.exit(result if isinstance(result, int) else 0)


_SIGNALS = ("SIGINT", "SIGTERM")


def _trap_interrupt() -> list[tuple[int, Any]]:
    """Make Ctrl-C and SIGTERM raise Interrupted; returns the handlers to put back.

    Typer turns a KeyboardInterrupt into a silent exit 130; Interrupted reaches us instead,
    after every ``finally`` on the way (a staging dir, a temporary file) has cleaned up.
    """
    import signal

    previous = []
    for name in _SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            old = signal.signal(number, _interrupted)
        except ValueError:  # not the main thread: leave signals alone
            break
        if old is signal.SIG_IGN:  # ignored by whoever started qt (nohup, cmd &): keep it so
            signal.signal(number, old)
        else:
            previous.append((number, old))
    return previous


def _interrupted(signum: int, frame: Any) -> None:
    import signal

    for name in _SIGNALS:  # a second signal must not cut the cleanup short
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_IGN)
    raise Interrupted(signum)


def _restore_interrupt(previous: list[tuple[int, Any]]) -> None:
    import signal

    for number, handler in previous:
        if handler is not None:
            signal.signal(number, handler)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the flush at exit cannot complain about the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    cls=QtGroup,
    name="qt",
    help="Explain central-bank balance-sheet policy (QE, QT) and do its arithmetic.\n\n"
    "Exit codes: 0 success, 1 bad data (a file that can't be read or fails its checks, "
    "a failed download), 2 bad usage.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"qt {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback instead of the one-line error.")
    ] = False,
) -> None:
    """The options every command shares; the help text is the Typer app's."""
    _state["debug"] = debug
    if os.environ.get("QT_TODAY"):  # a bad one is a usage error before any output
        from ..clock import today

        today()


# The commands, in the order `qt --help` lists them. A new command: one module in this
# package with one function (its docstring is the help text), and one line here.
from . import (  # noqa: E402, I001
    backtest, balance, compare, data, explain, history, regimes, simulate, validate,
)  # fmt: skip

app.command(cls=Command)(explain.explain)
app.command(cls=Command)(history.history)
app.command(cls=Command)(simulate.simulate)
app.command(cls=Command, context_settings=compare.SETTINGS)(compare.compare)
app.command(cls=Command)(balance.balance)
app.command(cls=Command)(backtest.backtest)
app.command(cls=Command)(regimes.regimes)
app.command(cls=Command)(validate.validate)
app.add_typer(data.data_app, name="data")


def main() -> None:
    with _only(_command_named(sys.argv[1:])):
        app()


def _command_named(argv: list[str]) -> str | None:
    """The command ``argv`` runs, when it names one after the root's own flags; else None."""
    if os.environ.get("_QT_COMPLETE"):  # shell completion asks about every command
        return None
    for word in argv:
        if word == "--debug":
            continue
        names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
        return word if word in names + [g.name for g in app.registered_groups] else None
    return None


USES = {"compare": ("simulate",)}  # compare parses each scenario with the simulate command


class _only:
    """Builds only the command being run: Typer converts every registered command's
    signature on each call (about 10 ms for all of qt's), though one runs. ``qt``, ``qt
    --help`` and an unknown name still see every command."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.saved = (app.registered_commands, app.registered_groups)

    def __enter__(self) -> None:
        if self.name is None:
            return
        wanted = USES.get(self.name, ()) + (self.name,)
        app.registered_commands = [
            c for c in self.saved[0] if (c.name or getattr(c.callback, "__name__", "")) in wanted
        ]
        app.registered_groups = [g for g in self.saved[1] if g.name == self.name]

    def __exit__(self, *exc: object) -> None:
        app.registered_commands, app.registered_groups = self.saved
