"""The qt command line: parse arguments, call the core, hand the result to output.emit.

Exit codes: 0 success, 1 bad data (a policy/event/data file, a download), 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException as _ClickException  # Typer 0.29 vendors click
from typer.core import TyperGroup

from . import __version__
from .errors import QtError
from .model import EVENT_KINDS
from .options import Format, FormatOpt, LangOpt, OutputOpt, PoliciesOpt, lang_of

_state = {"debug": False}


def fail(error: QtError | str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit; the single exit path for every expected error."""
    sys.stderr.write(f"qt: error: {error}\n")
    sys.stderr.flush()
    sys.exit(error.exit_code if isinstance(error, QtError) else code)


class QtGroup(TyperGroup):
    """Turns every expected error, ours or the parser's, into one line and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except QtError as exc:
            if _state["debug"]:
                raise
            fail(exc)
        except _ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                sys.stdout.write(exc.format_message() + "\n")
                sys.exit(0)
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            fail(f"{exc.format_message()}{hint}", exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            fail("aborted", 130)
        except BrokenPipeError:
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


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


@app.command()
def explain(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="Topic id, see --list. Default: compare (QE vs QT side by side).",
            show_default=False,
        ),
    ] = None,
    list_topics: Annotated[
        bool, typer.Option("--list", help="List the topics with a summary of each.")
    ] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text: no boxes, no colour.")
    ] = False,
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Explain QE, QT and the Fed's balance sheet, in English or Traditional Chinese."""
    from . import explain as texts
    from . import policies as policy_file
    from .figures import Figures
    from .output import deliver, emit
    from .reports import explain as report

    if plain and fmt is not Format.table:
        raise typer.BadParameter(f"plain text cannot be --format {fmt.value}", param_hint="--plain")
    if list_topics and topic:
        raise typer.BadParameter("give a topic or --list, not both", param_hint="--list")
    language = lang_of(lang)
    book = texts.load(language)
    chosen = None if list_topics else book.topic(topic or texts.DEFAULT_TOPIC)  # unknown: exit 2
    figures = Figures(lambda: policy_file.load(policies))
    if chosen is None:
        doc = report.listing(book, figures)
    else:
        doc = report.document(chosen, language, figures)
    if plain:
        return deliver(report.plain(doc), output)
    emit(fmt, output, report.rendering(doc))


@app.command()
def history(
    bank: Annotated[str, typer.Option(help="fed, cbc or all.")] = "all",
    kind: Annotated[
        list[str] | None,
        typer.Option(help=f"Only this kind (repeatable): {', '.join(EVENT_KINDS)}."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="From this date on: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Up to this date, inclusive: --until 2019 takes all of 2019.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(help="Only events whose id, title or note has this text (any case)."),
    ] = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="List every event's source URLs after the table.")
    ] = False,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            envvar="QT_EVENTS",
            show_default=False,
            help="Events file to use instead of the shipped events.yaml.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """The sourced timeline of Fed and Taiwan central bank (CBC) balance-sheet events."""
    from . import events as event_file
    from . import history as hist
    from .actuals import on_or_before
    from .output import emit
    from .reports import history as report

    chosen = hist.filters(bank, kind or (), since, until, search)  # bad: exit 2, nothing read
    entries = hist.timeline(event_file.load(events), chosen, on_or_before)
    language = lang_of(lang)
    emit(fmt, output, report.rendering(entries, language, sources))


@app.command()
def simulate(
    months: Annotated[int, typer.Option(help="Months to project, 1 to 600.")] = 12,
    regime: Annotated[
        str | None,
        typer.Option(help="Regime id to apply (see 'qt regimes'). Default: the latest QT regime."),
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Start from actual H.4.1 holdings in this month, YYYY-MM.")
    ] = None,
    treasuries: Annotated[
        str | None, typer.Option(help="Start Treasury holdings, USD billions.")
    ] = None,
    mbs: Annotated[str | None, typer.Option(help="Start MBS holdings, USD billions.")] = None,
    treasury_cap: Annotated[
        str | None, typer.Option(help="Override the Treasury cap, USD billions a month.")
    ] = None,
    mbs_cap: Annotated[
        str | None, typer.Option(help="Override the MBS cap, USD billions a month.")
    ] = None,
    cpr: Annotated[
        str | None, typer.Option(help="Override the annual MBS prepayment rate (0.054 = 5.4%).")
    ] = None,
    follow: Annotated[
        bool, typer.Option(help="Switch regimes on the dates in policies.yaml.")
    ] = False,
    until_total: Annotated[
        str | None,
        typer.Option(help="Report the month total holdings reach this level, USD billions."),
    ] = None,
    maturities: Annotated[
        Path | None,
        typer.Option(help="Treasury principal maturing each month (YAML or CSV), USD billions."),
    ] = None,
    chart: Annotated[bool, typer.Option(help="Draw the holdings path after the table.")] = False,
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Project Treasury and MBS holdings month by month under a runoff regime."""
    from . import policies as policy_file
    from . import simulate as sim
    from .output import emit
    from .reports import simulate as report

    if not 1 <= months <= sim.MAX_MONTHS:  # before loading anything: a usage error, exit 2
        raise typer.BadParameter(
            f"must be between 1 and {sim.MAX_MONTHS}, got {months}", param_hint="--months"
        )
    policy = policy_file.load(policies)
    scenario = sim.plan(
        policy, months=months, regime_id=regime, start=start, treasuries=treasuries, mbs=mbs,
        treasury_cap=treasury_cap, mbs_cap=mbs_cap, cpr=cpr, follow=follow,
        until_total=until_total, maturities=maturities,
    )  # fmt: skip
    result = sim.run(policy, scenario)
    emit(fmt, output, report.rendering(result, lang_of(lang), chart))


@app.command()
def backtest(
    period: Annotated[
        str | None,
        typer.Argument(help="qt1 (Oct 2017-Jul 2019) or qt2 (Jun 2022-Nov 2025; default)."),
    ] = None,
    since: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    cpr: Annotated[
        str | None, typer.Option(help="Use this annual MBS prepayment rate instead.")
    ] = None,
    calibrate: Annotated[
        bool,
        typer.Option(help="Fit the MBS paydown rate to the period and print it (changes no file)."),
    ] = False,
    chart: Annotated[bool, typer.Option(help="Draw predicted vs actual total holdings.")] = False,
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Replay a historical runoff period through the engine and compare with H.4.1."""
    from . import backtest as bt
    from . import policies as policy_file
    from .output import emit
    from .reports import backtest as report

    policy = policy_file.load(policies)
    name, first, last = bt.period(period, since, until)
    if calibrate:
        fit = bt.calibrate(policy, first, last)
        emit(fmt, output, report.calibration_rendering(fit, lang_of(lang)))
        return
    result = bt.run(policy, name, first, last, cpr)
    emit(fmt, output, report.rendering(result, lang_of(lang), chart))


@app.command()
def regimes(
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the balance-sheet regimes in the policy file."""
    from . import policies as policy_file
    from .output import emit
    from .reports import regimes as report

    policy = policy_file.load(policies)
    emit(fmt, output, report.rendering(policy, lang_of(lang)))


@app.command()
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Policy or events file to check. Default: the one in use.", show_default=False
        ),
    ] = None,
    policies: PoliciesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check a policy (or events) file and report every problem, one per line."""
    from .validate import check_file

    report = check_file(file or policies, lang_of(lang))
    for line in report.problems:
        sys.stderr.write(f"{line}\n")
    if report.problems:
        raise typer.Exit(1)
    sys.stdout.write(report.summary + "\n")


from .cli_data import data_app  # noqa: E402  (the `qt data` sub-commands)

app.add_typer(data_app, name="data")


def main() -> None:
    app()
