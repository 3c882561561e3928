"""`qt backtest`: replay a historical runoff period, or calibrate the MBS paydown rate."""

from __future__ import annotations

from typing import Annotated

import typer

from ..options import (
    ChartOpt,
    CprOpt,
    LangOpt,
    OutputOpt,
    PageFormat,
    PageFormatOpt,
    PlotOpt,
    PoliciesOpt,
    lang_of,
)  # fmt: skip


def backtest(
    period: Annotated[
        str | None,
        typer.Argument(
            metavar="PERIOD",
            help="qt1 (Oct 2017-Jul 2019) or qt2 (Jun 2022-Nov 2025; default).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--from", metavar="YYYY-MM", help="First month.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", metavar="YYYY-MM", help="Last month.")
    ] = None,
    cpr: CprOpt = None,
    calibrate: Annotated[
        bool,
        typer.Option(
            "--calibrate",
            help="Fit the MBS paydown rate to the period and print it (changes no file).",
        ),
    ] = False,
    chart: ChartOpt = False,
    plot: PlotOpt = None,
    policies: PoliciesOpt = None,
    fmt: PageFormatOpt = PageFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Replay a historical runoff period through the engine and compare with H.4.1."""
    from .. import backtest as bt
    from .. import policies as policy_file
    from ..output import emit
    from ..reports import backtest as report

    if plot is not None:
        from ..plot import check

        check(plot)  # a bad suffix is a usage error before any work
    policy = policy_file.load(policies)
    name, first, last = bt.period(period, since, until)
    if calibrate:
        if plot is not None:
            raise typer.BadParameter("a calibration has no chart", param_hint="--plot")
        fit = bt.calibrate(policy, first, last)
        emit(fmt, output, report.calibration_rendering(fit, lang_of(lang)))
        return
    result = bt.run(policy, name, first, last, cpr)
    language = lang_of(lang)
    emit(fmt, output, report.rendering(result, language, chart))
    if plot is not None:
        from ..plot import write

        write(lambda lang: report.figure(result, lang), language, plot)
